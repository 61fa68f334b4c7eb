import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { createInfisicalApi } from '../../src/core/api';
import { type ConfigProblem, lineCol, MAX_CONFIG_CHARS, validateConfigText } from '../../src/core/config';
import { placeOf } from '../../src/core/config/places';
import { pullResources, renderConfigFile } from '../../src/core/config/pull';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { CLIENT, KEY_ID, TENANT } from './fixtures';

const SITE = 'https://eu.infisical.com';
const ORG = '3f8e2a51-7c4b-4d19-a6e2-8b5c0f1d9e47';

/** A file's text as a person writes it: two-space indentation. */
const fileText = (extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ site: SITE, organization: { id: ORG, name: 'Contoso' }, ...extra }, null, 2)}\n`;

/** The offset of the `nth` (0-based) occurrence of `needle`, which must exist. */
function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${nth}) is in the text`);
  }
  return at;
}

/** The only problem, asserted to be of `rule` exactly at `needle` (its whole length). */
function onlyProblem(text: string, rule: ConfigProblem['rule'], needle: string, nth = 0): ConfigProblem {
  const { problems, config } = validateConfigText(text);
  assert.equal(config, undefined, 'a file with problems has no config');
  assert.equal(problems.length, 1, JSON.stringify(problems, null, 1));
  const [p] = problems as [ConfigProblem];
  assert.equal(p.rule, rule, p.message);
  assert.deepEqual(
    { offset: p.offset, length: p.length },
    { offset: offsetOf(text, needle, nth), length: needle.length },
    `${p.message} at ${JSON.stringify(text.slice(p.offset, p.offset + p.length))}`,
  );
  return p;
}

const identity = (azureAuth: Record<string, unknown>, name = 'aks-prod-workload') => ({ name, azureAuth });

describe('validateConfigText: a workspace file without the network', () => {
  it('accepts a complete file and gives its declarations, durations in seconds and IPs trimmed', () => {
    const text = fileText({
      identities: [
        identity({
          tenantId: ` ${TENANT} `,
          resource: 'https://management.azure.com/',
          allowedServicePrincipalIds: [CLIENT],
          accessTokenTrustedIps: [' 10.0.0.0/8 ', '::1'],
          accessTokenTTL: '1h 30m',
          accessTokenMaxTTL: 86400,
          accessTokenNumUsesLimit: 0,
        }),
      ],
      connections: [
        {
          name: 'prod-entra-graph',
          description: null,
          credentials: {
            tenantId: TENANT,
            clientId: CLIENT,
            clientSecretKeyId: KEY_ID,
            clientSecret: { env: 'X' },
          },
          isAutoRotationEnabled: true,
          rotation: { rotationInterval: 30, rotateAtUtc: '02:00' },
        },
      ],
    });
    const { problems, config } = validateConfigText(text);
    assert.deepEqual(problems, []);
    const auth = config?.identities?.[0]?.azureAuth;
    assert.equal(auth?.tenantId, TENANT);
    assert.equal(auth?.accessTokenTTL, 5400);
    assert.equal(auth?.accessTokenMaxTTL, 86400);
    assert.deepEqual(auth?.accessTokenTrustedIps, ['10.0.0.0/8', '::1']);
    assert.deepEqual(config?.connections?.[0]?.credentials?.clientSecret, { env: 'X' });
  });

  describe('syntax: plain JSON only', () => {
    it('refuses a comment, at the comment', () => {
      const text =
        '{\n  "site": "https://eu.infisical.com", // the EU cloud\n  "organization": { "id": "o" }\n}\n';
      const p = onlyProblem(text, 'syntax', '// the EU cloud');
      assert.match(p.message, /comments are not allowed/);
      assert.deepEqual(lineCol(text, p.offset), {
        line: 2,
        col: (text.split('\n')[1] ?? '').indexOf('// the') + 1,
      });
    });

    it('refuses a block comment', () => {
      const text = '{ "site": "https://eu.infisical.com", /* x */ "organization": { "id": "o" } }';
      onlyProblem(text, 'syntax', '/* x */');
    });

    it('refuses a trailing comma once, at the comma, saying to remove it', () => {
      const text = '{\n  "site": "https://eu.infisical.com",\n  "organization": { "id": "o" },\n}\n';
      const { problems } = validateConfigText(text);
      assert.deepEqual(
        problems.map((x) => [x.rule, x.offset, x.length]),
        [['syntax', offsetOf(text, ',\n}'), 1]],
      );
      const p = problems[0] as ConfigProblem;
      assert.match(p.message, /trailing comma/i);
      assert.match(p.message, /remove/i);
      assert.deepEqual(lineCol(text, p.offset), { line: 3, col: (text.split('\n')[2] ?? '').length });
    });

    it('refuses a trailing comma in a list', () => {
      const text = fileText({ identities: [identity({ accessTokenTrustedIps: ['10.0.0.0/8'] })] }).replace(
        '"10.0.0.0/8"',
        '"10.0.0.0/8",',
      );
      const { problems } = validateConfigText(text);
      assert.deepEqual(
        problems.map((x) => [x.rule, x.offset, x.length]),
        [['syntax', offsetOf(text, '"10.0.0.0/8",') + '"10.0.0.0/8"'.length, 1]],
      );
      assert.match(problems[0]?.message ?? '', /trailing comma/i);
    });

    it('gives no schema problems when the text does not parse to a value', () => {
      const { problems, config } = validateConfigText('');
      assert.equal(config, undefined);
      assert.ok(problems.length >= 1 && problems.every((p) => p.rule === 'syntax'));
    });
  });

  describe('schema', () => {
    it('names an unknown key at the key', () => {
      const p = onlyProblem(fileText({ identitys: [] }), 'schema', '"identitys"');
      assert.match(p.message, /"identitys" is not a field/);
    });

    it('names an unknown key inside azureAuth', () => {
      const text = fileText({ identities: [identity({ accessTokenPeriod: 5 })] });
      onlyProblem(text, 'schema', '"accessTokenPeriod"');
    });

    it('refuses a tenantId that is not a GUID, at the value', () => {
      const text = fileText({ identities: [identity({ tenantId: 'contoso.onmicrosoft.com' })] });
      const p = onlyProblem(text, 'schema', '"contoso.onmicrosoft.com"');
      assert.match(p.message, /tenantId must be a GUID/);
      assert.deepEqual(p.path, ['identities', 0, 'azureAuth', 'tenantId']);
    });

    it('refuses a principal that is not a GUID, at the entry', () => {
      const text = fileText({ identities: [identity({ allowedServicePrincipalIds: [CLIENT, 'bob'] })] });
      const p = onlyProblem(text, 'schema', '"bob"');
      assert.deepEqual(p.path, ['identities', 0, 'azureAuth', 'allowedServicePrincipalIds', 1]);
    });

    it('refuses a CIDR with a prefix too long, at the entry', () => {
      const text = fileText({
        identities: [identity({ accessTokenTrustedIps: ['10.0.0.0/8', '10.0.0.0/33'] })],
      });
      const p = onlyProblem(text, 'schema', '"10.0.0.0/33"');
      assert.match(p.message, /invalid prefix: use \/0 to \/32/);
    });

    it('refuses an empty trusted IP list', () => {
      const text = fileText({ identities: [identity({ accessTokenTrustedIps: [] })] });
      const p = onlyProblem(text, 'schema', '[]');
      assert.match(p.message, /0\.0\.0\.0\/0 and ::\/0 allow any address/);
    });

    it('refuses the duration "30x", saying how to write one', () => {
      const text = fileText({ identities: [identity({ accessTokenTTL: '30x' })] });
      const p = onlyProblem(text, 'schema', '"30x"');
      assert.match(p.message, /accessTokenTTL "30x" is not a duration/);
      assert.match(p.message, /"30d"/);
    });

    it('refuses a duration beyond 3650 days', () => {
      const text = fileText({ identities: [identity({ accessTokenMaxTTL: '3651d' })] });
      const p = onlyProblem(text, 'schema', '"3651d"');
      assert.match(p.message, /at most 315360000 seconds/);
    });

    for (const [value, written] of [
      [1.5, '1.5'],
      [true, 'true'],
      [null, 'null'],
    ] as const)
      it(`refuses a TTL of ${written} naming the field and both ways to write it`, () => {
        const text = fileText({ identities: [identity({ accessTokenMaxTTL: value })] });
        const p = onlyProblem(text, 'schema', written);
        assert.match(p.message, /^accessTokenMaxTTL /);
        assert.match(p.message, /seconds/);
        assert.match(p.message, /"30d"/);
      });

    it('refuses rotateAtUtc "24:00", at the value', () => {
      const text = fileText({
        connections: [{ name: 'prod-entra-graph', rotation: { rotationInterval: 30, rotateAtUtc: '24:00' } }],
      });
      const p = onlyProblem(text, 'schema', '"24:00"');
      assert.match(p.message, /00:00 to 23:59/);
    });

    it('refuses a connection name that is not a slug', () => {
      const text = fileText({ connections: [{ name: 'Prod Entra Graph' }] });
      const p = onlyProblem(text, 'schema', '"Prod Entra Graph"');
      assert.match(p.message, /name must be a slug/);
    });

    it('refuses an env reference that is not a variable name, at the name', () => {
      const text = fileText({
        connections: [{ name: 'a', credentials: { clientSecret: { env: '1SECRET' } } }],
      });
      onlyProblem(text, 'schema', '"1SECRET"');
    });

    it('points a missing required field at the first brace of its object', () => {
      const text = fileText({ identities: [{ azureAuth: {} }] });
      const { problems } = validateConfigText(text);
      assert.deepEqual(
        problems.map((p) => [p.rule, p.offset, p.length, p.message]),
        [['schema', offsetOf(text, '{\n      "azureAuth"'), 1, 'name is required']],
      );
    });
  });

  describe('places are named by resource, never by position', () => {
    it('a problem inside an entry names the resource first; an entry without a name, its position', () => {
      const text = fileText({
        identities: [
          identity({}, 'first'),
          identity({ accessTokenNumUsesLimit: 424242 }, 'functions-billing'),
        ],
        connections: [
          { name: 'payments-entra' },
          { credentials: { privateKey: 'pem-text' } },
          { name: 'prod-entra-graph', credentials: { clientSecret: 'literal' } },
        ],
      }).replace('424242', '1e400');
      const messages = validateConfigText(text).problems.map((p) => p.message);
      const starts = (prefix: string) =>
        assert.ok(
          messages.some((m) => m.startsWith(prefix)),
          `no message starts with ${prefix}: ${messages.join(' | ')}`,
        );
      starts('functions-billing: azureAuth.accessTokenNumUsesLimit: 1e400 is too large');
      starts('prod-entra-graph: credentials.clientSecret is written into the file');
      starts('connections[1]: credentials.privateKey is written into the file');
      assert.ok(
        !messages.some((m) => /connections\[2\]|identities\.1|connections\.2/.test(m)),
        messages.join(' | '),
      );
    });

    it('placeOf: the resource, then the field path with list positions in brackets', () => {
      const root = parseTree(
        JSON.stringify({ identities: [{ name: 'ci', azureAuth: { accessTokenTrustedIps: ['x'] } }] }),
      );
      assert.equal(
        placeOf(root, ['identities', 0, 'azureAuth', 'accessTokenTrustedIps', 0]),
        'ci: azureAuth.accessTokenTrustedIps[0]',
      );
      assert.equal(placeOf(root, ['identities', 0]), 'ci');
      assert.equal(placeOf(root, ['identities', 3, 'name']), 'identities[3]: name');
      assert.equal(placeOf(root, ['site']), 'site');
      assert.equal(placeOf(root, []), 'the file');
    });
  });

  describe('inline secrets', () => {
    const SECRET = 'Qx8~thisIsTheActualClientSecretValue';

    it('refuses a client secret written as a string: names the field, suggests a reference, never echoes it', () => {
      const text = fileText({
        connections: [{ name: 'prod-entra-graph', credentials: { clientSecret: SECRET } }],
      });
      const p = onlyProblem(text, 'inline-secret', JSON.stringify(SECRET));
      assert.match(p.message, /^prod-entra-graph: credentials\.clientSecret is written into the file/);
      assert.match(p.message, /\{ "env": "PROD_ENTRA_GRAPH_CLIENT_SECRET" \}/);
      assert.ok(!p.message.includes(SECRET));
      assert.deepEqual(p.path, ['connections', 0, 'credentials', 'clientSecret']);
      assert.ok(!JSON.stringify(validateConfigText(text).problems).includes(SECRET.slice(4)));
    });

    it('refuses a private key and a certificate given as text, each once', () => {
      const text = fileText({
        connections: [
          { name: 'cert-automation', credentials: { certificateBody: 'PEM-A', privateKey: 'PEM-B' } },
        ],
      });
      const { problems } = validateConfigText(text);
      assert.deepEqual(
        problems.map((p) => [p.rule, p.offset, p.length]),
        [
          ['inline-secret', offsetOf(text, '"PEM-A"'), 7],
          ['inline-secret', offsetOf(text, '"PEM-B"'), 7],
        ],
      );
      assert.match(problems[1]?.message ?? '', /CERT_AUTOMATION_PRIVATE_KEY/);
      assert.ok(!JSON.stringify(problems).includes('PEM-'));
    });

    it('refuses an OAuth code: re-authorize in the web app', () => {
      const text = fileText({ connections: [{ name: 'contoso-oauth-admin', credentials: { code: 'abc' } }] });
      const p = onlyProblem(text, 'inline-secret', '"abc"');
      assert.match(p.message, /web app/);
    });

    it('accepts references', () => {
      const text = fileText({
        connections: [
          { name: 'a', credentials: { certificateBody: { env: 'C' }, privateKey: { env: 'K' } } },
        ],
      });
      assert.deepEqual(validateConfigText(text).problems, []);
    });
  });

  describe('TTL ≤ Max TTL', () => {
    it('compares durations: "2d" over "1d" is a problem at the TTL', () => {
      const text = fileText({ identities: [identity({ accessTokenTTL: '2d', accessTokenMaxTTL: '1d' })] });
      const p = onlyProblem(text, 'ttl', '"2d"');
      assert.equal(
        p.message,
        'accessTokenTTL (172800 s = 2d) must not exceed accessTokenMaxTTL (86400 s = 1d) unless accessTokenMaxTTL is 0',
      );
    });

    it('compares seconds with durations', () => {
      const text = fileText({ identities: [identity({ accessTokenTTL: 86401, accessTokenMaxTTL: '24h' })] });
      onlyProblem(text, 'ttl', '86401');
    });

    it('accepts equal values written differently, and any TTL with a Max TTL of 0', () => {
      for (const [ttl, max] of [
        ['1d', 86400],
        ['24h', '1d'],
        ['3650d', 0],
        ['86400', '1440m'],
      ])
        assert.deepEqual(
          validateConfigText(
            fileText({ identities: [identity({ accessTokenTTL: ttl, accessTokenMaxTTL: max })] }),
          ).problems,
          [],
          `${ttl} / ${max}`,
        );
    });

    it('is still said while another field has a schema problem', () => {
      const text = fileText({
        identities: [identity({ tenantId: 'x', accessTokenTTL: '2d', accessTokenMaxTTL: '1d' })],
      });
      assert.deepEqual(
        validateConfigText(text).problems.map((p) => p.rule),
        ['schema', 'ttl'],
      );
    });
  });

  describe('duplicate resources', () => {
    it('the same identity name twice: at the second name', () => {
      const text = fileText({ identities: [identity({}, 'ci'), identity({}, 'ci')] });
      const p = onlyProblem(text, 'duplicate-resource', '"ci"', 1);
      assert.match(p.message, /"ci" is declared twice \(also identities\[0\]\)/);
    });

    it('the same pinned id twice, in any case, at the second id', () => {
      const id = '0706c1a5-9c46-4c86-ba24-98d60c546025';
      const text = fileText({
        connections: [
          { name: 'one', id },
          { name: 'two', id: id.toUpperCase() },
        ],
      });
      const p = onlyProblem(text, 'duplicate-resource', `"${id.toUpperCase()}"`);
      assert.deepEqual(p.path, ['connections', 1, 'id']);
    });

    it('the same connection name in two projects (or a project and the organization) is not a duplicate', () => {
      const text = fileText({
        connections: [
          { name: 'prod-entra-graph' },
          { name: 'prod-entra-graph', project: 'data-platform-eu' },
          { name: 'prod-entra-graph', project: 'payments-api' },
        ],
      });
      assert.deepEqual(validateConfigText(text).problems, []);
    });

    it('the same connection name twice in one project is', () => {
      const text = fileText({
        connections: [
          { name: 'payments-entra', project: 'payments-api' },
          { name: 'payments-entra', project: 'payments-api' },
        ],
      });
      onlyProblem(text, 'duplicate-resource', '"payments-entra"', 1);
    });
  });

  describe('duplicate keys and numbers', () => {
    it('a key written twice: at the second key', () => {
      const text =
        '{"site": "https://eu.infisical.com", "organization": {"id": "o"}, "site": "https://us.infisical.com"}';
      const p = onlyProblem(text, 'duplicate-key', '"site"', 1);
      assert.match(p.message, /"site" appears more than once/);
    });

    it('a duplicate key deep in a resource', () => {
      const text = fileText({ identities: [identity({ accessTokenTTL: '1h' })] }).replace(
        '"accessTokenTTL": "1h"',
        '"accessTokenTTL": "1h", "accessTokenTTL": "2h"',
      );
      onlyProblem(text, 'duplicate-key', '"accessTokenTTL"', 1);
    });

    it('a number too large for JSON, and one beyond 2^53, at the literal', () => {
      for (const literal of ['1e400', '99999999999999999999']) {
        const text = fileText({ identities: [identity({ accessTokenNumUsesLimit: 424242 })] }).replace(
          '424242',
          literal,
        );
        const { problems } = validateConfigText(text);
        const numbers = problems.filter((p) => p.rule === 'number');
        assert.equal(numbers.length, 1, literal);
        assert.deepEqual([numbers[0]?.offset, numbers[0]?.length], [offsetOf(text, literal), literal.length]);
        assert.match(numbers[0]?.message ?? '', /^aks-prod-workload: azureAuth\.accessTokenNumUsesLimit: /);
        assert.ok(problems.every((p) => p.offset === offsetOf(text, literal)));
      }
    });

    it('a file over the size limit is not parsed', () => {
      const { problems } = validateConfigText(' '.repeat(MAX_CONFIG_CHARS + 1));
      assert.deepEqual(
        problems.map((p) => [p.rule, p.offset]),
        [['size', 0]],
      );
    });
  });

  describe('GUIDs in upper case (warnings: accepted by Infisical, refused at every Azure login)', () => {
    const upperTenant = TENANT.toUpperCase();
    const upperPrincipal = CLIENT.toUpperCase();

    it('an upper-case tenantId or service principal ID is a warning at its value; the file still plans', () => {
      const text = fileText({
        identities: [
          identity({ tenantId: upperTenant, allowedServicePrincipalIds: [CLIENT, upperPrincipal] }),
        ],
      });
      const { problems, warnings, config } = validateConfigText(text);
      assert.deepEqual(problems, []);
      assert.ok(config, 'warnings do not stop a plan');
      assert.deepEqual(
        warnings.map((w) => [w.rule, w.offset, w.length, w.path]),
        [
          [
            'guid-case',
            offsetOf(text, `"${upperTenant}"`),
            upperTenant.length + 2,
            ['identities', 0, 'azureAuth', 'tenantId'],
          ],
          [
            'guid-case',
            offsetOf(text, `"${upperPrincipal}"`),
            upperPrincipal.length + 2,
            ['identities', 0, 'azureAuth', 'allowedServicePrincipalIds', 1],
          ],
        ],
      );
      assert.match(
        warnings[0]?.message ?? '',
        /^tenantId has upper-case letters: .*every login would be refused\. Write it in lower case$/,
      );
      assert.match(
        warnings[1]?.message ?? '',
        new RegExp(`^allowedServicePrincipalIds: "${upperPrincipal}" has upper-case letters`),
      );
    });

    it("lower case, non-GUIDs and connections' tenant IDs get no warning", () => {
      const text = fileText({
        identities: [identity({ tenantId: TENANT, allowedServicePrincipalIds: [CLIENT] })],
        connections: [{ name: 'c', credentials: { tenantId: upperTenant, clientId: upperPrincipal } }],
      });
      assert.deepEqual(validateConfigText(text).warnings, []);
      // A value that is not a GUID is the schema's error, not also a case warning.
      const bad = validateConfigText(fileText({ identities: [identity({ tenantId: 'NOT-A-GUID' })] }));
      assert.equal(bad.warnings.length, 0);
      assert.equal(bad.problems[0]?.rule, 'schema');
    });
  });

  describe('lineCol', () => {
    it('gives 1-based lines and columns, LF and CRLF', () => {
      const text = 'ab\ncd\r\nef';
      assert.deepEqual(lineCol(text, 0), { line: 1, col: 1 });
      assert.deepEqual(lineCol(text, 2), { line: 1, col: 3 });
      assert.deepEqual(lineCol(text, 3), { line: 2, col: 1 });
      assert.deepEqual(lineCol(text, 7), { line: 3, col: 1 });
      assert.deepEqual(lineCol(text, 8), { line: 3, col: 2 });
    });

    it('places a schema problem on its line', () => {
      const text = fileText({ identities: [identity({ tenantId: 'nope' })] });
      const [p] = validateConfigText(text).problems;
      const line = text.split('\n').findIndex((l) => l.includes('"nope"')) + 1;
      assert.deepEqual(lineCol(text, p?.offset ?? -1), {
        line,
        col: (text.split('\n')[line - 1] ?? '').indexOf('"nope"') + 1,
      });
    });
  });

  describe('a pulled file', function () {
    this.timeout(20_000);
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await startSandbox({ port: 0 });
    });
    after(() => sandbox.close());

    it('has no problem', async () => {
      const api = createInfisicalApi({ baseUrl: sandbox.url, getToken: () => sandbox.demo.staticToken });
      const pulled = await pullResources(
        { identities: 'all', connections: 'all' },
        { api, orgId: sandbox.demo.orgId },
      );
      assert.ok(pulled.identities.length > 3 && pulled.connections.length > 3);
      const text = renderConfigFile({ site: sandbox.url, organization: { id: sandbox.demo.orgId } }, pulled);
      const { problems, config } = validateConfigText(text);
      assert.deepEqual(problems, []);
      assert.equal(config?.identities?.length, pulled.identities.length);
      assert.equal(config?.connections?.length, pulled.connections.length);
    });
  });
});
