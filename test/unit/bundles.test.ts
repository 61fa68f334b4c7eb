import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

interface Shipped {
  extensionOptions(minify: boolean, options?: { commonJs?: boolean }): BuildOptions;
  webviewOptions(production: boolean): BuildOptions;
  withoutJsonSchemaGenerator(): Plugin;
}
const shipped = async () => (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as Shipped;

/** Texts only zod's JSON Schema generator holds (its two modules). */
const GENERATOR_TEXT = [
  'Unprocessed schema. This is a bug in Zod.',
  'BigInt cannot be represented in JSON Schema',
];

describe("the bundles leave zod's JSON Schema generator out", function () {
  this.timeout(60_000);

  it('the extension and the form webview: neither holds the generator, and both still hold zod', async () => {
    const esbuild = await import('esbuild');
    const { extensionOptions, webviewOptions } = await shipped();
    for (const [what, options] of [
      ['extension', extensionOptions(true, { commonJs: false })],
      ['webview', webviewOptions(true)],
    ] as const) {
      const result = await esbuild.build({
        ...options,
        absWorkingDir: ROOT,
        write: false,
        logLevel: 'silent',
      });
      const text = (result.outputFiles ?? []).map((f) => f.text).join('\n');
      for (const needle of GENERATOR_TEXT) assert.ok(!text.includes(needle), `${what} holds "${needle}"`);
      assert.ok(text.includes('zod JSON Schema generation is not bundled here'), `${what}: the stub is in`);
      const inputs = Object.values(result.metafile?.outputs ?? {}).flatMap((o) => Object.keys(o.inputs));
      assert.ok(
        inputs.some((m) => m.endsWith('zod/v4/classic/schemas.js')),
        `${what} still bundles zod's schemas`,
      );
    }
  });

  it('zod bundled so still parses, reports in English and offers Standard Schema; generating a JSON Schema says why it cannot', async () => {
    const esbuild = await import('esbuild');
    const { withoutJsonSchemaGenerator } = await shipped();
    const dir = mkdtempSync(join(tmpdir(), 'zod-bundle-'));
    try {
      const result = await esbuild.build({
        stdin: {
          contents: `import * as z from 'zod';
            const schema = z.strictObject({ name: z.string().min(1), ttl: z.union([z.number().int(), z.string()]).optional() });
            module.exports = { z, schema };`,
          resolveDir: ROOT,
          loader: 'js',
        },
        bundle: true,
        format: 'cjs',
        platform: 'node',
        write: false,
        logLevel: 'silent',
        plugins: [withoutJsonSchemaGenerator()],
      });
      const file = join(dir, 'bundle.cjs');
      writeFileSync(file, result.outputFiles?.[0]?.text ?? '');
      const { z, schema } = require(file) as {
        z: typeof import('zod');
        schema: import('zod').ZodType;
      };
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
      assert.throws(() => z.toJSONSchema(schema), /JSON Schema generation is not bundled here/);
      assert.throws(() => schema.toJSONSchema(), /JSON Schema generation is not bundled here/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
