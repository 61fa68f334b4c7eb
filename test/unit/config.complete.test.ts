import assert from 'node:assert/strict';
import {
  type CompletionTarget,
  completionTarget,
  referenceAt,
  referenceHover,
  serverCandidates,
} from '../../src/core/config';
import { useSandboxApi } from './sandboxApi';

/** A file with `|` where the cursor is: the text without it, and the cursor's offset. */
function at(withCursor: string): { text: string; offset: number } {
  const offset = withCursor.indexOf('|');
  assert.ok(offset >= 0, 'the text marks the cursor with |');
  return { text: withCursor.slice(0, offset) + withCursor.slice(offset + 1), offset };
}

const HEAD =
  '{\n  "site": "https://eu.infisical.com",\n  "organization": { "id": "org-1", "name": "Contoso" },\n';

describe('completionTarget: which server value the cursor is on', () => {
  it('inside an identity name: the typed prefix, the string contents to replace, the entry and the file', () => {
    const { text, offset } = at(
      `${HEAD}  "identities": [\n    { "name": "aks-prod", "azureAuth": {} },\n    { "name": "fun|ctions", "id": "11111111-1111-1111-1111-111111111111", "azureAuth": {} }\n  ]\n}`,
    );
    const t = completionTarget(text, offset);
    assert.ok(t);
    assert.equal(t.section, 'identities');
    assert.equal(t.field, 'name');
    assert.equal(t.index, 1);
    assert.equal(t.quoted, true);
    assert.equal(t.typed, 'fun');
    assert.equal(text.slice(t.replace.offset, t.replace.offset + t.replace.length), 'functions');
    assert.deepEqual(t.entry, {
      name: undefined,
      id: '11111111-1111-1111-1111-111111111111',
      project: undefined,
    });
    assert.deepEqual(
      [...t.declared.names],
      ['aks-prod'],
      'the entry being edited is not "declared elsewhere"',
    );
    assert.equal(t.site, 'https://eu.infisical.com');
    assert.equal(t.orgId, 'org-1');
  });

  it('after the colon with no value yet: an empty range and the quotes to write', () => {
    const { text, offset } = at(`${HEAD}  "connections": [\n    { "name": |\n  ]\n}`);
    const t = completionTarget(text, offset);
    assert.ok(t);
    assert.deepEqual([t.section, t.field, t.quoted, t.typed], ['connections', 'name', false, '']);
    assert.deepEqual(t.replace, { offset, length: 0 });
  });

  it('an unterminated string (the quote just typed, no closing one): contents up to the end of the token', () => {
    const { text, offset } = at(`${HEAD}  "connections": [\n    { "project": "pay|\n  ]\n}`);
    const t = completionTarget(text, offset);
    assert.ok(t);
    assert.equal(t.field, 'project');
    assert.equal(t.typed, 'pay');
  });

  it("a connection's id reads the entry's name and project; the other ids declared are lower-cased", () => {
    const { text, offset } = at(
      `${HEAD}  "connections": [\n    { "name": "x", "id": "AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA" },\n    { "name": "prod-entra-graph", "project": "payments-api", "id": "|" }\n  ]\n}`,
    );
    const t = completionTarget(text, offset);
    assert.ok(t);
    assert.equal(t.field, 'id');
    assert.deepEqual(t.entry, { name: 'prod-entra-graph', id: undefined, project: 'payments-api' });
    assert.deepEqual([...t.declared.ids], ['aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa']);
  });

  const none: [string, string][] = [
    ['a property key', `${HEAD}  "identities": [ { "na|me": "x" } ]\n}`],
    [
      'an Azure Auth field',
      `${HEAD}  "identities": [ { "name": "x", "azureAuth": { "tenantId": "|" } } ]\n}`,
    ],
    ['a number value', `${HEAD}  "identities": [ { "name": 1|2 } ]\n}`],
    ['a field completion does not know', `${HEAD}  "connections": [ { "description": "|" } ]\n}`],
    ['an identity has no project', `${HEAD}  "identities": [ { "project": "|" } ]\n}`],
    ['the organization id', `{ "organization": { "id": "|" } }`],
    ['after a value, before the comma', `${HEAD}  "identities": [ { "name": "x" |, "id": "y" } ]\n}`],
  ];
  for (const [what, file] of none)
    it(`nothing on ${what}`, () => {
      const { text, offset } = at(file);
      assert.equal(completionTarget(text, offset), undefined);
    });
});

describe('serverCandidates against the sandbox', function () {
  this.timeout(20_000);
  const env = useSandboxApi();

  const orgId = () => env.sandbox.demo.orgId;
  const target = (
    t: Partial<CompletionTarget> & Pick<CompletionTarget, 'section' | 'field'>,
  ): CompletionTarget => ({
    index: 0,
    replace: { offset: 0, length: 0 },
    quoted: true,
    typed: '',
    entry: {},
    declared: { names: new Set(), ids: new Set() },
    ...t,
  });
  const gets = () => env.sandbox.requests.filter((r) => r.method === 'GET');

  it('identity names: one search page for what is typed, Azure Auth ones preferred, declared ones marked', async () => {
    const result = await serverCandidates(
      target({
        section: 'identities',
        field: 'name',
        typed: 'a',
        declared: { names: new Set(['aks-prod-workload']), ids: new Set() },
      }),
      { api: env.api, orgId: orgId() },
    );
    const expected = env.sandbox.state.identities.filter(
      (i) => i.orgId === orgId() && i.name.toLowerCase().includes('a'),
    );
    assert.deepEqual(result.items.map((c) => c.value).sort(), expected.map((i) => i.name).sort());
    for (const c of result.items) {
      const azure = env.sandbox.state.identities
        .find((i) => i.id === c.id)
        ?.authMethods.includes('azure-auth');
      assert.equal(c.preferred, azure, c.value);
      assert.match(
        c.detail,
        azure ? /^identity with Azure Auth$/ : /without Azure Auth \(a plan offers to attach it\)/,
      );
    }
    assert.equal(result.items.find((c) => c.value === 'aks-prod-workload')?.declared, true);
    assert.equal(result.items.filter((c) => c.declared).length, 1);
    assert.equal(result.incomplete, false);
    const [request, ...rest] = gets();
    assert.deepEqual(rest, [], 'one request');
    assert.match(request?.path ?? '', /\/identity-memberships$/);
    assert.equal(request?.query.search, 'a');
  });

  it('more matches than one page: incomplete, so VS Code asks again as more is typed', async () => {
    const result = await serverCandidates(target({ section: 'identities', field: 'name', typed: '' }), {
      api: env.api,
      orgId: orgId(),
      limit: 3,
    });
    assert.equal(result.items.length, 3);
    assert.equal(result.incomplete, true);
  });

  it("identity ids: searched by the entry's name; the one named so comes first", async () => {
    const result = await serverCandidates(
      target({ section: 'identities', field: 'id', entry: { name: 'functions-billing' } }),
      { api: env.api, orgId: orgId() },
    );
    const wanted = env.sandbox.state.identities.find(
      (i) => i.name === 'functions-billing' && i.orgId === orgId(),
    );
    assert.ok(wanted);
    const match = result.items.filter((c) => c.matchesEntry);
    assert.deepEqual(
      match.map((c) => [c.value, c.detail]),
      [[wanted.id, 'functions-billing · identity with Azure Auth']],
    );
    assert.equal(gets()[0]?.query.search, 'functions-billing');
  });

  it('connection names: Azure Client Secrets connections of the organization only, with method and scope', async () => {
    const result = await serverCandidates(target({ section: 'connections', field: 'name' }), {
      api: env.api,
      orgId: orgId(),
    });
    const expected = env.sandbox.state.connections.filter(
      (c) => c.orgId === orgId() && !c.projectId && c.app === 'azure-client-secrets',
    );
    assert.ok(expected.length > 3);
    assert.deepEqual(result.items.map((c) => c.id).sort(), expected.map((c) => c.id).sort());
    const prod = result.items.find((c) => c.value === 'prod-entra-graph');
    assert.equal(prod?.detail, 'Azure Client Secrets connection (client-secret) · organization');
    assert.ok(
      !result.items.some((c) => c.value === 'kv-prod-westeurope'),
      'not an Azure Key Vault connection',
    );
  });

  it("a project-scoped entry: that project's connections, found by slug, name or id", async () => {
    const project = env.sandbox.state.projects.find((p) => p.slug === 'data-platform-eu');
    assert.ok(project);
    const { id, name, slug } = project;
    const expected: string[] = env.sandbox.state.connections
      .filter((c) => c.projectId === id && c.app === 'azure-client-secrets')
      .map((c) => c.id)
      .sort();
    assert.ok(expected.length >= 2);
    for (const ref of [slug, name, id]) {
      const result = await serverCandidates(
        target({ section: 'connections', field: 'name', entry: { project: ref } }),
        { api: env.api, orgId: orgId() },
      );
      assert.deepEqual(result.items.map((c) => c.id).sort(), expected, ref);
      assert.ok(
        result.items.every((c) => c.detail.endsWith(`· project ${name}`)),
        ref,
      );
    }
  });

  it('an unknown project: nothing, and a note that says so', async () => {
    const result = await serverCandidates(
      target({ section: 'connections', field: 'name', entry: { project: 'no-such-project' } }),
      { api: env.api, orgId: orgId() },
    );
    assert.deepEqual(result.items, []);
    assert.equal(result.note, 'no project "no-such-project" is visible to these credentials');
  });

  it('projects: slugs, with names beside them', async () => {
    const result = await serverCandidates(target({ section: 'connections', field: 'project' }), {
      api: env.api,
      orgId: orgId(),
    });
    const payments = result.items.find((c) => c.value === 'payments-api');
    assert.equal(payments?.detail, 'Payments API');
    assert.ok(result.items.length >= 5);
  });

  it('a server error reaches the caller as the client words it', async () => {
    env.sandbox.faults.add({ method: 'GET', path: '/api/v2/organizations/*', status: 403, times: 1 });
    await assert.rejects(
      serverCandidates(target({ section: 'identities', field: 'name' }), { api: env.api, orgId: orgId() }),
      /403|permission/i,
    );
  });
});

describe('referenceAt and referenceHover: a secret reference in a workspace file', () => {
  const FILE = `${HEAD}  "connections": [
    { "name": "prod-entra-graph", "credentials": { "clientId": "x", "clientSecret": { "env": "PROD_SECRET" } } },
    { "credentials": { "privateKey": { "env": "" } } }
  ]
}`;

  for (const [where, needle, delta] of [
    ['its value', '"PROD_SECRET"', 3],
    ['its key', '"env": "PROD', 2],
    ['its opening brace', '{ "env": "PROD', 0],
  ] as const)
    it(`found on ${where}: the name, the credential, the connection and the object's range`, () => {
      const ref = referenceAt(FILE, FILE.indexOf(needle) + delta);
      assert.ok(ref);
      assert.deepEqual(
        [ref.name, ref.field, ref.resource],
        ['PROD_SECRET', 'clientSecret', 'prod-entra-graph'],
      );
      assert.equal(FILE.slice(ref.at.offset, ref.at.offset + ref.at.length), '{ "env": "PROD_SECRET" }');
    });

  it('not on other credentials, nor on an empty name', () => {
    assert.equal(referenceAt(FILE, FILE.indexOf('"x"') + 1), undefined);
    assert.equal(referenceAt(FILE, FILE.indexOf('"env": ""') + 8), undefined);
    assert.equal(referenceAt(FILE, FILE.indexOf('"site"') + 2), undefined);
  });

  it('the hover says where the value comes from, in the order plan and apply read it', () => {
    const ref = referenceAt(FILE, FILE.indexOf('"PROD_SECRET"') + 3);
    assert.ok(ref);
    const say = (environment: boolean, stored: boolean) => referenceHover(ref, { environment, stored });
    assert.match(say(true, false), /comes from VS Code's environment .* read first\.\n/);
    assert.match(say(true, true), /the value VS Code's SecretStorage also keeps for it is not used/);
    assert.match(say(false, true), /comes from VS Code's SecretStorage .* Ctrl\+\. replaces or forgets it/);
    assert.match(say(false, false), /Not set here: a plan replacing these credentials asks for it once/);
    for (const text of [say(true, true), say(false, false)]) {
      assert.match(text, /^\*\*`PROD_SECRET`\*\* stands for the clientSecret of "prod-entra-graph"/);
      assert.match(text, /In CI, `infisical-azure` reads the environment variable `PROD_SECRET`\.$/);
    }
  });
});
