#!/usr/bin/env node
import { readFileSync } from 'node:fs';
// Part of `npm run package`: what dist/infisical-azure-<version>.tgz holds, read from its bytes.
// Exactly the bundle, the workspace files' JSON Schema, README, LICENSE and a package.json with
// no dependencies and no install scripts (an install then never reaches a registry nor runs
// code); sizes bounded; no demo secret, private key or source map.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { contentProblems, demoSecrets } from './lib/shipped.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const root = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
const TARBALL = process.argv[2] ?? `${ROOT}dist/infisical-azure-${root.version}.tgz`;

const FILES = [
  'package/LICENSE',
  'package/README.md',
  'package/bin/infisical-azure.js',
  'package/package.json',
  'package/schemas/infisical-azure.schema.json',
];
const MAX_TARBALL = 120 * 1024;
const MAX_BUNDLE = 320 * 1024;
const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'bundleDependencies',
  'bundledDependencies',
];

/**
 * The regular files of a tar archive (ustar, as npm pack writes it): name, mode, bytes.
 * @param {Buffer} tar
 */
export function tarEntries(tar) {
  const entries = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const text = (/** @type {number} */ from, /** @type {number} */ len) =>
      header.toString('utf8', from, from + len).replace(/\0.*$/s, '');
    const prefix = text(345, 155);
    const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    const size = Number.parseInt(text(124, 12).trim() || '0', 8);
    const mode = Number.parseInt(text(100, 8).trim() || '0', 8);
    const type = text(156, 1) || '0';
    at += 512;
    if (type === '0') entries.push({ name, mode, data: tar.subarray(at, at + size) });
    at += Math.ceil(size / 512) * 512;
  }
  return entries;
}

const problems = [];
const gz = readFileSync(TARBALL);
const entries = tarEntries(gunzipSync(gz));
const names = entries.map((e) => e.name).sort();
if (JSON.stringify(names) !== JSON.stringify(FILES))
  problems.push(`files ${names.join(', ')}: expected exactly ${FILES.join(', ')}`);
if (gz.length > MAX_TARBALL) problems.push(`tarball ${gz.length} bytes: over ${MAX_TARBALL}`);

const file = (/** @type {string} */ name) => entries.find((e) => e.name === name);
const manifest = JSON.parse(file('package/package.json')?.data.toString('utf8') ?? '{}');
if (manifest.name !== `@${root.publisher}/infisical-azure`) problems.push(`name ${manifest.name}`);
if (manifest.version !== root.version) problems.push(`version ${manifest.version}, not ${root.version}`);
if (manifest.bin?.['infisical-azure'] !== 'bin/infisical-azure.js')
  problems.push('bin is not bin/infisical-azure.js');
if (manifest.engines?.node !== root.engines.node) problems.push(`engines.node ${manifest.engines?.node}`);
for (const field of DEPENDENCY_FIELDS) if (field in manifest) problems.push(`package.json has ${field}`);
if (manifest.scripts) problems.push('package.json has scripts (an install would run them)');

const bundle = file('package/bin/infisical-azure.js');
if (bundle) {
  if (bundle.data.length > MAX_BUNDLE)
    problems.push(`bundle ${bundle.data.length} bytes: over ${MAX_BUNDLE}`);
  if (!bundle.data.toString('utf8', 0, 20).startsWith('#!/usr/bin/env node\n'))
    problems.push('bundle: no shebang');
  if ((bundle.mode & 0o111) === 0) problems.push('bundle is not executable');
  for (const [, id = ''] of bundle.data.toString('utf8').matchAll(/\brequire\("([^"]+)"\)/g))
    if (!builtinModules.includes(id.replace(/^node:/, '')))
      problems.push(`bundle requires "${id}", not built into Node`);
}
const schema = file('package/schemas/infisical-azure.schema.json');
if (schema && !schema.data.equals(readFileSync(`${ROOT}schemas/infisical-azure.schema.json`)))
  problems.push('schemas/infisical-azure.schema.json differs from the one the build generated');

const secrets = demoSecrets(ROOT);
for (const { name, data } of entries) {
  const text = data.toString('latin1');
  problems.push(...contentProblems(name, text, secrets));
}

if (problems.length > 0) {
  console.error(`check-cli-package: ${TARBALL}\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `check-cli-package: ${entries.length} files as expected, no dependencies or scripts, ${(gz.length / 1024).toFixed(1)} KiB (bundle ${((bundle?.data.length ?? 0) / 1024).toFixed(1)} KiB); no demo secret (${secrets.length} searched), private key or source map`,
);
