import assert from 'node:assert/strict';
import { azureAuthAdapter, connectionAdapter } from '../../src/core/edit/adapters';
import { buildAzureAuthPatch } from '../../src/core/edit/azureAuthPatch';
import {
  documentProblems,
  duplicateKeys,
  locateIssue,
  MAX_DOCUMENT_CHARS,
  parseDocument,
  renderAzureAuthDocument,
  renderConnectionDocument,
  SAVE_NOTICE,
} from '../../src/core/edit/document';
import { adapterOf } from '../../src/core/resources';
import type { AppConnection } from '../../src/core/schemas/appConnection';
import type { IdentityAzureAuth } from '../../src/core/schemas/azureAuth';

const azure: IdentityAzureAuth = {
  identityId: 'i-1',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  resource: 'https://management.azure.com/',
  allowedServicePrincipalIds: '',
  accessTokenTTL: 3600,
  accessTokenMaxTTL: 7200,
  accessTokenNumUsesLimit: 0,
  accessTokenTrustedIps: [{ ipAddress: '0.0.0.0', type: 'ipv4', prefix: 0 }],
  updatedAt: '2026-11-01T00:00:00Z',
};
const conn: AppConnection = {
  id: 'c-1',
  name: 'azure-prod',
  app: 'azure-client-secrets',
  method: 'client-secret',
  description: 'line one\nline two',
  credentials: { tenantId: azure.tenantId, clientId: '8d2b1c6e-0d5b-4a63-9a3e-4c7f6e1a2b3c' },
};

describe('JSONC documents', () => {
  it('start with what Ctrl+S does, then the editable fields, and parse back unchanged', () => {
    const text = renderAzureAuthDocument(azure, 'deploy-bot', 'work');
    const lines = text.split('\n');
    assert.match(lines[0] ?? '', /^\/\/ Azure Auth of machine identity "deploy-bot"/);
    assert.equal(lines[1], SAVE_NOTICE);
    const parsed = parseDocument(text);
    assert.deepEqual(parsed.syntaxErrors, []);
    const r = buildAzureAuthPatch(azure, parsed.value);
    assert.ok(r.ok && Object.keys(r.body).length === 0, 'an untouched document changes nothing');
  });

  it('say how to set write-only credentials, and keep server text on its comment line', () => {
    const text = renderConnectionDocument(conn, 'work');
    assert.match(text, /Write-only: "clientSecret" is never returned and never typed here/);
    assert.match(text, /use "Replace credentials…" above "credentials"/);
    assert.ok(!text.includes('clientSecret":'), 'no secret field is pre-filled');
    const parsed = parseDocument(text);
    assert.deepEqual(parsed.syntaxErrors, []);
    assert.equal((parsed.value as { description: string }).description, 'line one\nline two');
    const oauth = renderConnectionDocument({ ...conn, method: 'oauth', name: 'evil\n{"name": "x"}' }, 'work');
    assert.match(oauth, /re-authorized in the Infisical web app/);
    assert.deepEqual(parseDocument(oauth).syntaxErrors, [], 'a newline in a name cannot escape the comment');
  });

  it('report syntax errors with positions, and duplicate keys', () => {
    const broken = parseDocument('{\n  "accessTokenTTL": 1,\n  "accessTokenTTL": 2,\n  "resource": \n}');
    assert.ok(broken.syntaxErrors.length > 0);
    assert.ok(broken.syntaxErrors.every((e) => e.offset > 0 && e.message));
    const dup = parseDocument('{ "a": 1, "b": { "c": 1, "c": 2 }, "a": 3 }');
    assert.deepEqual(
      duplicateKeys(dup.root).map((d) => d.message),
      ['"a" appears more than once: keep one', '"c" appears more than once: keep one'],
    );
  });

  it('locate issues on the value, on an unknown key, or on the nearest parent', () => {
    const text =
      '{\n  "accessTokenTrustedIps": [{ "ipAddress": "10.0.0.0/40" }],\n  "tenantID": "x",\n  "rotation": {}\n}';
    const { root } = parseDocument(text);
    const at = (r: { offset: number; length: number }) => text.slice(r.offset, r.offset + r.length);
    assert.equal(
      at(locateIssue(root, { path: ['accessTokenTrustedIps', 0, 'ipAddress'], message: '' })),
      '"10.0.0.0/40"',
    );
    assert.equal(
      at(locateIssue(root, { path: ['tenantID'], message: '', code: 'unrecognized_keys' })),
      '"tenantID"',
    );
    assert.equal(
      at(locateIssue(root, { path: ['rotation', 'rotateAtUtc', 'hours'], message: '' })),
      '"rotation"',
    );
    assert.equal(locateIssue(undefined, { path: ['x'], message: '' }).offset, 0);
    assert.deepEqual(locateIssue(parseDocument(' []').root, { path: ['a'], message: '' }), {
      offset: 1,
      length: 1,
    });
  });

  it('adapt both editable resources', () => {
    assert.equal(adapterOf('connection'), connectionAdapter);
    assert.equal(adapterOf('azure-auth'), azureAuthAdapter);
    assert.deepEqual(connectionAdapter.version({ ...conn, version: 2, updatedAt: 'u' }), {
      updatedAt: 'u',
      version: 2,
    });
    assert.deepEqual(azureAuthAdapter.version(azure), { updatedAt: azure.updatedAt });
    assert.match(connectionAdapter.render(conn, { profile: 'p', label: 'l' }), /azure-prod/);
    assert.match(azureAuthAdapter.render(azure, { profile: 'p', label: 'bot' }), /"bot"/);
  });
});

/** The problems of a text, each with the exact text it underlines. */
function problemsOf(text: string) {
  return documentProblems(text, parseDocument(text).root).map((p) => ({
    rule: p.rule,
    at: text.slice(p.offset, p.offset + p.length),
    message: p.message,
    path: p.path,
  }));
}

/** What a save of `edited` would do: the PATCH body, or the issues' paths and messages. */
function built(edited: unknown) {
  const r = buildAzureAuthPatch(azure, edited);
  return r.ok ? { body: r.body } : { issues: r.issues.map((i) => [i.path.join('.'), i.message]) };
}

describe('hostile document input', () => {
  it('refuses numbers that would not arrive as written, on the number, naming the field', () => {
    const cases: [string, RegExp][] = [
      [
        '1e400',
        /^accessTokenNumUsesLimit: 1e400 is too large for a number \(it would be read as Infinity\)$/,
      ],
      ['-1e400', /it would be read as -Infinity/],
      ['1e-400', /^accessTokenNumUsesLimit: 1e-400 is too small for a number \(it would be read as 0\)$/],
      ['-0', /^accessTokenNumUsesLimit: -0 would be sent as 0: write 0$/],
      [
        '9007199254740993',
        /^accessTokenNumUsesLimit: 9007199254740993 is beyond 9007199254740991, .* \(it would be read as 9007199254740992\)$/,
      ],
      [
        '1e20',
        /^accessTokenNumUsesLimit: 1e20 is beyond 9007199254740991, the largest whole number JSON holds exactly$/,
      ],
    ];
    for (const [literal, message] of cases) {
      const found = problemsOf(`{ "accessTokenNumUsesLimit": ${literal} }`);
      assert.equal(found.length, 1, literal);
      assert.equal(found[0]?.rule, 'number');
      assert.equal(found[0]?.at, literal);
      assert.match(found[0]?.message ?? '', message);
      assert.deepEqual(found[0]?.path, ['accessTokenNumUsesLimit']);
    }
    // Nested, and in the root: the path says where.
    assert.match(problemsOf('{ "a": [1, { "b": 1e999 }] }')[0]?.message ?? '', /^a\.1\.b: /);
    assert.match(problemsOf('1e999')[0]?.message ?? '', /^the document: /);
  });

  it('accepts numbers that are exactly what they say', () => {
    for (const literal of [
      '0',
      '-1',
      '1e3',
      '1.5',
      '0e10',
      '0.000',
      '9007199254740991',
      '-9007199254740991',
      '2.5e-3',
    ])
      assert.deepEqual(problemsOf(`{ "n": ${literal} }`), [], literal);
  });

  it('refuses a document too large to be an edit, underlining what made it so', () => {
    const ips = Array.from({ length: 8000 }, (_, i) => `{ "ipAddress": "10.${i >> 8}.${i & 255}.0/24" }`);
    const big = `{\n  "accessTokenTTL": 60,\n  "accessTokenTrustedIps": [${ips.join(',\n')}]\n}`;
    assert.ok(big.length > MAX_DOCUMENT_CHARS);
    const found = problemsOf(big);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.rule, 'size');
    assert.equal(found[0]?.at, '"accessTokenTrustedIps"');
    assert.match(
      found[0]?.message ?? '',
      /^The document is \d+ KB; a document of one resource is at most 256 KB/,
    );
    const padded = `{ "accessTokenTTL": 60 }${' '.repeat(MAX_DOCUMENT_CHARS)}`;
    assert.deepEqual(
      problemsOf(padded).map((p) => [p.rule, p.at]),
      [['size', '{']],
    );
    assert.deepEqual(problemsOf(padded.slice(0, MAX_DOCUMENT_CHARS)), [], 'at the limit is fine');
  });

  it('names duplicate keys with their invisible characters shown', () => {
    const found = problemsOf('{ "a\u200f": 1, "a\u200f": 2 }');
    assert.equal(found[0]?.message, '"a\\u200F" appears more than once: keep one');
  });

  it('wrong types say what was given, and how to fix a quoted number', () => {
    assert.deepEqual(built({ accessTokenTTL: '3600' }).issues, [
      ['accessTokenTTL', 'accessTokenTTL must be a number, not a string: write 3600 without quotes'],
    ]);
    assert.deepEqual(built({ accessTokenTTL: null }).issues, [
      ['accessTokenTTL', 'accessTokenTTL must be a number, not null'],
    ]);
    assert.deepEqual(built({ resource: 42 }).issues, [
      ['resource', 'resource must be a string, not a number'],
    ]);
    assert.deepEqual(built({ accessTokenTrustedIps: {} }).issues, [
      [
        'accessTokenTrustedIps',
        'accessTokenTrustedIps must be a list of { "ipAddress": "…" }, or of strings such as "10.0.0.0/8" as a workspace file writes it, not an object',
      ],
    ]);
    // The workspace file's way, a list of strings, is accepted too (see the patch builder's tests).
    assert.deepEqual(built({ accessTokenTrustedIps: ['10.0.0.0/8', { ipAddress: '::/0' }] }).issues, [
      [
        'accessTokenTrustedIps',
        'accessTokenTrustedIps must be a list of { "ipAddress": "…" }, or of strings such as "10.0.0.0/8" as a workspace file writes it',
      ],
    ]);
    assert.deepEqual(built([]).issues, [['', 'The document must be an object { … }, not a list']]);
    assert.deepEqual(built(null).issues, [['', 'The document must be an object { … }, not null']]);
    assert.deepEqual(built({ accessTokenNumUsesLimit: 2 ** 53 }).issues, [
      ['accessTokenNumUsesLimit', 'accessTokenNumUsesLimit must be between 0 and 9007199254740991'],
    ]);
  });

  it('refuses characters nobody can see in ids, addresses and the audience, and says which and where', () => {
    const tenant = azure.tenantId;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ resource: 'https://vault.azure.net/\u202e' }, 'resource', '(U+202E, a right-to-left override)'],
      [{ resource: 'https://x\u0000y' }, 'resource', '(U+0000, a NUL character)'],
      [{ resource: 'https://x\ud800y' }, 'resource', '(U+D800, an unpaired surrogate, not a character)'],
      [{ resource: 'https://x\u200by' }, 'resource', '(U+200B, a zero-width space)'],
      [{ tenantId: `\u200f${tenant}` }, 'tenantId', '(U+200F, a right-to-left mark)'],
      [{ allowedServicePrincipalIds: `${tenant}\u2066` }, 'allowedServicePrincipalIds', '(U+2066'],
      // Said on the list, with the entry's place: the list may be written in either shape.
      [
        { accessTokenTrustedIps: [{ ipAddress: '10.0.0.0\u200d/8' }] },
        'accessTokenTrustedIps',
        '(U+200D, a zero-width joiner): remove it (entry 1)',
      ],
    ];
    for (const [edited, path, what] of cases) {
      const issues = built(edited).issues ?? [];
      assert.equal(issues.length, 1, JSON.stringify(issues));
      assert.equal(issues[0]?.[0], path);
      assert.match(issues[0]?.[1] ?? '', /has a character that cannot be seen at position \d+ /);
      assert.ok(issues[0]?.[1]?.includes(what), issues[0]?.[1]);
    }
    // Visible unicode is data, not a trick: an emoji audience and a paired surrogate are accepted.
    assert.deepEqual(built({ resource: 'api://🔥-app' }).body, { resource: 'api://🔥-app' });
  });

  it('shows an invisible character in an unknown key instead of an identical-looking name', () => {
    const issues = built({ 'accessTokenTTL\u200f': 60 }).issues;
    assert.deepEqual(issues, [
      [
        'accessTokenTTL\u200f',
        '"accessTokenTTL\\u200F" is not a field Infisical accepts here (its name holds a character that cannot be seen)',
      ],
    ]);
  });
});
