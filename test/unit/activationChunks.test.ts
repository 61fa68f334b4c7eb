import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Heavy or editor-only code: none of it may be read when the extension activates. Nor the trees'
 * rows and loading (their fronts load them when a view first asks), nor the read-only documents.
 */
const DEFERRED =
  /^node_modules\/(zod|ofetch|jsonc-parser|@vscode-elements)\/|^src\/core\/(api\/(client|index)|schemas|edit)\/?|^src\/(forms|webview)\/|^src\/documents\/(provider|diagnostics|save)\.ts$|^src\/commands\/index\.ts$|^src\/tree\/(connections|connectionNodes|identities|labels|base)\.ts$|^src\/readonly\/content\.ts$|^src\/ui\/errors\.ts$/;

describe('what activation loads', () => {
  it('dist/extension.js and the chunks it requires at load hold no zod, API client, editor, form or command code', async function () {
    this.timeout(60_000);
    const esbuild = await import('esbuild');
    const shipped = (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as {
      extensionOptions(minify: boolean, options?: { commonJs?: boolean }): BuildOptions;
    };
    const result = await esbuild.build({
      ...shipped.extensionOptions(true, { commonJs: false }),
      absWorkingDir: ROOT,
      write: false,
      logLevel: 'silent',
    });
    const outputs = (result.metafile as Metafile).outputs;
    const loaded = new Set<string>();
    const stack = ['dist/extension.js'];
    while (stack.length > 0) {
      const file = stack.pop() as string;
      if (loaded.has(file)) continue;
      loaded.add(file);
      for (const imp of outputs[file]?.imports ?? []) {
        if (!imp.external && imp.kind === 'import-statement') stack.push(imp.path);
      }
    }
    const modules = [...loaded].flatMap((f) => Object.keys(outputs[f]?.inputs ?? {}));
    assert.ok(modules.includes('src/extension.ts'), modules.join(', '));
    assert.ok(modules.includes('src/tree/lazy.ts'), "the views' fronts are there");
    assert.deepEqual(
      modules.filter((m) => DEFERRED.test(m)),
      [],
      'loaded at activation although only needed later',
    );
    // The rest is there, behind import(): chunks read on first use.
    const all = Object.values(outputs).flatMap((o) => Object.keys(o.inputs));
    assert.ok(all.some((m) => m.startsWith('node_modules/zod/')));
    assert.ok(all.includes('src/forms/panel.ts'));
    assert.ok(all.includes('src/tree/connections.ts'));
  });
});
