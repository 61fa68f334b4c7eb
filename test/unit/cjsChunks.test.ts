import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

interface CjsChunks {
  cjsChunks(minify: boolean): Plugin;
  toCommonJs(text: string, path: string, minify: boolean): Promise<string>;
}
const cjs = async () =>
  (await import(pathToFileURL(join(ROOT, 'scripts', 'lib', 'cjsChunks.mjs')).href)) as CjsChunks;

interface Entry {
  count(): number;
  bump(): void;
  lazy(): Promise<{ bumpFromLazy(): number }>;
  lazyAgain(): Promise<unknown>;
}

/** A project shaped like the extension: a start-up module shared with a chunk read on first use. */
const SOURCES: Record<string, string> = {
  'src/shared.ts': 'export let count = 0;\nexport function bump() { count += 1; }\n',
  'src/startup.ts': "import { bump } from './shared';\nexport const started = () => bump();\n",
  'src/lazy.ts':
    "import { bump, count } from './shared';\nexport function bumpFromLazy() { bump(); return count; }\n",
  'src/extension.ts': [
    "import { count, bump } from './shared';",
    "import { started } from './startup';",
    'started();',
    'export const api = {',
    '  count: () => count,',
    '  bump,',
    "  lazy: () => import('./lazy'),",
    "  lazyAgain: () => import('./lazy'),",
    '};',
  ].join('\n'),
};

describe('the extension as CommonJS: start-up chunks inlined, the rest read on first use', function () {
  this.timeout(60_000);

  for (const minify of [true, false]) {
    it(`${minify ? 'minified' : 'readable'}: one file at start, one instance of every module, live bindings`, async () => {
      const esbuild = await import('esbuild');
      const { cjsChunks } = await cjs();
      const dir = mkdtempSync(join(tmpdir(), 'cjs-chunks-'));
      try {
        for (const [file, text] of Object.entries(SOURCES)) {
          mkdirSync(join(dir, 'src'), { recursive: true });
          writeFileSync(join(dir, file), text);
        }
        await esbuild.build({
          absWorkingDir: dir,
          entryPoints: { extension: 'src/extension.ts' },
          bundle: true,
          splitting: true,
          format: 'esm',
          platform: 'node',
          outdir: 'dist',
          chunkNames: 'chunks/[name]-[hash]',
          minify,
          metafile: true,
          write: false,
          logLevel: 'silent',
          plugins: [cjsChunks(minify)],
        });
        const chunks = readdirSync(join(dir, 'dist', 'chunks'));
        assert.equal(chunks.length, 1, `only the lazy module stays a file: ${chunks.join(', ')}`);
        assert.match(chunks[0] ?? '', /^lazy-/);
        const entryText = readFileSync(join(dir, 'dist', 'extension.js'), 'utf8');
        assert.ok(
          !/\b(import|export)\b[\s{*]/.test(entryText.replace(/import\(|__load/g, '')),
          'no ESM syntax left',
        );

        const entryPath = join(dir, 'dist', 'extension.js');
        const { api } = require(entryPath) as { api: Entry };
        assert.equal(api.count(), 1, 'the start-up module ran once, through the inlined shared module');
        api.bump();
        assert.equal(api.count(), 2, 'an export reassigned later is seen by its importer (a live binding)');
        const lazy = await api.lazy();
        assert.equal(lazy.bumpFromLazy(), 3, 'the lazy chunk reaches the same shared instance');
        assert.equal(api.count(), 3);
        assert.equal(await api.lazyAgain(), lazy, 'the lazy chunk is loaded once');
        delete require.cache[entryPath];
        for (const c of chunks) delete require.cache[join(dir, 'dist', 'chunks', c)];
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('refuses a chunk whose exports are not one last statement (esbuild changed its output)', async () => {
    const { toCommonJs } = await cjs();
    await assert.rejects(
      toCommonJs('export { a }; const a = 1;', 'dist/chunks/x.js', true),
      /does not end with one export statement/,
    );
    await assert.rejects(
      toCommonJs('export const b = 2; const a = 1; export { a };', 'dist/chunks/x.js', true),
      /an export before the last statement/,
    );
  });
});
