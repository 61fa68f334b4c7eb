import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

interface Shipped {
  extensionOptions(minify: boolean, options?: { commonJs?: boolean }): BuildOptions;
  webviewOptions(production: boolean): BuildOptions;
  cliOptions(minify: boolean, stamp?: { version: string; commit: string }): BuildOptions;
}
const shipped = async () => (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as Shipped;

/** Texts only zod's JSON Schema generator holds (its two modules). */
const GENERATOR_TEXT = [
  'Unprocessed schema. This is a bug in Zod.',
  'BigInt cannot be represented in JSON Schema',
];

describe('the bundles hold zod/mini: neither classic zod nor its JSON Schema generator', function () {
  this.timeout(60_000);

  it('the extension, the form webview and the CLI each bundle zod/mini, no classic zod, no generator', async () => {
    const esbuild = await import('esbuild');
    const { extensionOptions, webviewOptions, cliOptions } = await shipped();
    for (const [what, options] of [
      ['extension', extensionOptions(true, { commonJs: false })],
      ['webview', webviewOptions(true)],
      ['CLI', cliOptions(true, { version: '0.0.0', commit: 'test' })],
    ] as const) {
      const result = await esbuild.build({
        ...options,
        absWorkingDir: ROOT,
        write: false,
        logLevel: 'silent',
      });
      const text = (result.outputFiles ?? []).map((f) => f.text).join('\n');
      for (const needle of GENERATOR_TEXT) assert.ok(!text.includes(needle), `${what} holds "${needle}"`);
      const inputs = Object.values(result.metafile?.outputs ?? {}).flatMap((o) => Object.keys(o.inputs));
      assert.deepEqual(
        inputs.filter((m) => /zod\/v4\/classic\//.test(m)),
        [],
        `${what} bundles classic zod`,
      );
      assert.ok(
        inputs.some((m) => m.endsWith('zod/v4/mini/schemas.js')),
        `${what} still bundles zod/mini's schemas`,
      );
      assert.ok(
        inputs.some((m) => m.endsWith('zod/v4/locales/en.js')),
        `${what} bundles zod's English messages`,
      );
    }
  });

  it('zod bundled through src/core/schemas/zod.ts still parses, reports in English and offers Standard Schema', async () => {
    const esbuild = await import('esbuild');
    const dir = mkdtempSync(join(tmpdir(), 'zod-bundle-'));
    try {
      const result = await esbuild.build({
        stdin: {
          contents: `import * as z from './src/core/schemas/zod';
            const schema = z.strictObject({
              name: z.string().check(z.minLength(1)),
              ttl: z.optional(z.union([z.number().check(z.int()), z.string()])),
            });
            module.exports = { schema };`,
          resolveDir: ROOT,
          loader: 'ts',
        },
        bundle: true,
        format: 'cjs',
        platform: 'node',
        write: false,
        logLevel: 'silent',
      });
      const file = join(dir, 'bundle.cjs');
      writeFileSync(file, result.outputFiles?.[0]?.text ?? '');
      const { schema } = require(file) as { schema: import('zod/mini').ZodMiniType };
      assert.deepEqual(schema.parse({ name: 'ci', ttl: 5 }), { name: 'ci', ttl: 5 });
      const failed = schema.safeParse({ name: '', extra: 1 });
      assert.equal(failed.success, false);
      assert.deepEqual(
        failed.error?.issues.map((i) => [i.path.join('.'), i.message]),
        [
          ['name', 'Too small: expected string to have >=1 characters'],
          ['', 'Unrecognized key: "extra"'],
        ],
      );
      const standard = schema['~standard'];
      assert.equal(standard.vendor, 'zod');
      const validated = await standard.validate({ name: 'ci' });
      assert.deepEqual(validated, { value: { name: 'ci' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
