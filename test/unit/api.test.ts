import assert from 'node:assert/strict';
import * as z from 'zod';
import { createInfisicalApi, type InfisicalApi } from '../../src/core/api';
import { InfisicalError } from '../../src/core/api/errors';
import { buildAzureAuthPatch } from '../../src/core/edit/azureAuthPatch';
import { buildConnectionPatch, toConnectionEdit } from '../../src/core/edit/connectionPatch';
import type { AppConnection } from '../../src/core/schemas/appConnection';
import { type Sandbox, startSandbox } from '../sandbox/server';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '8d2b1c6e-0d5b-4a63-9a3e-4c7f6e1a2b3c';

async function rejection(p: Promise<unknown>): Promise<InfisicalError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  assert.ok(InfisicalError.is(e), `expected an InfisicalError, got ${String(e)}`);
  return e;
}

describe('Infisical endpoints against the sandbox', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let api: InfisicalApi;
  let token: string | undefined;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    token = sandbox.demo.staticToken;
    api = createInfisicalApi({ baseUrl: sandbox.url, getToken: () => token, retry: { baseDelayMs: 1 } });
  });

  const azureByMethod = async (method: string, extra: (c: AppConnection) => boolean = () => true) => {
    const found = (await api.connections.listAzureClientSecrets()).find(
      (c) => c.method === method && extra(c),
    );
    assert.ok(found, `the demo data has an azure ${method} connection`);
    return found;
  };

  describe('app connections', () => {
    it('lists every app, sorted by name, organization level by default', async () => {
      const all = await api.connections.listAll();
      assert.ok(new Set(all.map((c) => c.app)).size >= 4);
      const names = all.map((c) => c.name);
      assert.deepEqual(
        names,
        [...names].sort((a, b) => a.localeCompare(b)),
      );
      assert.ok(all.every((c) => !c.projectId));
    });

    it('lists a project’s connections with projectId', async () => {
      const project = sandbox.state.connections.find((c) => c.projectId)?.projectId;
      assert.ok(project);
      const scoped = await api.connections.listAll({ projectId: project });
      assert.ok(scoped.length > 0 && scoped.every((c) => c.projectId === project));
      assert.ok(scoped.some((c) => c.project?.name));
    });

    it('lists the projects, sorted by name, filtered by type on request', async () => {
      const projects = await api.projects.list();
      const names = projects.map((p) => p.name);
      assert.deepEqual(
        names,
        [...names].sort((a, b) => a.localeCompare(b)),
      );
      assert.ok(
        projects.some((p) => p.type === 'cert-manager') && projects.some((p) => p.slug === 'archive'),
      );
      const certs = await api.projects.list({ type: 'cert-manager' });
      assert.deepEqual(
        certs.map((p) => p.slug),
        ['edge-certificates'],
      );
      const edge = await api.connections.listAll({ projectId: certs[0]?.id });
      assert.deepEqual(
        edge.map((c) => [c.name, c.projectId]),
        [['edge-acme-entra', certs[0]?.id]],
      );
      const e = await rejection(api.projects.list({ type: 'spreadsheets' }));
      assert.equal(e.status, 422);
    });

    it('sets aside a project it cannot read and keeps the others', async () => {
      sandbox.faults.add({
        method: 'GET',
        path: '/api/v1/projects',
        status: 200,
        body: { projects: [{ id: 'p1', name: 'Kept', futureField: { x: 1 } }, { id: 7 }, 'nonsense'] },
      });
      const seen: number[] = [];
      const projects = await api.projects.list({
        onUnreadable: (items) => seen.push(...items.map((u) => u.index)),
      });
      assert.deepEqual(
        projects.map((p) => p.name),
        ['Kept'],
      );
      assert.deepEqual(seen, [1, 2]);
    });

    it('lists only azure-client-secrets, gets one by id and by name', async () => {
      const azure = await api.connections.listAzureClientSecrets();
      assert.ok(azure.length >= 3 && azure.every((c) => c.app === 'azure-client-secrets'));
      assert.deepEqual(
        new Set(azure.map((c) => c.method)),
        new Set(['oauth', 'client-secret', 'certificate']),
      );
      const first = azure[0];
      assert.ok(first);
      assert.equal((await api.connections.getAzureClientSecrets(first.id)).name, first.name);
      assert.equal((await api.connections.getAzureClientSecretsByName(first.name)).id, first.id);
    });

    it('answers 404 for an unknown id or name and 400 for another app’s id', async () => {
      const missing = await rejection(
        api.connections.getAzureClientSecrets('00000000-0000-4000-8000-000000000000'),
      );
      assert.equal(missing.status, 404);
      assert.match(missing.message, /refresh the view/);
      const byName = await rejection(api.connections.getAzureClientSecretsByName('no-such-connection'));
      assert.equal(byName.status, 404);
      const other = (await api.connections.listAll()).find((c) => c.app !== 'azure-client-secrets');
      assert.ok(other);
      assert.equal((await rejection(api.connections.getAzureClientSecrets(other.id))).status, 400);
    });

    it('lists the connection options', async () => {
      const options = await api.connections.options();
      const azure = options.find((o) => o.app === 'azure-client-secrets');
      assert.deepEqual(new Set(azure?.methods), new Set(['oauth', 'client-secret', 'certificate']));
    });

    it('PATCHes what the patch builder makes, and the server agrees', async () => {
      const conn = await azureByMethod('client-secret');
      const built = buildConnectionPatch(conn, {
        ...toConnectionEdit(conn),
        name: ' renamed-by-test ',
        description: 'New text',
      });
      assert.ok(built.ok);
      const updated = await api.connections.updateAzureClientSecrets(conn.id, built.body);
      assert.equal(updated.name, 'renamed-by-test');
      assert.equal(updated.description, 'New text');
      const sent = sandbox.requests.at(-1);
      assert.deepEqual(sent?.body, { name: 'renamed-by-test', description: 'New text' });
    });

    it('replaces credentials with trimmed values, and the answer never carries the secret', async () => {
      const conn = await azureByMethod('client-secret');
      const edit = toConnectionEdit(conn);
      const built = buildConnectionPatch(conn, {
        ...edit,
        credentials: {
          ...edit.credentials,
          tenantId: ` ${TENANT} `,
          clientId: CLIENT,
          clientSecret: ' brand-new-secret ',
        },
      });
      assert.ok(built.ok);
      const updated = await api.connections.updateAzureClientSecrets(conn.id, built.body);
      assert.equal(updated.credentials?.tenantId, TENANT);
      assert.ok(!JSON.stringify(updated).includes('brand-new-secret'));
      assert.equal(
        (sandbox.requests.at(-1)?.body as { credentials?: { clientSecret?: string } } | undefined)
          ?.credentials?.clientSecret,
        'brand-new-secret',
      );
    });

    it('explains a name conflict, a refused Azure check and a method mismatch', async () => {
      const [a, b] = (await api.connections.listAzureClientSecrets()).filter((c) => !c.projectId);
      assert.ok(a && b);
      const conflict = await rejection(api.connections.updateAzureClientSecrets(a.id, { name: b.name }));
      assert.equal(conflict.status, 400);
      assert.match(conflict.message, /already exists/);
      const cs = await azureByMethod('client-secret');
      const refused = await rejection(
        api.connections.updateAzureClientSecrets(cs.id, {
          credentials: { tenantId: TENANT, clientId: CLIENT, clientSecret: 'invalid-secret' },
        }),
      );
      assert.match(refused.message, /Failed to get access token/);
      assert.ok(!refused.message.includes('invalid-secret'), 'the secret is redacted from the message');
      const cert = await azureByMethod('certificate');
      const mismatch = await rejection(
        api.connections.updateAzureClientSecrets(cert.id, {
          credentials: { tenantId: TENANT, clientId: CLIENT, clientSecret: 'x' },
        } as never),
      );
      assert.equal(mismatch.status, 400);
      assert.match(mismatch.message, /Invalid credential format/);
    });

    it('rotates a connection with rotation, and 404s one without', async () => {
      const rotatable = await azureByMethod(
        'client-secret',
        (c) => !!c.rotation && c.isAutoRotationEnabled === true,
      );
      await api.connections.rotateAzureClientSecrets(rotatable.id);
      assert.equal(sandbox.requests.at(-1)?.status, 200);
      const plain = await azureByMethod('certificate');
      assert.equal((await rejection(api.connections.rotateAzureClientSecrets(plain.id))).status, 404);
    });

    it('forbids writes to a read-only identity with a permission message', async () => {
      const login = await api.auth.universalAuthLogin(sandbox.demo.readOnly);
      token = login.accessToken;
      const conn = await azureByMethod('client-secret');
      const denied = await rejection(
        api.connections.updateAzureClientSecrets(conn.id, { description: 'nope' }),
      );
      assert.equal(denied.status, 403);
      assert.match(denied.message, /Permission denied \(403\).*lacks this permission/);
    });
  });

  describe('machine identities', () => {
    it('pages with limit and offset, and reports the total', async () => {
      const first = await api.identities.listPage(sandbox.demo.orgId, { limit: 10 });
      const second = await api.identities.listPage(sandbox.demo.orgId, { limit: 10, offset: 10 });
      assert.equal(first.identityMemberships.length, 10);
      assert.ok((first.totalCount ?? 0) >= 50);
      const ids = new Set(
        [...first.identityMemberships, ...second.identityMemberships].map((m) => m.identity.id),
      );
      assert.equal(ids.size, 20, 'pages do not overlap');
      const q = sandbox.requests.at(-1)?.query;
      assert.deepEqual(
        { offset: q?.offset, limit: q?.limit, orderBy: q?.orderBy },
        { offset: '10', limit: '10', orderBy: 'name' },
      );
    });

    it('searches on the server, and gets one identity', async () => {
      const page = await api.identities.listPage(sandbox.demo.orgId, { limit: 100 });
      const target = page.identityMemberships[3]?.identity;
      assert.ok(target);
      const found = await api.identities.listPage(sandbox.demo.orgId, {
        search: `  ${target.name.slice(0, 8)}  `,
      });
      assert.ok(found.identityMemberships.some((m) => m.identity.id === target.id));
      assert.equal(sandbox.requests.at(-1)?.query.search, target.name.slice(0, 8), 'search is trimmed');
      const one = await api.identities.get(target.id);
      assert.equal(one.identity.name, target.name);
    });
  });

  describe('Azure Auth', () => {
    const withAzure = () =>
      sandbox.state.azureAuths[0]?.identityId ?? assert.fail('demo data has Azure Auth');
    const withoutAzure = () =>
      sandbox.state.identities.find(
        (i) => i.orgId === sandbox.demo.orgId && !i.authMethods.includes('azure-auth'),
      )?.id ?? assert.fail('demo data has an identity without Azure Auth');

    it('gets, and says when it is not attached', async () => {
      const auth = await api.azureAuth.get(withAzure());
      assert.ok(auth.tenantId && auth.accessTokenTTL >= 0);
      const missing = await rejection(api.azureAuth.get(withoutAzure()));
      assert.equal(missing.status, 400);
      assert.match(missing.message, /does not have Azure Auth attached/);
    });

    it('attaches with the contract’s defaults, refuses a second attach, revokes', async () => {
      const id = withoutAzure();
      const attached = await api.azureAuth.attach(id, {
        tenantId: TENANT,
        resource: 'https://management.azure.com/',
      });
      assert.equal(attached.accessTokenTTL, 2_592_000);
      assert.deepEqual(
        attached.accessTokenTrustedIps?.map((i) => i.ipAddress),
        ['0.0.0.0', '::'],
      );
      const again = await rejection(api.azureAuth.attach(id, { tenantId: TENANT, resource: 'x' }));
      assert.equal(again.status, 400);
      await api.azureAuth.revoke(id);
      assert.equal((await rejection(api.azureAuth.get(id))).status, 400);
    });

    it('survives the TTL quirk because the builder sends TTL and MaxTTL together', async () => {
      const id = withAzure();
      const before = await api.azureAuth.get(id);
      const lowered = Math.max(before.accessTokenTTL, 60);
      // The quirk, raw: MaxTTL alone is compared with the stored MaxTTL.
      if (before.accessTokenMaxTTL > lowered) {
        const raw = await rejection(
          api.client.request({
            method: 'PATCH',
            path: `/api/v1/auth/azure-auth/identities/${id}`,
            body: { accessTokenMaxTTL: lowered },
            schema: z.unknown(),
          }),
        );
        assert.equal(raw.status, 400);
      }
      const built = buildAzureAuthPatch(before, { accessTokenMaxTTL: lowered });
      assert.ok(built.ok);
      const after = await api.azureAuth.update(id, built.body);
      assert.equal(after.accessTokenMaxTTL, lowered);
      assert.deepEqual(Object.keys(sandbox.requests.at(-1)?.body as object).sort(), [
        'accessTokenMaxTTL',
        'accessTokenTTL',
      ]);
    });

    it('stores trusted IPs as ip/type/prefix', async () => {
      const id = withAzure();
      const after = await api.azureAuth.update(id, {
        accessTokenTrustedIps: [{ ipAddress: '10.1.0.0/16' }, { ipAddress: '2001:db8::1' }],
      });
      assert.deepEqual(
        after.accessTokenTrustedIps?.map((i) => [i.ipAddress, i.type, i.prefix ?? null]),
        [
          ['10.1.0.0', 'ipv4', 16],
          ['2001:db8::1', 'ipv6', null],
        ],
      );
    });

    it('says "Failed to update Azure Auth" when not attached', async () => {
      const err = await rejection(api.azureAuth.update(withoutAzure(), { resource: 'https://x/' }));
      assert.equal(err.status, 400);
      assert.match(err.message, /Failed to update Azure Auth/);
    });
  });

  describe('sign-in', () => {
    it('logs in, renews, revokes', async () => {
      const login = await api.auth.universalAuthLogin({
        clientId: sandbox.demo.clientId,
        clientSecret: sandbox.demo.clientSecret,
      });
      assert.equal(login.tokenType, 'Bearer');
      assert.ok(login.expiresIn > 0);
      const renewed = await api.auth.renew(login.accessToken);
      assert.ok(renewed.accessToken);
      token = renewed.accessToken;
      assert.equal((await api.auth.identityOrganization()).id, sandbox.demo.orgId);
      await api.auth.revoke(renewed.accessToken);
      assert.equal((await rejection(api.auth.identityOrganization())).status, 401);
    });

    it('names a wrong client secret without repeating it', async () => {
      const err = await rejection(
        api.auth.universalAuthLogin({ clientId: sandbox.demo.clientId, clientSecret: 'wrong-secret-123' }),
      );
      assert.equal(err.status, 401);
      assert.ok(!err.message.includes('wrong-secret-123'));
      assert.equal(sandbox.requests.at(-1)?.tokenKind, 'none', 'login sends no bearer token');
    });

    it('finds the organizations of a user token', async () => {
      token = sandbox.demo.userToken;
      const orgs = await api.auth.userOrganizations();
      assert.deepEqual(
        new Set(orgs.map((o) => o.id)),
        new Set([sandbox.demo.orgId, sandbox.demo.second.orgId]),
      );
      token = sandbox.demo.staticToken;
      assert.equal((await rejection(api.auth.userOrganizations())).status, 403);
    });
  });
});
