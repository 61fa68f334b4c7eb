// @ts-check
// The Debian packages `npm start` and `npm test` need, installed when missing: as root, or
// through passwordless sudo. Anyone else gets the one command to run. Never prompts.
//
//   node test/vscode/system.mjs        ensure the packages, print what was installed and the time
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * The one list of Debian packages, each with what it provides (checked directly when there is
 * no dpkg, and after an install): the browser, openssl for the unit stage's TLS certificates,
 * and the toolchain for code-server's 8 native modules.
 * @type {{ apt: string, file?: string, tools?: string[], pc?: string, what?: string }[]}
 */
export const SYSTEM_PACKAGES = [
  { apt: 'chromium', file: CHROMIUM },
  { apt: 'fonts-liberation', what: 'Liberation fonts' },
  { apt: 'build-essential', tools: ['cc', 'c++', 'make'] },
  { apt: 'python3', tools: ['python3'] },
  { apt: 'pkg-config', tools: ['pkg-config'] },
  { apt: 'libkrb5-dev', pc: 'krb5-gssapi' },
  { apt: 'libsecret-1-dev', pc: 'libsecret-1' },
  { apt: 'libxkbfile-dev', pc: 'xkbfile' },
  { apt: 'libx11-dev', pc: 'x11' },
  { apt: 'openssl', tools: ['openssl'] },
  // The oldest code-server's @vscode/ripgrep downloads rg from GitHub at install: it gets this one.
  { apt: 'ripgrep', tools: ['rg'] },
];

export const APT_PACKAGES = SYSTEM_PACKAGES.map((p) => p.apt);

/** @param {string} cmd */
function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Installed packages per dpkg (Status ending in "installed"); the rest are missing.
 * @param {string[]} packages
 */
export function missingPackages(packages) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format fields
  const format = '-f=${Package} ${Status}\\n';
  const r = spawnSync('dpkg-query', ['-W', format, ...packages], { encoding: 'utf8' });
  if (r.error) throw r.error;
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((line) => / installed$/.test(line))
      .map((line) => line.split(' ')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

/**
 * What the packages should have provided but this machine lacks, checked directly.
 * @param {string[]} packages
 */
export function missingTools(packages) {
  const missing = [];
  const pkgConfig = hasCommand('pkg-config');
  for (const p of SYSTEM_PACKAGES.filter((s) => packages.includes(s.apt))) {
    if (p.file && !existsSync(p.file)) missing.push(`${p.file} (${p.apt})`);
    for (const tool of p.tools ?? []) if (!hasCommand(tool)) missing.push(`${tool} (${p.apt})`);
    if (p.pc && (!pkgConfig || spawnSync('pkg-config', ['--exists', p.pc]).status !== 0))
      missing.push(`pkg-config module ${p.pc} (${p.apt})`);
  }
  return missing;
}

/** @param {string[]} packages */
export function installCommand(packages) {
  const cmd = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  if (hasCommand('sudo')) return `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;
  return `su -c '${cmd}'`;
}

/** How apt-get can run as root here without a password, if it can. */
function asRoot() {
  if (process.getuid?.() === 0) return 'root';
  // -n: fail instead of asking for a password.
  const r = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0 ? 'sudo' : undefined;
}

/**
 * @param {'root' | 'sudo'} as
 * @param {string[]} args
 * @returns {Promise<number>}
 */
function aptGet(as, args) {
  // `env` because sudo resets the environment. No stdin: nothing can prompt.
  const argv = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  const child =
    as === 'sudo'
      ? spawn('sudo', ['-n', ...argv], { stdio: ['ignore', 'inherit', 'inherit'] })
      : spawn('env', argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** @param {number} since */
function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(2);
}

/**
 * @typedef {object} SystemResult
 * @property {string[]} installed   packages this call installed
 * @property {string} seconds
 */

/** @type {Promise<SystemResult> | undefined} */
let ensured;

/**
 * Makes sure the Debian packages are installed, installing the missing ones when running as
 * root or with passwordless sudo; otherwise throws with the one command to run. Once per process.
 * @param {{ log?: (msg: string) => void }} [options]
 * @returns {Promise<SystemResult>}
 */
export function ensureSystemPackages(options = {}) {
  ensured ??= ensure(APT_PACKAGES, options.log ?? (() => {}));
  return ensured;
}

/**
 * @param {string[]} packages
 * @param {(msg: string) => void} log
 * @returns {Promise<SystemResult>}
 */
export async function ensure(packages, log) {
  const started = performance.now();
  if (!hasCommand('dpkg-query') || !hasCommand('apt-get')) {
    const lacking = missingTools(packages);
    if (lacking.length > 0) {
      const fonts = SYSTEM_PACKAGES.filter((p) => p.what && packages.includes(p.apt)).map((p) => p.what);
      throw new Error(
        `no apt-get/dpkg-query here (not Debian?), so nothing can be installed for you. Missing: ` +
          `${lacking.join(', ')}. Install your system's equivalents of the Debian packages ` +
          `${packages.join(' ')}${fonts.length ? ` (also ${fonts.join(', ')})` : ''}.`,
      );
    }
    log(`no dpkg, but the needed tools are all present (${seconds(started)} s)`);
    return { installed: [], seconds: seconds(started) };
  }

  const missing = missingPackages(packages);
  if (missing.length === 0) {
    log(`all ${packages.length} Debian packages installed (${seconds(started)} s)`);
    return { installed: [], seconds: seconds(started) };
  }
  const as = asRoot();
  if (!as) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}. Not root and no passwordless sudo, so install them with:\n` +
        `  ${installCommand(missing)}`,
    );
  }
  console.log(
    `system: installing ${missing.join(' ')} (apt-get, ${as === 'sudo' ? 'with sudo' : 'as root'}) …`,
  );
  let code = await aptGet(as, ['update', '-qq', '-o', 'DPkg::Lock::Timeout=120']);
  if (code === 0)
    code = await aptGet(as, ['install', '-y', '-q', '-o', 'DPkg::Lock::Timeout=120', ...missing]);
  const still = code === 0 ? missingPackages(missing) : missing;
  if (code !== 0 || still.length > 0) {
    throw new Error(
      `apt-get ${code !== 0 ? `failed (exit ${code})` : `left ${still.join(' ')} uninstalled`}; ` +
        `install by hand with:\n  ${installCommand(still)}`,
    );
  }
  const lacking = missingTools(missing);
  if (lacking.length > 0)
    throw new Error(`installed ${missing.join(' ')} but still missing: ${lacking.join(', ')}`);
  console.log(`system: installed ${missing.join(' ')} in ${seconds(started)} s`);
  return { installed: missing, seconds: seconds(started) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await ensureSystemPackages({ log: (msg) => console.log(`system: ${msg}`) });
  } catch (err) {
    console.error(`system: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
