// @ts-check
// What no shipped file (the .vsix, the CLI package) may hold, for scripts/check-*.mjs.
import { createRequire } from 'node:module';

/**
 * Every secret of the sandbox's demo data (compiled by `npx tsc -p .`, when present).
 * @param {string} root the repository, with a trailing slash
 * @returns {string[]}
 */
export function demoSecrets(root) {
  try {
    const { DEMO } = createRequire(import.meta.url)(`${root}out/test/sandbox/data.js`);
    return [DEMO.clientSecret, DEMO.second?.clientSecret, DEMO.readOnly?.clientSecret].filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * What is wrong with one shipped file's text: a demo secret, a private key, a source map.
 * @param {string} name
 * @param {string} text
 * @param {string[]} secrets
 * @returns {string[]}
 */
export function contentProblems(name, text, secrets) {
  const problems = [];
  for (const secret of secrets) if (text.includes(secret)) problems.push(`${name}: holds a demo secret`);
  // A key's header followed by its base64 body (the validators' messages name the header alone).
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----(\\n|\s)*[A-Za-z0-9+/=]{40}/.test(text))
    problems.push(`${name}: holds a private key`);
  if (/\/\/# sourceMappingURL=/.test(text)) problems.push(`${name}: points at a source map`);
  return problems;
}
