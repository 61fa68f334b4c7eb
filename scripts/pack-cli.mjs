#!/usr/bin/env node
// Part of `npm run package`: the command-line tool as an npm package of its own,
// dist/infisical-azure-<version>.tgz. Its package.json is generated here, not the repository's:
// the repository's lists the extension's dependencies (the webview's lit, codicons…), which the
// one CLI bundle does not need, so the tarball has none and installs offline.
// Also keeps action/infisical-azure.js (the bundle the GitHub Action runs) current.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildStamp, cliOptions, generateSchemas } from '../esbuild.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

export const PACKAGE_NAME = `@${root.publisher}/infisical-azure`;
export const BIN = 'bin/infisical-azure.js';
export const SCHEMA = 'schemas/infisical-azure.schema.json';
export const ACTION_BUNDLE = 'action/infisical-azure.js';
export const tarballName = () => `infisical-azure-${root.version}.tgz`;

/** The package.json of the CLI package: what npm needs to install and run it, nothing else. */
export function cliManifest() {
  return {
    name: PACKAGE_NAME,
    version: root.version,
    description:
      'infisical-azure: validate, plan and apply Infisical Azure access as code (*.infisical-azure.json). One file, no dependencies.',
    license: root.license,
    bin: { 'infisical-azure': BIN },
    engines: { node: root.engines.node },
    files: [BIN, SCHEMA],
    keywords: ['infisical', 'azure', 'machine identity', 'app connections', 'ci'],
  };
}

/**
 * The minified CLI bundle with the given stamp, in memory.
 * @param {{ version: string, commit: string }} stamp
 */
async function bundle(stamp) {
  const result = await esbuild.build({ ...cliOptions(true, stamp), write: false });
  const file = result.outputFiles?.[0];
  if (!file) throw new Error('pack-cli: esbuild wrote no CLI bundle');
  return file.contents;
}

/**
 * Builds the tarball into `outDir` (default dist/): stages the package in a temporary folder and
 * lets npm pack it, so the tarball is exactly what `npm install` expects.
 * @param {{ outDir?: string, stamp?: { version: string, commit: string } }} [options]
 * @returns {Promise<{ tarball: string, bytes: number, integrity: string, code: Uint8Array }>}
 */
export async function packCli({ outDir = join(ROOT, 'dist'), stamp = buildStamp() } = {}) {
  if (!existsSync(join(ROOT, SCHEMA))) await generateSchemas();
  const stage = join(outDir, '.cli-package');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, dirname(BIN)), { recursive: true });
  mkdirSync(join(stage, dirname(SCHEMA)), { recursive: true });
  const code = await bundle(stamp);
  writeFileSync(join(stage, BIN), code);
  chmodSync(join(stage, BIN), 0o755);
  writeFileSync(join(stage, SCHEMA), readFileSync(join(ROOT, SCHEMA)));
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(cliManifest(), null, 2)}\n`);
  writeFileSync(join(stage, 'LICENSE'), readFileSync(join(ROOT, 'LICENSE')));
  const readme = readFileSync(join(ROOT, 'scripts/cli-package/README.md'), 'utf8');
  writeFileSync(join(stage, 'README.md'), readme.replaceAll('{{version}}', root.version));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], {
      cwd: stage,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error' },
    }),
  );
  const tarball = join(outDir, tarballName());
  renameSync(join(outDir, packed.filename), tarball);
  rmSync(stage, { recursive: true, force: true });
  return { tarball, bytes: readFileSync(tarball).length, integrity: packed.integrity, code };
}

/**
 * Rewrites action/infisical-azure.js only when its code is no longer what src/ builds to: the
 * committed bundle is rebuilt with the stamp it carries and compared byte for byte, so a package
 * run of unchanged sources leaves the file (and git) alone.
 * @param {Uint8Array} fresh  this build's bundle
 * @returns {'current' | 'rewritten'}
 */
export async function refreshActionBundle(fresh) {
  const path = join(ROOT, ACTION_BUNDLE);
  if (existsSync(path)) {
    const committed = readFileSync(path);
    const stamp = committedStamp(committed.toString('utf8'));
    if (stamp && Buffer.from(await bundle(stamp)).equals(committed)) return 'current';
  }
  writeFileSync(path, fresh);
  chmodSync(path, 0o755);
  return 'rewritten';
}

/** The stamp on a bundle's second line (see cliOptions' banner). */
export function committedStamp(/** @type {string} */ text) {
  const m = /^#!.*\n\/\/ infisical-azure (\S+) \(commit (\S+)\)\n/.exec(text);
  return m ? { version: m[1] ?? '', commit: m[2] ?? '' } : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { tarball, bytes, integrity, code } = await packCli();
  const kib = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `pack-cli: ${tarball.slice(ROOT.length)} ${kib(bytes)} (bundle ${kib(code.length)}), ${integrity}`,
  );
  const action = await refreshActionBundle(code);
  console.log(
    action === 'current'
      ? `pack-cli: ${ACTION_BUNDLE} is current`
      : `pack-cli: ${ACTION_BUNDLE} rewritten from src/: commit it, the GitHub Action runs that file`,
  );
}
