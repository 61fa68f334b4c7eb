// @ts-check
// The extension's ES module chunks (esbuild splits only ESM) as CommonJS for the extension host,
// in two shapes chosen for startup:
//  - every chunk that dist/extension.js needs at load (transitively) is inlined into it as a
//    function run on first require, so activation reads one file instead of a dozen: measured,
//    each extra file costs the host a resolve, a read and a compile at startup;
//  - the other chunks stay files under dist/chunks/, read on first use (an `import()` becomes a
//    `require()` in a promise), and reach the inlined chunks through dist/extension.js's loader,
//    so every module still has exactly one instance.
// The conversion is textual on esbuild's own output, whose shape is fixed: imports at the top,
// one `export { … }` statement last. Exports become getters, so bindings stay live as in ESM.
// esbuild's general CommonJS transform would add its runtime helpers to each of ~40 chunks
// (about 17 KiB in all); this needs none.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import * as esbuild from 'esbuild';

/**
 * `import * as vscode from 'vscode'` as a plain `require('vscode')`. esbuild's interop wrapper
 * would copy the API object's hundreds of properties once per module at load, and nothing
 * reads a default export of `vscode`.
 * @param {string} text  an ESM chunk as esbuild wrote it
 * @param {string} path  for the error
 */
export function plainVscodeRequire(text, path) {
  const out = text.replace(
    /import\s*\*\s*as\s*([\w$]+)\s*from\s*"vscode"\s*;/g,
    'const $1=require("vscode");',
  );
  if (/from\s*"vscode"/.test(out))
    throw new Error(`${path}: an import of "vscode" other than \`import * as\``);
  return out;
}

/**
 * One ESM chunk as CommonJS: the last statement `export { a as b, … }` becomes
 * `module.exports = { get b() { return a }, … }`, and `import("./x.js")` a require in a promise
 * (the extension host has no ESM loader for the `vscode` module). esbuild then turns the static
 * imports into requires and minifies the whole, renaming consistently.
 * @param {string} text
 * @param {string} path
 * @param {boolean} minify
 */
export async function toCommonJs(text, path, minify) {
  const body = plainVscodeRequire(text, path);
  const exported = /export\s*\{([^}]*)\};?\s*$/.exec(body);
  if (!exported) throw new Error(`${path}: esbuild's chunk does not end with one export statement`);
  const getters = (exported[1] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [local, name = local] = part.split(/\s+as\s+/);
      return `get ${name}(){return ${local}}`;
    });
  const rest = body
    .slice(0, exported.index)
    .replace(/\bimport\(\s*"(\.\/[^"]+\.js)"\s*\)/g, 'Promise.resolve().then(()=>require("$1"))');
  if (/\bexport\b\s*(\{|default|const|let|var|function|class)/.test(rest))
    throw new Error(`${path}: an export before the last statement`);
  const { code } = await esbuild.transform(`${rest}\nmodule.exports={${getters.join(',')}};`, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify,
    legalComments: minify ? 'none' : 'inline',
    logLevel: 'error',
  });
  return code;
}

/**
 * The chunks dist/extension.js requires at load, transitively (metafile paths).
 * @param {import('esbuild').Metafile} metafile
 * @param {string} entry  e.g. dist/extension.js
 */
export function loadedAtStart(metafile, entry) {
  const loaded = new Set();
  const stack = [entry];
  while (stack.length > 0) {
    const file = /** @type {string} */ (stack.pop());
    if (loaded.has(file)) continue;
    loaded.add(file);
    for (const imp of metafile.outputs[file]?.imports ?? [])
      if (!imp.external && imp.kind === 'import-statement') stack.push(imp.path);
  }
  loaded.delete(entry);
  return loaded;
}

const baseName = (/** @type {string} */ path) => path.slice(path.lastIndexOf('/') + 1);
const requireOf = (/** @type {string} */ name) =>
  new RegExp(`require\\("\\./(?:chunks/)?${name.replace(/[.$]/g, '\\$&')}"\\)`, 'g');

/**
 * The entry file: a loader holding the inlined chunks (each a function run once, on its first
 * require, all of them while the entry loads), then the entry's own code with `require` routed through it. `__load` is exported for
 * the chunks that stay files.
 * @param {string} entryCode  the entry as CommonJS
 * @param {Map<string, string>} inlined  chunk file name → CommonJS code
 */
export function entryWithInlinedChunks(entryCode, inlined) {
  const table = [...inlined]
    .map(
      ([name, code]) =>
        // A chunk's own requires are relative to dist/chunks/; the loader resolves from dist/.
        // Parenthesized, so V8 compiles each function with the file instead of pre-parsing it
        // and parsing it again when it runs, which every one of them does at load: Node 24
        // (VS Code 1.139's) loads the entry 0.3 ms faster (2.6 → 2.3 ms, best of 15).
        `${JSON.stringify(name)}:(function(module,exports,require){${code.replace(/require\("\.\//g, 'require("./chunks/')}\n})`,
    )
    .join(',\n');
  return [
    `var __chunks={${table}},__loaded={};`,
    'function __load(n){var m=__loaded[n];if(!m){m=__loaded[n]={exports:{}};__chunks[n](m,m.exports,__require)}return m.exports}',
    'function __require(p){var n=p.slice(p.lastIndexOf("/")+1);return Object.hasOwn(__chunks,n)?__load(n):require(p)}',
    `(function(require){${entryCode}\n})(__require);`,
    'module.exports.__load=__load;',
    '',
  ].join('\n');
}

/**
 * A chunk that stays a file: its requires of inlined chunks go through the entry's loader.
 * @param {string} code
 * @param {Iterable<string>} inlinedNames
 */
export function throughEntryLoader(code, inlinedNames) {
  let out = code;
  for (const name of inlinedNames)
    out = out.replace(requireOf(name), `require("../extension.js").__load(${JSON.stringify(name)})`);
  return out;
}

/**
 * The esbuild plugin: writes dist/extension.js with its start-up chunks inlined, and the other
 * chunks as files; the metafile's byte counts follow what was written (inlined chunks count 0:
 * their bytes are in dist/extension.js).
 * @param {boolean} minify
 * @returns {esbuild.Plugin}
 */
export function cjsChunks(minify) {
  return {
    name: 'cjs-chunks',
    setup(build) {
      build.onEnd(async (result) => {
        if (result.errors.length > 0 || !result.metafile) return;
        const { metafile } = result;
        const root = build.initialOptions.absWorkingDir ?? process.cwd();
        const files = (result.outputFiles ?? []).filter((f) => f.path.endsWith('.js'));
        const entry = 'dist/extension.js';
        const atStart = loadedAtStart(metafile, entry);
        /** @type {Map<string, string>} */
        const inlined = new Map();
        /** @type {{ path: string, rel: string, code: string }[]} */
        const kept = [];
        let entryCode = '';
        for (const file of files) {
          const rel = relative(root, file.path).split('\\').join('/');
          const code = await toCommonJs(file.text, file.path, minify);
          if (rel === entry) entryCode = code;
          else if (atStart.has(rel)) inlined.set(baseName(rel), code);
          else kept.push({ path: file.path, rel, code });
        }
        const write = async (
          /** @type {string} */ path,
          /** @type {string} */ rel,
          /** @type {string} */ code,
        ) => {
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, code);
          const output = metafile.outputs[rel];
          if (output) output.bytes = Buffer.byteLength(code);
        };
        for (const { path, rel, code } of kept)
          await write(path, rel, throughEntryLoader(code, inlined.keys()));
        const entryFile = files.find((f) => relative(root, f.path).split('\\').join('/') === entry);
        if (!entryFile) throw new Error(`${entry} was not built`);
        await write(entryFile.path, entry, entryWithInlinedChunks(entryCode, inlined));
        for (const rel of atStart) {
          const output = metafile.outputs[rel];
          if (output) output.bytes = 0;
        }
      });
    },
  };
}
