import assert from 'node:assert/strict';
import { type Sandbox, startSandbox } from './server';

/**
 * The 2025-06 profile answers as the June 2025 Infisical server did when measured (commit
 * ef4ae958 of its backend; docs/compatibility.md): each difference from the current profile,
 * over raw HTTP, the same request asked of both profiles where both have the route.
 */

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

const SERVERS = ['current', '2025-06'] as const;

describe('sandbox server profiles: current and 2025-06', function () {
  this.timeout(20_000);
  const sandboxes = {} as Record<(typeof SERVERS)[number], Sandbox>;
  before(async () => {
    for (const server of SERVERS) sandboxes[server] = await startSandbox({ port: 0, server });
  });
  after(() => Promise.all(SERVERS.map((s) => sandboxes[s].close())));
  beforeEach(() => {
    for (const s of SERVERS) sandboxes[s].reset();
  });

  const call = async (
    server: (typeof SERVERS)[number],
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Reply> => {
    const sandbox = sandboxes[server];
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${sandbox.demo.staticToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const connections = async (server: (typeof SERVERS)[number], path = '') =>
    (await call(server, 'GET', `/api/v1/app-connections${path}`)).body.appConnections as Record<
      string,
      unknown
    >[];
  const legacy = () => sandboxes['2025-06'];
  const legacyConnection = (app: string) => {
    const found = legacy().state.connections.find((c) => c.app === app && c.orgId === legacy().demo.orgId);
    assert.ok(found, app);
    return found;
  };

  it('says which profile it is', () => {
    assert.equal(sandboxes.current.server, 'current');
    assert.equal(legacy().server, '2025-06');
  });

  it('has no /identities/details: the path falls into /identities/:identityId, a 500 FindByOrgId', async () => {
    assert.equal((await call('current', 'GET', '/api/v1/identities/details')).status, 200);
    const reply = await call('2025-06', 'GET', '/api/v1/identities/details');
    assert.equal(reply.status, 500);
    assert.equal(reply.body.error, 'FindByOrgId');
    assert.equal(reply.body.message, 'Something went wrong');
    assert.equal(typeof reply.body.reqId, 'string');
  });

  it('answers an identity by id with the membership’s orgId, the identity without one, in its schemas’ keys', async () => {
    const id = legacy().state.identities.find((i) => i.orgId === legacy().demo.orgId)?.id;
    const reply = await call('2025-06', 'GET', `/api/v1/identities/${id}`);
    assert.equal(reply.status, 200);
    const identity = reply.body.identity as { orgId: string; identity: Record<string, unknown> };
    assert.equal(identity.orgId, legacy().demo.orgId);
    assert.equal(identity.identity.id, id);
    assert.equal('orgId' in identity.identity, false);
    assert.deepEqual(Object.keys(identity.identity).sort(), [
      'authMethods',
      'hasDeleteProtection',
      'id',
      'name',
    ]);
    assert.equal((identity as unknown as { identityId: string }).identityId, id);
    const page = await call(
      '2025-06',
      'GET',
      `/api/v2/organizations/${legacy().demo.orgId}/identity-memberships?limit=5`,
    );
    const memberships = page.body.identityMemberships as { identity: Record<string, unknown> }[];
    assert.ok(memberships.length > 0 && memberships.every((m) => !('orgId' in m.identity)));
    // Its list keeps of an identity only these (identity-org-router.ts, IdentitiesSchema.pick).
    for (const m of memberships) {
      assert.deepEqual(Object.keys(m.identity).sort(), ['authMethods', 'id', 'name']);
      assert.equal('lastLoginTime' in m, false);
    }
  });

  it('has no /projects (Fastify’s 404, no reqId) and lists projects as /workspace { workspaces }', async () => {
    const missing = await call('2025-06', 'GET', '/api/v1/projects');
    assert.deepEqual(missing, {
      status: 404,
      body: { message: 'Route GET:/api/v1/projects not found', error: 'Not Found', statusCode: 404 },
    });
    const current = (await call('current', 'GET', '/api/v1/projects')).body.projects as { id: string }[];
    const workspaces = (await call('2025-06', 'GET', '/api/v1/workspace')).body.workspaces as {
      id: string;
    }[];
    assert.deepEqual(workspaces.map((w) => w.id).sort(), current.map((p) => p.id).sort());
    assert.equal((await call('current', 'GET', '/api/v1/workspace')).status, 404);
  });

  it('refuses a user route to an identity token as its verifyAuth does: the default message, the URL as the error', async () => {
    const reply = await call('2025-06', 'GET', '/api/v1/organization');
    assert.equal(reply.status, 403);
    assert.equal(reply.body.message, 'You are not allowed to access this resource');
    assert.equal(reply.body.error, 'Forbidden access to /api/v1/organization');
  });

  it('has no rotate-credentials route', async () => {
    const c = legacyConnection('azure-client-secrets');
    const path = `/api/v1/app-connections/azure-client-secrets/${c.id}/rotate-credentials`;
    const reply = await call('2025-06', 'POST', path, {});
    assert.deepEqual(reply.body, {
      message: `Route POST:${path} not found`,
      error: 'Not Found',
      statusCode: 404,
    });
  });

  it('carries no projectId, gatewayId or rotation keys, has only oauth, and ignores projectId', async () => {
    const all = await connections('2025-06', '/azure-client-secrets');
    assert.ok(all.length > 0);
    for (const c of all) {
      for (const key of ['projectId', 'project', 'gatewayId', 'isAutoRotationEnabled', 'rotation'])
        assert.equal(key in c, false, `${String(c.name)} has ${key}`);
      assert.equal(c.method, 'oauth');
    }
    assert.ok(
      (await connections('current', '/azure-client-secrets')).every((c) => 'isAutoRotationEnabled' in c),
    );
    const project = legacy().state.projects.find((p) => p.orgId === legacy().demo.orgId)?.id;
    const scoped = await connections('2025-06', `/azure-client-secrets?projectId=${project}`);
    assert.deepEqual(
      scoped.map((c) => c.id),
      all.map((c) => c.id),
    );
    const options = (await call('2025-06', 'GET', '/api/v1/app-connections/options')).body
      .appConnectionOptions as { app: string; methods: string[] }[];
    assert.deepEqual(options.find((o) => o.app === 'azure-client-secrets')?.methods, ['oauth']);
  });

  it('drops unknown PATCH keys with a 200 and keeps version 1; the current profile refuses them', async () => {
    const c = legacyConnection('azure-client-secrets');
    const version = c.version;
    const reply = await call('2025-06', 'PATCH', `/api/v1/app-connections/azure-client-secrets/${c.id}`, {
      description: 'kept',
      isAutoRotationEnabled: true,
      rotation: { rotationInterval: 30, rotateAtUtc: { hours: 2, minutes: 0 } },
      gatewayId: null,
    });
    assert.equal(reply.status, 200);
    const answer = reply.body.appConnection as Record<string, unknown>;
    assert.equal(answer.description, 'kept');
    assert.equal(answer.version, version);
    assert.equal(c.version, version);
    assert.equal('rotation' in answer || 'isAutoRotationEnabled' in answer, false);
    const current = (await connections('current', '/azure-client-secrets')).find((x) => x.method === 'oauth');
    const refused = await call(
      'current',
      'PATCH',
      `/api/v1/app-connections/azure-client-secrets/${current?.id}`,
      {
        unknownKey: 1,
      },
    );
    assert.equal(refused.status, 422);
  });

  it('answers its three 500s: Azure Auth {}, a 256-character description, another app’s connection (saved)', async () => {
    const auth = legacy().state.azureAuths[0];
    assert.ok(auth);
    const empty = await call('2025-06', 'PATCH', `/api/v1/auth/azure-auth/identities/${auth.identityId}`, {});
    assert.equal(empty.status, 500);
    assert.equal(empty.body.error, 'Update by id');

    const c = legacyConnection('azure-client-secrets');
    const path = `/api/v1/app-connections/azure-client-secrets/${c.id}`;
    const long = await call('2025-06', 'PATCH', path, { description: 'x'.repeat(256) });
    assert.equal(long.status, 500);
    assert.notEqual(c.description, 'x'.repeat(256));
    assert.equal((await call('2025-06', 'PATCH', path, { description: 'x'.repeat(257) })).status, 422);
    assert.equal((await call('2025-06', 'PATCH', path, { description: 'x'.repeat(255) })).status, 200);

    const vault = legacyConnection('azure-key-vault');
    const vaultPath = `/api/v1/app-connections/azure-client-secrets/${vault.id}`;
    assert.equal((await call('2025-06', 'GET', vaultPath)).status, 400);
    const wrong = await call('2025-06', 'PATCH', vaultPath, { description: 'through the wrong route' });
    assert.equal(wrong.status, 500);
    assert.equal(vault.description, 'through the wrong route', 'the June 2025 server saves it anyway');
    // The current profile refuses it (400) and saves nothing.
    const currentVault = sandboxes.current.state.connections.find((x) => x.app === 'azure-key-vault');
    assert.ok(currentVault);
    const refused = await call(
      'current',
      'PATCH',
      `/api/v1/app-connections/azure-client-secrets/${currentVault.id}`,
      {
        description: 'no',
      },
    );
    assert.equal(refused.status, 400);
    assert.notEqual(currentVault.description, 'no');
  });
});
