import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { InfisicalClient } from '../../src/core/api/client';
import { InfisicalError } from '../../src/core/api/errors';
import { type Certificates, makeCertificates, type Pem, startTlsServer, type TlsServer } from '../tls/certs';

const ROOT = join(__dirname, '..', '..', '..');

/** What one GET gives: the body, or the error's kind, cause (the TLS code) and message. */
interface Outcome {
  body?: unknown;
  kind?: string;
  code?: string;
  message?: string;
}

async function get(url: string, onRequest?: () => void): Promise<Outcome> {
  const client = new InfisicalClient({
    baseUrl: url,
    getToken: () => 'token',
    retry: { maxAttempts: 3, baseDelayMs: 1 },
    onRequest,
  });
  return client.request({ method: 'GET', path: '/api/v1/app-connections', schema: z.unknown() }).then(
    (body): Outcome => ({ body }),
    (e: unknown): Outcome => {
      assert.ok(InfisicalError.is(e), String(e));
      return { kind: e.kind, code: (e.cause ?? '') as string, message: e.message };
    },
  );
}

/**
 * The same GETs in a fresh Node process started with NODE_EXTRA_CA_CERTS (read only at
 * startup): the documented way to trust a private CA.
 */
async function getWithExtraCa(caFile: string, urls: string[]) {
  const script = `
    const { InfisicalClient } = require('./out/src/core/api/client.js');
    const { z } = require('zod');
    (async () => {
      const out = [];
      for (const url of process.argv.slice(1)) {
        const client = new InfisicalClient({ baseUrl: url, getToken: () => 't', retry: { maxAttempts: 1 } });
        out.push(await client.request({ method: 'GET', path: '/x', schema: z.unknown() }).then(
          (body) => ({ body }),
          (e) => ({ kind: e.kind, code: e.cause, message: e.message }),
        ));
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: caFile };
  delete env.NODE_TLS_REJECT_UNAUTHORIZED;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, ...urls], { cwd: ROOT, env });
  return JSON.parse(stdout) as Outcome[];
}

describe('TLS certificate problems, with a real HTTPS server and throwaway certificates', function () {
  this.timeout(30_000);
  let certs: Certificates;
  const servers: TlsServer[] = [];
  const serve = async (pem: Pem) => {
    const server = await startTlsServer(pem);
    servers.push(server);
    return server;
  };

  before(() => {
    certs = makeCertificates();
  });
  after(async () => {
    for (const s of servers) await s.close();
    certs?.remove();
  });

  it('a self-signed certificate: kind tls, the message says so and names NODE_EXTRA_CA_CERTS; nothing is sent', async () => {
    const server = await serve(certs.selfSigned);
    let attempts = 0;
    const r = await get(server.url, () => {
      attempts += 1;
    });
    assert.equal(r.kind, 'tls');
    assert.equal(r.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.match(
      r.message ?? '',
      /^TLS certificate problem with 127\.0\.0\.1:\d+: its certificate is self-signed/,
    );
    assert.match(r.message ?? '', /NODE_EXTRA_CA_CERTS/);
    assert.match(r.message ?? '', /Certificate checks are never switched off\.$/);
    assert.equal(attempts, 1, 'a certificate does not change on retry');
    assert.deepEqual(
      server.requests,
      [],
      'the handshake failed before any request, token included, was sent',
    );
  });

  it('a certificate from a private CA: says the CA is not trusted, and how to trust it', async () => {
    const server = await serve(certs.trusted);
    const r = await get(server.url);
    assert.equal(r.kind, 'tls');
    assert.equal(r.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.match(r.message ?? '', /issued by a certificate authority this machine does not trust/);
    assert.match(r.message ?? '', /NODE_EXTRA_CA_CERTS environment variable, then restart VS Code/);
    assert.deepEqual(server.requests, []);
  });

  it('an http server spoken to over https: says it does not speak TLS', async () => {
    const http = await import('node:http');
    const plain = http.createServer((_req, res) => res.end('{}'));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    try {
      const { port } = plain.address() as import('node:net').AddressInfo;
      const r = await get(`https://127.0.0.1:${port}`);
      assert.equal(r.kind, 'tls', r.message);
      assert.match(r.message ?? '', /it does not speak TLS there .*Check the site URL/);
    } finally {
      plain.closeAllConnections();
      await new Promise<void>((r) => plain.close(() => r()));
    }
  });

  it('with the CA passed through NODE_EXTRA_CA_CERTS the same request succeeds; every other check still holds', async () => {
    const trusted = await serve(certs.trusted);
    const wrongHost = await serve(certs.wrongHost);
    const expired = await serve(certs.expired);
    const selfSigned = await serve(certs.selfSigned);
    const [ok, host, old, self] = await getWithExtraCa(certs.caFile, [
      trusted.url,
      wrongHost.url,
      expired.url,
      selfSigned.url,
    ]);
    assert.deepEqual(ok, { body: { ok: true } }, 'the check is real: trusting the CA is what makes it pass');
    assert.deepEqual(trusted.requests, ['GET /x']);
    assert.equal(host?.kind, 'tls');
    assert.equal(host?.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.match(
      host?.message ?? '',
      /its certificate is for another host name than 127\.0\.0\.1 .*Use the host name/,
    );
    assert.doesNotMatch(host?.message ?? '', /NODE_EXTRA_CA_CERTS/, 'trusting a CA would not help here');
    assert.equal(old?.code, 'CERT_HAS_EXPIRED');
    assert.match(
      old?.message ?? '',
      /its certificate has expired \(CERT_HAS_EXPIRED\)\. The server’s administrator must renew it/,
    );
    assert.equal(self?.code, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'another certificate is still refused');
    assert.deepEqual([...wrongHost.requests, ...expired.requests, ...selfSigned.requests], []);
  });
});
