import assert from 'node:assert/strict';
import { validateConfigText } from '../../src/core/config';
import { EXAMPLE_CONNECTION } from '../../src/core/config/names';
import {
  appConnectionListSchema,
  appConnectionSchema,
  connectionEditSchema,
  connectionPatchSchema,
} from '../../src/core/schemas/appConnection';
import { universalAuthCredentialsSchema } from '../../src/core/schemas/auth';
import {
  azureAuthAttachSchema,
  azureAuthPatchSchema,
  identityAzureAuthSchema,
} from '../../src/core/schemas/azureAuth';
import { identityMembershipPageSchema } from '../../src/core/schemas/identity';
import { buildJsonSchemas } from '../../src/core/schemas/jsonSchemas';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '8d2b1c6e-0d5b-4a63-9a3e-4c7f6e1a2b3c';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----';

/** The messages of a failed parse, joined, or '' when it passed. */
function errors(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  value: unknown,
) {
  const r = schema.safeParse(value);
  return r.success ? '' : (r.error?.issues.map((i) => i.message).join(' | ') ?? '');
}

describe('connection PATCH schema', () => {
  const cs = connectionPatchSchema('client-secret');

  it('accepts slug names of 1–64 characters and rejects the rest with the rule', () => {
    for (const ok of ['a', 'azure-prod', 'x1-y2-z3', 'a'.repeat(64)])
      assert.equal(errors(cs, { name: ok }), '', ok);
    for (const bad of ['Azure', 'a--b', '-a', 'a-', 'a_b', 'a b', 'é']) {
      assert.match(errors(cs, { name: bad }), /name must be a slug/, bad);
    }
    assert.match(errors(cs, { name: 'a'.repeat(65) }), /at most 64/);
    assert.match(errors(cs, { name: '' }), /must not be empty/);
    assert.match(errors(cs, { name: 3 }), /name must be a string/);
  });

  // The route accepts 256; the database column is varchar(255) and answers 256 with a 500.
  it('limits description to 255 characters, saying why, and accepts null', () => {
    assert.equal(errors(cs, { description: null }), '');
    assert.equal(errors(cs, { description: 'x'.repeat(255) }), '');
    assert.match(
      errors(cs, { description: 'x'.repeat(256) }),
      /at most 255 characters \(the database column is varchar\(255\)\)/,
    );
  });

  it('checks client-secret credentials: GUIDs, secret length, trimmed first', () => {
    const ok = { clientId: ` ${CLIENT} `, clientSecret: ' s3cret ', tenantId: TENANT };
    const parsed = cs.parse({ credentials: ok });
    assert.deepEqual(parsed.credentials, { clientId: CLIENT, clientSecret: 's3cret', tenantId: TENANT });
    assert.match(
      errors(cs, { credentials: { ...ok, tenantId: 'contoso.onmicrosoft.com' } }),
      /credentials.tenantId must be a GUID/,
    );
    assert.match(
      errors(cs, { credentials: { ...ok, clientId: '1234' } }),
      /credentials.clientId must be a GUID/,
    );
    assert.match(errors(cs, { credentials: { ...ok, clientSecret: 'x'.repeat(51) } }), /at most 50/);
    assert.match(errors(cs, { credentials: { ...ok, clientSecret: '' } }), /must not be empty/);
    assert.match(
      errors(cs, { credentials: { ...ok, clientSecretKeyId: 'nope' } }),
      /clientSecretKeyId must be a GUID/,
    );
  });

  it('never lets credentials change method', () => {
    assert.match(
      errors(cs, {
        credentials: { tenantId: TENANT, clientId: CLIENT, certificateBody: CERT, privateKey: KEY },
      }),
      /Unrecognized key/,
    );
    assert.match(
      errors(connectionPatchSchema('oauth'), {
        credentials: { clientId: CLIENT, clientSecret: 'x', tenantId: TENANT },
      }),
      /Unrecognized key|expected|code/,
    );
  });

  it('checks certificate credentials as PEM and PKCS#8', () => {
    const cert = connectionPatchSchema('certificate');
    const ok = { tenantId: TENANT, clientId: CLIENT, certificateBody: CERT, privateKey: KEY };
    assert.equal(errors(cert, { credentials: ok }), '');
    assert.match(errors(cert, { credentials: { ...ok, certificateBody: 'MIIB' } }), /PEM certificate/);
    const rsa = '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----';
    assert.match(errors(cert, { credentials: { ...ok, privateKey: rsa } }), /PKCS#8 PEM key.*openssl pkcs8/);
  });

  it('checks oauth credentials are non-empty', () => {
    const oauth = connectionPatchSchema('oauth');
    assert.equal(errors(oauth, { credentials: { code: 'abc', tenantId: 't' } }), '');
    assert.match(
      errors(oauth, { credentials: { code: ' ', tenantId: 't' } }),
      /credentials.code must not be empty/,
    );
  });

  it('checks rotation ranges', () => {
    const rot = (rotationInterval: number, hours: number, minutes: number) => ({
      rotation: { rotationInterval, rotateAtUtc: { hours, minutes } },
    });
    assert.equal(errors(cs, rot(1, 0, 0)), '');
    assert.equal(errors(cs, rot(365, 23, 59)), '');
    assert.match(errors(cs, rot(0, 0, 0)), /rotationInterval must be between 1 and 365/);
    assert.match(errors(cs, rot(366, 0, 0)), /between 1 and 365/);
    assert.match(errors(cs, rot(30, 24, 0)), /hours must be between 0 and 23/);
    assert.match(errors(cs, rot(30, 0, 60)), /minutes must be between 0 and 59/);
    assert.match(errors(cs, rot(1.5, 0, 0)), /whole number/);
  });

  it('allows isPlatformManagedCredentials only false and gatewayId only null; rejects unknown keys', () => {
    assert.equal(errors(cs, { isPlatformManagedCredentials: false, gatewayId: null }), '');
    assert.match(errors(cs, { isPlatformManagedCredentials: true }), /can only be false/);
    assert.match(errors(cs, { gatewayId: 'gw' }), /can only be null/);
    assert.match(errors(cs, { method: 'oauth' }), /Unrecognized key/);
    assert.match(errors(cs, { isAutoRotationEnabled: 'yes' }), /true or false/);
  });

  it('lets the edit document omit write-only fields, but not the PATCH', () => {
    const edit = connectionEditSchema('client-secret');
    assert.equal(errors(edit, { credentials: { tenantId: TENANT, clientId: CLIENT } }), '');
    assert.notEqual(errors(cs, { credentials: { tenantId: TENANT, clientId: CLIENT } }), '');
  });
});

describe('Azure Auth schemas', () => {
  it('accepts a full valid body and normalizes it', () => {
    const r = azureAuthPatchSchema.parse({
      tenantId: ` ${TENANT}`,
      resource: ' https://management.azure.com/ ',
      allowedServicePrincipalIds: ` ${CLIENT} ,${TENANT}`,
      accessTokenTrustedIps: [{ ipAddress: ' 10.0.0.0/8' }, { ipAddress: '::/0' }],
      accessTokenTTL: 3600,
      accessTokenMaxTTL: 7200,
      accessTokenNumUsesLimit: 0,
    });
    assert.equal(r.tenantId, TENANT);
    assert.equal(r.resource, 'https://management.azure.com/');
    assert.equal(r.allowedServicePrincipalIds, `${CLIENT}, ${TENANT}`);
    assert.deepEqual(r.accessTokenTrustedIps, [{ ipAddress: '10.0.0.0/8' }, { ipAddress: '::/0' }]);
  });

  it('names the field and the rule for each bad value', () => {
    const cases: [unknown, RegExp][] = [
      [{ tenantId: 'contoso' }, /tenantId must be a GUID/],
      [{ resource: '  ' }, /resource must not be empty/],
      [{ allowedServicePrincipalIds: `${CLIENT}, bob` }, /"bob" is not a GUID/],
      [{ allowedServicePrincipalIds: `${CLIENT},,${TENANT}` }, /empty entry/],
      [{ accessTokenTrustedIps: [] }, /at least one entry/],
      [
        { accessTokenTrustedIps: [{ ipAddress: '300.1.1.1' }] },
        /ipAddress "300.1.1.1" is not a valid IPv4, IPv6, or CIDR block/,
      ],
      [{ accessTokenTrustedIps: [{ ip: '1.1.1.1' }] }, /Unrecognized key|ipAddress/],
      [{ accessTokenTTL: -1 }, /accessTokenTTL must be between 0 and 315360000/],
      [{ accessTokenMaxTTL: 315_360_001 }, /accessTokenMaxTTL must be between 0 and 315360000/],
      [{ accessTokenTTL: 1.5 }, /whole number/],
      [{ accessTokenTTL: '3600' }, /must be a number/],
      [{ accessTokenNumUsesLimit: -1 }, /accessTokenNumUsesLimit must be ≥ 0/],
      [{ accessTokenTTL: 7200, accessTokenMaxTTL: 3600 }, /must not exceed accessTokenMaxTTL/],
      [{ foo: 1 }, /Unrecognized key/],
    ];
    for (const [body, message] of cases)
      assert.match(errors(azureAuthPatchSchema, body), message, JSON.stringify(body));
  });

  it('allows TTL above MaxTTL when MaxTTL is 0 (no maximum)', () => {
    assert.equal(errors(azureAuthPatchSchema, { accessTokenTTL: 7200, accessTokenMaxTTL: 0 }), '');
  });

  it('requires tenant and resource to attach', () => {
    assert.match(errors(azureAuthAttachSchema, { resource: 'https://management.azure.com/' }), /tenantId/);
    assert.equal(errors(azureAuthAttachSchema, { tenantId: TENANT, resource: 'https://x/' }), '');
  });
});

describe('response schemas are tolerant', () => {
  it('keeps unknown fields and accepts unknown apps, methods and nulls', () => {
    const c = appConnectionSchema.parse({
      id: '1',
      name: 'n',
      app: 'brand-new-app',
      method: 'quantum',
      description: null,
      rotation: null,
      somethingNew: { a: 1 },
    });
    assert.deepEqual((c as Record<string, unknown>).somethingNew, { a: 1 });
    const page = identityMembershipPageSchema.parse({
      identityMemberships: [{ identity: { id: 'i', name: 'n', authMethods: ['future-auth'] }, extra: true }],
    });
    assert.deepEqual(page.identityMemberships[0]?.identity.authMethods, ['future-auth']);
    const az = identityAzureAuthSchema.parse({
      identityId: 'i',
      tenantId: TENANT,
      resource: 'r',
      accessTokenTTL: 1,
      accessTokenMaxTTL: 1,
      accessTokenNumUsesLimit: 0,
      accessTokenTrustedIps: [{ ipAddress: '1.1.1.1', type: 'ipv9' }],
    });
    assert.equal(az.accessTokenTrustedIps?.[0]?.type, 'ipv9');
  });
});

describe('list answers from a newer or odd server', () => {
  it('read nulls where the contract says optional as absent, keeping every other field', () => {
    const c = appConnectionSchema.parse({
      id: '1',
      name: 'n',
      app: 'azure-client-secrets',
      method: 'client-secret',
      version: null,
      orgId: null,
      createdAt: null,
      updatedAt: null,
      project: { id: 'p', name: null, slug: null, type: null },
      rotation: { rotationInterval: null, rotationStatus: 'paused', brandNew: 1 },
    });
    assert.equal(c.version, undefined);
    assert.equal(c.updatedAt, undefined);
    assert.equal(c.project?.name, undefined);
    assert.equal(c.rotation?.rotationInterval, undefined);
    assert.equal(c.rotation?.rotationStatus, 'paused');
    assert.equal((c.rotation as Record<string, unknown>).brandNew, 1);
    assert.match(
      errors(appConnectionSchema, { id: '1', name: 'n', app: 'a', method: 'm', version: 'x' }),
      /number/,
    );
  });

  it('set unreadable items aside with the reason, instead of failing the whole list', () => {
    const ok = { id: '1', name: 'n', app: 'a', method: 'm' };
    const list = appConnectionListSchema.parse({
      appConnections: [ok, { id: null, name: 'x', app: 'a', method: 'm' }, 'text', { ...ok, id: '2' }],
      nextCursor: 'c',
    });
    assert.deepEqual(
      list.appConnections.map((c) => c.id),
      ['1', '2'],
    );
    assert.deepEqual(
      list.unreadable.map((u) => u.index),
      [1, 2],
    );
    assert.match(list.unreadable[0]?.reason ?? '', /^id: .*string/);
    assert.equal((list as Record<string, unknown>).nextCursor, 'c');
    assert.match(errors(appConnectionListSchema, { appConnections: null }), /array/);
  });

  it('keep the length of an identity page (for the next offset), drop non-string auth methods', () => {
    const page = identityMembershipPageSchema.parse({
      identityMemberships: [
        {
          id: null,
          role: null,
          identity: { id: 'a', name: 'a', orgId: null, authMethods: ['azure-auth', null, 7, 'x-auth'] },
        },
        { identity: null },
        { identity: { id: 'b', name: 'b', authMethods: null } },
      ],
      totalCount: null,
    });
    assert.equal(page.received, 3);
    assert.equal(page.totalCount, undefined);
    assert.deepEqual(
      page.identityMemberships.map((m) => [m.identity.id, m.identity.authMethods]),
      [
        ['a', ['azure-auth', 'x-auth']],
        ['b', null],
      ],
    );
    assert.deepEqual(
      page.unreadable.map((u) => [u.index, u.reason.split(':')[0]]),
      [[1, 'identity']],
    );
  });
});

describe('sign-in input', () => {
  it('wants a GUID client id and a non-empty secret', () => {
    assert.equal(errors(universalAuthCredentialsSchema, { clientId: CLIENT, clientSecret: 's' }), '');
    assert.match(
      errors(universalAuthCredentialsSchema, { clientId: 'x', clientSecret: 's' }),
      /Client ID must be a GUID/,
    );
    assert.match(
      errors(universalAuthCredentialsSchema, { clientId: CLIENT, clientSecret: ' ' }),
      /must not be empty/,
    );
  });
});

describe('generated JSON Schemas', () => {
  const schemas = buildJsonSchemas();

  it('writes one draft-07 schema per document kind, with descriptions on every field', () => {
    assert.deepEqual(Object.keys(schemas).sort(), [
      'azure-auth.schema.json',
      'azure-client-secrets.certificate.schema.json',
      'azure-client-secrets.client-secret.schema.json',
      'azure-client-secrets.oauth.schema.json',
      'infisical-azure.schema.json',
    ]);
    for (const [file, schema] of Object.entries(schemas)) {
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#', file);
      assert.equal(schema.additionalProperties, false, file);
      // The save reads JSONC: the editor must not flag what the save accepts. Workspace files
      // are plain JSON, which CI and other tools read.
      const workspaceFile = file === 'infisical-azure.schema.json';
      assert.equal(schema.allowComments, workspaceFile ? undefined : true, file);
      assert.equal(schema.allowTrailingCommas, workspaceFile ? undefined : true, file);
      const props = schema.properties as Record<string, { description?: string }>;
      for (const [key, prop] of Object.entries(props))
        assert.ok(prop.description, `${file}: ${key} has no description`);
    }
  });

  it('the workspace file schema: write-only credentials only as references, durations or seconds', () => {
    const file = schemas['infisical-azure.schema.json'] as {
      properties: Record<string, { items?: { properties: Record<string, Record<string, unknown>> } }>;
    };
    const connection = file.properties.connections?.items?.properties ?? {};
    const creds = connection.credentials as { properties: Record<string, Record<string, unknown>> };
    assert.deepEqual(creds.properties.clientSecret?.required, ['env'], 'clientSecret is { "env": … }');
    // Text too: the validator reports a secret written as text itself, so the JSON language
    // server must not add "Incorrect type. Expected "object"." at the same value.
    for (const field of ['clientSecret', 'certificateBody', 'privateKey'])
      assert.deepEqual(creds.properties[field]?.type, ['object', 'string'], field);
    // The example reference is the name the quick fix suggests for a connection of that name.
    for (const field of ['clientSecret', 'certificateBody', 'privateKey']) {
      const written = JSON.stringify({
        site: 'https://eu.infisical.com',
        organization: { id: 'org' },
        connections: [{ name: EXAMPLE_CONNECTION, credentials: { [field]: 'written-as-text' } }],
      });
      const suggested = validateConfigText(written).problems.find(
        (p) => p.rule === 'inline-secret',
      )?.reference;
      const examples = creds.properties[field]?.examples as { env: string }[];
      assert.ok(suggested, field);
      assert.deepEqual(examples, [{ env: suggested }], field);
      assert.ok(String(creds.properties[field]?.description).includes(`{ "env": "${suggested}" }`), field);
    }
    const auth = file.properties.identities?.items?.properties.azureAuth as {
      properties: Record<string, { anyOf?: { type: string }[] }>;
    };
    assert.deepEqual(
      auth.properties.accessTokenTTL?.anyOf?.map((t) => t.type),
      ['integer', 'string'],
      'a TTL is seconds or a duration',
    );
  });

  it('carries ranges, defaults and examples', () => {
    const props = schemas['azure-auth.schema.json']?.properties as Record<string, Record<string, unknown>>;
    assert.equal(props.accessTokenTTL?.maximum, 315_360_000);
    assert.equal(props.accessTokenTTL?.default, 2_592_000);
    assert.equal(props.resource?.default, 'https://management.azure.com/');
    assert.ok(Array.isArray(props.accessTokenTrustedIps?.examples));
    const cs = schemas['azure-client-secrets.client-secret.schema.json']?.properties as Record<
      string,
      Record<string, unknown>
    >;
    const creds = cs.credentials as { required?: string[]; properties: Record<string, unknown> };
    // Write-only fields are never typed into a document (VS Code backs it up): not offered.
    assert.ok(!('clientSecret' in creds.properties), 'completion never offers clientSecret');
    assert.deepEqual(Object.keys(creds.properties).sort(), ['clientId', 'clientSecretKeyId', 'tenantId']);
    const cert = schemas['azure-client-secrets.certificate.schema.json']?.properties as
      | Record<string, { properties: Record<string, unknown> }>
      | undefined;
    assert.deepEqual(Object.keys(cert?.credentials?.properties ?? {}).sort(), ['clientId', 'tenantId']);
  });
});
