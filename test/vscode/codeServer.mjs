// @ts-check
// Starts a throwaway code-server: everything it writes (config, user data, extensions,
// sockets, temp files) lives in one fresh temp dir that stop() removes. Nothing lands in
// ~/.config or /tmp.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killGroup, removeDirSync, track } from './cleanup.mjs';
import { cleanEnv, seconds } from './provision.mjs';

/** The recipe's settings: no start page, no trust prompt, no telemetry, no AI, no updates. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
};

/**
 * @typedef {object} StartOptions
 * @property {import('./provision.mjs').Host} host
 * @property {string} [folder]                    folder the workbench opens
 * @property {string} [vsix]                      packaged extension to install first
 * @property {boolean} [smokeTestDriver]          expose the automation hooks extension-host suites need
 * @property {Record<string, unknown>} [settings] merged over BASE_SETTINGS
 * @property {Record<string, string>} [env]       extra environment for the server and its extension hosts
 * @property {string} [label]                     prefix of the temp dir and of log lines
 * @property {number} [port]                      fixed port; default: an ephemeral one
 * @property {'trace' | 'debug' | 'info'} [logLevel]  VS Code's log level (extension hosts and their log channels included)
 *
 * @typedef {object} CodeServer
 * @property {string} url            http://127.0.0.1:PORT/
 * @property {number} port
 * @property {number} pid            leader of its process group
 * @property {string} tempDir
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {string} logFile        code-server's stdout and stderr
 * @property {Promise<number | null>} exited  settles when the server process exits (its exit code)
 * @property {(dest: string) => Promise<void>} saveLogs  copies the server log and VS Code's logs (extension host included)
 * @property {() => Promise<void>} stop                 kills the process group, removes the temp dir
 */

/**
 * @param {StartOptions} options
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(options) {
  const started = performance.now();
  const label = options.label ?? 'code-server';
  // realpath: /tmp may be a symlink, and VS Code compares paths.
  const tempDir = realpathSync(mkdtempSync(join(tmpdir(), `infisical-${label}-`)));
  const userDataDir = join(tempDir, 'user-data');
  const extensionsDir = join(tempDir, 'extensions');
  const logFile = join(tempDir, 'code-server.log');
  /** @type {number | undefined} */
  let pid;

  const stop = track({
    name: `code-server ${label}`,
    release: async () => {
      if (pid !== undefined) await stopGroup(pid);
      removeDirSync(tempDir);
    },
    releaseSync: () => {
      if (pid !== undefined) killGroup(pid, 'SIGKILL');
      removeDirSync(tempDir);
    },
  });

  try {
    for (const d of ['tmp', 'config', 'data', 'cache', 'state']) await mkdir(join(tempDir, d));
    await mkdir(join(userDataDir, 'User'), { recursive: true });
    await mkdir(extensionsDir);
    await writeFile(
      join(userDataDir, 'User', 'settings.json'),
      `${JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2)}\n`,
    );
    const env = {
      ...cleanEnv(),
      TMPDIR: join(tempDir, 'tmp'),
      XDG_CONFIG_HOME: join(tempDir, 'config'),
      XDG_DATA_HOME: join(tempDir, 'data'),
      XDG_CACHE_HOME: join(tempDir, 'cache'),
      XDG_STATE_HOME: join(tempDir, 'state'),
      ...options.env,
    };
    const common = [options.host.entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

    if (options.vsix) {
      const t = performance.now();
      if (!existsSync(options.vsix))
        throw new Error(`${options.vsix} not found: run \`npm run package\` first`);
      const r = spawnSync(options.host.node, [...common, '--install-extension', options.vsix], {
        env,
        encoding: 'utf8',
      });
      if (r.status !== 0) {
        throw new Error(`installing ${options.vsix} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
      }
      console.log(`${label}: installed ${options.vsix} in ${seconds(t)} s`);
    }

    const args = [
      ...common,
      '--bind-addr',
      `127.0.0.1:${options.port ?? 0}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      // An older code-server refuses these; its workbench still reports the tests' exit code,
      // and refuses dialogs while extension tests run.
      ...(options.host.vscodeOptions ? ['--reconnection-grace-time', '5'] : []),
      ...(options.smokeTestDriver && options.host.vscodeOptions
        ? ['--vscode-option', 'enable-smoke-test-driver']
        : []),
      ...(options.logLevel ? ['--log', options.logLevel] : []),
      ...(options.folder ? [options.folder] : []),
    ];
    const log = createWriteStream(logFile);
    const child = spawn(options.host.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    pid = child.pid;
    /** @type {Promise<number | null>} */
    const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const port = await listeningPort(child, logFile);
    const url = `http://127.0.0.1:${port}/`;
    await waitHealthy(url, child, logFile);
    console.log(`${label}: code-server ready at ${url} in ${seconds(started)} s`);
    return {
      url,
      port,
      pid: /** @type {number} */ (pid),
      tempDir,
      userDataDir,
      extensionsDir,
      logFile,
      exited,
      saveLogs: async (dest) => {
        await mkdir(dest, { recursive: true });
        await cp(logFile, join(dest, 'code-server.log')).catch(() => {});
        await cp(join(userDataDir, 'logs'), join(dest, 'vscode-logs'), { recursive: true }).catch(() => {});
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * code-server prints `HTTP server listening on http://127.0.0.1:PORT/` once bound.
 * @param {import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, import('node:stream').Readable>} child
 * @param {string} logFile
 * @returns {Promise<number>}
 */
function listeningPort(child, logFile) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => finish(new Error(`code-server did not start within 30 s; see ${logFile}`)),
      30_000,
    );
    /** @param {Buffer} chunk */
    const onData = (chunk) => {
      seen += chunk.toString();
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) finish(undefined, Number(m[1]));
    };
    /** @param {number | null} code */
    const onExit = (code) =>
      finish(new Error(`code-server exited (code ${code}) before listening:\n${seen}`));
    /** @param {Error | undefined} err @param {number} [port] */
    function finish(err, port) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(/** @type {number} */ (port));
    }
    child.stdout.on('data', onData);
    child.on('exit', onExit);
  });
}

/**
 * @param {string} url
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} logFile
 */
async function waitHealthy(url, child, logFile) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`code-server exited (code ${child.exitCode}); see ${logFile}`);
    const ok = await fetch(new URL('healthz', url)).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${url}healthz did not answer within 30 s; see ${logFile}`);
}

/**
 * SIGTERM to the group, SIGKILL after 3 s for anything still alive in it.
 * @param {number} pid
 */
async function stopGroup(pid) {
  if (!killGroup(pid, 'SIGTERM')) return;
  for (let i = 0; i < 30; i++) {
    await sleep(100);
    if (!killGroup(pid, 0)) return;
  }
  killGroup(pid, 'SIGKILL');
  for (let i = 0; i < 20 && killGroup(pid, 0); i++) await sleep(50);
}
