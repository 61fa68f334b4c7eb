import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInfisicalApi, type InfisicalApi } from '../../src/core/api';
import { InfisicalClient } from '../../src/core/api/client';
import { InfisicalError, redact } from '../../src/core/api/errors';
import { parseRetryAfter } from '../../src/core/api/failures';
import { type Sandbox, startSandbox } from '../sandbox/server';

const FAST = { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 3_000 };

describe('InfisicalClient against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let api: InfisicalApi;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    api = createInfisicalApi({
      baseUrl: sandbox.url,
      getToken: () => sandbox.demo.staticToken,
      userAgent: 'infisical-access-test/1.0',
      retry: FAST,
    });
  });

  const lastRequest = () => sandbox.requests.at(-1);

  it('sends the bearer token and User-Agent, and parses a tolerant response', async () => {
    const list = await api.connections.listAll();
    assert.ok(list.length > 5);
    assert.ok(list.some((c) => c.app === 'azure-client-secrets'));
    assert.equal(lastRequest()?.tokenKind, 'identity');
  });

  it('refuses to send a request when signed out, without any network call', async () => {
    const signedOut = createInfisicalApi({ baseUrl: sandbox.url, getToken: () => undefined });
    const before = sandbox.requests.length;
    await assert.rejects(signedOut.connections.listAll(), (e: unknown) =>
      InfisicalError.is(e, 'not-signed-in'),
    );
    assert.equal(sandbox.requests.length, before);
  });

  it('maps a 422 into field issues with the server message array', async () => {
    const conn = (await api.connections.listAzureClientSecrets()).find((c) => c.method === 'client-secret');
    assert.ok(conn);
    // Bypass our own validation to see the server's answer.
    const err = await api.client
      .request({
        method: 'PATCH',
        path: `/api/v1/app-connections/azure-client-secrets/${conn.id}`,
        body: { name: 'Not A Slug' },
        schema: (await import('zod')).z.unknown(),
      })
      .catch((e: unknown) => e);
    assert.ok(InfisicalError.is(err, 'http'));
    assert.equal(err.status, 422);
    assert.equal(err.code, 'ValidationFailure');
    assert.ok(err.reqId?.startsWith('req-'));
    assert.deepEqual(err.issues[0]?.path, ['name']);
    assert.match(err.message, /invalid: name:/);
  });

  it('retries a GET on 503 and succeeds once the fault is gone', async () => {
    sandbox.faults.add({ method: 'GET', path: '/api/v1/app-connections', status: 503, times: 2 });
    const list = await api.connections.listAll();
    assert.ok(list.length > 0);
    const hits = sandbox.requests.filter((r) => r.path === '/api/v1/app-connections');
    assert.deepEqual(
      hits.map((r) => r.status),
      [503, 503, 200],
    );
  });

  it('gives up on a GET after the attempts are used, with a message that says what to do', async () => {
    sandbox.faults.add({ method: 'GET', path: '/api/v1/app-connections', status: 502 });
    const err = await api.connections.listAll().catch((e: unknown) => e);
    assert.ok(InfisicalError.is(err, 'http'));
    assert.equal(err.status, 502);
    assert.match(err.message, /server error \(502\).*Try again later/);
    assert.equal(sandbox.requests.filter((r) => r.path === '/api/v1/app-connections').length, 3);
  });

  it('honours retry-after on 429 for a PATCH, and never retries a PATCH on 500', async () => {
    const conn = (await api.connections.listAzureClientSecrets())[0];
    assert.ok(conn);
    const path = `/api/v1/app-connections/azure-client-secrets/${conn.id}`;
    sandbox.faults.add({ method: 'PATCH', path, status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const started = Date.now();
    const updated = await api.connections.updateAzureClientSecrets(conn.id, { description: 'after 429' });
    assert.ok(Date.now() - started >= 900, 'waited for retry-after');
    assert.equal(updated.description, 'after 429');
    assert.deepEqual(
      sandbox.requests.filter((r) => r.path === path).map((r) => r.status),
      [429, 200],
    );

    sandbox.faults.add({ method: 'PATCH', path, status: 500, times: 1 });
    const err = await api.connections
      .updateAzureClientSecrets(conn.id, { description: 'x' })
      .catch((e: unknown) => e);
    assert.ok(InfisicalError.is(err) && err.status === 500);
    assert.equal(
      sandbox.requests.filter((r) => r.path === path && r.method === 'PATCH').length,
      3,
      'one PATCH after the 500, no retry',
    );
  });

  it('does not wait for a retry-after longer than allowed, and says how long to wait', async () => {
    sandbox.faults.add({ path: '/api/v1/app-connections', status: 429, headers: { 'retry-after': '120' } });
    const err = await api.connections.listAll().catch((e: unknown) => e);
    assert.ok(InfisicalError.is(err) && err.status === 429);
    assert.equal(err.retryAfterSeconds, 120);
    assert.match(err.message, /Try again in 120 s/);
  });

  it('times out a hung request with its own kind and message', async () => {
    const quick = createInfisicalApi({
      baseUrl: sandbox.url,
      getToken: () => sandbox.demo.staticToken,
      timeoutMs: 300,
      retry: FAST,
    });
    sandbox.faults.add({ path: '/api/v1/app-connections', kind: 'hang' });
    const err = await quick.connections.listAll().catch((e: unknown) => e);
    assert.ok(InfisicalError.is(err, 'timeout'), String(err));
    assert.match(err.message, /did not answer within 0 s|did not answer within/);
    assert.equal(
      sandbox.requests.filter((r) => r.path === '/api/v1/app-connections').length,
      1,
      'a timeout is not retried',
    );
  });

  it('cancels through an AbortSignal, during a request and during a backoff', async () => {
    sandbox.faults.add({ path: '/api/v1/app-connections', latencyMs: 5_000 });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const started = Date.now();
    await assert.rejects(api.connections.listAll({ signal: ctrl.signal }), (e: unknown) =>
      InfisicalError.is(e, 'cancelled'),
    );
    assert.ok(Date.now() - started < 2_000);

    sandbox.faults.clear();
    const slow = createInfisicalApi({
      baseUrl: sandbox.url,
      getToken: () => sandbox.demo.staticToken,
      retry: { baseDelayMs: 5_000, maxDelayMs: 5_000 },
    });
    sandbox.faults.add({ path: '/api/v1/app-connections', status: 503 });
    const ctrl2 = new AbortController();
    setTimeout(() => ctrl2.abort(), 200);
    await assert.rejects(slow.connections.listAll({ signal: ctrl2.signal }), (e: unknown) =>
      InfisicalError.is(e, 'cancelled'),
    );
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(api.connections.listAll({ signal: pre.signal }), (e: unknown) =>
      InfisicalError.is(e, 'cancelled'),
    );
  });

  it('reports HTML, malformed JSON, wrong shapes and huge bodies as invalid responses', async () => {
    for (const kind of ['html', 'malformed-json', 'wrong-shape', 'huge'] as const) {
      sandbox.faults.clear();
      sandbox.faults.add({ path: '/api/v1/app-connections/options', kind });
      const err = await api.connections.options().catch((e: unknown) => e);
      assert.ok(InfisicalError.is(err, 'invalid-response'), `${kind}: ${String(err)}`);
      // An HTML page is a web app or a proxy at that URL, whatever its status: named as such.
      const expected =
        kind === 'html'
          ? /this is not an Infisical API — check the URL \(http:\/\/127\.0\.0\.1:\d+\)/
          : /Is http:\/\/127\.0\.0\.1:\d+ an Infisical server/;
      assert.match(err.message, expected, kind);
    }
  });

  it('treats a reset connection as a network error and retries GETs', async () => {
    sandbox.faults.add({ path: '/api/v1/app-connections/options', kind: 'reset', times: 1 });
    const options = await api.connections.options();
    assert.ok(options.some((o) => o.app === 'azure-client-secrets'));
    sandbox.faults.add({ path: '/api/v1/app-connections/options', kind: 'reset' });
    const err = await api.connections.options().catch((e: unknown) => e);
    assert.ok(InfisicalError.is(err, 'network'), String(err));
  });

  it('renews once on a 401 through onUnauthorized, then gives up with a sign-in message', async () => {
    const login = await api.auth.universalAuthLogin({
      clientId: sandbox.demo.clientId,
      clientSecret: sandbox.demo.clientSecret,
    });
    let token = login.accessToken;
    let renewals = 0;
    const renewing = createInfisicalApi({
      baseUrl: sandbox.url,
      getToken: () => token,
      onUnauthorized: async () => {
        renewals += 1;
        token = (
          await api.auth.universalAuthLogin({
            clientId: sandbox.demo.clientId,
            clientSecret: sandbox.demo.clientSecret,
          })
        ).accessToken;
        return true;
      },
    });
    await fetch(`${sandbox.url}/__sandbox/expire-tokens`, { method: 'POST' });
    const org = await renewing.auth.identityOrganization();
    assert.equal(org.id, sandbox.demo.orgId);
    assert.equal(renewals, 1);

    const hopeless = createInfisicalApi({
      baseUrl: sandbox.url,
      getToken: () => 'expired-or-bogus',
      onUnauthorized: async () => true,
    });
    const err = await hopeless.auth.identityOrganization().catch((e: unknown) => e);
    assert.ok(InfisicalError.is(err) && err.status === 401);
    assert.match(err.message, /Sign in again/);
    assert.doesNotMatch(err.message, /expired-or-bogus/);
  });
});

describe('network failures without a server', () => {
  it('names connection refused', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const client = new InfisicalClient({
      baseUrl: `http://127.0.0.1:${port}`,
      getToken: () => 't',
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const err = await client
      .request({ method: 'GET', path: '/x', schema: (await import('zod')).z.unknown() })
      .catch((e: unknown) => e);
    assert.ok(InfisicalError.is(err, 'connection-refused'), String(err));
    assert.match(err.message, /connection refused\. Is the server running/);
  });

  it('names a DNS failure', async () => {
    const client = new InfisicalClient({
      baseUrl: 'http://no-such-host.invalid',
      getToken: () => 't',
      retry: { maxAttempts: 1 },
    });
    const err = await client
      .request({ method: 'GET', path: '/x', schema: (await import('zod')).z.unknown() })
      .catch((e: unknown) => e);
    assert.ok(InfisicalError.is(err, 'dns'), String(err));
    assert.match(err.message, /Could not resolve no-such-host\.invalid/);
  });
});

describe('error helpers', () => {
  it('parses retry-after as seconds, as a date, or from the message', () => {
    assert.equal(parseRetryAfter('7'), 7);
    assert.equal(
      parseRetryAfter(
        'Wed, 21 Oct 2026 07:28:10 GMT',
        undefined,
        Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'),
      ),
      10,
    );
    assert.equal(parseRetryAfter(null, 'Rate limit exceeded. Please try again in 42 seconds'), 42);
    assert.equal(parseRetryAfter(null, 'nothing'), undefined);
  });

  it('redacts secrets and bearer tokens from texts', () => {
    assert.equal(redact('token abc123secret leaked', ['abc123secret']), 'token ‹redacted› leaked');
    assert.equal(redact('Authorization: Bearer eyJ.abc.def'), 'Authorization: Bearer ‹redacted›');
  });

  it('describes itself in one log line', () => {
    const e = new InfisicalError({
      kind: 'http',
      status: 404,
      code: 'NotFound',
      method: 'GET',
      endpoint: '/a',
      reqId: 'req-1',
      message: 'm',
    });
    assert.equal(e.detail, 'GET /a · 404 NotFound · reqId req-1');
  });
});
