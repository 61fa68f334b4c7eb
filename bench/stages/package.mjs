// @ts-check
// Package figures: the .vsix (bytes, files, no node_modules), the extension and webview
// bundles, and what of the bundle runs at activation (from esbuild's module graph).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extensionMetafile } from '../lib/build.mjs';
import { figure } from '../lib/report.mjs';
import { KiB, kib } from '../lib/stats.mjs';
import { zipEntries } from '../lib/zip.mjs';

/**
 * Modules that only the JSON editor or the forms need; none may run when the extension
 * activates. (The API client, zod and ofetch are deferred too, but the trees need them.)
 */
const EDITOR_OR_FORM_ONLY = [
  /^node_modules\/jsonc-parser\//,
  /^node_modules\/@vscode-elements\//,
  /^src\/forms\//,
  /^src\/webview\//,
  /^src\/documents\/(provider|diagnostics|save)\.ts$/,
  /^src\/core\/edit\//,
];
/** Deferred as well, reported when they are not. */
const HEAVY = [/^node_modules\/zod\//, /^node_modules\/ofetch\//, /^src\/core\/api\/(client|index)\.ts$/];

/**
 * @param {string} root
 * @param {Awaited<ReturnType<typeof import('../lib/build.mjs').packageExtension>>} built
 * @returns {Promise<import('../lib/report.mjs').Figure[]>}
 */
export async function packageFigures(root, built) {
  const vsixBytes = (await stat(built.vsix)).size;
  const entries = (await zipEntries(built.vsix)).filter((e) => !e.name.endsWith('/'));
  const nodeModules = entries.filter((e) => e.name.includes('node_modules/'));
  const biggest = [...entries].sort((a, b) => b.size - a.size).slice(0, 4);
  const sum = (/** @type {Record<string, number | undefined>} */ sizes) =>
    Object.values(sizes).reduce((/** @type {number} */ n, b) => n + (b ?? 0), 0);
  const webviewBytes = sum(built.webview);
  const fontBytes = sum(built.fonts);
  const graph = await activationGraph(root);
  const ext = graph.totalBytes;

  return [
    figure({
      id: 'package.vsixBytes',
      group: 'Package',
      name: 'VSIX size',
      value: kib(vsixBytes),
      raw: vsixBytes,
      target: '≤ 300 KiB',
      pass: vsixBytes <= 300 * KiB,
      note: `largest entries (uncompressed): ${biggest.map((e) => `${e.name.replace(/^extension\//, '')} ${kib(e.size)}`).join(', ')}`,
    }),
    figure({
      id: 'package.vsixFiles',
      group: 'Package',
      name: 'VSIX files',
      value: String(entries.length),
      raw: entries.length,
    }),
    figure({
      id: 'package.nodeModules',
      group: 'Package',
      name: 'node_modules files in the VSIX',
      value: String(nodeModules.length),
      raw: nodeModules.length,
      target: '0',
      pass: nodeModules.length === 0,
    }),
    figure({
      id: 'package.extensionBytes',
      group: 'Package',
      name: 'Extension code (dist/extension.js and its chunks, minified)',
      value: kib(ext),
      note: `dist/extension.js ${kib(built.extensionBytes ?? 0)} and ${graph.files - 1} chunks loaded on first use`,
      raw: ext,
      target: '≤ 250 KiB',
      pass: ext > 0 && ext <= 250 * KiB,
    }),
    figure({
      id: 'package.webviewBytes',
      group: 'Package',
      name: 'Webview bundle (media/form.js + form.css)',
      value: webviewBytes ? kib(webviewBytes) : 'none built',
      raw: webviewBytes,
      note: `${Object.entries(built.webview)
        .map(([f, b]) => `${f} ${b === undefined ? 'absent' : kib(b)}`)
        .join(', ')}; plus the codicon font the form loads: ${kib(fontBytes)}`,
    }),
    figure({
      id: 'package.activationCode',
      group: 'Package',
      name: 'Code loaded at activation',
      value: `${kib(graph.activationBytes)} of ${kib(graph.totalBytes)}`,
      raw: graph.activationBytes,
      note: `${graph.loadedFiles} files (dist/extension.js and the chunks it requires at load), ${graph.activationModules.length} modules; the other ${graph.files - graph.loadedFiles} chunks are read on first use`,
    }),
    figure({
      id: 'package.editorCodeAtActivation',
      group: 'Package',
      name: 'Editor/form-only modules run at activation',
      value: graph.editorOnly.length ? graph.editorOnly.join(', ') : 'none',
      raw: graph.editorOnly.length,
      target: 'none',
      pass: graph.editorOnly.length === 0,
      note: graph.heavy.length
        ? `also run at activation: ${graph.heavy.join(', ')}`
        : 'zod, ofetch, the API client and the command handlers load on first use as well (import() in src/extension.ts, src/commands, src/jsonEditor/lazy.ts)',
    }),
  ];
}

/**
 * What loads when the extension activates: dist/extension.js and every chunk it requires at the
 * top (transitively). Chunks reached only through an `import()` (a require on first use once
 * esbuild.mjs has made them CommonJS) are not read until then. Sizes are of the files in dist/.
 * @param {string} root
 */
export async function activationGraph(root) {
  const meta = await extensionMetafile(root);
  // A chunk inlined into dist/extension.js (esbuild.mjs does that for every start-up chunk) has
  // no file of its own: its bytes are counted in dist/extension.js.
  const size = async (/** @type {string} */ rel) =>
    stat(join(root, rel)).then(
      (s) => s.size,
      () => undefined,
    );
  const outputs = Object.keys(meta.outputs).filter((f) => f.endsWith('.js'));
  /** @type {Set<string>} */
  const loaded = new Set();
  const stack = ['dist/extension.js'];
  while (stack.length > 0) {
    const file = /** @type {string} */ (stack.pop());
    if (loaded.has(file)) continue;
    loaded.add(file);
    for (const imp of meta.outputs[file]?.imports ?? []) {
      if (!imp.external && imp.kind === 'import-statement') stack.push(imp.path);
    }
  }
  let totalBytes = 0;
  let activationBytes = 0;
  let files = 0;
  let loadedFiles = 0;
  for (const file of outputs) {
    const bytes = await size(file);
    if (bytes === undefined) continue;
    files += 1;
    totalBytes += bytes;
    if (loaded.has(file)) {
      activationBytes += bytes;
      loadedFiles += 1;
    }
  }
  const activationModules = [
    ...new Set([...loaded].flatMap((f) => Object.keys(meta.outputs[f]?.inputs ?? {}))),
  ].sort();
  const matching = (/** @type {RegExp[]} */ patterns) =>
    activationModules.filter((p) => patterns.some((re) => re.test(p)));
  return {
    files,
    loadedFiles,
    totalBytes,
    activationBytes,
    activationModules,
    editorOnly: matching(EDITOR_OR_FORM_ONLY),
    heavy: matching(HEAVY),
  };
}
