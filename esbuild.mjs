// Bundles the extension and the form webview, and writes the JSON Schemas that
// contributes.jsonValidation points at. `--production` minifies and drops source maps.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { cjsChunks } from './scripts/lib/cjsChunks.mjs';

/**
 * The extension: split so that activation loads only what it runs. esbuild splits only ES
 * modules, so it bundles to ESM chunks in memory (each `import()` target and the code shared
 * with it become chunks of their own), and the `cjsChunks` plugin (scripts/lib/cjsChunks.mjs)
 * turns them into CommonJS for the extension host: the chunks needed at start-up inlined into
 * dist/extension.js (one file read at activation), the others files required on first use.
 * dist/extension.js then holds the activation code only; V8 never even pre-parses the API
 * client, zod, the JSON editor or the forms until they are needed.
 * `commonJs: false` leaves the chunks as esbuild writes them (ES modules, in memory): what the
 * bench and the tests read the metafile of; the same modules and chunks as shipped.
 * @param {boolean} minify
 * @param {{ commonJs?: boolean }} [options]
 * @returns {esbuild.BuildOptions}
 */
export function extensionOptions(minify, { commonJs = true } = {}) {
  return {
    entryPoints: { extension: 'src/extension.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: 'dist',
    chunkNames: 'chunks/[name]-[hash]',
    external: ['vscode'],
    // ofetch's "worker" build uses the host's global fetch, which VS Code wires to its proxy
    // settings; the "node" build would bundle a fetch polyfill (117 KB) that ignores them.
    conditions: ['worker'],
    // jsonc-parser's "main" is a UMD build whose dynamic requires a bundler cannot follow.
    mainFields: ['module', 'main'],
    minify,
    // Source maps would not survive the ESM → CommonJS step; stack traces name the chunk.
    sourcemap: false,
    legalComments: minify ? 'none' : 'inline',
    logLevel: 'warning',
    metafile: true,
    write: false,
    plugins: commonJs ? [cjsChunks(minify)] : [],
  };
}

/**
 * What `infisical-azure --version` says: the package's version and the commit the bundle was built
 * from, "-dirty" when tracked files differ from it, "unknown" outside a git checkout (a source
 * tarball), so a bundle never claims a commit it was not built from.
 * @returns {{ version: string, commit: string }}
 */
export function buildStamp() {
  const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8'));
  const cwd = fileURLToPath(new URL('.', import.meta.url));
  const git = (/** @type {string[]} */ ...args) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const commit = git('rev-parse', '--short=12', 'HEAD');
    return {
      version,
      commit: git('status', '--porcelain', '--untracked-files=no') ? `${commit}-dirty` : commit,
    };
  } catch {
    return { version, commit: 'unknown' };
  }
}

/**
 * The command-line tool `infisical-azure`: one CommonJS file with everything bundled (zod,
 * ofetch, jsonc-parser), so it runs with Node ≥ 20 alone. Same resolution as the extension:
 * ofetch's "worker" build uses Node's global fetch instead of bundling a polyfill.
 * @param {boolean} minify
 * @param {{ version: string, commit: string }} [stamp]  see buildStamp
 * @returns {esbuild.BuildOptions}
 */
export function cliOptions(minify, stamp = buildStamp()) {
  return {
    entryPoints: ['src/cli/main.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile: CLI_FILE,
    conditions: ['worker'],
    mainFields: ['module', 'main'],
    // The second line lets scripts/pack-cli.mjs rebuild a committed bundle with its own stamp.
    banner: { js: `#!/usr/bin/env node\n// infisical-azure ${stamp.version} (commit ${stamp.commit})` },
    define: { CLI_BUILD: JSON.stringify(stamp) },
    minify,
    sourcemap: false,
    legalComments: minify ? 'none' : 'inline',
    logLevel: 'warning',
    metafile: true,
  };
}

export const CLI_FILE = 'dist-cli/infisical-azure.js';

/**
 * Builds the CLI and makes it executable.
 * @param {boolean} minify
 * @param {{ version: string, commit: string }} [stamp]
 */
export async function buildCli(minify, stamp) {
  const result = await esbuild.build(cliOptions(minify, stamp));
  await chmod(CLI_FILE, 0o755);
  return result;
}

/**
 * The form webview: browser code and its CSS, loaded from media/ under a strict CSP.
 * @param {boolean} production
 * @returns {esbuild.BuildOptions}
 */
export const webviewOptions = (production) => ({
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
});

/** The codicon font the webview's buttons and icons use (its CSS must be a separate file). */
async function copyCodicons() {
  for (const file of ['codicon.css', 'codicon.ttf']) {
    await copyFile(`node_modules/@vscode/codicons/dist/${file}`, `media/${file}`);
  }
}

const kib = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Runs the zod → JSON Schema generator (bundled to a temp file) and writes schemas/. */
export async function generateSchemas() {
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

/**
 * The build as `node esbuild.mjs [--production] [--watch]` runs it.
 * @param {string[]} argv
 */
async function main(argv) {
  const production = argv.includes('--production');
  const extension = extensionOptions(production);
  const webview = webviewOptions(production);
  await rm('dist', { recursive: true, force: true });
  await rm('dist-cli', { recursive: true, force: true });
  for (const map of ['media/form.js.map', 'media/form.css.map']) await rm(map, { force: true });
  await generateSchemas();
  await copyCodicons();
  if (argv.includes('--watch')) {
    const contexts = await Promise.all([esbuild.context(extension), esbuild.context(webview)]);
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    console.log('esbuild: watching src/ …');
    return;
  }
  const [ext, form, cli] = await Promise.all([
    esbuild.build(extension),
    esbuild.build(webview),
    buildCli(production),
  ]);
  /** @type {(result: esbuild.BuildResult, file: string) => string} */
  const size = (result, file) => kib(result.metafile?.outputs[file]?.bytes ?? 0);
  const mode = production ? ' (minified)' : '';
  // Start-up chunks are inlined into dist/extension.js (their outputs count 0 bytes).
  const chunks = Object.entries(ext.metafile?.outputs ?? {}).filter(
    ([f, o]) => f.startsWith('dist/chunks/') && o.bytes > 0,
  );
  const chunkBytes = chunks.reduce((n, [, o]) => n + o.bytes, 0);
  console.log(
    `esbuild: dist/extension.js ${size(ext, 'dist/extension.js')} + ${chunks.length} chunks loaded on first use ${kib(chunkBytes)}${mode}`,
  );
  console.log(
    `esbuild: media/form.js ${size(form, 'media/form.js')}, media/form.css ${size(form, 'media/form.css')}${mode}`,
  );
  console.log(`esbuild: ${CLI_FILE} ${size(cli, CLI_FILE)} (command line, not in the .vsix)${mode}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2));
