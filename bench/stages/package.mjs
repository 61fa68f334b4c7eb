// @ts-check
// Package figures: the .vsix (bytes, files, no node_modules), the extension and webview
// bundles, and what of the bundle runs at activation (from esbuild's module graph).
import { stat } from 'node:fs/promises';
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
  const ext = built.extensionBytes ?? 0;

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
      name: 'Extension bundle (dist/extension.js, minified)',
      value: kib(ext),
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
      name: 'Bundle code that runs at activation',
      value: `${kib(graph.activationBytes)} of ${kib(graph.totalBytes)}`,
      raw: graph.activationBytes,
      note: `${graph.activationModules.length} modules reachable from src/extension.ts without crossing an import(); the rest is wrapped by esbuild and runs only when first imported${graph.totalBytes === ext ? '' : ` (this in-memory build is ${kib(graph.totalBytes)}, dist/extension.js ${kib(ext)}: bench/lib/build.mjs SHIPPED has drifted from esbuild.mjs)`}`,
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
        : 'zod, ofetch and the API client load on first use as well (import() in src/extension.ts, src/commands, src/documents/lazy.ts)',
    }),
  ];
}

/**
 * The modules evaluated when dist/extension.js is loaded and activate() runs: everything
 * reachable from the entry through static imports. esbuild turns each `import()` target into
 * a lazily initialised module, so what lies behind one is parsed but not run.
 * @param {string} root
 */
export async function activationGraph(root) {
  const meta = await extensionMetafile(root);
  const output = Object.values(meta.outputs)[0];
  if (!output) throw new Error('esbuild produced no output');
  /** @type {Set<string>} */
  const reached = new Set();
  const stack = ['src/extension.ts'];
  while (stack.length > 0) {
    const path = /** @type {string} */ (stack.pop());
    if (reached.has(path)) continue;
    reached.add(path);
    for (const imp of meta.inputs[path]?.imports ?? []) {
      if (!imp.external && imp.kind !== 'dynamic-import') stack.push(imp.path);
    }
  }
  const activationModules = [...reached].sort();
  const activationBytes = activationModules.reduce((n, p) => n + (output.inputs[p]?.bytesInOutput ?? 0), 0);
  const matching = (/** @type {RegExp[]} */ patterns) =>
    activationModules.filter((p) => patterns.some((re) => re.test(p)));
  return {
    totalBytes: output.bytes,
    activationBytes,
    activationModules,
    editorOnly: matching(EDITOR_OR_FORM_ONLY),
    heavy: matching(HEAVY),
  };
}
