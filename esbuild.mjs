// Bundles the extension and the form webview, and writes the JSON Schemas that
// contributes.jsonValidation points at. `--production` minifies and drops source maps.
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const extension = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: 'dist/extension.js',
  external: ['vscode'],
  // ofetch's "worker" build uses the host's global fetch, which VS Code wires to its proxy
  // settings; the "node" build would bundle a fetch polyfill (117 KB) that ignores them.
  conditions: ['worker'],
  // jsonc-parser's "main" is a UMD build whose dynamic requires a bundler cannot follow.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  metafile: true,
};

// The form webview: browser code and its CSS, loaded from media/ under a strict CSP.
const webview = {
  entryPoints: { form: 'src/webview/main.ts' },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  outdir: 'media',
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  metafile: true,
};

/** The codicon font the webview's buttons and icons use (its CSS must be a separate file). */
async function copyCodicons() {
  for (const file of ['codicon.css', 'codicon.ttf']) {
    await copyFile(`node_modules/@vscode/codicons/dist/${file}`, `media/${file}`);
  }
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Runs the zod → JSON Schema generator (bundled to a temp file) and writes schemas/. */
async function generateSchemas() {
  const tmp = 'dist/.gen-schemas.cjs';
  await esbuild.build({
    entryPoints: ['src/core/schemas/jsonSchemas.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    outfile: tmp,
    logLevel: 'warning',
  });
  const require = createRequire(import.meta.url);
  const { buildJsonSchemas } = require(`./${tmp}`);
  await mkdir('schemas', { recursive: true });
  for (const [file, schema] of Object.entries(buildJsonSchemas())) {
    await writeFile(`schemas/${file}`, `${JSON.stringify(schema, null, 2)}\n`);
  }
  await rm(tmp);
}

await rm('dist', { recursive: true, force: true });
for (const map of ['media/form.js.map', 'media/form.css.map']) await rm(map, { force: true });
await generateSchemas();
await copyCodicons();
if (watch) {
  const contexts = await Promise.all([esbuild.context(extension), esbuild.context(webview)]);
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  console.log('esbuild: watching src/ …');
} else {
  const [ext, form] = await Promise.all([esbuild.build(extension), esbuild.build(webview)]);
  const size = (result, file) => kib(result.metafile.outputs[file]?.bytes ?? 0);
  const mode = production ? ' (minified)' : '';
  console.log(`esbuild: dist/extension.js ${size(ext, 'dist/extension.js')}${mode}`);
  console.log(
    `esbuild: media/form.js ${size(form, 'media/form.js')}, media/form.css ${size(form, 'media/form.css')}${mode}`,
  );
}
