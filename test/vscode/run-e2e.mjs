// @ts-check
// Runs the UI scenarios (test/e2e/*.test.mjs, mocha bdd) against code-server WITHOUT the
// smoke-test driver (it would hide notifications and dialogs), extension installed from the
// packaged .vsix.
//
//   npm run test:e2e [-- --grep <pattern>]
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
const { values: opts } = parseArgs({ options: { grep: { type: 'string' } } });

async function main() {
  const started = performance.now();
  if (!cachedHost()) await provision();
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
