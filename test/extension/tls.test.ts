import * as assert from 'node:assert/strict';
import { type Certificates, makeCertificates, startTlsServer, type TlsServer } from '../tls/certs';
import { type Api, api, DEMO, resetAll } from './helpers';

describe('Sign-in to a server whose certificate is not trusted', () => {
  let a: Api;
  let certs: Certificates;
  const servers: TlsServer[] = [];
  before(async () => {
    a = await api();
    certs = makeCertificates();
  });
  after(async () => {
    for (const s of servers) await s.close();
    certs?.remove();
  });
  beforeEach(() => resetAll(a));

  const cases = [
    { name: 'self-signed', pem: () => certs.selfSigned, says: /its certificate is self-signed/ },
    {
      name: 'from a private CA',
      pem: () => certs.trusted,
      says: /its certificate was issued by a certificate authority this machine does not trust/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: fails with the reason and NODE_EXTRA_CA_CERTS, sends nothing, saves nothing`, async () => {
      const server = await startTlsServer(c.pem());
      servers.push(server);
      const secret = `tls-canary-${c.name.length}-secret`;
      await assert.rejects(
        a.signIn({
          name: 'Private',
          siteUrl: server.url,
          auth: 'universal-auth',
          clientId: DEMO.clientId,
          clientSecret: secret,
        }),
        (e: Error) => {
          assert.match(e.message, /^TLS certificate problem with 127\.0\.0\.1:\d+: /);
          assert.match(e.message, c.says);
          assert.match(e.message, /NODE_EXTRA_CA_CERTS/);
          assert.ok(!e.message.includes(secret));
          return true;
        },
      );
      assert.deepEqual(a.ext.profiles.all(), [], 'no profile was saved');
      assert.equal(await a.ext.context.secrets.get('infisical/Private/client-secret'), undefined);
      assert.equal(await a.ext.context.secrets.get('infisical/Private/session'), undefined);
      assert.deepEqual(server.requests, [], 'the handshake failed before the client secret was sent');
    });
  }
});
