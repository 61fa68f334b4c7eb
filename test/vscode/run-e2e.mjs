// @ts-check
// Runs the UI scenarios (test/e2e/*.test.mjs, mocha bdd) against code-server WITHOUT the
// smoke-test driver (it would hide notifications and dialogs), extension installed from the
// packaged .vsix.
//
//   npm run test:e2e [-- --grep <pattern>] [--server 2025-06]
//
// --server runs each scenario's sandbox as another Infisical server (test/sandbox/legacy.ts; the
// same as INFISICAL_SANDBOX_SERVER): the scenarios that fit it, and those written for it
// (compatibility.test.mjs), chosen with --grep. Their screenshots and logs are named
// <scenario>-<server>, beside the current server's.
//
// Builds nothing: `npm run package` (dist/infisical-access.vsix) and `npm run compile`
// (the sandbox in out/) come first.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { releaseAll } from './cleanup.mjs';
import { cachedHost, provision, seconds } from './provision.mjs';

const E2E = fileURLToPath(new URL('../e2e', import.meta.url));
const { values: opts } = parseArgs({
  options: { grep: { type: 'string' }, server: { type: 'string' } },
});
// The sandbox (test/vscode/sandbox.mjs) and the scenarios read the profile from the variable.
if (opts.server) process.env.INFISICAL_SANDBOX_SERVER = opts.server;

async function main() {
  const started = performance.now();
  if (!cachedHost()) await provision();
  if (process.env.INFISICAL_SANDBOX_SERVER)
    console.log(`e2e: sandbox as server ${process.env.INFISICAL_SANDBOX_SERVER}`);
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    reporter: 'spec',
    ...(opts.grep ? { grep: opts.grep } : {}),
  });
  const files = readdirSync(E2E)
    .filter((f) => f.endsWith('.test.mjs'))
    .sort();
  for (const f of files) mocha.addFile(join(E2E, f));
  await mocha.loadFilesAsync();
  /** @type {Mocha.Stats} */
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(/** @type {Mocha.Stats} */ (runner.stats)));
  });
  console.log(`e2e: ran in ${seconds(started)} s`);
  console.log(`e2e: ${stats.passes} passed, ${stats.failures} failed`);
  if (stats.tests === 0) {
    console.error('e2e: no scenario ran');
    return 1;
  }
  return stats.failures > 0 ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`e2e: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await releaseAll();
}
