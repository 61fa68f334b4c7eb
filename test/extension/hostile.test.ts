import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AppGroupNode } from '../../src/tree/connectionNodes';
import type { IdentityNode } from '../../src/tree/identities';
import {
  type AnyNode,
  type Api,
  type AzureAuthDoc,
  api,
  azureAuthDoc,
  azureAuthRequests,
  control,
  DEMO,
  openEditor,
  requests,
  resetAll,
  setText,
  signedInBeforeEach,
  signInDemo,
  storedAzureAuth,
  waitFor,
} from './helpers';

/** A text to type, and where its diagnostic must land (the exact text it underlines, or a test). */
interface Case {
  what: string;
  text: string;
  /** The diagnostic's message. */
  message: RegExp;
  /** The text the diagnostic underlines, or a check of its range. */
  at: string | ((range: vscode.Range, doc: vscode.TextDocument) => boolean);
  /** What a direct save (the message VS Code shows) says. */
  refusal: RegExp;
  /** Diagnostics from this extension (default), or from VS Code's own JSON support. */
  source?: 'Infisical' | 'json';
}

const RAW = '"@@raw@@"';

describe('Hostile input in the JSON editor', () => {
  let a: Api;
  let t: AzureAuthDoc;
  let editor: vscode.TextEditor;
  let header: string;
  let fields: Record<string, unknown>;
  let uses = 100;

  before(async () => {
    a = await api();
  });
  beforeEach(async () => {
    await resetAll(a);
    await signInDemo(a);
    t = await azureAuthDoc();
    editor = await openEditor(t.uri);
    const text = editor.document.getText();
    const lines = text.split('\n');
    header = lines.filter((l) => l.startsWith('//')).join('\n');
    fields = JSON.parse(lines.filter((l) => !l.startsWith('//')).join('\n')) as Record<string, unknown>;
  });

  /** The document as served, with some fields changed; `raw` goes in verbatim where a field is RAW. */
  const doc = (changes: Record<string, unknown>, raw?: string) => {
    const json = JSON.stringify({ ...fields, ...changes }, null, 2);
    return `${header}\n${raw === undefined ? json : json.replace(RAW, raw)}\n`;
  };

  /**
   * Types the text, waits for its diagnostic on the right range, then tries to save twice: the
   * provider's refusal message, and a real save from the editor. Nothing may be sent, and the
   * text must stay as typed.
   */
  async function refused(c: Case): Promise<vscode.Diagnostic> {
    await setText(editor, c.text);
    const document = editor.document;
    const diagnostic = await waitFor(
      `${c.what}: a diagnostic ${c.message}`,
      () =>
        vscode.languages
          .getDiagnostics(t.uri)
          .find(
            (d) =>
              d.severity === vscode.DiagnosticSeverity.Error &&
              (c.source === 'json' ? d.source !== 'Infisical' : d.source === 'Infisical') &&
              c.message.test(d.message) &&
              (typeof c.at === 'string' ? document.getText(d.range) === c.at : c.at(d.range, document)),
          ),
      15_000,
    );
    await control('DELETE', 'requests');
    await assert.rejects(
      Promise.resolve(a.documents.writeFile(t.uri, new TextEncoder().encode(c.text))),
      (e: Error) => {
        assert.match(e.message, c.refusal, c.what);
        assert.match(e.message, /Nothing was sent\.$/, c.what);
        return true;
      },
    );
    assert.equal(await document.save(), false, `${c.what}: the save is refused`);
    assert.equal(document.isDirty, true, c.what);
    assert.equal(document.getText(), c.text, `${c.what}: the text stays exactly as typed`);
    assert.deepEqual(await azureAuthRequests(t.identityId), [], `${c.what}: no request about it was sent`);
    assert.deepEqual(
      (await requests()).filter((r) => r.method !== 'GET'),
      [],
      `${c.what}: nothing was written anywhere`,
    );
    return diagnostic;
  }

  /** A valid edit after the hostile ones: the extension still saves, one PATCH, stored. */
  async function stillSaves(): Promise<void> {
    uses += 1;
    await setText(editor, doc({ accessTokenNumUsesLimit: uses }));
    await control('DELETE', 'requests');
    assert.equal(await editor.document.save(), true, 'a valid save still works');
    const sent = (await azureAuthRequests(t.identityId)).filter((r) => r.method === 'PATCH');
    assert.deepEqual(
      sent.map((r) => r.body),
      [{ accessTokenNumUsesLimit: uses }],
    );
    assert.equal((await storedAzureAuth(t.identityId)).accessTokenNumUsesLimit, uses);
  }

  it('broken JSON is refused where it breaks: cut off, trailing garbage, empty', async () => {
    const full = doc({});
    const cut = full.slice(0, full.indexOf('"resource"') + '"resource": "https://man'.length);
    const lastLine = cut.split('\n').length - 1;
    await refused({
      what: 'cut off',
      text: cut,
      source: 'json',
      message: /./,
      at: (range) => range.start.line === lastLine,
      refusal: new RegExp(`the JSON is broken at line ${lastLine + 1}, column \\d+: a string is not closed`),
    });
    const garbage = `${full}}} xyz`;
    await refused({
      what: 'trailing garbage',
      text: garbage,
      source: 'json',
      message: /./,
      at: (range) => range.start.line === garbage.split('\n').length - 1,
      refusal: /the JSON is broken at line \d+, column 1: there is text after the end of the JSON/,
    });
    await refused({
      what: 'only comments',
      text: `${header}\n`,
      source: 'json',
      message: /./,
      at: () => true,
      refusal: /the JSON is broken at line \d+, column 1: a value is missing/,
    });
    await stillSaves();
  });

  it('comments and trailing commas are allowed: the save sends only the changed field', async () => {
    assert.equal(editor.document.languageId, 'infisical-jsonc');
    const trusted = JSON.stringify(fields.accessTokenTrustedIps);
    const text = [
      header,
      '/* a block comment before the object */ {',
      `  "tenantId": ${JSON.stringify(fields.tenantId)}, // why this tenant`,
      `  "resource": ${JSON.stringify(fields.resource)},`,
      '  /* "accessTokenTTL": 1, commented out: not sent */',
      `  "accessTokenTrustedIps": ${trusted.replace('[', '[ // one per line\n')},`,
      `  "accessTokenNumUsesLimit": 7, // "a // inside a comment", and a trailing comma`,
      '}',
      '// a comment after the object',
      '',
    ].join('\n');
    // With text after the end, VS Code's JSON support reports that: once it has, it has also
    // seen the comments, and must not have called them errors.
    await setText(editor, `${text}garbage`);
    const seen = await waitFor('VS Code’s JSON support to check the text', () => {
      const all = vscode.languages.getDiagnostics(t.uri).filter((d) => d.source !== 'Infisical');
      return all.some((d) => editor.document.getText(d.range).includes('garbage')) ? all : undefined;
    });
    assert.deepEqual(
      seen.filter((d) => !editor.document.getText(d.range).includes('garbage')).map((d) => d.message),
      [],
      'no diagnostic about the comments or the trailing comma',
    );
    await setText(editor, text);
    await control('DELETE', 'requests');
    assert.equal(await editor.document.save(), true);
    const sent = (await azureAuthRequests(t.identityId)).filter((r) => r.method === 'PATCH');
    assert.deepEqual(
      sent.map((r) => r.body),
      [{ accessTokenNumUsesLimit: 7 }],
    );
  });

  it('a key given twice is refused on the second one, never won silently by the last', async () => {
    const text = doc({}).replace(
      /("accessTokenNumUsesLimit": \d+)/,
      '"accessTokenNumUsesLimit": 1,\n  "accessTokenNumUsesLimit": 2',
    );
    const second = text.lastIndexOf('"accessTokenNumUsesLimit"');
    await refused({
      what: 'duplicate key',
      text,
      message: /^"accessTokenNumUsesLimit" appears more than once: keep one$/,
      at: (range, d) =>
        d.offsetAt(range.start) === second && d.getText(range) === '"accessTokenNumUsesLimit"',
      refusal: /Not saved: "accessTokenNumUsesLimit" appears more than once: keep one\./,
    });
    await stillSaves();
  });

  it('wrong types name the field and the rule, on the value', async () => {
    const cases: Case[] = [
      {
        what: 'a string for a number',
        text: doc({ accessTokenTTL: '3600' }),
        message: /^accessTokenTTL must be a number, not a string: write 3600 without quotes$/,
        at: '"3600"',
        refusal: /Not saved: fix accessTokenTTL must be a number, not a string/,
      },
      {
        what: 'an object for a list',
        text: doc({ accessTokenTrustedIps: { ipAddress: '10.0.0.0/8' } }),
        message: /^accessTokenTrustedIps must be a list of/,
        at: (range, d) => d.getText(range).startsWith('{') && d.getText(range).includes('10.0.0.0/8'),
        refusal: /Not saved: fix accessTokenTrustedIps must be a list/,
      },
      {
        // A list of strings alone is the workspace file's way, accepted; mixed, it is neither.
        what: 'a bare string and an object in one list',
        text: doc({ accessTokenTrustedIps: ['10.0.0.0/8', { ipAddress: '::/0' }] }),
        message:
          /^accessTokenTrustedIps must be a list of \{ "ipAddress": "…" \}, or of strings such as "10\.0\.0\.0\/8" as a workspace file writes it$/,
        at: (range, d) => d.getText(range).startsWith('[') && d.getText(range).includes('::/0'),
        refusal:
          /Not saved: fix accessTokenTrustedIps must be a list of \{ "ipAddress": "…" \}, or of strings/,
      },
      {
        what: 'null',
        text: doc({ accessTokenMaxTTL: null }),
        message: /^accessTokenMaxTTL must be a number, not null$/,
        at: 'null',
        refusal: /Not saved: fix accessTokenMaxTTL must be a number, not null/,
      },
      {
        what: 'a list for the document',
        text: `${header}\n[${JSON.stringify(fields)}]\n`,
        message: /^The document must be an object \{ … \}, not a list$/,
        at: (range, d) => d.getText(range).startsWith('[{'),
        refusal: /The document must be an object/,
      },
    ];
    for (const c of cases) await refused(c);
    await stillSaves();
  });

  it('numbers that would not arrive as written are refused, on the number', async () => {
    const cases: [string, RegExp][] = [
      [
        '1e400',
        /^accessTokenNumUsesLimit: 1e400 is too large for a number \(it would be read as Infinity\)$/,
      ],
      [
        '9007199254740993',
        /^accessTokenNumUsesLimit: 9007199254740993 is beyond 9007199254740991, the largest whole number JSON holds exactly \(it would be read as 9007199254740992\)$/,
      ],
      ['-0', /^accessTokenNumUsesLimit: -0 would be sent as 0: write 0$/],
      ['1e-400', /^accessTokenNumUsesLimit: 1e-400 is too small for a number \(it would be read as 0\)$/],
    ];
    for (const [literal, message] of cases) {
      const d = await refused({
        what: literal,
        text: doc({ accessTokenNumUsesLimit: '@@raw@@' }, literal),
        message,
        at: literal,
        refusal: new RegExp(`Not saved: accessTokenNumUsesLimit: ${literal.replace(/[.+]/g, '\\$&')} `),
      });
      const same = vscode.languages
        .getDiagnostics(t.uri)
        .filter((x) => x.source === 'Infisical' && x.range.isEqual(d.range));
      assert.equal(same.length, 1, `${literal} is explained once, not again as a type error`);
    }
    await stillSaves();
  });

  it('unicode: invisible characters are refused and shown; visible unicode is kept exactly', async () => {
    const cases: Case[] = [
      {
        what: 'a right-to-left mark in a value',
        text: doc({ resource: 'https://vault.azure.net/\u200f' }),
        message:
          /^resource has a character that cannot be seen at position 25 \(U\+200F, a right-to-left mark\): remove it$/,
        at: '"https://vault.azure.net/\u200f"',
        refusal: /Not saved: fix resource has a character that cannot be seen/,
      },
      {
        what: 'a NUL escape',
        text: doc({ resource: '@@raw@@' }, '"https://vault\\u0000.azure.net/"'),
        message: /^resource has a character that cannot be seen at position 14 \(U\+0000, a NUL character\)/,
        at: '"https://vault\\u0000.azure.net/"',
        refusal: /U\+0000/,
      },
      {
        what: 'a lone surrogate escape',
        text: doc({ resource: '@@raw@@' }, '"https://vault.azure.net/\\ud83d"'),
        message: /\(U\+D83D, an unpaired surrogate, not a character\)/,
        at: '"https://vault.azure.net/\\ud83d"',
        refusal: /U\+D83D/,
      },
      {
        what: 'an emoji where a GUID belongs',
        text: doc({ tenantId: '🔥🔥' }),
        message: /^tenantId must be a GUID like 00000000-0000-0000-0000-000000000000$/,
        at: '"🔥🔥"',
        refusal: /tenantId must be a GUID/,
      },
      {
        what: 'a right-to-left mark in a field name',
        text: doc({}).replace('"resource"', '"resource\u200f"'),
        message:
          /^"resource\\u200F" is not a field Infisical accepts here \(its name holds a character that cannot be seen\)$/,
        at: '"resource\u200f"',
        refusal: /resource\\u200F/,
      },
    ];
    for (const c of cases) await refused(c);
    // Visible unicode is data: an emoji audience is saved and stored byte for byte.
    await setText(editor, doc({ resource: 'api://🔥-שלום' }));
    await control('DELETE', 'requests');
    assert.equal(await editor.document.save(), true);
    assert.equal((await storedAzureAuth(t.identityId)).resource, 'api://🔥-שלום');
    fields = { ...fields, resource: 'api://🔥-שלום' };
    await stillSaves();
  });

  it('a 1 MB document is refused quickly, on what made it large, and the editor stays usable', async () => {
    const entries = Array.from(
      { length: 26_000 },
      (_, i) => `    { "ipAddress": "10.${(i >> 8) & 255}.${i & 255}.0/24" }`,
    );
    const big = doc({ accessTokenTrustedIps: '@@raw@@' }, `[\n${entries.join(',\n')}\n  ]`);
    assert.ok(big.length > 1_000_000, `${big.length} characters`);
    const started = Date.now();
    await refused({
      what: '1 MB of list entries',
      text: big,
      message: /^The document is \d+ KB; a document of one resource is at most 256 KB/,
      at: '"accessTokenTrustedIps"',
      refusal: /Not saved: The document is \d+ KB/,
    });
    const padded = doc({ accessTokenNumUsesLimit: 3 }).replace('{', `{${' '.repeat(1_000_000)}`);
    await refused({
      what: '1 MB of whitespace',
      text: padded,
      message: /^The document is \d+ KB/,
      at: (range, d) => d.offsetAt(range.start) === padded.indexOf('{') && d.getText(range) === '{',
      refusal: /Not saved: The document is \d+ KB/,
    });
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 30, `both refusals took ${seconds} s`);
    await stillSaves();
  });
});

describe('Server answers with unexpected fields, nulls and unknown values', () => {
  let a: Api;
  signedInBeforeEach((api) => {
    a = api;
  });

  const ORG = 'b3c1f1e2-0000-4000-8000-00000000c0de';
  const odd = {
    id: '11111111-1111-4111-8111-111111111111',
    name: 'azure-from-the-future',
    app: 'azure-client-secrets',
    method: 'managed-identity',
    description: null,
    version: null,
    orgId: null,
    projectId: null,
    project: null,
    createdAt: null,
    updatedAt: 'not a date',
    credentials: null,
    isPlatformManagedCredentials: null,
    gatewayId: null,
    isAutoRotationEnabled: true,
    rotation: {
      rotationInterval: null,
      rotateAtUtc: null,
      rotationStatus: 'paused',
      nextRotationAt: 'whenever',
      lastRotationMessage: null,
      somethingNew: { nested: [1, 2, 3] },
    },
    futureField: ['x'],
  };
  const unknownApp = {
    id: '22222222-2222-4222-8222-222222222222',
    name: 'quantum',
    app: 'quantum-vault',
    method: 'teleport',
    orgId: ORG,
    project: { id: 'p-1', name: null, slug: null, type: 'time-travel' },
  };
  const plain = {
    id: '33333333-3333-4333-8333-333333333333',
    name: 'azure-plain',
    app: 'azure-client-secrets',
    method: 'client-secret',
    description: '<b>bold</b> [link](command:workbench.action.quit) \u202eevil',
    orgId: ORG,
    rotation: null,
  };

  it('the App Connections tree shows what it can read, flags what it cannot, and VS Code renders it', async () => {
    await control('POST', 'faults', {
      method: 'GET',
      path: '/api/v1/app-connections',
      status: 200,
      body: {
        appConnections: [odd, { id: null, name: 42 }, unknownApp, 'not an object', plain],
        nextCursor: null,
        meta: { apiVersion: 99 },
      },
    });
    a.trees.connections.reset();
    await vscode.commands.executeCommand('workbench.view.extension.infisical');
    const nodes = ((await a.trees.connections.getChildren()) ?? []) as AnyNode[];
    assert.deepEqual(
      nodes.map((n) => [n.type, String(n.label)]),
      [
        ['group', 'Azure Client Secrets'],
        ['group', 'Quantum Vault'],
        ['message', '2 app connections could not be read'],
        ['projects', 'Projects'],
      ],
    );
    assert.match(String(nodes[2]?.tooltip), /#2: id: .*\n#4: /);
    const azure = (nodes[0] as AppGroupNode).connections;
    assert.deepEqual(
      azure.map((n) => [n.connection.name, n.contextValue]),
      [
        ['azure-from-the-future', 'connection readonly'],
        ['azure-plain', 'connection editable'],
      ],
    );
    const future = azure[0];
    assert.ok(future);
    assert.equal(
      future.command?.command,
      'infisical.viewConnectionJson',
      'an unknown method is not edited blindly',
    );
    assert.match(String(future.description), /managed-identity/);
    assert.match((future.tooltip as vscode.MarkdownString).value, /paused/);
    const plainTip = (azure[1]?.tooltip as vscode.MarkdownString | undefined)?.value ?? '';
    assert.ok(plainTip.includes('bold') && !plainTip.includes('<b>'), plainTip);
    // VS Code itself takes every node: revealing one fails if the tree could not render it.
    for (const node of [...azure, ...((nodes[1] as AppGroupNode).connections ?? [])])
      await vscode.commands.executeCommand('infisical.revealConnection', node);
    // The next load, without the fault, is the organization's real data again.
    await control('DELETE', 'faults');
    await vscode.commands.executeCommand('infisical.refreshConnections');
    const real = ((await a.trees.connections.getChildren()) ?? []) as AnyNode[];
    assert.ok(real.length >= 4 && real.slice(0, -1).every((n) => n.type === 'group'));
    assert.equal(real.at(-1)?.type, 'projects');
  });

  it('the Machine Identities tree shows unknown auth methods, survives nulls, and pages on', async () => {
    const path = `/api/v2/organizations/${DEMO.orgId}/identity-memberships`;
    await control('POST', 'faults', {
      method: 'GET',
      path,
      times: 1,
      status: 200,
      body: {
        identityMemberships: [
          {
            id: null,
            role: null,
            orgId: null,
            createdAt: null,
            identity: {
              id: 'id-future',
              name: 'future-bot \u202e',
              orgId: null,
              authMethods: ['azure-auth', 'quantum-auth', null, 7],
              hasDeleteProtection: null,
              somethingNew: {},
            },
            roleDetails: { name: 'x' },
          },
          { identity: null },
          { identity: { id: 'id-none', name: 'no-methods', authMethods: null } },
          42,
        ],
        totalCount: null,
        extra: true,
      },
    });
    a.trees.identities.reset();
    await vscode.commands.executeCommand('workbench.view.extension.infisical');
    const nodes = (await a.trees.identities.getChildren()) as AnyNode[];
    assert.deepEqual(
      nodes.map((n) => [n.type, String(n.label)]),
      [
        ['identity', 'future-bot \u202e'],
        ['identity', 'no-methods'],
        ['message', '2 machine identities could not be read'],
      ],
      'a short page without a total is the last page: no "Load more"',
    );
    const methods = (await a.trees.identities.getChildren(nodes[0] as IdentityNode)) as AnyNode[];
    assert.deepEqual(
      methods.map((m) => [String(m.label), m.contextValue]),
      [
        ['Azure Auth', 'authMethod azureAuth'],
        ['Quantum Auth', 'authMethod other'],
      ],
    );
    assert.equal((nodes[1] as IdentityNode).description, 'no auth methods');
    // A refresh brings the real first page back, with its total.
    await vscode.commands.executeCommand('infisical.refreshIdentities');
    const real = (await a.trees.identities.getChildren()) as AnyNode[];
    assert.ok(real.filter((n) => n.type === 'identity').length > 3);
    assert.ok(real.every((n) => n.type !== 'message'));
  });
});
