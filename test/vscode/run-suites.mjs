// @ts-check
// Runs the extension-host suites (out/test/extension/**/*.test.js, mocha bdd, real `vscode` API)
// inside code-server in headless Chromium, with the sandbox server behind them.
//
//   npm run test:host [-- --grep <pattern>] [--server 2025-06] [--idle <seconds>] [--verbose] [--vscode oldest]
//
// --server runs the sandbox as another Infisical server (test/sandbox/legacy.ts; the same as
// INFISICAL_SANDBOX_SERVER), and tells the suites which one (the extension host sees the variable).
//
// No budget for the whole run: mocha times each test out (test/extension/index.ts), and a watchdog
// gives up only when no test or hook has started or ended for --idle seconds (default 120), naming
// the one it was in. A slow or busy machine makes the run longer, not red.
//
// --vscode oldest runs them in the oldest VS Code `engines.vscode` admits (provision.mjs HOSTS),
// and fails if that floor and the VS Code provisioned for it ever disagree.
//
// Builds nothing: `npm run build` (dist/extension.js) and `npm run compile` (out/) come first.
// Exit code: mocha's result (0 all passed, 1 otherwise).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { releaseAll } from './cleanup.mjs';
import { startCodeServer } from './codeServer.mjs';
import { cachedHost, hostName, provision, seconds } from './provision.mjs';
import { startSandbox } from './sandbox.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const RESULTS = join(ROOT, 'test-results');

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    server: { type: 'string' },
    idle: { type: 'string', default: '120' },
    verbose: { type: 'boolean', default: false },
    vscode: { type: 'string', default: 'current' },
  },
});
const HOST = hostName(opts.vscode);

/**
 * The oldest host must be the floor `engines.vscode` states (same minor), the current one at
 * or above it: otherwise the suites would prove a version nobody declared.
 * @param {import('./provision.mjs').Host} host
 */
function checkEngines(host) {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const floor = /^\^(\d+)\.(\d+)\.\d+$/.exec(manifest.engines.vscode);
  if (!floor) throw new Error(`engines.vscode ${manifest.engines.vscode}: expected ^1.N.0`);
  const [major, minor] = host.vscode.split('.').map(Number);
  const [fMajor, fMinor] = [Number(floor[1]), Number(floor[2])];
  const ok =
    HOST === 'oldest'
      ? major === fMajor && minor === fMinor
      : major === fMajor && /** @type {number} */ (minor) >= fMinor;
  if (!ok)
    throw new Error(
      `VS Code ${host.vscode} (${HOST}) does not match engines.vscode ${manifest.engines.vscode}`,
    );
}

// The sandbox (test/vscode/sandbox.mjs) and the suites read the profile from the variable.
if (opts.server) process.env.INFISICAL_SANDBOX_SERVER = opts.server;
const SERVER = process.env.INFISICAL_SANDBOX_SERVER || undefined;
// Apart, so a run on the oldest VS Code or another server does not overwrite the current one's logs.
const LOGS = ['host-suites', ...(HOST === 'current' ? [] : [HOST]), ...(SERVER ? [SERVER] : [])].join('-');

/** Fails early, with the command to run, when the build outputs are missing. */
function checkBuilt() {
  const missing = [
    ['dist/extension.js', 'npm run build'],
    ['out/test/extension/index.js', 'npm run compile'],
  ].filter(([file]) => !existsSync(join(ROOT, /** @type {string} */ (file))));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.map(([f, cmd]) => `${f} (${cmd})`).join(', ')}: run them first`);
  }
}

/** The extension host's progress lines (test/extension/index.ts), consumed, not printed. */
const PROGRESS_MARK = '@@infisical-test-progress ';
/** What the run was doing at its last progress line, for the watchdog's message. */
const progress = { at: performance.now(), event: 'start', title: '' };

/** Harmless in an offline sandbox (recipe): the gallery lookup and the missing vsda module. */
const NOISE = /ENOTFOUND open-vsx\.org|vsda/;

/**
 * The workbench forwards console calls here: `args` is console.log's argument list.
 * @param {string} type
 * @param {unknown} args
 */
function printLog(type, args) {
  const text = Array.isArray(args) ? format(...args) : String(args);
  if (text.startsWith(PROGRESS_MARK)) {
    const { event, title } = JSON.parse(text.slice(PROGRESS_MARK.length));
    Object.assign(progress, { at: performance.now(), event, title });
    return;
  }
  if (NOISE.test(text) && !opts.verbose) return;
  // The host runs at trace level (for the canary suite's logs): the workbench's own trace and
  // debug lines are for --verbose only.
  if ((type === 'trace' || type === 'debug') && !opts.verbose) return;
  (type === 'error' ? process.stderr : process.stdout).write(`${text.replace(/\n$/, '')}\n`);
}

async function main() {
  const started = performance.now();
  checkBuilt();
  // `npm run test:host` provisioned already: only a direct call with no cache installs here.
  const host = cachedHost(HOST) ?? (await provision({ name: HOST }));
  checkEngines(host);
  console.log(`suites: VS Code ${host.vscode} (${HOST})${SERVER ? `, sandbox as server ${SERVER}` : ''}`);
  // What the suites write (the fault matrix's cells) stays the current VS Code's and server's;
  // another host's or server's goes beside it.
  const results = join(
    RESULTS,
    ...(HOST === 'current' ? [] : [HOST]),
    ...(SERVER ? [`server-${SERVER}`] : []),
  );
  await mkdir(results, { recursive: true });
  await rm(join(RESULTS, `${LOGS}-logs`), { recursive: true, force: true });
  const summaryFile = join(RESULTS, `.suites-${process.pid}.json`);
  await rm(summaryFile, { force: true });

  const sandbox = await startSandbox();
  const server = await startCodeServer({
    host,
    label: 'suites',
    smokeTestDriver: true,
    // Every log line is written, so the canary suite checks what a trace-level log would hold.
    logLevel: 'trace',
    env: {
      INFISICAL_SANDBOX_URL: sandbox.url,
      INFISICAL_TEST_RESULTS: results,
      ...(SERVER ? { INFISICAL_SANDBOX_SERVER: SERVER } : {}),
      INFISICAL_SUITE_SUMMARY: summaryFile,
      ...(opts.grep ? { MOCHA_GREP: opts.grep } : {}),
    },
  });
  const workspace = join(server.tempDir, 'workspace');
  await mkdir(workspace);

  const { browser } = await launchBrowser();
  // The suites write and read the clipboard (vscode.env.clipboard): VS Code 1.87 in the browser
  // has no fallback when the page may not use navigator.clipboard.
  const page = await browser.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  /** @type {(code: number) => void} */
  let onExit = () => {};
  const exited = new Promise((resolve) => {
    onExit = resolve;
  });
  await page.exposeFunction('codeAutomationLog', printLog);
  await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => onExit(code));

  const remote = `vscode-remote://remote${ROOT}`;
  const payload = [
    ['extensionDevelopmentPath', remote],
    ['extensionTestsPath', `${remote}/out/test/extension/index`],
  ];
  const url = `${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const opened = performance.now();
  await page.goto(url);
  page
    .waitForSelector('.monaco-workbench', { timeout: 60_000 })
    .then(() => console.log(`suites: workbench ready in ${seconds(opened)} s`))
    .catch(() => {});

  const idleMs = Number(opts.idle) * 1000;
  progress.at = performance.now();
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let watchdog;
  const code = await Promise.race([
    exited,
    new Promise((resolve) => {
      watchdog = setInterval(() => {
        if (performance.now() - progress.at < idleMs) return;
        const where =
          progress.event === 'start'
            ? 'before the first test started'
            : progress.event === 'end'
              ? `after "${progress.title}"`
              : `in ${progress.event} "${progress.title}"`;
        console.error(`suites: no progress for ${opts.idle} s ${where}; giving up`);
        resolve(1);
      }, 1000);
    }),
  ]);
  clearInterval(watchdog);
  console.log(`suites: ran in ${seconds(opened)} s (browser opened → exit ${code})`);

  /** @type {{ passes: number, failures: number, tests: number } | undefined} */
  const summary = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : undefined;
  await rm(summaryFile, { force: true });
  let exitCode = code === 0 ? 0 : 1;
  if (summary) {
    console.log(`suites: ${summary.passes} passed, ${summary.failures} failed`);
    if (summary.tests === 0) exitCode = 1;
  } else {
    console.error('suites: the extension host wrote no summary: the test run did not start or crashed');
    exitCode = 1;
  }
  if (exitCode !== 0) {
    const dest = join(RESULTS, `${LOGS}-logs`);
    await server.saveLogs(dest);
    await page.screenshot({ path: join(RESULTS, `${LOGS}.png`) }).catch(() => {});
    console.error(`suites: logs and a screenshot kept in ${dest} and test-results/${LOGS}.png`);
  }
  await releaseAll();
  console.log(`suites: total ${seconds(started)} s`);
  return exitCode;
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`suites: ${err instanceof Error ? err.message : String(err)}`);
  await releaseAll();
  process.exitCode = 1;
}
