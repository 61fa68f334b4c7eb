#!/usr/bin/env node
// Part of `npm run package`: what the .vsix may hold, checked in its bytes. Only the files the
// extension runs or shows (no tests, sandbox, source maps or node_modules), and none of the
// sandbox's demo secrets or any private key anywhere in them.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { zipContents } from '../bench/lib/zip.mjs';

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

/** Every secret of the sandbox's demo data (compiled by `npx tsc -p .`, when present). */
function demoSecrets() {
  try {
    const { DEMO } = createRequire(import.meta.url)(`${ROOT}out/test/sandbox/data.js`);
    return [DEMO.clientSecret, DEMO.second?.clientSecret, DEMO.readOnly?.clientSecret].filter(Boolean);
  } catch {
    return [];
  }
}

const problems = [];
const entries = await zipContents(VSIX);
const secrets = demoSecrets();
for (const { name, data } of entries) {
  if (name.endsWith('/')) continue;
  if (/^extension\/dist-cli\//.test(name))
    problems.push(`${name}: the command-line tool is not shipped in the .vsix`);
  else if (!ALLOWED.some((re) => re.test(name))) problems.push(`${name}: not a file the extension ships`);
  const text = data.toString('latin1');
  for (const secret of secrets) if (text.includes(secret)) problems.push(`${name}: holds a demo secret`);
  // A key's header followed by its base64 body (the validators' messages name the header alone).
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----(\\n|\s)*[A-Za-z0-9+/=]{40}/.test(text))
    problems.push(`${name}: holds a private key`);
  if (/\/\/# sourceMappingURL=/.test(text)) problems.push(`${name}: points at a source map`);
}
if (problems.length > 0) {
  console.error(`check-vsix: ${VSIX}\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `check-vsix: ${entries.length} files, all expected; no demo secret (${secrets.length} searched), private key or source map in them`,
);
