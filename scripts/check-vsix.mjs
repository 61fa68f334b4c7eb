#!/usr/bin/env node
// Part of `npm run package`: what the .vsix may hold, checked in its bytes. Only the files the
// extension runs or shows (no tests, sandbox, source maps or node_modules), and none of the
// sandbox's demo secrets or any private key anywhere in them.
import { fileURLToPath } from 'node:url';
import { zipContents } from '../bench/lib/zip.mjs';
import { contentProblems, demoSecrets } from './lib/shipped.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VSIX = `${ROOT}dist/infisical-access.vsix`;

const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/i,
  /^extension\/dist\/extension\.js$/,
  /^extension\/dist\/chunks\/[\w-]+\.js$/,
  /^extension\/media\/(form\.js|form\.css|codicon\.css|codicon\.ttf|icon\.png|infisical\.svg)$/,
  /^extension\/schemas\/[\w.-]+\.json$/,
  /^extension\/media\/infisical-jsonc\.[\w.-]+\.json$/,
];

const problems = [];
const entries = await zipContents(VSIX);
const secrets = demoSecrets(ROOT);
for (const { name, data } of entries) {
  if (name.endsWith('/')) continue;
  if (/^extension\/dist-cli\//.test(name))
    problems.push(`${name}: the command-line tool is not shipped in the .vsix`);
  else if (!ALLOWED.some((re) => re.test(name))) problems.push(`${name}: not a file the extension ships`);
  const text = data.toString('latin1');
  problems.push(...contentProblems(name, text, secrets));
}
if (problems.length > 0) {
  console.error(`check-vsix: ${VSIX}\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `check-vsix: ${entries.length} files, all expected; no demo secret (${secrets.length} searched), private key or source map in them`,
);
