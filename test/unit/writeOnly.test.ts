import assert from 'node:assert/strict';
import { buildConnectionPatch } from '../../src/core/edit/connectionPatch';
import { documentProblems, parseDocument, renderConnectionDocument } from '../../src/core/edit/document';
import {
  checkWriteOnly,
  heldMarker,
  markerInsertion,
  markerRanges,
  normalizeWriteOnly,
  replaceableFields,
  typedWriteOnly,
  withHeldValues,
} from '../../src/core/edit/writeOnly';
import type { AppConnection } from '../../src/core/schemas/appConnection';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '8d2b1c6e-0d5b-4a63-9a3e-4c7f6e1a2b3c';
const conn: AppConnection = {
  id: 'c-1',
  name: 'azure-prod',
  app: 'azure-client-secrets',
  method: 'client-secret',
  credentials: { tenantId: TENANT, clientId: CLIENT },
  isAutoRotationEnabled: false,
};
const cert: AppConnection = { ...conn, method: 'certificate' };
const KEY_BODY = 'A'.repeat(150);
const ONE_LINE_KEY = `-----BEGIN PRIVATE KEY-----${KEY_BODY}-----END PRIVATE KEY-----`;

/** Inserts the marker comments the way "Replace credentials…" does. */
function marked(text: string, fields: readonly string[]): string {
  const at = markerInsertion(text, parseDocument(text).root, fields);
  assert.ok(at, 'markers inserted');
  return text.slice(0, at.offset) + at.text + text.slice(at.offset);
}

describe('write-only credentials of JSON documents', () => {
  it('a typed write-only field is a problem on its property, and the save refuses the document', () => {
    const text = renderConnectionDocument(conn, 'p').replace(
      '"credentials": {',
      '"credentials": {\n    "clientSecret": "hunter2-canary",',
    );
    const { root } = parseDocument(text);
    const typed = typedWriteOnly(root);
    assert.deepEqual(
      typed.map((t) => [t.field, text.slice(t.offset, t.offset + t.length)]),
      [['clientSecret', '"clientSecret": "hunter2-canary"']],
    );
    const problems = documentProblems(text, root).filter((p) => p.rule === 'write-only');
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]?.message ?? '',
      /credentials\.clientSecret is write-only: never typed into a document, which VS Code backs up to disk.*Replace credentials…/,
    );
    assert.ok(!problems[0]?.message.includes('hunter2'), 'the message never repeats the value');
    // Elsewhere the same key is not a credential: no problem.
    assert.deepEqual(
      typedWriteOnly(parseDocument('{ "description": "clientSecret", "x": { "privateKey": 1 } }').root),
      [],
    );
  });

  it('held values are merged into the edit at the save; the marker comments change nothing', () => {
    const text = renderConnectionDocument(conn, 'p');
    const withMarkers = marked(text, ['clientSecret']);
    assert.ok(withMarkers.includes(heldMarker('clientSecret')));
    assert.ok(!withMarkers.includes('canary'));
    const parsed = parseDocument(withMarkers);
    assert.deepEqual(parsed.syntaxErrors, []);
    assert.deepEqual(documentProblems(withMarkers, parsed.root), []);
    const unchanged = buildConnectionPatch(conn, parsed.value);
    assert.ok(unchanged.ok && Object.keys(unchanged.body).length === 0, 'markers alone send nothing');
    const r = buildConnectionPatch(conn, withHeldValues(parsed.value, { clientSecret: 'new-canary' }));
    assert.ok(r.ok);
    assert.deepEqual(r.body, {
      credentials: { tenantId: TENANT, clientId: CLIENT, clientSecret: 'new-canary' },
    });
    assert.ok(!JSON.stringify(r.changes).includes('new-canary'), 'the change summary hides the value');
    // Already marked: nothing more to insert. Forget: the markers go, the text is as rendered.
    assert.equal(markerInsertion(withMarkers, parsed.root, ['clientSecret']), undefined);
    let restored = withMarkers;
    for (const m of markerRanges(withMarkers))
      restored = restored.slice(0, m.offset) + restored.slice(m.offset + m.length);
    assert.equal(restored, text);
  });

  it('merges into a document without "credentials", and leaves anything else alone', () => {
    assert.deepEqual(withHeldValues({ name: 'x' }, { clientSecret: 's' }), {
      name: 'x',
      credentials: { clientSecret: 's' },
    });
    assert.deepEqual(withHeldValues({ name: 'x' }, undefined), { name: 'x' });
    assert.deepEqual(withHeldValues([1], { clientSecret: 's' }), [1]);
    const text = '{\n  "name": "azure-prod"\n}';
    assert.match(
      marked(text, ['clientSecret']),
      /^\{\n {2}\/\/ clientSecret: new client secret held in memory/,
    );
  });

  it('a certificate connection asks for both PEM fields; a one-line paste becomes PEM again', () => {
    assert.deepEqual(replaceableFields('certificate'), ['certificateBody', 'privateKey']);
    assert.deepEqual(replaceableFields('oauth'), []);
    const pem = normalizeWriteOnly('privateKey', ` ${ONE_LINE_KEY} `);
    const lines = pem.split('\n');
    assert.equal(lines[0], '-----BEGIN PRIVATE KEY-----');
    assert.equal(lines.at(-1), '-----END PRIVATE KEY-----');
    assert.deepEqual(
      lines.slice(1, -1).map((l) => l.length),
      [64, 64, 22],
    );
    assert.equal(normalizeWriteOnly('clientSecret', ' s '), 's');
    assert.equal(checkWriteOnly('certificate', 'privateKey', ONE_LINE_KEY), undefined);
    assert.match(checkWriteOnly('certificate', 'privateKey', 'not a key') ?? '', /PKCS#8 PEM key/);
    const long = `canary-${'x'.repeat(60)}`;
    const tooLong = checkWriteOnly('client-secret', 'clientSecret', long) ?? '';
    assert.match(tooLong, /at most 50/);
    assert.ok(!tooLong.includes('canary'));
    const r = buildConnectionPatch(
      cert,
      withHeldValues(
        { credentials: { tenantId: TENANT, clientId: CLIENT } },
        {
          certificateBody: normalizeWriteOnly(
            'certificateBody',
            '-----BEGIN CERTIFICATE-----QUJD-----END CERTIFICATE-----',
          ),
          privateKey: pem,
        },
      ),
    );
    assert.ok(r.ok, JSON.stringify(r));
  });
});
