// @ts-check
// `npm start`: the extension, as a user would get it, in a real VS Code (code-server) pointed at
// the local sandbox server with its demo data. Open the printed URL in a browser.
//
//   npm start [-- --port <sandbox port>] [--code-port <code-server port>] [--open] [--no-build]
//
// Ctrl+C stops code-server and the sandbox and removes every temp dir.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { releaseAll, shuttingDown } from '../test/vscode/cleanup.mjs';
import { startCodeServer } from '../test/vscode/codeServer.mjs';
import { provision, seconds } from '../test/vscode/provision.mjs';
import { demoProfile, startSandbox } from '../test/vscode/sandbox.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const VSIX = join(ROOT, 'dist', 'infisical-access.vsix');

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'code-port': { type: 'string', default: '0' },
    open: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

/** @param {string} script */
function npmRun(script) {
  const t = performance.now();
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run ${script} failed (exit ${r.status ?? r.signal})`);
  console.log(`start: npm run ${script} took ${seconds(t)} s`);
}

/** The first browser opener this machine has, or undefined (headless machines have none). */
function browserOpener() {
  if (process.env.BROWSER) return process.env.BROWSER;
  if (process.platform === 'darwin') return 'open';
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return undefined;
  for (const cmd of ['xdg-open', 'sensible-browser']) {
    if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0) return cmd;
  }
  return undefined;
}

async function main() {
  const started = performance.now();
  if (!opts['no-build']) {
    npmRun('build');
    npmRun('compile');
    npmRun('package');
  } else if (!existsSync(VSIX)) {
    throw new Error(`--no-build, but ${VSIX} is missing: run \`npm run package\``);
  }

  const sandbox = await startSandbox({ port: Number(opts.port) });
  const host = await provision();
  const server = await startCodeServer({
    host,
    label: 'start',
    port: Number(opts['code-port']),
    vsix: VSIX,
    folder: ROOT,
    env: {
      INFISICAL_SANDBOX_URL: sandbox.url,
      // The extension signs the demo profile in (into SecretStorage) when its view first shows.
      INFISICAL_DEMO_PROFILE: JSON.stringify(demoProfile(sandbox)),
    },
  });
  const url = `${server.url}?folder=${encodeURIComponent(ROOT)}`;

  console.log(`\nstart: ready in ${seconds(started)} s\n`);
  console.log(`  VS Code:  ${url}`);
  console.log(`  Sandbox:  ${sandbox.url}`);
  console.log(
    '  Open the URL, then the Infisical shield in the activity bar: the "Sandbox demo" profile signs in by itself.',
  );
  const demo = Object.entries(sandbox.demo);
  if (demo.length > 0) {
    console.log('  Demo credentials:');
    for (const [key, value] of demo) {
      console.log(`    ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  console.log('\n  Ctrl+C stops everything.\n');

  if (opts.open) {
    const opener = browserOpener();
    if (opener) spawn(opener, [url], { stdio: 'ignore', detached: true }).unref();
    else
      console.log(
        'start: no local browser found (no display, no xdg-open, no $BROWSER): open the URL yourself',
      );
  }

  const code = await server.exited;
  if (shuttingDown()) return;
  const tail = readFileSync(server.logFile, 'utf8').split('\n').slice(-20).join('\n');
  throw new Error(`code-server exited unexpectedly (code ${code}); last lines of its log:\n${tail}`);
}

try {
  await main();
} catch (err) {
  console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
  await releaseAll();
  process.exitCode = 1;
}
