#!/usr/bin/env node
// @ts-check
// The folders of src/ import each other one way only. Reads every import of src/**/*.ts (type
// imports and import() included), groups files by their top folder (a file directly in src/ is
// its own group), and fails on:
//   - a cycle between groups (tree → ui → tree, however long);
//   - src/ui importing anything but src/core and itself (every surface imports it, it imports
//     no surface);
//   - src/core importing anything outside src/core (also a lint rule: no `vscode` there);
//   - src/cli (the command-line tool) importing anything but src/core.
// `--graph` prints which group imports which.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT =
  process.argv.find((a) => a.startsWith('--root='))?.slice(7) ??
  fileURLToPath(new URL('..', import.meta.url));
const SRC = resolve(ROOT, 'src');
/** Groups allowed to import only these groups (besides themselves). */
const ONLY = { core: [], ui: ['core'], cli: ['core'] };

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** @param {string} file */
function group(file) {
  const [first, ...rest] = relative(SRC, file).split('/');
  return rest.length ? /** @type {string} */ (first) : (first ?? '').replace(/\.ts$/, '');
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** @type {Map<string, Map<string, string>>} group → imported group → an example "file → file" */
const edges = new Map();
for (const file of files(SRC)) {
  const from = group(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? '';
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec.replace(/\.js$/, ''));
    if (!target.startsWith(SRC)) continue;
    const to = group(`${target}.ts`);
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const out = /** @type {Map<string, string>} */ (edges.get(from));
    if (!out.has(to)) out.set(to, `${relative(ROOT, file)} → ${spec}`);
  }
}

const problems = [];
for (const [from, allowed] of Object.entries(ONLY)) {
  for (const [to, example] of edges.get(from) ?? []) {
    if (!allowed.includes(to))
      problems.push(
        `src/${from} may import only ${allowed.map((a) => `src/${a}`).join(', ') || 'itself'}: ${example}`,
      );
  }
}

// Cycles: a depth-first search that reports each back edge with the path that closes it.
/** @type {Map<string, 'open' | 'done'>} */
const state = new Map();
/** @param {string} node @param {string[]} path */
function visit(node, path) {
  state.set(node, 'open');
  for (const [next, example] of edges.get(node) ?? []) {
    if (state.get(next) === 'open') {
      const cycle = [...path.slice(path.indexOf(next)), node, next];
      problems.push(`import cycle between folders: ${cycle.join(' → ')} (closed by ${example})`);
    } else if (!state.has(next)) visit(next, [...path, node]);
  }
  state.set(node, 'done');
}
for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node, []);

if (process.argv.includes('--graph')) {
  for (const [from, out] of [...edges.entries()].sort())
    console.log(`${from} → ${[...out.keys()].sort().join(', ')}`);
}
if (problems.length) {
  for (const p of problems) console.error(`check-imports: ${p}`);
  process.exit(1);
}
console.log(`check-imports: ${edges.size} folders of src/, no import cycle, ui and core import no surface`);
