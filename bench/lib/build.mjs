// @ts-check
// What the benchmark builds itself: the compiled sandbox (tsc), the production bundle and .vsix
// (`npm run package`), and Node bundles of the modules the micro-benchmarks time, built with
// the options esbuild.mjs ships the extension with, so Node runs the code users run.
import { copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { extensionOptions } from '../../esbuild.mjs';
import { spawnCaptured } from './process.mjs';

/**
 * esbuild.mjs's production options for the extension, as one CommonJS file (no chunks): what the
 * Node micro-benchmarks bundle the modules they time with, so Node runs the code users run.
 * @type {import('esbuild').BuildOptions}
 */
export const SHIPPED = (() => {
  const { entryPoints, splitting, outdir, chunkNames, plugins, write, metafile, ...rest } =
    extensionOptions(true);
  return { ...rest, format: 'cjs' };
})();

/**
 * Runs a command in the project, output shown only when it fails.
 * @param {string} root
 * @param {string} cmd
 * @param {string[]} args
 * @returns {Promise<{ code: number, out: string }>}
 */
export async function run(root, cmd, args) {
  const { code, all } = await spawnCaptured(cmd, args, { cwd: root });
  return { code, out: all };
}

/**
 * `npx tsc -p .`: the sandbox server (out/test/sandbox). Type errors elsewhere in the project
 * (someone's work in progress) do not stop the benchmark as long as the sandbox was emitted.
 * @param {string} root
 */
export async function compile(root) {
  const r = await run(root, 'npx', ['tsc', '-p', '.']);
  const sandbox = join(root, 'out', 'test', 'sandbox', 'server.js');
  if (r.code !== 0) {
    const ok = await stat(sandbox).then(
      () => true,
      () => false,
    );
    if (!ok) throw new Error(`npx tsc -p . failed and emitted no sandbox:\n${r.out}`);
    console.warn(`bench: tsc reported errors (the sandbox was emitted; continuing):\n${tail(r.out, 10)}`);
  }
}

/**
 * `npm run package`, then a copy of the .vsix (esbuild.mjs deletes dist/ on every build) and the
 * sizes of what it built.
 * @param {string} root
 * @param {string} tempDir
 */
export async function packageExtension(root, tempDir) {
  const r = await run(root, 'npm', ['run', '--silent', 'package']);
  if (r.code !== 0) throw new Error(`npm run package failed:\n${tail(r.out, 30)}`);
  const vsix = join(tempDir, 'infisical-access.vsix');
  await copyFile(join(root, 'dist', 'infisical-access.vsix'), vsix);
  const size = async (/** @type {string} */ rel) =>
    stat(join(root, rel)).then(
      (s) => s.size,
      () => undefined,
    );
  return {
    vsix,
    extensionBytes: await size('dist/extension.js'),
    webview: {
      'media/form.js': await size('media/form.js'),
      'media/form.css': await size('media/form.css'),
    },
    fonts: {
      'media/codicon.css': await size('media/codicon.css'),
      'media/codicon.ttf': await size('media/codicon.ttf'),
    },
  };
}

/**
 * The extension build again, in memory (ES module chunks, before esbuild.mjs turns them into
 * CommonJS), with its metafile: which chunks exist, which modules each holds and how the chunks
 * import each other (statically, or on first use).
 * @param {string} root
 */
export async function extensionMetafile(root) {
  const result = await esbuild.build({
    ...extensionOptions(true, { commonJs: false }),
    absWorkingDir: root,
    write: false,
  });
  return /** @type {import('esbuild').Metafile} */ (result.metafile);
}

/**
 * Node bundles (CommonJS, shipped options) of the modules the micro-benchmarks call.
 * @param {string} root
 * @param {string} tempDir
 */
export async function nodeBundles(root, tempDir) {
  const bundles = {
    /** The API client exactly as the extension has it (ofetch's "worker" build over global fetch). */
    client: {
      file: join(tempDir, 'client.cjs'),
      source: [
        "export { createInfisicalApi } from './src/core/api';",
        "export { appConnectionOptionsSchema } from './src/core/schemas/appConnection';",
        "export { ofetch } from 'ofetch';",
      ].join('\n'),
    },
    /** What runs for each edit of a document (src/jsonEditor/diagnostics.ts minus the vscode calls). */
    edit: {
      file: join(tempDir, 'edit.cjs'),
      source: [
        "export { parseDocument, duplicateKeys, locateIssue, renderAzureAuthDocument } from './src/core/edit/document';",
        "export { azureAuthAdapter } from './src/core/edit/adapters';",
        "export { identityAzureAuthSchema } from './src/core/schemas/azureAuth';",
      ].join('\n'),
    },
    /** Workspace files: validation, pull, plan and apply (src/core/config), with the API client. */
    config: {
      file: join(tempDir, 'config.cjs'),
      source: [
        "export { createInfisicalApi } from './src/core/api';",
        "export * from './src/core/config';",
      ].join('\n'),
    },
  };
  for (const b of Object.values(bundles)) {
    await esbuild.build({
      ...SHIPPED,
      absWorkingDir: root,
      stdin: { contents: b.source, resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts' },
      outfile: b.file,
    });
  }
  return { client: bundles.client.file, edit: bundles.edit.file, config: bundles.config.file };
}

function tail(/** @type {string} */ text, /** @type {number} */ lines) {
  return text.trim().split('\n').slice(-lines).join('\n');
}
