// Bundles the extension (and, later, the webview code) and writes the JSON Schemas that
// contributes.jsonValidation points at. `--production` minifies and drops source maps.
import { mkdir, rm, writeFile } from 'node:fs/promises';
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
await generateSchemas();
if (watch) {
  const ctx = await esbuild.context(extension);
  await ctx.watch();
  console.log('esbuild: watching src/ …');
} else {
  const result = await esbuild.build(extension);
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(
    `esbuild: dist/extension.js ${(bytes / 1024).toFixed(1)} KiB${production ? ' (minified)' : ''}`,
  );
}
