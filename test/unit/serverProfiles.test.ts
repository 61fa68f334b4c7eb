import assert from 'node:assert/strict';
import * as z from 'zod';
import { createInfisicalApi, type InfisicalApi } from '../../src/core/api';
import { InfisicalError } from '../../src/core/api/errors';
import { ignoredFields } from '../../src/core/api/ignored';
import { pullResources } from '../../src/core/config';
import type { ConnectionPatch } from '../../src/core/schemas/appConnection';
import { type Sandbox, startSandbox } from '../sandbox/server';

/**
 * The API client on both sandbox profiles: the current server and the June 2025 one (2025-06).
 * What the client asks of each, what it falls back to, and the server bugs it never trips.
 */

const SERVERS = ['current', '2025-06'] as const;

async function rejection(p: Promise<unknown>): Promise<InfisicalError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  assert.ok(InfisicalError.is(e), `expected an InfisicalError, got ${String(e)}`);
  return e;
}

for (const server of SERVERS) {
  describe(`the API client on the ${server} server profile`, function () {
    this.timeout(20_000);
    let sandbox: Sandbox;
    let api: InfisicalApi;
    let token: string | undefined;
    const legacy = server === '2025-06';

    before(async () => {
      sandbox = await startSandbox({ port: 0, server });
    });
    after(() => sandbox.close());
    beforeEach(() => {
      sandbox.reset();
      token = sandbox.demo.staticToken;
      api = createInfisicalApi({
        baseUrl: sandbox.url,
        getToken: () => token,
        retry: { baseDelayMs: 1 },
      });
    });
    const asked = (method: string, path: string) =>
      sandbox.requests.filter((r) => r.method === method && r.path === path).length;
    const writes = () => sandbox.requests.filter((r) => r.method !== 'GET');

    describe('the organization of an identity token', () => {
      it(`${legacy ? 'falls back to the token’s identity' : 'reads /identities/details'}, and remembers it`, async () => {
        const org = await api.auth.identityOrganization();
        assert.equal(org.id, sandbox.demo.orgId);
        // No route of that server names the organization to an identity: its id stands in.
        assert.equal(org.name, legacy ? sandbox.demo.orgId : sandbox.demo.orgName);
        assert.equal(api.capabilities.get('identityDetails'), !legacy);
        await api.auth.identityOrganization();
        assert.equal(asked('GET', '/api/v1/identities/details'), legacy ? 1 : 2);
      });

      it('works for a Universal Auth login’s token', async () => {
        const login = await api.auth.universalAuthLogin({
          clientId: sandbox.demo.clientId,
          clientSecret: sandbox.demo.clientSecret,
        });
        token = login.accessToken;
        assert.equal((await api.auth.identityOrganization()).id, sandbox.demo.orgId);
      });

      it('a user token: a 404, so the caller asks for the user’s organizations', async () => {
        token = sandbox.demo.userToken;
        const e = await rejection(api.auth.identityOrganization());
        assert.ok(e.status === 404 || e.status === 403, String(e.status));
        assert.ok((await api.auth.userOrganizations()).some((o) => o.id === sandbox.demo.orgId));
      });
    });

    it(`lists the same projects ${legacy ? 'from /workspace' : 'from /projects'}, asking /projects once`, async () => {
      const first = await api.projects.list();
      const second = await api.projects.list({ type: 'cert-manager' });
      const expected = sandbox.state.projects.filter((p) => p.orgId === sandbox.demo.orgId);
      assert.deepEqual(first.map((p) => p.id).sort(), expected.map((p) => p.id).sort());
      assert.deepEqual(
        second.map((p) => p.slug),
        ['edge-certificates'],
      );
      assert.equal(asked('GET', '/api/v1/projects'), legacy ? 1 : 2);
      assert.equal(asked('GET', '/api/v1/workspace'), legacy ? 2 : 0);
      assert.equal(api.capabilities.get('projectList'), !legacy);
    });

    it(`learns from the connections that rotation is ${legacy ? 'missing' : 'there'}`, async () => {
      assert.equal(api.capabilities.get('rotation'), undefined);
      const all = await api.connections.listAzureClientSecrets();
      assert.ok(all.length > 0);
      assert.equal(api.capabilities.get('rotation'), !legacy);
      const project = sandbox.state.projects.find((p) => p.orgId === sandbox.demo.orgId);
      const scoped = await api.connections.listAzureClientSecrets({ projectId: project?.id });
      assert.ok(scoped.every((c) => c.projectId === project?.id));
      assert.equal(api.capabilities.get('projectConnections'), legacy ? false : undefined);
      assert.deepEqual(
        api.capabilities.missing(),
        legacy
          ? ['automatic rotation of Azure Client Secrets connections', 'connections that belong to a project']
          : [],
      );
    });

    describe('the server bugs never tripped', () => {
      it('an empty Azure Auth PATCH sends no PATCH and answers the Azure Auth as it is', async () => {
        const auth = sandbox.state.azureAuths.find((a) =>
          sandbox.state.identities.some((i) => i.id === a.identityId && i.orgId === sandbox.demo.orgId),
        );
        assert.ok(auth);
        const answer = await api.azureAuth.update(auth.identityId, {});
        assert.equal(answer.accessTokenTTL, auth.accessTokenTTL);
        assert.deepEqual(writes(), []);
      });

      it('an empty connection PATCH sends no PATCH', async () => {
        const [c] = await api.connections.listAzureClientSecrets();
        assert.ok(c);
        assert.equal((await api.connections.updateAzureClientSecrets(c.id, {})).id, c.id);
        assert.deepEqual(writes(), []);
      });

      it('a PATCH through azure-client-secrets to another app’s connection is never sent', async () => {
        const vault = sandbox.state.connections.find(
          (c) => c.app === 'azure-key-vault' && c.orgId === sandbox.demo.orgId,
        );
        assert.ok(vault);
        const before = vault.description;
        const e = await rejection(
          api.connections.updateAzureClientSecrets(vault.id, { description: 'nope' }),
        );
        assert.equal(e.status, 400);
        assert.match(
          e.message,
          /^Connection \S+ is not an Azure Client Secrets connection \(App Connection .* is not for App "azure-client-secrets"\): it was not changed \(nothing was sent\)\.$/,
        );
        assert.deepEqual(writes(), []);
        assert.equal(vault.description, before);
      });

      it('a server that answers another app’s connection by that route: its app is compared, no PATCH', async () => {
        const vault = sandbox.state.connections.find(
          (c) => c.app === 'azure-key-vault' && c.orgId === sandbox.demo.orgId,
        );
        assert.ok(vault);
        const path = `/api/v1/app-connections/azure-client-secrets/${vault.id}`;
        sandbox.faults.add({
          method: 'GET',
          path,
          status: 200,
          body: { appConnection: { id: vault.id, name: vault.name, app: vault.app, method: vault.method } },
        });
        const e = await rejection(
          api.connections.updateAzureClientSecrets(vault.id, { description: 'nope' }),
        );
        assert.equal(
          e.message,
          `Connection "${vault.name}" is an azure-key-vault connection, not an Azure Client Secrets one: it was not changed (nothing was sent).`,
        );
        assert.deepEqual(writes(), []);
      });

      it('a PATCH to a connection an earlier answer showed as Azure Client Secrets is sent without another read', async () => {
        const [c] = await api.connections.listAzureClientSecrets();
        assert.ok(c);
        const reads = sandbox.requests.length;
        await api.connections.updateAzureClientSecrets(c.id, { description: 'once' });
        assert.deepEqual(
          sandbox.requests.slice(reads).map((r) => r.method),
          ['PATCH'],
        );
      });
    });

    it(`reports what a PATCH answer did not keep: ${legacy ? 'rotation ignored' : 'nothing'}`, async () => {
      const candidates = await api.connections.listAzureClientSecrets();
      const c = legacy ? candidates[0] : candidates.find((x) => x.rotation && x.isAutoRotationEnabled);
      assert.ok(c);
      const body = { description: 'rotated?', isAutoRotationEnabled: false } as ConnectionPatch;
      const answer = await api.connections.updateAzureClientSecrets(c.id, body);
      assert.deepEqual(
        ignoredFields(body, answer).map((i) => i.message),
        legacy ? ['the server ignored isAutoRotationEnabled: it does not support it'] : [],
      );
    });

    it('pull of everything keeps identities and organization connections when projects cannot be read', async () => {
      sandbox.faults.add({ path: legacy ? '/api/v1/workspace' : '/api/v1/projects', status: 403 });
      const pulled = await pullResources(
        { identities: 'all', connections: 'all' },
        { api, orgId: sandbox.demo.orgId },
      );
      assert.ok(pulled.identities.length > 0);
      assert.ok(pulled.connections.length > 0 && pulled.connections.every((c) => !c.project));
      assert.equal(pulled.skipped.length, 1);
      assert.match(pulled.skipped[0] ?? '', /^the connections of projects: Permission denied \(403\)/);
    });
  });
}

describe('missing routes and foreign answers, in words', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0, server: '2025-06' });
  });
  after(() => sandbox.close());

  const client = (audience?: 'cli') =>
    createInfisicalApi({ baseUrl: sandbox.url, getToken: () => sandbox.demo.staticToken, audience }).client;

  it('a route the server lacks names the feature and that the server is older than it', async () => {
    for (const path of ['/api/v1/projects', '/api/v1/identities/details']) {
      const e = await rejection(client().request({ method: 'GET', path, schema: z.unknown() }));
      assert.match(
        e.message,
        /does not have the (project list|identity details route) .*: the server is older than this feature/,
      );
      assert.doesNotMatch(e.message, /Try again later|refresh the view/);
    }
  });

  it('the CLI never says "refresh the view"', async () => {
    const path = '/api/v1/app-connections/azure-client-secrets/00000000-0000-4000-8000-000000000000';
    const extension = await rejection(client().request({ method: 'GET', path, schema: z.unknown() }));
    const cli = await rejection(client('cli').request({ method: 'GET', path, schema: z.unknown() }));
    assert.match(extension.message, /refresh the view/);
    assert.equal(cli.status, 404);
    assert.doesNotMatch(cli.message, /refresh the view/);
  });
});

describe('ignoredFields', () => {
  it('names each sent key the answer lacks or did not keep; write-only credentials are not compared', () => {
    assert.deepEqual(
      ignoredFields(
        {
          description: 'new',
          rotation: { rotationInterval: 30 },
          gatewayId: null,
          credentials: { clientSecret: 'x' },
          accessTokenTrustedIps: [{ ipAddress: '10.0.0.0/8' }],
          name: 'kept',
        },
        {
          description: 'old',
          name: 'kept',
          accessTokenTrustedIps: [{ ipAddress: '10.0.0.0', prefix: 8 }],
        },
      ).map((i) => i.message),
      [
        'the server did not keep description: it answered "old"',
        'the server ignored rotation: it does not support it',
      ],
    );
    assert.deepEqual(
      ignoredFields({ rotation: { rotationInterval: 30 } }, { rotation: { rotationInterval: 30, x: 1 } }),
      [],
    );
  });
});
