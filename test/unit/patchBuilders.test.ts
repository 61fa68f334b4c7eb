import assert from 'node:assert/strict';
import { buildAzureAuthPatch, toAzureAuthEdit } from '../../src/core/edit/azureAuthPatch';
import { serverChanged } from '../../src/core/edit/conflict';
import {
  buildConnectionPatch,
  OAUTH_REAUTHORIZE,
  toConnectionEdit,
} from '../../src/core/edit/connectionPatch';
import type { AppConnection } from '../../src/core/schemas/appConnection';
import { azureAuthFixture, CLIENT, KEY_ID, TENANT } from './fixtures';

const azure = azureAuthFixture;

function ok<T>(r: { ok: true; body: T } | { ok: false; issues: unknown }): T {
  assert.ok(r.ok, `expected ok, got ${JSON.stringify(r)}`);
  return r.body;
}
function fails(
  r: { ok: boolean; issues?: { path: unknown[]; message: string }[] },
  path: string,
  message: RegExp,
) {
  assert.equal(r.ok, false, 'expected issues');
  const issue = r.issues?.find((i) => i.path.join('.') === path);
  assert.ok(issue, `no issue at ${path}: ${JSON.stringify(r.issues)}`);
  assert.match(issue.message, message);
}

describe('Azure Auth patch builder', () => {
  it('shows the server state as editable fields, IPs as ip/prefix text', () => {
    const edit = toAzureAuthEdit(azure);
    assert.deepEqual(Object.keys(edit), [
      'tenantId',
      'resource',
      'allowedServicePrincipalIds',
      'accessTokenTrustedIps',
      'accessTokenTTL',
      'accessTokenMaxTTL',
      'accessTokenNumUsesLimit',
    ]);
    assert.deepEqual(edit.accessTokenTrustedIps, [
      { ipAddress: '10.0.0.0/8' },
      { ipAddress: '2001:db8::/32' },
    ]);
    assert.equal(edit.allowedServicePrincipalIds, `${CLIENT}, ${KEY_ID}`);
  });

  it('sends nothing when nothing changed (whitespace and principal spacing included)', () => {
    const edit = {
      ...toAzureAuthEdit(azure),
      tenantId: ` ${TENANT} `,
      allowedServicePrincipalIds: `${CLIENT} ,  ${KEY_ID}`,
    };
    const r = buildAzureAuthPatch(azure, edit);
    assert.deepEqual(ok(r), {});
  });

  describe('the workspace file\'s shapes, accepted too (a list of ids; a list of "10.0.0.0/8")', () => {
    it('the same principals and IP set written as lists send nothing', () => {
      const r = buildAzureAuthPatch(azure, {
        allowedServicePrincipalIds: [CLIENT, ` ${KEY_ID} `],
        accessTokenTrustedIps: ['10.0.0.0/8', '2001:db8::/32'],
      });
      assert.deepEqual(ok(r), {});
    });

    it('changed lists are sent as the API writes them, with the change lines of the editor', () => {
      const r = buildAzureAuthPatch(azure, {
        allowedServicePrincipalIds: [CLIENT],
        accessTokenTrustedIps: [' 10.0.0.0/8', '192.168.0.0/16'],
      });
      assert.ok(r.ok);
      assert.deepEqual(r.body, {
        allowedServicePrincipalIds: CLIENT,
        accessTokenTrustedIps: [{ ipAddress: '10.0.0.0/8' }, { ipAddress: '192.168.0.0/16' }],
      });
      assert.deepEqual(
        r.changes.map((c) => [c.field, c.after]),
        [
          ['allowedServicePrincipalIds', JSON.stringify(CLIENT)],
          ['accessTokenTrustedIps', JSON.stringify('10.0.0.0/8, 192.168.0.0/16')],
        ],
      );
    });

    it("a bad entry is named in the workspace file's words, with its place in the list", () => {
      fails(
        buildAzureAuthPatch(azure, { allowedServicePrincipalIds: [CLIENT, 'bob'] }),
        'allowedServicePrincipalIds',
        /^allowedServicePrincipalIds entry must be a GUID like 0{8}-0{4}-0{4}-0{4}-0{12} \(entry 2\)$/,
      );
      fails(
        buildAzureAuthPatch(azure, { accessTokenTrustedIps: ['10.0.0.0/40'] }),
        'accessTokenTrustedIps',
        /^accessTokenTrustedIps entry "10.0.0.0\/40" has an invalid prefix: use \/0 to \/32 for IPV4 \(entry 1\)$/,
      );
      fails(
        buildAzureAuthPatch(azure, { accessTokenTrustedIps: [] }),
        'accessTokenTrustedIps',
        /^accessTokenTrustedIps needs at least one entry/,
      );
      fails(
        buildAzureAuthPatch(azure, { allowedServicePrincipalIds: 5 }),
        'allowedServicePrincipalIds',
        /^allowedServicePrincipalIds must be a string of comma-separated ids, or a list of GUIDs as a workspace file writes it, not a number$/,
      );
      // The editor's own shape keeps its own messages.
      fails(
        buildAzureAuthPatch(azure, { allowedServicePrincipalIds: `${CLIENT}, bob` }),
        'allowedServicePrincipalIds',
        /^allowedServicePrincipalIds: "bob" is not a GUID/,
      );
    });
  });

  it('sends only the changed fields, trimmed', () => {
    const r = buildAzureAuthPatch(azure, {
      ...toAzureAuthEdit(azure),
      resource: ' https://vault.azure.net ',
    });
    assert.deepEqual(ok(r), { resource: 'https://vault.azure.net' });
    assert.ok(r.ok && r.changes.some((c) => c.field === 'resource'));
  });

  it('always sends TTL and MaxTTL together when either changes', () => {
    assert.deepEqual(ok(buildAzureAuthPatch(azure, { accessTokenMaxTTL: 7_776_000 })), {
      accessTokenTTL: 2_592_000,
      accessTokenMaxTTL: 7_776_000,
    });
    const r = buildAzureAuthPatch(azure, { accessTokenTTL: 3600 });
    assert.deepEqual(ok(r), { accessTokenTTL: 3600, accessTokenMaxTTL: 2_592_000 });
    assert.ok(r.ok && r.changes.some((c) => c.after === '3600 (1h)'));
  });

  it('checks TTL against the stored MaxTTL when only one is edited', () => {
    fails(
      buildAzureAuthPatch(azure, { accessTokenTTL: 2_592_001 }),
      'accessTokenTTL',
      /must not exceed accessTokenMaxTTL \(2592000 s = 30d\)/,
    );
    fails(buildAzureAuthPatch(azure, { accessTokenMaxTTL: 3600 }), 'accessTokenMaxTTL', /must not exceed/);
    // Infisical compares with the stored Max TTL when Max TTL is 0 or TTL is 0 (`||` in its check):
    // removing the maximum takes two saves, and the builder says so.
    fails(
      buildAzureAuthPatch(azure, { accessTokenTTL: 9_999_999, accessTokenMaxTTL: 0 }),
      'accessTokenMaxTTL',
      /Save Max TTL 0 with a TTL within the current maximum first/,
    );
    assert.deepEqual(ok(buildAzureAuthPatch(azure, { accessTokenTTL: 3600, accessTokenMaxTTL: 0 })), {
      accessTokenTTL: 3600,
      accessTokenMaxTTL: 0,
    });
    const unlimited = { ...azure, accessTokenTTL: 3600, accessTokenMaxTTL: 0 };
    assert.deepEqual(ok(buildAzureAuthPatch(unlimited, { accessTokenTTL: 9_999_999 })), {
      accessTokenTTL: 9_999_999,
      accessTokenMaxTTL: 0,
    });
    fails(
      buildAzureAuthPatch(azure, { accessTokenTTL: 0, accessTokenMaxTTL: 3600 }),
      'accessTokenTTL',
      /reads a TTL of 0 as the stored Max TTL \(2592000 s = 30d\)/,
    );
  });

  it('sends trusted IPs when the list or its order changes', () => {
    const r = buildAzureAuthPatch(azure, {
      accessTokenTrustedIps: [{ ipAddress: '2001:db8::/32' }, { ipAddress: ' 10.0.0.0/8' }],
    });
    assert.deepEqual(ok(r), {
      accessTokenTrustedIps: [{ ipAddress: '2001:db8::/32' }, { ipAddress: '10.0.0.0/8' }],
    });
    assert.deepEqual(
      ok(
        buildAzureAuthPatch(azure, {
          accessTokenTrustedIps: [{ ipAddress: '10.0.0.0/8' }, { ipAddress: '2001:db8::/32' }],
        }),
      ),
      {},
    );
  });

  it('maps invalid edits to field issues, and unknown keys too', () => {
    fails(
      buildAzureAuthPatch(azure, { accessTokenTrustedIps: [{ ipAddress: '10.0.0.0/40' }] }),
      'accessTokenTrustedIps.0.ipAddress',
      /invalid prefix/,
    );
    fails(
      buildAzureAuthPatch(azure, { tenantID: TENANT }),
      'tenantID',
      /"tenantID" is not a field Infisical accepts/,
    );
    fails(buildAzureAuthPatch(azure, { accessTokenNumUsesLimit: -2 }), 'accessTokenNumUsesLimit', /≥ 0/);
  });
});

const clientSecretConn: AppConnection = {
  id: 'c1',
  name: 'azure-prod',
  app: 'azure-client-secrets',
  method: 'client-secret',
  description: 'Production subscription',
  version: 3,
  updatedAt: '2026-11-01T10:00:00.000Z',
  credentials: { tenantId: TENANT, clientId: CLIENT, clientSecretKeyId: KEY_ID },
  isAutoRotationEnabled: true,
  rotation: { rotationInterval: 30, rotateAtUtc: { hours: 2, minutes: 30 }, rotationStatus: 'success' },
};
const noKeyConn: AppConnection = {
  ...clientSecretConn,
  id: 'c2',
  credentials: { tenantId: TENANT, clientId: CLIENT },
  isAutoRotationEnabled: false,
  rotation: null,
};
const oauthConn: AppConnection = {
  ...noKeyConn,
  id: 'c3',
  method: 'oauth',
  credentials: { tenantId: TENANT },
};
const certConn: AppConnection = { ...noKeyConn, id: 'c4', method: 'certificate' };

describe('connection patch builder', () => {
  it('shows editable fields with non-secret credentials only', () => {
    const v = toConnectionEdit(clientSecretConn);
    assert.deepEqual(Object.keys(v), [
      'name',
      'description',
      'credentials',
      'isAutoRotationEnabled',
      'rotation',
    ]);
    assert.deepEqual(v.credentials, { tenantId: TENANT, clientId: CLIENT, clientSecretKeyId: KEY_ID });
    assert.equal('rotation' in toConnectionEdit(noKeyConn), false);
  });

  it('sends nothing for an unchanged document', () => {
    assert.deepEqual(ok(buildConnectionPatch(clientSecretConn, toConnectionEdit(clientSecretConn))), {});
  });

  it('sends changed name and description, trimmed; empty description clears it', () => {
    const edit = { ...toConnectionEdit(clientSecretConn), name: ' azure-staging ', description: '' };
    assert.deepEqual(ok(buildConnectionPatch(clientSecretConn, edit)), {
      name: 'azure-staging',
      description: null,
    });
  });

  it('refuses a changed credential without the write-only secret, naming the field', () => {
    const edit = toConnectionEdit(clientSecretConn);
    edit.credentials.tenantId = '11111111-2222-3333-4444-555555555555';
    fails(
      buildConnectionPatch(clientSecretConn, edit),
      'credentials.clientSecret',
      /also give a new credentials.clientSecret \("Replace credentials…"/,
    );
    const cert = toConnectionEdit(certConn);
    cert.credentials.clientId = KEY_ID;
    fails(
      buildConnectionPatch(certConn, cert),
      'credentials.certificateBody',
      /credentials.certificateBody and credentials.privateKey/,
    );
  });

  it('sends whole credentials, trimmed, once a new secret is typed', () => {
    const edit = {
      ...toConnectionEdit(clientSecretConn),
      credentials: { ...toConnectionEdit(clientSecretConn).credentials, clientSecret: ' n3w ' },
    };
    const r = buildConnectionPatch(clientSecretConn, edit);
    assert.deepEqual(ok(r), {
      credentials: { tenantId: TENANT, clientId: CLIENT, clientSecretKeyId: KEY_ID, clientSecret: 'n3w' },
    });
    assert.ok(r.ok && !JSON.stringify(r.changes).includes('n3w'), 'the change summary never shows a secret');
  });

  it('needs both certificate parts', () => {
    const edit = {
      credentials: {
        ...toConnectionEdit(certConn).credentials,
        privateKey: '-----BEGIN PRIVATE KEY-----\nX\n-----END PRIVATE KEY-----',
      },
    };
    fails(
      buildConnectionPatch(certConn, edit),
      'credentials.certificateBody',
      /credentials.certificateBody is required/,
    );
  });

  it('sends OAuth users to the web app', () => {
    fails(
      buildConnectionPatch(oauthConn, { credentials: { tenantId: TENANT, code: 'abc' } }),
      'credentials.code',
      /re-authorized in the Infisical web app/,
    );
    fails(
      buildConnectionPatch(oauthConn, { credentials: { tenantId: 'other' } }),
      'credentials.tenantId',
      new RegExp(OAUTH_REAUTHORIZE.slice(0, 20)),
    );
    fails(
      buildConnectionPatch(oauthConn, {
        isAutoRotationEnabled: true,
        rotation: { rotationInterval: 30, rotateAtUtc: { hours: 0, minutes: 0 } },
      }),
      'isAutoRotationEnabled',
      /only for client-secret/,
    );
  });

  it('sends a rotation change alone, and disabling alone', () => {
    const edit = {
      ...toConnectionEdit(clientSecretConn),
      rotation: { rotationInterval: 7, rotateAtUtc: { hours: 2, minutes: 30 } },
    };
    const r = buildConnectionPatch(clientSecretConn, edit);
    assert.deepEqual(ok(r), { rotation: { rotationInterval: 7, rotateAtUtc: { hours: 2, minutes: 30 } } });
    assert.ok(r.ok && r.changes.some((c) => c.after.includes('every 7 days at 02:30 UTC')));
    assert.deepEqual(ok(buildConnectionPatch(clientSecretConn, { isAutoRotationEnabled: false })), {
      isAutoRotationEnabled: false,
    });
  });

  it('enforces the rules for enabling rotation the first time', () => {
    fails(
      buildConnectionPatch(noKeyConn, { isAutoRotationEnabled: true }),
      'credentials.clientSecretKeyId',
      /needs credentials.clientSecretKeyId/,
    );
    const withKey: AppConnection = {
      ...noKeyConn,
      credentials: { tenantId: TENANT, clientId: CLIENT, clientSecretKeyId: KEY_ID },
    };
    fails(buildConnectionPatch(withKey, { isAutoRotationEnabled: true }), 'rotation', /needs "rotation"/);
    const rotation = { rotationInterval: 30, rotateAtUtc: { hours: 0, minutes: 0 } };
    assert.deepEqual(ok(buildConnectionPatch(withKey, { isAutoRotationEnabled: true, rotation })), {
      isAutoRotationEnabled: true,
      rotation,
    });
  });

  it('on a server without rotation: shows no rotation keys, and refuses them whatever their values', () => {
    // A June 2025 server: its connections carry neither key, and a PATCH of them changes nothing.
    const { isAutoRotationEnabled: _enabled, rotation: _rotation, ...legacy } = oauthConn;
    const edit = toConnectionEdit(legacy);
    assert.deepEqual(Object.keys(edit), ['name', 'description', 'credentials']);
    assert.deepEqual(ok(buildConnectionPatch(legacy, { ...edit, description: 'New.' })), {
      description: 'New.',
    });
    const refused = buildConnectionPatch(legacy, { ...edit, isAutoRotationEnabled: false });
    fails(
      refused,
      'isAutoRotationEnabled',
      /^rotation: this server does not support rotation of connections \(the server is older than the feature\): remove isAutoRotationEnabled or upgrade the server$/,
    );
    const schedule = { rotationInterval: 30, rotateAtUtc: { hours: 0, minutes: 0 } };
    fails(
      buildConnectionPatch(legacy, { ...edit, rotation: schedule }),
      'rotation',
      /remove rotation or upgrade the server/,
    );
    fails(
      buildConnectionPatch(legacy, { ...edit, isAutoRotationEnabled: true, rotation: schedule }),
      'isAutoRotationEnabled',
      /remove isAutoRotationEnabled and rotation or upgrade/,
    );
    // The same connection from a server that has rotation (the keys present, even null) is unchanged.
    assert.deepEqual(ok(buildConnectionPatch(oauthConn, toConnectionEdit(oauthConn))), {});
    assert.equal(toConnectionEdit(oauthConn).isAutoRotationEnabled, false);
  });

  it('refuses methods it cannot edit and bad fields', () => {
    fails(
      buildConnectionPatch({ ...noKeyConn, method: 'api-token' }, {}),
      '',
      /not one this extension can edit/,
    );
    fails(buildConnectionPatch(clientSecretConn, { name: 'Bad Name' }), 'name', /slug/);
  });
});

describe('conflict check', () => {
  it('sees a moved updatedAt or version, and ignores equal instants written differently', () => {
    assert.equal(
      serverChanged({ updatedAt: '2026-11-01T10:00:00.000Z' }, { updatedAt: '2026-11-01T10:00:00Z' }),
      false,
    );
    assert.equal(
      serverChanged({ updatedAt: '2026-11-01T10:00:00Z' }, { updatedAt: '2026-11-01T10:00:01Z' }),
      true,
    );
    assert.equal(serverChanged({ version: 3, updatedAt: 'x' }, { version: 4, updatedAt: 'x' }), true);
    assert.equal(serverChanged({}, { updatedAt: '2026-11-01T10:00:01Z' }), false);
  });
});
