/**
 * Throwaway certificates for TLS tests, made with the `openssl` CLI at test time (nothing secret
 * is committed): a private CA, a server certificate it signed for 127.0.0.1, a self-signed one,
 * one for another host name, and an expired one. ECDSA P-256 keys: fast to make.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  key: string;
  cert: string;
}

export interface Certificates {
  dir: string;
  /** Path of the CA certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Signed by the CA, for 127.0.0.1. */
  trusted: Pem;
  /** Signed by itself, for 127.0.0.1. */
  selfSigned: Pem;
  /** Signed by the CA, for other.example only. */
  wrongHost: Pem;
  /** Signed by the CA, for 127.0.0.1, valid for one day in 2020. */
  expired: Pem;
  remove(): void;
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'infisical-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const read = (name: string): Pem => ({
    key: readFileSync(at(`${name}.key`), 'utf8'),
    cert: readFileSync(at(`${name}.crt`), 'utf8'),
  });

  openssl(
    'req',
    '-x509',
    ...KEY,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=Test CA',
  );
  const signed = (name: string, san: string) => {
    openssl('req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(at(`${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\n`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  };
  signed('trusted', 'IP:127.0.0.1');
  signed('wrong-host', 'DNS:other.example');
  openssl(
    'req',
    '-x509',
    ...KEY,
    '-keyout',
    'self.key',
    '-out',
    'self.crt',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  );
  // `openssl x509` cannot back-date a certificate; `openssl ca` can, with a minimal config.
  openssl('req', ...KEY, '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=expired');
  writeFileSync(at('index.txt'), '');
  writeFileSync(
    at('ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir',
      'serial = $dir/ca.srl',
      'default_md = sha256',
      'policy = any',
      'copy_extensions = none',
      'x509_extensions = leaf',
      '[any]',
      'commonName = supplied',
      '[leaf]',
      'subjectAltName = IP:127.0.0.1',
      'basicConstraints = CA:FALSE',
      '',
    ].join('\n'),
  );
  openssl(
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.crt',
    '-keyfile',
    'ca.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.crt',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
    '-notext',
  );

  return {
    dir,
    caFile: at('ca.crt'),
    trusted: read('trusted'),
    selfSigned: read('self'),
    wrongHost: read('wrong-host'),
    expired: read('expired'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsServer {
  url: string;
  /** Requests that got through the handshake. */
  requests: string[];
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 answering `{ "ok": true }` to every request. */
export async function startTlsServer(pem: Pem): Promise<TlsServer> {
  const requests: string[] = [];
  const server: Server = createServer({ key: pem.key, cert: pem.cert }, (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
