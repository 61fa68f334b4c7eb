import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { validateConfigText, withReferences, writtenSecrets } from '../../src/core/config';
import { heldMarker, markers, withoutWritten, writtenValues } from '../../src/core/edit/writeOnly';

const FIELDS = ['clientSecret'];

describe('secrets written into a text, taken out', () => {
  const doc = (credentials: string) =>
    `{\n  "name": "azure-prod",\n  "credentials": {\n${credentials}\n  },\n  "description": "x"\n}\n`;

  it('a document: the typed property goes with its comma, the marker comment takes its place, the rest parses', () => {
    const text = doc('    "tenantId": "t",\n    "clientSecret": "canary-1",\n    "clientId": "c"');
    const found = writtenValues(text, FIELDS);
    assert.deepEqual(
      found.map((f) => [f.field, f.value, text.slice(f.offset, f.offset + f.length)]),
      [['clientSecret', 'canary-1', '"canary-1"']],
    );
    const out = withoutWritten(text, found);
    assert.ok(!out.includes('canary-1'));
    assert.deepEqual(
      markers(out).map((m) => m.field),
      ['clientSecret'],
    );
    const errors: unknown[] = [];
    const root = parseTree(out, errors as never[], { allowTrailingComma: false });
    assert.deepEqual(errors, [], out);
    assert.deepEqual(
      root?.children?.[1]?.children?.[1]?.children?.map((p) => p.children?.[0]?.value),
      ['tenantId', 'clientId'],
    );
  });

  it('the last property takes the comma before it; an empty or non-string value and other fields stay', () => {
    const text = doc('    "tenantId": "t",\n    "clientSecret": "canary-2"');
    const out = withoutWritten(text, writtenValues(text, FIELDS));
    assert.ok(!out.includes('canary-2'));
    assert.match(out, /"tenantId": "t"\n/);
    assert.ok(out.includes(heldMarker('clientSecret')));
    const errors: unknown[] = [];
    parseTree(out, errors as never[], { allowTrailingComma: false });
    assert.deepEqual(errors, [], out);
    for (const value of ['""', '"  "', '42', '{ "env": "X" }'])
      assert.deepEqual(writtenValues(doc(`    "clientSecret": ${value}`), FIELDS), []);
    assert.deepEqual(writtenValues(doc('    "privateKey": "k"'), FIELDS), [], 'a field of another method');
  });

  it('a workspace file: each literal becomes { "env": NAME } under the name the check suggests; OAuth codes have none', () => {
    const file = JSON.stringify(
      {
        site: 'https://app.infisical.com',
        organization: { id: 'o' },
        connections: [
          { name: 'prod-entra-graph', credentials: { clientSecret: 'canary-3' } },
          { name: 'oauth-one', credentials: { code: 'code-value' } },
        ],
      },
      null,
      2,
    );
    const found = writtenSecrets(file, validateConfigText(file).problems);
    assert.deepEqual(
      found.map((f) => [f.path.join('.'), f.value, f.suggested]),
      [['connections.0.credentials.clientSecret', 'canary-3', 'PROD_ENTRA_GRAPH_CLIENT_SECRET']],
    );
    const out = withReferences(
      file,
      found.map((f) => ({ ...f, name: f.suggested })),
    );
    assert.ok(!out.includes('canary-3'));
    assert.match(out, /"clientSecret": \{ "env": "PROD_ENTRA_GRAPH_CLIENT_SECRET" \}/);
    assert.ok(!validateConfigText(out).problems.some((p) => p.path?.includes('clientSecret')));
  });
});
