import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, type SandboxOptions, startSandbox } from './server';

// ---- Response shapes (what the tests read) --------------------------------------------------

interface Issue {
  code: string;
  message: string;
  path: (string | number)[];
  keys?: string[];
}
interface ErrorBody {
  reqId: string;
  statusCode: number;
  message: string | Issue[];
  error: string;
}
interface Connection {
  id: string;
  name: string;
  description: string | null;
  version: number;
  orgId: string;
  projectId: string | null;
  project?: { id: string; name: string; slug: string; type: string };
  updatedAt: string;
  app: string;
  method: string;
  credentials: Record<string, unknown>;
  isAutoRotationEnabled: boolean;
  rotation?: {
    rotationInterval: number;
    rotateAtUtc: { hours: number; minutes: number };
    rotationStatus: string;
    nextRotationAt: string | null;
    lastRotationMessage: string | null;
  };
}
interface Membership {
  id: string;
  role: string;
  orgId: string;
  identity: { id: string; name: string; orgId: string; authMethods: string[]; hasDeleteProtection?: boolean };
}
interface AzureAuth {
  identityId: string;
  tenantId: string;
  resource: string;
  allowedServicePrincipalIds: string;
  accessTokenTTL: number;
  accessTokenMaxTTL: number;
  accessTokenNumUsesLimit: number;
  accessTokenTrustedIps: { ipAddress: string; type: string; prefix?: number }[];
  updatedAt: string;
}
interface Login {
  accessToken: string;
  expiresIn: number;
  accessTokenMaxTTL: number;
  tokenType: string;
}

interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

interface CallOptions {
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/** Raw fetch against the sandbox; parses JSON when the answer is JSON. */
async function call<T = ErrorBody>(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined = options.raw;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body: payload });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: (isJson && text ? JSON.parse(text) : text) as T,
  };
}

const issues = (body: ErrorBody): Issue[] => {
  assert.ok(Array.isArray(body.message), `expected an issue array, got ${JSON.stringify(body.message)}`);
  return body.message;
};
const issuePaths = (body: ErrorBody): string[] => issues(body).map((i) => i.path.join('.'));

function assertError(
  reply: Reply<ErrorBody>,
  status: number,
  error: string,
  message?: string | RegExp,
): void {
  assert.equal(reply.status, status, reply.text);
  assert.match(reply.body.reqId, /^req-[0-9a-f]+$/);
  assert.equal(reply.body.statusCode, status);
  assert.equal(reply.body.error, error);
  if (typeof message === 'string') assert.equal(reply.body.message, message);
  else if (message) assert.match(String(reply.body.message), message);
}

const ACS = '/api/v1/app-connections/azure-client-secrets';
const AZURE = '/api/v1/auth/azure-auth/identities';
const UUID_A = '6f1c2a3b-1111-4222-8333-444455556666';
const UUID_B = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f2a3b4c5d';
const PKCS8 = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
const PKCS1 = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIC+zCCAeOgAwIBAgIJAK\n-----END CERTIFICATE-----';

describe('sandbox server', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let token: string;

  const api = <T = ErrorBody>(method: string, path: string, options: CallOptions = {}) =>
    call<T>(sandbox.url, method, path, { token, ...options });
  const login = async (clientId: string, clientSecret: string): Promise<Login> => {
    const reply = await call<Login>(sandbox.url, 'POST', '/api/v1/auth/universal-auth/login', {
      body: { clientId, clientSecret },
    });
    assert.equal(reply.status, 200, reply.text);
    return reply.body;
  };
  const connectionByName = async (name: string, projectId?: string): Promise<Connection> => {
    const query = projectId ? `?projectId=${projectId}` : '';
    const reply = await api<{ appConnection: Connection }>('GET', `${ACS}/connection-name/${name}${query}`);
    assert.equal(reply.status, 200, reply.text);
    return reply.body.appConnection;
  };
  const identityByName = (name: string) => {
    const identity = sandbox.state.identities.find((i) => i.name === name);
    assert.ok(identity, `seed identity ${name}`);
    return identity;
  };
  const patchConnection = (id: string, body: unknown, options: CallOptions = {}) =>
    api<{ appConnection: Connection } & ErrorBody>('PATCH', `${ACS}/${id}`, { body, ...options });
  const patchAzure = (identityId: string, body: unknown, options: CallOptions = {}) =>
    api<{ identityAzureAuth: AzureAuth } & ErrorBody>('PATCH', `${AZURE}/${identityId}`, {
      body,
      ...options,
    });

  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    token = sandbox.demo.staticToken;
  });

  describe('demo credentials and startup', () => {
    it('binds 127.0.0.1 on an ephemeral port and names stable demo credentials', () => {
      assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(sandbox.port > 0);
      const { demo } = sandbox;
      assert.equal(demo.siteUrl, sandbox.url);
      assert.equal(demo.orgName, 'Contoso Platform');
      assert.equal(demo.second.orgName, 'Fabrikam Research');
      for (const id of [
        demo.orgId,
        demo.clientId,
        demo.readOnly.clientId,
        demo.second.orgId,
        demo.second.clientId,
      ]) {
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
      for (const secret of [demo.clientSecret, demo.readOnly.clientSecret, demo.second.clientSecret]) {
        assert.match(secret, /^[0-9a-f]{64}$/);
      }
    });

    it('seeds ~30 connections, ~50 identities and ~8 Azure Auths in the demo org', () => {
      const { state, demo } = sandbox;
      const conns = state.connections.filter((c) => c.orgId === demo.orgId);
      const ids = state.identities.filter((i) => i.orgId === demo.orgId);
      const azure = state.azureAuths.filter((a) => ids.some((i) => i.id === a.identityId));
      assert.ok(conns.length >= 28 && conns.length <= 40, `${conns.length} connections`);
      assert.ok(ids.length >= 45 && ids.length <= 60, `${ids.length} identities`);
      assert.equal(azure.length, 8);
      const methods = new Set(conns.filter((c) => c.app === 'azure-client-secrets').map((c) => c.method));
      assert.deepEqual([...methods].sort(), ['certificate', 'client-secret', 'oauth']);
      assert.ok(conns.some((c) => c.rotation?.rotationStatus === 'failed' && c.rotation.lastRotationMessage));
      assert.ok(conns.some((c) => c.description === '<img src=x onerror=alert(1)>'));
    });

    it('is deterministic: the same seed on every start', async () => {
      const other = await startSandbox();
      try {
        assert.deepEqual(other.state, sandbox.state);
        assert.equal(other.demo.staticToken, sandbox.demo.staticToken);
      } finally {
        await other.close();
      }
    });
  });

  describe('sign-in and tokens', () => {
    it('logs in with universal auth and answers the documented shape', async () => {
      const body = await login(sandbox.demo.clientId, sandbox.demo.clientSecret);
      assert.equal(body.tokenType, 'Bearer');
      assert.equal(body.expiresIn, 7200);
      assert.equal(body.accessTokenMaxTTL, 72000);
      const payload = JSON.parse(
        Buffer.from(body.accessToken.split('.')[1] ?? '', 'base64url').toString(),
      ) as {
        exp: number;
        iat: number;
      };
      assert.equal(payload.exp - payload.iat, 7200);
      const details = await api('GET', '/api/v1/identities/details', { token: body.accessToken });
      assert.equal(details.status, 200);
    });

    it('answers 401 with the Infisical error body for wrong credentials', async () => {
      const reply = await call(sandbox.url, 'POST', '/api/v1/auth/universal-auth/login', {
        body: { clientId: sandbox.demo.clientId, clientSecret: 'f'.repeat(64) },
      });
      assertError(reply, 401, 'UnauthorizedError', 'Invalid credentials');
      const missing = await call(sandbox.url, 'POST', '/api/v1/auth/universal-auth/login', { body: {} });
      assertError(missing, 422, 'ValidationFailure');
      assert.deepEqual(issuePaths(missing.body).sort(), ['clientId', 'clientSecret']);
    });

    it('answers 401 for a missing, malformed or forged bearer token', async () => {
      assertError(
        await api('GET', '/api/v1/app-connections', { token: '' }),
        401,
        'UnauthorizedError',
        'Token missing',
      );
      assertError(
        await api('GET', '/api/v1/app-connections', { token: 'garbage' }),
        401,
        'UnauthorizedError',
      );
      const [h, p] = sandbox.demo.staticToken.split('.');
      assertError(
        await api('GET', '/api/v1/app-connections', { token: `${h}.${p}.forged` }),
        401,
        'UnauthorizedError',
      );
    });

    it('renews (same shape) and revokes; a revoked token answers 401', async () => {
      const { accessToken } = await login(sandbox.demo.clientId, sandbox.demo.clientSecret);
      const renewed = await call<Login>(sandbox.url, 'POST', '/api/v1/auth/token/renew', {
        body: { accessToken },
      });
      assert.equal(renewed.status, 200, renewed.text);
      assert.equal(renewed.body.tokenType, 'Bearer');
      assert.equal(renewed.body.expiresIn, 7200);
      assert.ok(sandbox.state.tokens.some((t) => t.lastRenewedAt !== null));
      const revoked = await call(sandbox.url, 'POST', '/api/v1/auth/token/revoke', { body: { accessToken } });
      assert.equal(revoked.status, 200);
      assertError(
        await api('GET', '/api/v1/app-connections', { token: accessToken }),
        401,
        'UnauthorizedError',
      );
      assertError(
        await call(sandbox.url, 'POST', '/api/v1/auth/token/renew', { body: { accessToken } }),
        401,
        'UnauthorizedError',
      );
    });

    it('expires tokens after tokenTtlSeconds, with max TTL = 10×', async () => {
      const short = await startSandbox({ tokenTtlSeconds: 1 });
      try {
        const reply = await call<Login>(short.url, 'POST', '/api/v1/auth/universal-auth/login', {
          body: { clientId: short.demo.clientId, clientSecret: short.demo.clientSecret },
        });
        assert.equal(reply.body.expiresIn, 1);
        assert.equal(reply.body.accessTokenMaxTTL, 10);
        assert.equal(
          (await call(short.url, 'GET', '/api/v1/app-connections', { token: reply.body.accessToken })).status,
          200,
        );
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const expired = await call(short.url, 'GET', '/api/v1/app-connections', {
          token: reply.body.accessToken,
        });
        assertError(expired, 401, 'UnauthorizedError', /exceeded max age, please re-authenticate/);
        const renew = await call(short.url, 'POST', '/api/v1/auth/token/renew', {
          body: { accessToken: reply.body.accessToken },
        });
        assertError(renew, 401, 'UnauthorizedError', /TTL expiration/);
      } finally {
        await short.close();
      }
    });

    it('the pasted static identity token never expires', async () => {
      const record = sandbox.state.tokens.find((t) => t.authMethod === 'token-auth');
      assert.equal(record?.ttl, 0);
      assert.equal((await api('GET', '/api/v1/identities/details')).status, 200);
    });
  });

  describe('organization', () => {
    it('identity tokens: /identities/details answers the org; /organization is 403', async () => {
      const details = await api<{
        identityDetails: { organization: { id: string; name: string; slug: string } };
      }>('GET', '/api/v1/identities/details');
      assert.deepEqual(details.body.identityDetails.organization, {
        id: sandbox.demo.orgId,
        name: 'Contoso Platform',
        slug: 'contoso-platform',
      });
      assertError(await api('GET', '/api/v1/organization'), 403, 'ForbiddenError');
    });

    it('user tokens: /organization lists both orgs; /identities/details is 403', async () => {
      const userToken = sandbox.demo.userToken;
      const orgs = await api<{ organizations: { id: string; name: string }[] }>(
        'GET',
        '/api/v1/organization',
        {
          token: userToken,
        },
      );
      assert.equal(orgs.status, 200);
      assert.deepEqual(
        orgs.body.organizations.map((o) => o.name),
        ['Contoso Platform', 'Fabrikam Research'],
      );
      assertError(
        await api('GET', '/api/v1/identities/details', { token: userToken }),
        403,
        'ForbiddenError',
      );
      assert.equal((await api('GET', '/api/v1/app-connections', { token: userToken })).status, 200);
    });

    it('the second organization sees only its own data', async () => {
      const { second } = sandbox.demo;
      const { accessToken } = await login(second.clientId, second.clientSecret);
      const details = await api<{ identityDetails: { organization: { id: string } } }>(
        'GET',
        '/api/v1/identities/details',
        {
          token: accessToken,
        },
      );
      assert.equal(details.body.identityDetails.organization.id, second.orgId);
      const list = await api<{ appConnections: Connection[] }>('GET', '/api/v1/app-connections', {
        token: accessToken,
      });
      assert.ok(list.body.appConnections.length > 0);
      assert.ok(list.body.appConnections.every((c) => c.orgId === second.orgId));
      const demoConnection = sandbox.state.connections.find((c) => c.orgId === sandbox.demo.orgId);
      assertError(await api('GET', `${ACS}/${demoConnection?.id}`, { token: accessToken }), 404, 'NotFound');
    });
  });

  describe('projects', () => {
    interface ProjectReply {
      id: string;
      name: string;
      slug: string;
      type: string;
      orgId: string;
      environments: unknown[];
    }

    it('lists the projects of the caller’s organization, every type, with their environments', async () => {
      const reply = await api<{ projects: ProjectReply[] }>('GET', '/api/v1/projects');
      assert.equal(reply.status, 200, reply.text);
      const { projects } = reply.body;
      assert.ok(projects.every((p) => p.orgId === sandbox.demo.orgId && p.environments.length > 0));
      assert.deepEqual(projects.map((p) => p.slug).sort(), [
        'archive',
        'data-platform-eu',
        'edge-certificates',
        'identity-gateway',
        'payments-api',
      ]);
      assert.ok(new Set(projects.map((p) => p.type)).size >= 2, 'more than one project type');
    });

    it('filters by type, and refuses an unknown type with 422', async () => {
      const certs = await api<{ projects: ProjectReply[] }>('GET', '/api/v1/projects?type=cert-manager');
      assert.deepEqual(
        certs.body.projects.map((p) => p.slug),
        ['edge-certificates'],
      );
      const bad = await api('GET', '/api/v1/projects?type=spreadsheets');
      assertError(bad, 422, 'ValidationFailure');
      assert.deepEqual(issuePaths(bad.body), ['type']);
    });

    it('the second organization sees only its own projects; no token is 401', async () => {
      const { second } = sandbox.demo;
      const { accessToken } = await login(second.clientId, second.clientSecret);
      const reply = await api<{ projects: ProjectReply[] }>('GET', '/api/v1/projects', {
        token: accessToken,
      });
      assert.deepEqual(
        reply.body.projects.map((p) => p.slug),
        ['lab-secrets'],
      );
      assertError(await api('GET', '/api/v1/projects', { token: '' }), 401, 'UnauthorizedError');
    });

    it('every listed project’s connections are listed with projectId, Azure Client Secrets included', async () => {
      const { body } = await api<{ projects: ProjectReply[] }>('GET', '/api/v1/projects');
      const scoped = await Promise.all(
        body.projects.map((p) =>
          api<{ appConnections: Connection[] }>('GET', `/api/v1/app-connections?projectId=${p.id}`),
        ),
      );
      const bySlug = new Map(
        body.projects.map((p, i) => [p.slug, scoped[i]?.body.appConnections.map((c) => c.name) ?? []]),
      );
      assert.deepEqual(bySlug.get('archive'), []);
      assert.deepEqual(bySlug.get('edge-certificates'), ['edge-acme-entra']);
      assert.ok(bySlug.get('payments-api')?.includes('payments-entra'));
    });
  });

  describe('app connections: reads', () => {
    it('lists organization-level connections of every app, sorted by name', async () => {
      const reply = await api<{ appConnections: Connection[] }>('GET', '/api/v1/app-connections');
      const list = reply.body.appConnections;
      const names = list.map((c) => c.name);
      assert.deepEqual(names, [...names].sort());
      assert.ok(list.every((c) => c.projectId === null && c.orgId === sandbox.demo.orgId));
      assert.ok(new Set(list.map((c) => c.app)).size >= 8);
    });

    it('scopes by projectId and includes the project; unknown projects are 404', async () => {
      const project = sandbox.state.projects.find((p) => p.slug === 'payments-api');
      const reply = await api<{ appConnections: Connection[] }>('GET', `${ACS}?projectId=${project?.id}`);
      assert.deepEqual(
        reply.body.appConnections.map((c) => c.name),
        ['payments-cert', 'payments-entra', 'payments-oauth'],
      );
      assert.deepEqual(reply.body.appConnections[0]?.project, {
        id: project?.id,
        name: 'Payments API',
        slug: 'payments-api',
        type: 'secret-manager',
      });
      assertError(await api('GET', `${ACS}?projectId=${UUID_A}`), 404, 'NotFound');
    });

    it('never returns secrets', async () => {
      const replies = [
        await api('GET', '/api/v1/app-connections'),
        await api('GET', ACS),
        ...sandbox.state.projects.map((p) => api('GET', `/api/v1/app-connections?projectId=${p.id}`)),
      ];
      for (const reply of await Promise.all(replies)) {
        for (const key of [
          'clientSecret',
          'privateKey',
          'certificateBody',
          'accessToken',
          'refreshToken',
          'secretAccessKey',
          'password',
          'secretId',
          'code',
        ]) {
          assert.ok(!reply.text.includes(`"${key}":`), `${key} leaked`);
        }
      }
      const prod = await connectionByName('prod-entra-graph');
      assert.deepEqual(Object.keys(prod.credentials).sort(), ['clientId', 'clientSecretKeyId', 'tenantId']);
    });

    it('gets by id: 400 for another app, 404 when unknown', async () => {
      const aws = sandbox.state.connections.find((c) => c.app === 'aws');
      assertError(
        await api('GET', `${ACS}/${aws?.id}`),
        400,
        'BadRequest',
        /is not for App "azure-client-secrets"/,
      );
      assertError(await api('GET', `${ACS}/${UUID_A}`), 404, 'NotFound');
      const prod = await connectionByName('prod-entra-graph');
      const byId = await api<{ appConnection: Connection }>('GET', `${ACS}/${prod.id}`);
      assert.equal(byId.body.appConnection.name, 'prod-entra-graph');
    });

    it('looks names up per scope', async () => {
      const data = sandbox.state.projects.find((p) => p.slug === 'data-platform-eu');
      const orgLevel = await connectionByName('prod-entra-graph');
      const projectLevel = await connectionByName('prod-entra-graph', data?.id);
      assert.notEqual(orgLevel.id, projectLevel.id);
      assert.equal(projectLevel.projectId, data?.id);
      assertError(await api('GET', `${ACS}/connection-name/payments-entra`), 404, 'NotFound');
    });

    it('lists app options', async () => {
      const reply = await api<{
        appConnectionOptions: { app: string; methods: string[]; oauthClientId?: string }[];
      }>('GET', '/api/v1/app-connections/options');
      const acs = reply.body.appConnectionOptions.find((o) => o.app === 'azure-client-secrets');
      assert.deepEqual(acs?.methods, ['oauth', 'client-secret', 'certificate']);
      assert.ok(acs?.oauthClientId);
    });

    it('keeps the XSS payload and unicode verbatim', async () => {
      assert.equal(
        (await connectionByName('xss-test-connection')).description,
        '<img src=x onerror=alert(1)>',
      );
      assert.match((await connectionByName('unicode-description')).description ?? '', /東京チーム 🚀/);
    });
  });

  describe('app connections: PATCH validation', () => {
    let legacy: Connection;
    beforeEach(async () => {
      legacy = await connectionByName('legacy-sp-secret');
    });

    it('answers 422 ValidationFailure with an ARRAY of {code, message, path}', async () => {
      const reply = await patchConnection(legacy.id, { name: 'Bad_Name', description: 'x'.repeat(257) });
      assertError(reply, 422, 'ValidationFailure');
      for (const issue of issues(reply.body)) {
        assert.equal(typeof issue.code, 'string');
        assert.equal(typeof issue.message, 'string');
        assert.ok(Array.isArray(issue.path));
      }
      assert.deepEqual(issuePaths(reply.body).sort(), ['description', 'name']);
    });

    it('checks slug rules for names', async () => {
      for (const name of ['-lead', 'trail-', 'double--hyphen', 'UPPER', 'spa ce', 'x'.repeat(65), '']) {
        const reply = await patchConnection(legacy.id, { name });
        assert.equal(reply.status, 422, `${JSON.stringify(name)} → ${reply.status}`);
        assert.deepEqual([...new Set(issuePaths(reply.body))], ['name']);
      }
      assert.equal((await patchConnection(legacy.id, { name: 'a1-b2-c3' })).status, 200);
    });

    it('rejects unknown top-level keys, platform-managed credentials and gateways', async () => {
      const unknown = await patchConnection(legacy.id, { nmae: 'typo' });
      assertError(unknown, 422, 'ValidationFailure');
      assert.deepEqual(issues(unknown.body)[0]?.keys, ['nmae']);
      assert.deepEqual(
        issuePaths((await patchConnection(legacy.id, { isPlatformManagedCredentials: true })).body),
        ['isPlatformManagedCredentials'],
      );
      assert.deepEqual(issuePaths((await patchConnection(legacy.id, { gatewayId: UUID_A })).body), [
        'gatewayId',
      ]);
      assert.equal(
        (await patchConnection(legacy.id, { isPlatformManagedCredentials: false, gatewayId: null })).status,
        200,
      );
    });

    it('checks uuids before trimming: a padded uuid is a 422 at its path', async () => {
      const reply = await patchConnection(legacy.id, {
        credentials: { clientId: UUID_A, clientSecret: 'secret', tenantId: ` ${UUID_B} ` },
      });
      assertError(reply, 422, 'ValidationFailure');
      assert.deepEqual(issuePaths(reply.body), ['credentials.tenantId']);
    });

    it('limits clientSecret to 1–50 characters', async () => {
      const long = await patchConnection(legacy.id, {
        credentials: { clientId: UUID_A, clientSecret: 's'.repeat(51), tenantId: UUID_B },
      });
      assert.deepEqual(issuePaths(long.body), ['credentials.clientSecret']);
      const empty = await patchConnection(legacy.id, {
        credentials: { clientId: UUID_A, clientSecret: '  ', tenantId: UUID_B },
      });
      assert.deepEqual(issuePaths(empty.body), ['credentials.clientSecret']);
    });

    it('answers 400 when credentials fit another method than the stored one', async () => {
      const reply = await patchConnection(legacy.id, { credentials: { code: 'abc', tenantId: UUID_B } });
      assertError(reply, 400, 'BadRequest', /^Invalid credential format/);
    });

    it('checks certificate PEMs (PKCS#8 only)', async () => {
      const cert = await connectionByName('cert-automation');
      const pkcs1 = await patchConnection(cert.id, {
        credentials: { tenantId: UUID_A, clientId: UUID_B, certificateBody: CERT, privateKey: PKCS1 },
      });
      assert.deepEqual(issuePaths(pkcs1.body), ['credentials.privateKey']);
      const ok = await patchConnection(cert.id, {
        credentials: { tenantId: UUID_A, clientId: UUID_B, certificateBody: CERT, privateKey: PKCS8 },
      });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.body.appConnection.credentials, { tenantId: UUID_A, clientId: UUID_B });
    });

    it('answers 400 for a taken name in the same scope only', async () => {
      const taken = await patchConnection(legacy.id, { name: 'prod-entra-graph' });
      assertError(
        taken,
        400,
        'BadRequest',
        'An App Connection with the name "prod-entra-graph" already exists',
      );
      assert.equal((await patchConnection(legacy.id, { name: 'payments-entra' })).status, 200);
    });

    it('simulates Microsoft refusing credentials', async () => {
      const reply = await patchConnection(legacy.id, {
        credentials: { clientId: UUID_A, clientSecret: 'an-invalid-secret', tenantId: UUID_B },
      });
      assertError(
        reply,
        400,
        'BadRequest',
        'Failed to get access token: AADSTS7000215: Invalid client secret provided.',
      );
    });

    it('saves: trims, bumps version and updatedAt, returns no secret', async () => {
      const reply = await patchConnection(legacy.id, {
        description: '  new description  ',
        credentials: { clientId: UUID_A, clientSecret: '  fresh-secret-value  ', tenantId: UUID_B },
      });
      assert.equal(reply.status, 200, reply.text);
      const saved = reply.body.appConnection;
      assert.equal(saved.description, 'new description');
      assert.equal(saved.version, legacy.version + 1);
      assert.ok(saved.updatedAt > legacy.updatedAt);
      assert.ok(!reply.text.includes('fresh-secret-value'));
      assert.equal(
        sandbox.state.connections.find((c) => c.id === legacy.id)?.credentials.clientSecret,
        'fresh-secret-value',
      );
      const cleared = await patchConnection(legacy.id, { description: null });
      assert.equal(cleared.body.appConnection.description, null);
    });

    it('answers 400 for invalid JSON and 404 for unknown routes', async () => {
      const reply = await api('PATCH', `${ACS}/${legacy.id}`, {
        raw: '{"name":',
        headers: { 'content-type': 'application/json' },
      });
      assertError(reply, 400, 'BadRequest', /not valid JSON/);
      assertError(await api('GET', '/api/v1/nope'), 404, 'NotFound');
      const noBody = await api('PATCH', `${ACS}/${legacy.id}`);
      assertError(noBody, 422, 'ValidationFailure');
    });
  });

  describe('app connections: rotation', () => {
    it('allows rotation only for client-secret connections with a clientSecretKeyId', async () => {
      const legacy = await connectionByName('legacy-sp-secret');
      const noKey = await patchConnection(legacy.id, {
        isAutoRotationEnabled: true,
        rotation: { rotationInterval: 30, rotateAtUtc: { hours: 1, minutes: 0 } },
      });
      assertError(noKey, 400, 'BadRequest', /clientSecretKeyId/);
      const oauth = await connectionByName('contoso-oauth-admin');
      assertError(await patchConnection(oauth.id, { isAutoRotationEnabled: true }), 400, 'BadRequest');
    });

    it('enabling the first time needs both rotation fields', async () => {
      const legacy = await connectionByName('legacy-sp-secret');
      const credentials = {
        clientId: UUID_A,
        clientSecret: 'secret',
        tenantId: UUID_B,
        clientSecretKeyId: UUID_A,
      };
      const bare = await patchConnection(legacy.id, { credentials, isAutoRotationEnabled: true });
      assertError(bare, 400, 'BadRequest', /first time/);
      const half = await patchConnection(legacy.id, {
        credentials,
        isAutoRotationEnabled: true,
        rotation: { rotationInterval: 7 },
      });
      assertError(half, 400, 'BadRequest');
      const ok = await patchConnection(legacy.id, {
        credentials,
        isAutoRotationEnabled: true,
        rotation: { rotationInterval: 7, rotateAtUtc: { hours: 23, minutes: 59 } },
      });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.appConnection.isAutoRotationEnabled, true);
      assert.equal(ok.body.appConnection.rotation?.rotationInterval, 7);
      assert.ok(ok.body.appConnection.rotation?.nextRotationAt);
    });

    it('validates rotation fields (422)', async () => {
      const prod = await connectionByName('prod-entra-graph');
      for (const rotation of [
        { rotationInterval: 0 },
        { rotationInterval: 366 },
        { rotationInterval: 1.5 },
        { rotateAtUtc: { hours: 24, minutes: 0 } },
        { rotateAtUtc: { hours: 0, minutes: 60 } },
      ]) {
        assert.equal((await patchConnection(prod.id, { rotation })).status, 422, JSON.stringify(rotation));
      }
      assert.equal((await patchConnection(prod.id, { isAutoRotationEnabled: 'yes' })).status, 422);
    });

    it('false keeps the schedule but clears nextRotationAt', async () => {
      const prod = await connectionByName('prod-entra-graph');
      assert.ok(prod.rotation?.nextRotationAt);
      const reply = await patchConnection(prod.id, { isAutoRotationEnabled: false });
      assert.equal(reply.status, 200, reply.text);
      const saved = reply.body.appConnection;
      assert.equal(saved.isAutoRotationEnabled, false);
      assert.deepEqual(saved.rotation?.rotateAtUtc, prod.rotation.rotateAtUtc);
      assert.equal(saved.rotation?.rotationInterval, prod.rotation.rotationInterval);
      assert.equal(saved.rotation?.nextRotationAt, null);
    });

    it('new credentials must keep clientSecretKeyId while rotation is on', async () => {
      const prod = await connectionByName('prod-entra-graph');
      const reply = await patchConnection(prod.id, {
        credentials: { clientId: UUID_A, clientSecret: 's', tenantId: UUID_B },
      });
      assertError(reply, 400, 'BadRequest', /clientSecretKeyId/);
    });

    it('rotates now: 404 when not configured, else success and a new version', async () => {
      const legacy = await connectionByName('legacy-sp-secret');
      assertError(await api('POST', `${ACS}/${legacy.id}/rotate-credentials`), 404, 'NotFound');
      const staging = await connectionByName('staging-entra-graph');
      assert.equal(staging.rotation?.rotationStatus, 'failed');
      const reply = await api<{ appConnection: Connection }>(
        'POST',
        `${ACS}/${staging.id}/rotate-credentials`,
      );
      assert.equal(reply.status, 200, reply.text);
      const rotated = reply.body.appConnection;
      assert.equal(rotated.rotation?.rotationStatus, 'success');
      assert.equal(rotated.rotation?.lastRotationMessage, null);
      assert.ok(rotated.rotation?.nextRotationAt && Date.parse(rotated.rotation.nextRotationAt) > Date.now());
      assert.equal(rotated.version, staging.version + 1);
    });
  });

  describe('read-only identity', () => {
    it('reads everything; every write answers 403 PermissionDenied', async () => {
      const { accessToken } = await login(sandbox.demo.readOnly.clientId, sandbox.demo.readOnly.clientSecret);
      const options = { token: accessToken };
      assert.equal((await api('GET', '/api/v1/app-connections', options)).status, 200);
      assert.equal(
        (await api('GET', `/api/v2/organizations/${sandbox.demo.orgId}/identity-memberships`, options))
          .status,
        200,
      );
      const prod = await connectionByName('prod-entra-graph');
      const aks = identityByName('aks-prod-workload');
      const free = identityByName('api-gateway');
      const writes = [
        patchConnection(prod.id, { description: 'nope' }, options),
        api('POST', `${ACS}/${prod.id}/rotate-credentials`, options),
        patchAzure(aks.id, { accessTokenTTL: 60 }, options),
        api('POST', `${AZURE}/${free.id}`, {
          ...options,
          body: { tenantId: UUID_A, resource: 'https://x/' },
        }),
        api('DELETE', `${AZURE}/${aks.id}`, options),
      ];
      for (const reply of await Promise.all(writes)) {
        assertError(reply, 403, 'PermissionDenied', /^You are not allowed to /);
      }
      assert.equal(sandbox.requests.at(-1)?.tokenKind, 'readonly');
      assert.equal((await connectionByName('prod-entra-graph')).version, prod.version);
    });
  });

  describe('identities', () => {
    const list = (query = '', options: CallOptions = {}) =>
      api<{ identityMemberships: Membership[]; totalCount: number } & ErrorBody>(
        'GET',
        `/api/v2/organizations/${sandbox.demo.orgId}/identity-memberships${query}`,
        options,
      );

    it('lists memberships sorted by name with totalCount', async () => {
      const reply = await list();
      const names = reply.body.identityMemberships.map((m) => m.identity.name);
      assert.equal(reply.body.totalCount, names.length);
      assert.deepEqual(names, [...names].sort());
      const first = reply.body.identityMemberships[0];
      assert.equal(first?.orgId, sandbox.demo.orgId);
      assert.ok(Array.isArray(first?.identity.authMethods));
      const desc = await list('?orderBy=name&orderDirection=desc');
      assert.deepEqual(
        desc.body.identityMemberships.map((m) => m.identity.name),
        [...names].reverse(),
      );
    });

    it('pages with offset and limit', async () => {
      const all = (await list()).body;
      const page = await list('?offset=5&limit=10');
      assert.equal(page.body.totalCount, all.totalCount);
      assert.deepEqual(
        page.body.identityMemberships.map((m) => m.id),
        all.identityMemberships.slice(5, 15).map((m) => m.id),
      );
      for (const query of [
        '?limit=0',
        '?limit=20001',
        '?offset=-1',
        '?limit=abc',
        '?orderDirection=up',
        '?orderBy=createdAt',
      ]) {
        assertError(await list(query), 422, 'ValidationFailure');
      }
    });

    it('searches case-insensitively by substring (unicode too)', async () => {
      const payments = await list('?search=PAYMENTS');
      assert.deepEqual(
        payments.body.identityMemberships.map((m) => m.identity.name),
        ['payments-processor'],
      );
      assert.equal((await list(`?search=${encodeURIComponent('東京')}`)).body.totalCount, 1);
      assert.equal((await list('?search=no-such-identity')).body.totalCount, 0);
    });

    it('answers 403 for another organization', async () => {
      const reply = await api(
        'GET',
        `/api/v2/organizations/${sandbox.demo.second.orgId}/identity-memberships`,
      );
      assertError(reply, 403, 'ForbiddenError');
    });

    it('gets one identity with hasDeleteProtection; other orgs are 404', async () => {
      const vscode = identityByName('vscode-extension');
      const reply = await api<{ identity: Membership }>('GET', `/api/v1/identities/${vscode.id}`);
      assert.equal(reply.body.identity.identity.hasDeleteProtection, true);
      assert.equal(reply.body.identity.identity.name, 'vscode-extension');
      assert.equal(reply.body.identity.id, vscode.membershipId);
      const foreign = identityByName('fabrikam-ci');
      assertError(await api('GET', `/api/v1/identities/${foreign.id}`), 404, 'NotFound');
    });
  });

  describe('Azure Auth', () => {
    it('GET: stored trusted IPs; 400 when not attached', async () => {
      const aks = identityByName('aks-prod-workload');
      const reply = await api<{ identityAzureAuth: AzureAuth }>('GET', `${AZURE}/${aks.id}`);
      assert.deepEqual(reply.body.identityAzureAuth.accessTokenTrustedIps, [
        { ipAddress: '10.0.0.0', type: 'ipv4', prefix: 8 },
        { ipAddress: '192.168.1.10', type: 'ipv4' },
        { ipAddress: '2001:db8::', type: 'ipv6', prefix: 32 },
      ]);
      const plain = identityByName('api-gateway');
      assertError(
        await api('GET', `${AZURE}/${plain.id}`),
        400,
        'BadRequest',
        'The identity does not have Azure Auth attached',
      );
    });

    it('POST attaches with the documented defaults, once', async () => {
      const plain = identityByName('api-gateway');
      const missing = await api('POST', `${AZURE}/${plain.id}`, {
        body: { resource: 'https://management.azure.com/' },
      });
      assert.deepEqual(issuePaths(missing.body), ['tenantId']);
      const reply = await api<{ identityAzureAuth: AzureAuth }>('POST', `${AZURE}/${plain.id}`, {
        body: { tenantId: UUID_A, resource: 'https://management.azure.com/' },
      });
      assert.equal(reply.status, 200, reply.text);
      const created = reply.body.identityAzureAuth;
      assert.equal(created.allowedServicePrincipalIds, '');
      assert.equal(created.accessTokenTTL, 2592000);
      assert.equal(created.accessTokenMaxTTL, 2592000);
      assert.equal(created.accessTokenNumUsesLimit, 0);
      assert.deepEqual(created.accessTokenTrustedIps, [
        { ipAddress: '0.0.0.0', type: 'ipv4', prefix: 0 },
        { ipAddress: '::', type: 'ipv6', prefix: 0 },
      ]);
      const detail = await api<{ identity: Membership }>('GET', `/api/v1/identities/${plain.id}`);
      assert.ok(detail.body.identity.identity.authMethods.includes('azure-auth'));
      const again = await api('POST', `${AZURE}/${plain.id}`, {
        body: { tenantId: UUID_A, resource: 'https://x/' },
      });
      assertError(again, 400, 'BadRequest', /already configured/);
    });

    it('PATCH: 400 "Failed to update Azure Auth" when not attached', async () => {
      const plain = identityByName('api-gateway');
      assertError(
        await patchAzure(plain.id, { resource: 'https://x/' }),
        400,
        'BadRequest',
        'Failed to update Azure Auth',
      );
    });

    it('replicates the TTL quirk: MaxTTL alone is compared with the STORED MaxTTL', async () => {
      const aks = identityByName('aks-prod-workload'); // TTL 3600, MaxTTL 86400
      const alone = await patchAzure(aks.id, { accessTokenMaxTTL: 7200 });
      assertError(alone, 400, 'BadRequest', 'Access token TTL cannot be greater than max TTL');
      const together = await patchAzure(aks.id, { accessTokenTTL: 3600, accessTokenMaxTTL: 7200 });
      assert.equal(together.status, 200, together.text);
      assert.equal(together.body.identityAzureAuth.accessTokenMaxTTL, 7200);
      const raised = await patchAzure(aks.id, { accessTokenMaxTTL: 100000 });
      assert.equal(raised.status, 200, 'raising MaxTTL alone passes');
    });

    it('checks TTL against MaxTTL (stored or sent) and the 0–315360000 range', async () => {
      const aks = identityByName('aks-prod-workload');
      assertError(
        await patchAzure(aks.id, { accessTokenTTL: 100000 }),
        400,
        'BadRequest',
        /TTL cannot be greater/,
      );
      const both = await patchAzure(aks.id, { accessTokenTTL: 7200, accessTokenMaxTTL: 3600 });
      assertError(both, 422, 'ValidationFailure');
      assert.equal((await patchAzure(aks.id, { accessTokenTTL: 315360001 })).status, 422);
      assert.equal((await patchAzure(aks.id, { accessTokenTTL: -1 })).status, 422);
      assert.equal((await patchAzure(aks.id, { accessTokenNumUsesLimit: 1.5 })).status, 422);
      const noMax = identityByName('vm-scale-set-runner'); // MaxTTL 0 = no maximum
      assert.equal((await patchAzure(noMax.id, { accessTokenTTL: 315360000 })).status, 200);
    });

    it('stores trusted IPs as {ipAddress, type, prefix?}; 400 for invalid ones; 422 for none', async () => {
      const aks = identityByName('aks-prod-workload');
      const reply = await patchAzure(aks.id, {
        accessTokenTrustedIps: [
          { ipAddress: '10.0.0.0/8' },
          { ipAddress: ' 2001:db8::/32 ' },
          { ipAddress: '1.2.3.4' },
        ],
      });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.body.identityAzureAuth.accessTokenTrustedIps, [
        { ipAddress: '10.0.0.0', type: 'ipv4', prefix: 8 },
        { ipAddress: '2001:db8::', type: 'ipv6', prefix: 32 },
        { ipAddress: '1.2.3.4', type: 'ipv4' },
      ]);
      for (const ipAddress of ['not-an-ip', '10.0.0.0/33', '300.1.1.1', '::/129', '10.0.0.0/']) {
        const bad = await patchAzure(aks.id, { accessTokenTrustedIps: [{ ipAddress }] });
        assertError(bad, 400, 'BadRequest', 'The IP is not a valid IPv4, IPv6, or CIDR block');
      }
      assert.equal((await patchAzure(aks.id, { accessTokenTrustedIps: [] })).status, 422);
    });

    it('free plans only allow 0.0.0.0/0 and ::/0', async () => {
      const { second } = sandbox.demo;
      const { accessToken } = await login(second.clientId, second.clientSecret);
      const runner = identityByName('fabrikam-azure-runner');
      const ranged = await patchAzure(
        runner.id,
        { accessTokenTrustedIps: [{ ipAddress: '10.0.0.0/8' }] },
        { token: accessToken },
      );
      assertError(ranged, 400, 'BadRequest', /plan restriction/);
      const open = await patchAzure(
        runner.id,
        { accessTokenTrustedIps: [{ ipAddress: '0.0.0.0/0' }, { ipAddress: '::/0' }] },
        { token: accessToken },
      );
      assert.equal(open.status, 200, open.text);
    });

    it('trims service principal ids and re-joins them with ", "', async () => {
      const aks = identityByName('aks-prod-workload');
      const reply = await patchAzure(aks.id, { allowedServicePrincipalIds: `  ${UUID_A} ,${UUID_B}  ` });
      assert.equal(reply.body.identityAzureAuth.allowedServicePrincipalIds, `${UUID_A}, ${UUID_B}`);
      const any = await patchAzure(aks.id, { allowedServicePrincipalIds: '   ' });
      assert.equal(any.body.identityAzureAuth.allowedServicePrincipalIds, '');
    });

    it('rejects unknown keys (422)', async () => {
      const aks = identityByName('aks-prod-workload');
      assertError(await patchAzure(aks.id, { accessTokenTtl: 60 }), 422, 'ValidationFailure');
    });

    it('DELETE revokes it and the tokens issued through it', async () => {
      const aks = identityByName('aks-prod-workload');
      const azureTokens = () =>
        sandbox.state.tokens.filter((t) => t.identityId === aks.id && t.authMethod === 'azure-auth');
      assert.ok(azureTokens().length > 0 && azureTokens().every((t) => !t.revoked));
      const reply = await api<{ identityAzureAuth: AzureAuth }>('DELETE', `${AZURE}/${aks.id}`);
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.identityAzureAuth.identityId, aks.id);
      assert.ok(azureTokens().every((t) => t.revoked));
      assert.ok(!identityByName('aks-prod-workload').authMethods.includes('azure-auth'));
      assertError(await api('GET', `${AZURE}/${aks.id}`), 400, 'BadRequest');
      assertError(await api('DELETE', `${AZURE}/${aks.id}`), 400, 'BadRequest');
    });
  });

  describe('faults', () => {
    it('answers 429 RateLimitExceeded with retry-after, `times` requests only', async () => {
      sandbox.faults.add({
        method: 'GET',
        path: '/api/v1/app-connections',
        status: 429,
        headers: { 'retry-after': '1' },
        times: 1,
      });
      const limited = await api('GET', '/api/v1/app-connections');
      assertError(limited, 429, 'RateLimitExceeded', 'Rate limit exceeded. Please try again in 1 seconds');
      assert.equal(limited.headers.get('retry-after'), '1');
      assert.equal((await api('GET', '/api/v1/app-connections')).status, 200);
      assert.deepEqual(
        sandbox.requests.map((r) => r.status),
        [429, 200],
      );
    });

    it('matches method and path prefixes', async () => {
      sandbox.faults.add({ method: 'PATCH', path: '/api/v1/app-connections*', status: 500 });
      const prod = await connectionByName('prod-entra-graph');
      assertError(
        await patchConnection(prod.id, { description: 'x' }),
        500,
        'InternalServerError',
        'Something went wrong',
      );
      assert.equal((await api('GET', ACS)).status, 200);
      sandbox.faults.clear();
      assert.equal((await patchConnection(prod.id, { description: 'x' })).status, 200);
    });

    it('answers a custom body and adds latency', async () => {
      sandbox.faults.add({
        path: '/api/v1/app-connections/options',
        latencyMs: 150,
        body: { hello: 'world' },
      });
      const started = Date.now();
      const reply = await api<{ hello: string }>('GET', '/api/v1/app-connections/options');
      assert.ok(Date.now() - started >= 140);
      assert.deepEqual(reply.body, { hello: 'world' });
      sandbox.faults.clear();
      sandbox.faults.add({ path: '/api/v1/app-connections/options', latencyMs: 100 });
      const slow = Date.now();
      const real = await api<{ appConnectionOptions: unknown[] }>('GET', '/api/v1/app-connections/options');
      assert.ok(Date.now() - slow >= 90 && real.body.appConnectionOptions.length > 0);
    });

    it('hang: never answers (the client must time out)', async () => {
      sandbox.faults.add({ path: '/api/v1/app-connections', kind: 'hang' });
      await assert.rejects(
        fetch(`${sandbox.url}/api/v1/app-connections`, { signal: AbortSignal.timeout(200) }),
        (error: Error) => error.name === 'TimeoutError',
      );
      assert.equal(sandbox.requests.at(-1)?.status, 0);
    });

    it('close() does not wait for hung requests or pending latency', async () => {
      const other = await startSandbox();
      other.faults.add({ path: '/api/v1/app-connections', kind: 'hang' });
      other.faults.add({ path: '/api/v1/app-connections/options', latencyMs: 60_000 });
      const hung = fetch(`${other.url}/api/v1/app-connections`).catch((error: Error) => error);
      const slow = fetch(`${other.url}/api/v1/app-connections/options`).catch((error: Error) => error);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await other.close();
      assert.ok(Date.now() - started < 1000, `close took ${Date.now() - started} ms`);
      assert.ok((await hung) instanceof Error);
      assert.ok((await slow) instanceof Error);
    });

    it('reset: destroys the socket mid-body', async () => {
      sandbox.faults.add({ path: '/api/v1/app-connections', kind: 'reset' });
      await assert.rejects(async () => {
        const res = await fetch(`${sandbox.url}/api/v1/app-connections`);
        await res.text();
      });
    });

    it('malformed-json, html, wrong-shape', async () => {
      sandbox.faults.add({ path: '/api/v1/app-connections', kind: 'malformed-json', times: 1 });
      const malformed = await fetch(`${sandbox.url}/api/v1/app-connections`);
      assert.equal(malformed.status, 200);
      await assert.rejects(malformed.json(), SyntaxError);
      sandbox.faults.add({ path: '/api/v1/app-connections', kind: 'html', times: 1 });
      const html = await fetch(`${sandbox.url}/api/v1/app-connections`);
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await html.text(), /<div id="root">/);
      sandbox.faults.add({ path: '/api/v1/app-connections', kind: 'html', status: 502, times: 1 });
      const gateway = await fetch(`${sandbox.url}/api/v1/app-connections`);
      assert.equal(gateway.status, 502);
      assert.match(await gateway.text(), /<title>502 Bad Gateway<\/title>/);
      sandbox.faults.add({ path: '/api/v1/app-connections', kind: 'wrong-shape', times: 1 });
      const wrong = await api<Record<string, unknown>>('GET', '/api/v1/app-connections');
      assert.equal(wrong.status, 200);
      assert.equal(wrong.body.appConnections, undefined);
    });

    it('huge: a ~20 MB valid JSON body', async () => {
      sandbox.faults.add({ path: '/api/v1/app-connections', kind: 'huge' });
      const res = await fetch(`${sandbox.url}/api/v1/app-connections`);
      const text = await res.text();
      assert.ok(text.length >= 20_000_000, `${text.length} bytes`);
      const parsed = JSON.parse(text) as { items: unknown[] };
      assert.ok(parsed.items.length > 20_000);
    });
  });

  describe('request log', () => {
    it('records every API request with org and token kind, not control routes', async () => {
      const { accessToken } = await login(sandbox.demo.clientId, sandbox.demo.clientSecret);
      await api('GET', `${ACS}?projectId=${UUID_A}`, { token: accessToken });
      await api('GET', '/api/v1/organization', { token: sandbox.demo.userToken });
      await fetch(`${sandbox.url}/__sandbox/state`);
      assert.deepEqual(
        sandbox.requests.map((r) => [r.method, r.path, r.status, r.tokenKind, r.orgId]),
        [
          ['POST', '/api/v1/auth/universal-auth/login', 200, 'none', undefined],
          ['GET', ACS, 404, 'identity', sandbox.demo.orgId],
          ['GET', '/api/v1/organization', 200, 'user', sandbox.demo.orgId],
        ],
      );
      assert.deepEqual(sandbox.requests[1]?.query, { projectId: UUID_A });
      assert.ok((sandbox.requests[0]?.at ?? 0) > 0);
    });

    it('marks a request the client aborted during latency, and never processes it', async () => {
      const identity = identityByName('aks-prod-workload');
      const path = `${AZURE}/${identity.id}`;
      const before = sandbox.state.azureAuths.find(
        (a) => a.identityId === identity.id,
      )?.accessTokenNumUsesLimit;
      sandbox.faults.add({ method: 'PATCH', path, latencyMs: 400, times: 1 });
      await assert.rejects(
        fetch(`${sandbox.url}${path}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ accessTokenNumUsesLimit: 77 }),
          signal: AbortSignal.timeout(100),
        }),
        (error: Error) => error.name === 'TimeoutError',
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const entry = sandbox.requests.at(-1);
      assert.equal(entry?.method, 'PATCH');
      assert.equal(entry?.aborted, true);
      assert.equal(entry?.status, 0);
      const after = sandbox.state.azureAuths.find(
        (a) => a.identityId === identity.id,
      )?.accessTokenNumUsesLimit;
      assert.equal(after, before, 'the aborted PATCH changed nothing');
      // An answered request is not marked.
      assert.equal((await patchAzure(identity.id, { accessTokenNumUsesLimit: 78 })).status, 200);
      assert.equal(sandbox.requests.at(-1)?.aborted, undefined);
    });

    it('log lines never carry secrets or tokens', async () => {
      const lines: string[] = [];
      const logged = await startSandbox({ log: (line) => lines.push(line) });
      try {
        const reply = await call<Login>(logged.url, 'POST', '/api/v1/auth/universal-auth/login', {
          body: { clientId: logged.demo.clientId, clientSecret: logged.demo.clientSecret },
        });
        await call(logged.url, 'GET', '/api/v1/app-connections', { token: reply.body.accessToken });
        assert.equal(lines.length, 2);
        for (const line of lines) {
          assert.ok(!line.includes(logged.demo.clientSecret) && !line.includes(reply.body.accessToken), line);
        }
      } finally {
        await logged.close();
      }
    });
  });

  describe('control routes', () => {
    const control = <T = ErrorBody>(method: string, path: string, body?: unknown) =>
      call<T>(sandbox.url, method, `/__sandbox${path}`, body === undefined ? {} : { body });

    it('faults over HTTP (add, list, clear); invalid rules are 422', async () => {
      const added = await control<{ faults: unknown[] }>('POST', '/faults', {
        method: 'GET',
        path: '/api/v1/app-connections*',
        status: 503,
        times: 1,
      });
      assert.equal(added.status, 200);
      assert.equal(added.body.faults.length, 1);
      assertError(await api('GET', ACS), 503, 'ServiceUnavailable');
      assert.equal((await api('GET', ACS)).status, 200);
      await control('POST', '/faults', { path: '/api/v1/app-connections', kind: 'hang' });
      assert.equal((await control('DELETE', '/faults')).status, 200);
      assert.equal((await api('GET', '/api/v1/app-connections')).status, 200);
      assertError(
        await control('POST', '/faults', { path: 'no-slash', kind: 'explode' }),
        422,
        'ValidationFailure',
      );
    });

    it('request log over HTTP', async () => {
      await api('GET', '/api/v1/app-connections');
      const log = await control<{ requests: { path: string }[] }>('GET', '/requests');
      assert.deepEqual(
        log.body.requests.map((r) => r.path),
        ['/api/v1/app-connections'],
      );
      await control('DELETE', '/requests');
      assert.equal(sandbox.requests.length, 0);
    });

    it('reset restores the seed; state is served as JSON', async () => {
      const prod = await connectionByName('prod-entra-graph');
      await patchConnection(prod.id, { description: 'changed' });
      sandbox.faults.add({ path: '/api/v1/app-connections', status: 500 });
      assert.equal((await control('POST', '/reset')).status, 200);
      assert.equal(sandbox.requests.length, 0);
      assert.equal((await connectionByName('prod-entra-graph')).description, prod.description);
      assert.equal((await api('GET', '/api/v1/app-connections')).status, 200);
      const state = await control<{ orgs: { name: string }[]; connections: unknown[] }>('GET', '/state');
      assert.deepEqual(
        state.body.orgs.map((o) => o.name),
        ['Contoso Platform', 'Fabrikam Research'],
      );
    });

    it('PATCH /__sandbox/connections/:id changes stored fields and bumps updatedAt and version', async () => {
      const prod = await connectionByName('prod-entra-graph');
      const reply = await control('PATCH', `/connections/${prod.id}`, {
        description: 'changed elsewhere',
        rotation: { rotationInterval: 45 },
      });
      assert.equal(reply.status, 200, reply.text);
      const after = await connectionByName('prod-entra-graph');
      assert.equal(after.description, 'changed elsewhere');
      assert.equal(after.rotation?.rotationInterval, 45);
      assert.equal(after.rotation?.rotateAtUtc.hours, prod.rotation?.rotateAtUtc.hours);
      assert.equal(after.version, prod.version + 1);
      assert.ok(after.updatedAt > prod.updatedAt);
      assertError(await control('PATCH', `/connections/${UUID_A}`, {}), 404, 'NotFound');
      assertError(await control('PATCH', `/connections/${prod.id}`, { bogus: 1 }), 422, 'ValidationFailure');
    });

    it('PATCH /__sandbox/azure-auth/:identityId changes stored fields and bumps updatedAt', async () => {
      const aks = identityByName('aks-prod-workload');
      const before = sandbox.state.azureAuths.find((a) => a.identityId === aks.id)?.updatedAt ?? '';
      const reply = await control('PATCH', `/azure-auth/${aks.id}`, {
        accessTokenTTL: 1234,
        accessTokenTrustedIps: [{ ipAddress: '10.1.0.0/16' }, { ipAddress: '::1', type: 'ipv6' }],
      });
      assert.equal(reply.status, 200, reply.text);
      const after = await api<{ identityAzureAuth: AzureAuth }>('GET', `${AZURE}/${aks.id}`);
      assert.equal(after.body.identityAzureAuth.accessTokenTTL, 1234);
      assert.deepEqual(after.body.identityAzureAuth.accessTokenTrustedIps, [
        { ipAddress: '10.1.0.0', type: 'ipv4', prefix: 16 },
        { ipAddress: '::1', type: 'ipv6' },
      ]);
      assert.ok(after.body.identityAzureAuth.updatedAt > before);
      const plain = identityByName('api-gateway');
      assertError(await control('PATCH', `/azure-auth/${plain.id}`, {}), 404, 'NotFound');
    });

    it('POST /__sandbox/expire-tokens expires universal-auth tokens, not pasted ones', async () => {
      const { accessToken } = await login(sandbox.demo.clientId, sandbox.demo.clientSecret);
      const reply = await control<{ expired: number }>('POST', '/expire-tokens');
      assert.equal(reply.body.expired, 1);
      const expired = await api('GET', '/api/v1/app-connections', { token: accessToken });
      assertError(expired, 401, 'UnauthorizedError', /exceeded max age, please re-authenticate/);
      const renew = await call(sandbox.url, 'POST', '/api/v1/auth/token/renew', { body: { accessToken } });
      assertError(renew, 401, 'UnauthorizedError');
      assert.equal((await api('GET', '/api/v1/app-connections')).status, 200, 'static token still works');
      assert.equal(sandbox.requests.length, 4, 'control routes are not logged');
    });

    it('unknown control routes are 404', async () => {
      assertError(await control('GET', '/nope'), 404, 'NotFound');
    });
  });

  describe('state file', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'infisical-sandbox-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('writes after every mutation and loads at start', async () => {
      const stateFile = join(dir, 'state.json');
      const options: SandboxOptions = { stateFile };
      const first = await startSandbox(options);
      const prod = first.state.connections.find((c) => c.name === 'prod-entra-graph' && c.projectId === null);
      try {
        assert.ok(!existsSync(stateFile), 'nothing written before a mutation');
        const reply = await call(first.url, 'PATCH', `${ACS}/${prod?.id}`, {
          token: first.demo.staticToken,
          body: { description: 'persisted' },
        });
        assert.equal(reply.status, 200, reply.text);
        assert.match(readFileSync(stateFile, 'utf8'), /"persisted"/);
      } finally {
        await first.close();
      }
      const second = await startSandbox(options);
      try {
        const reply = await call<{ appConnection: Connection }>(second.url, 'GET', `${ACS}/${prod?.id}`, {
          token: second.demo.staticToken,
        });
        assert.equal(reply.body.appConnection.description, 'persisted');
        second.reset();
        assert.doesNotMatch(readFileSync(stateFile, 'utf8'), /"persisted"/);
      } finally {
        await second.close();
      }
    });
  });
});

describe('sandbox scale mode', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let startMs: number;
  const url = (query: string) => `/api/v2/organizations/${sandbox.demo.orgId}/identity-memberships${query}`;

  before(async () => {
    const started = Date.now();
    sandbox = await startSandbox({ scale: { identities: 10000, connections: 2000 } });
    startMs = Date.now() - started;
  });
  after(() => sandbox.close());

  it('generates 10,000 identities and 2,000 connections in under a second', () => {
    assert.ok(startMs < 1000, `${startMs} ms`);
    const scaled = sandbox.state.identities.filter((i) => i.name.startsWith('scale-identity-'));
    assert.equal(scaled.length, 10000);
    assert.equal(scaled[0]?.name, 'scale-identity-00001');
    assert.equal(
      sandbox.state.connections.filter((c) => c.name.startsWith('scale-connection-')).length,
      2000,
    );
  });

  it('pages through every identity, and answers limit=20000 at once', async () => {
    const token = sandbox.demo.staticToken;
    const all = await call<{ identityMemberships: Membership[]; totalCount: number }>(
      sandbox.url,
      'GET',
      url('?limit=20000'),
      {
        token,
      },
    );
    assert.ok(all.body.totalCount > 10000);
    assert.equal(all.body.identityMemberships.length, all.body.totalCount);
    const seen = new Set<string>();
    for (let offset = 0; offset < all.body.totalCount; offset += 1000) {
      const page = await call<{ identityMemberships: Membership[] }>(
        sandbox.url,
        'GET',
        url(`?offset=${offset}&limit=1000`),
        {
          token,
        },
      );
      for (const m of page.body.identityMemberships) seen.add(m.id);
    }
    assert.equal(seen.size, all.body.totalCount);
  });

  it('searches 10,000 identities fast', async () => {
    const started = Date.now();
    const reply = await call<{ identityMemberships: Membership[]; totalCount: number }>(
      sandbox.url,
      'GET',
      url('?search=SCALE-IDENTITY-0999'),
      { token: sandbox.demo.staticToken },
    );
    const elapsed = Date.now() - started;
    assert.equal(reply.body.totalCount, 10);
    assert.ok(elapsed < 200, `${elapsed} ms`);
  });

  it('lists the generated connections sorted by name', async () => {
    const reply = await call<{ appConnections: Connection[] }>(
      sandbox.url,
      'GET',
      '/api/v1/app-connections',
      {
        token: sandbox.demo.staticToken,
      },
    );
    const names = reply.body.appConnections.map((c) => c.name);
    assert.ok(names.length > 1500);
    assert.deepEqual(names, [...names].sort());
  });
});
