import assert from 'node:assert/strict';
import { buildAzureAuthPatch } from '../../src/core/edit/azureAuthPatch';
import { buildConnectionPatch } from '../../src/core/edit/connectionPatch';
import type { AppConnection } from '../../src/core/schemas/appConnection';
import type { IdentityAzureAuth } from '../../src/core/schemas/azureAuth';
import { azureAuthFields, azureAuthMeta, connectionFields, connectionMeta } from '../../src/forms/fields';
import type { FormMeta } from '../../src/forms/protocol';
import {
  type AzureAuthValues,
  azureAuthModel,
  durationHint,
  principalRowIssues,
  readSeconds,
  suggestsDefaultResource,
  trustedIpsNeedPaidPlan,
} from '../../src/webview/model/azureAuth';
import {
  type ConnectionValues,
  connectionModel,
  isConnectionField,
} from '../../src/webview/model/connection';
import {
  fieldOf,
  mergeIssues,
  numberOrText,
  rebase,
  type ShownIssue,
  summarize,
  type Validation,
} from '../../src/webview/model/shared';
import { localOffsetMinutes, localTimeToUtc, utcToLocalTime } from '../../src/webview/model/time';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '8d2b1c6e-0d5b-4a63-9a3e-4c7f6e1a2b3c';
const KEY_ID = '0b7a3f0e-6a51-4c55-8d0e-3f1a2b3c4d5e';
const OTHER = '11111111-2222-3333-4444-555555555555';

const connection: AppConnection = {
  id: 'c1',
  name: 'azure-prod',
  app: 'azure-client-secrets',
  method: 'client-secret',
  description: 'Production',
  credentials: { tenantId: TENANT, clientId: CLIENT, clientSecretKeyId: KEY_ID },
  isAutoRotationEnabled: true,
  rotation: { rotationInterval: 30, rotateAtUtc: { hours: 3, minutes: 15 }, rotationStatus: 'success' },
  updatedAt: '2026-11-01T10:00:00.000Z',
};

const azure: IdentityAzureAuth = {
  identityId: 'i1',
  tenantId: TENANT,
  resource: 'https://management.azure.com/',
  allowedServicePrincipalIds: `${CLIENT}, ${KEY_ID}`,
  accessTokenTTL: 2_592_000,
  accessTokenMaxTTL: 2_592_000,
  accessTokenNumUsesLimit: 0,
  accessTokenTrustedIps: [
    { ipAddress: '0.0.0.0', type: 'ipv4', prefix: 0 },
    { ipAddress: '::', type: 'ipv6', prefix: 0 },
  ],
};

const fields = (issues: ShownIssue[]) => issues.map((i) => i.field);

describe('form model: rotation time', () => {
  it('shows UTC in local time and reads it back, across midnight and half-hour zones', () => {
    assert.equal(utcToLocalTime({ hours: 3, minutes: 15 }, 60), '04:15');
    assert.equal(utcToLocalTime({ hours: 23, minutes: 30 }, 330), '05:00');
    assert.equal(utcToLocalTime({ hours: 2, minutes: 0 }, -480), '18:00');
    assert.deepEqual(localTimeToUtc('00:00', 330), { hours: 18, minutes: 30 });
    assert.deepEqual(localTimeToUtc('18:00', -480), { hours: 2, minutes: 0 });
    assert.deepEqual(localTimeToUtc('7:05:00', 0), { hours: 7, minutes: 5 });
    for (const offset of [-720, -210, 0, 60, 345, 840]) {
      for (const t of [
        { hours: 0, minutes: 0 },
        { hours: 12, minutes: 59 },
        { hours: 23, minutes: 1 },
      ]) {
        assert.deepEqual(localTimeToUtc(utcToLocalTime(t, offset), offset), t);
      }
    }
    for (const bad of ['', '24:00', '12:60', 'noon', '1200'])
      assert.equal(localTimeToUtc(bad, 0), undefined, bad);
    assert.equal(localOffsetMinutes(new Date()), -new Date().getTimezoneOffset());
  });
});

describe('form model: connection', () => {
  const model = connectionModel(60);
  const server = connectionFields(connection);
  const meta = connectionMeta(connection, 'default');
  const initial = model.fromServer(server, meta);
  const validate = (change: Partial<ConnectionValues>, m: FormMeta = meta, s = server) =>
    model.validate(s, m, { ...model.fromServer(s, m), ...change });

  it('fills the fields from the server view: secrets blank, rotation time in local time', () => {
    assert.equal(initial.name, 'azure-prod');
    assert.equal(initial.tenantId, TENANT);
    assert.equal(initial.clientSecret, '');
    assert.equal(initial.rotationInterval, '30');
    assert.equal(initial.rotateAt, '04:15');
  });

  it('finds no change in the untouched form', () => {
    const v = model.validate(server, meta, initial);
    assert.deepEqual(v.issues, []);
    assert.deepEqual(v.changes, []);
    assert.equal(summarize(false, v), 'No changes');
  });

  it('validates as the user types, with the host’s messages on the right field', () => {
    const bad = validate({ name: 'Bad Name', tenantId: 'nope' });
    assert.deepEqual(fields(bad.issues).sort(), ['credentials.tenantId', 'name']);
    assert.equal(bad.edited, undefined);
    const rename = validate({ name: 'azure-prod-2' });
    assert.deepEqual(
      rename.changes.map((c) => c.field),
      ['name'],
    );
    assert.equal(summarize(true, rename), '1 change: name');
  });

  it('changes credentials only with a new secret, as buildConnectionPatch requires', () => {
    const noSecret = validate({ clientId: OTHER });
    assert.deepEqual(fields(noSecret.issues), ['credentials.clientSecret']);
    const withSecret = validate({ clientId: OTHER, clientSecret: 'new-secret' });
    assert.deepEqual(withSecret.issues, []);
    assert.deepEqual(withSecret.edited?.credentials, {
      tenantId: TENANT,
      clientId: OTHER,
      clientSecret: 'new-secret',
      clientSecretKeyId: KEY_ID,
    });
    // What the webview sends builds the same body on the host, against the real server object.
    const host = buildConnectionPatch(connection, withSecret.edited);
    assert.ok(host.ok);
    assert.deepEqual(host.changes, withSecret.changes);
  });

  it('sends the rotation time in UTC, and says why an unreadable time is not sent', () => {
    const moved = validate({ rotateAt: '06:45' });
    assert.deepEqual(moved.edited?.rotation, {
      rotationInterval: 30,
      rotateAtUtc: { hours: 5, minutes: 45 },
    });
    const unreadable = validate({ rotateAt: 'soon' });
    assert.deepEqual(unreadable.issues, [
      { field: 'rotation.rotateAtUtc', message: '"soon" is not a time of day (HH:MM).', fromServer: false },
    ]);
    const interval = validate({ rotationInterval: '400' });
    assert.deepEqual(fields(interval.issues), ['rotation.rotationInterval']);
  });

  it('needs the key id to turn rotation on', () => {
    const bare: AppConnection = {
      ...connection,
      credentials: { tenantId: TENANT, clientId: CLIENT },
      isAutoRotationEnabled: false,
      rotation: null,
    };
    const s = connectionFields(bare);
    const m = connectionMeta(bare, 'default');
    const on = validate({ isAutoRotationEnabled: true, rotationInterval: '30', rotateAt: '00:00' }, m, s);
    assert.deepEqual(fields(on.issues), ['credentials.clientSecretKeyId']);
    // A blank key id the server never had is left out, not sent as "".
    const untouched = model.validate(s, m, model.fromServer(s, m));
    assert.deepEqual(untouched.issues, []);
  });

  it('leaves OAuth credentials alone and keeps rotation to client-secret connections', () => {
    const oauth: AppConnection = {
      ...connection,
      method: 'oauth',
      credentials: { tenantId: TENANT },
      rotation: null,
    };
    const m = connectionMeta(oauth, 'default');
    const v = validate({ name: 'renamed' }, m, connectionFields(oauth));
    assert.deepEqual(v.edited, { name: 'renamed', description: 'Production' });
    assert.equal(isConnectionField('oauth', 'rotation.rotationInterval'), false);
    assert.equal(isConnectionField('client-secret', 'rotation.rotateAtUtc'), true);
    assert.equal(isConnectionField('certificate', 'credentials.privateKey'), true);
    assert.equal(isConnectionField('certificate', 'credentials.clientSecret'), false);
  });

  it('offers no rotation for a connection whose server has none, even a client-secret one', () => {
    const { isAutoRotationEnabled: _enabled, rotation: _rotation, ...legacy } = connection;
    const m = connectionMeta(legacy, 'default');
    assert.equal(m.serverRotation, false);
    assert.equal(m.canRotateNow, false);
    assert.equal(connectionMeta(connection, 'default').serverRotation, true);
    const s = connectionFields(legacy);
    assert.equal('isAutoRotationEnabled' in s, false);
    // A toggle or a schedule left in the values (a draft from before) is never sent there.
    const v = validate({ name: 'renamed', isAutoRotationEnabled: true, rotationInterval: '30' }, m, s);
    assert.deepEqual(v.issues, []);
    assert.deepEqual(v.edited, {
      name: 'renamed',
      description: 'Production',
      credentials: { tenantId: TENANT, clientId: CLIENT, clientSecretKeyId: KEY_ID },
    });
    assert.deepEqual(
      v.changes.map((c) => c.field),
      ['name'],
    );
  });

  it('never keeps a secret in a draft, and says which ones a restored form lost', () => {
    const typed = { ...initial, name: 'renamed', clientSecret: 'hunter2-secret', privateKey: 'pk' };
    const draft = model.toDraft(typed);
    assert.doesNotMatch(JSON.stringify(draft), /hunter2|"pk"/);
    assert.deepEqual(draft.secretsEntered, ['clientSecret', 'privateKey']);
    const restored = model.restore(draft, initial);
    assert.equal(restored.values.name, 'renamed');
    assert.equal(restored.values.clientSecret, '');
    assert.deepEqual(restored.secretsDropped, ['clientSecret', 'privateKey']);
    // A draft that was never ours is ignored; even one with a secret in it is stripped.
    assert.deepEqual(model.restore({ name: 42 }, initial).values, initial);
    assert.equal(model.restore({ clientSecret: 'x' }, initial).values.clientSecret, '');
  });

  it('maps server issue paths to the form’s fields', () => {
    assert.equal(model.fieldOf(['credentials', 'clientId'], meta, initial), 'credentials.clientId');
    assert.equal(model.fieldOf(['rotation', 'rotateAtUtc', 'hours'], meta, initial), 'rotation.rotateAtUtc');
    assert.equal(model.fieldOf(['credentials'], meta, initial), 'credentials');
    assert.equal(model.fieldOf(['gatewayId'], meta, initial), '');
  });
});

describe('form model: Azure Auth', () => {
  const server = azureAuthFields(azure);
  const meta = azureAuthMeta(azure, 'ci', 'default');
  const initial = azureAuthModel.fromServer(server, meta);
  const validate = (change: Partial<AzureAuthValues>) =>
    azureAuthModel.validate(server, meta, { ...initial, ...change });

  it('fills lists and numbers from the server view', () => {
    assert.deepEqual(initial.principals, [CLIENT, KEY_ID]);
    assert.deepEqual(initial.trustedIps, ['0.0.0.0/0', '::/0']);
    assert.equal(initial.ttl, '2592000');
    assert.equal(initial.numUses, '');
    assert.deepEqual(azureAuthModel.validate(server, meta, initial).changes, []);
  });

  it('reads durations, and sends TTL and Max TTL together', () => {
    const v = validate({ ttl: '2h 30m' });
    assert.deepEqual(v.issues, []);
    assert.equal(v.edited?.accessTokenTTL, 9000);
    const host = buildAzureAuthPatch(azure, v.edited);
    assert.ok(host.ok);
    assert.deepEqual(host.body, { accessTokenTTL: 9000, accessTokenMaxTTL: 2_592_000 });
    assert.equal(readSeconds('30d'), 2_592_000);
    assert.equal(readSeconds('-5'), -5);
    assert.match(String(readSeconds('soon')), /not a duration/);
    assert.match(String(readSeconds(' ')), /Enter seconds/);
    assert.deepEqual(fields(validate({ ttl: 'soon' }).issues), ['accessTokenTTL']);
    assert.deepEqual(fields(validate({ maxTtl: '1h' }).issues), ['accessTokenMaxTTL']);
    assert.deepEqual(fields(validate({ ttl: '2d', maxTtl: '1d' }).issues), ['accessTokenTTL']);
    assert.deepEqual(validate({ ttl: '2d', maxTtl: '0' }).issues, []);
  });

  it('says what a duration means next to the field', () => {
    assert.equal(durationHint('2592000', 'ttl'), '= 30d');
    assert.equal(durationHint('100d', 'ttl'), '= 100d (newer Infisical servers cap tokens at 90d)');
    assert.equal(durationHint('0', 'max'), '= no maximum');
    assert.equal(durationHint('soon', 'ttl'), '');
  });

  it('checks each list row on its own and lands the message on that row', () => {
    const ips = validate({ trustedIps: ['0.0.0.0/0', '10.0.0.0/33', ''] });
    assert.deepEqual(fields(ips.issues), ['accessTokenTrustedIps.1', 'accessTokenTrustedIps.2']);
    assert.deepEqual(fields(validate({ trustedIps: [] }).issues), ['accessTokenTrustedIps']);
    const principals = validate({ principals: [CLIENT, 'not-a-guid', ''] });
    assert.deepEqual(fields(principals.issues), [
      'allowedServicePrincipalIds.1',
      'allowedServicePrincipalIds.2',
    ]);
    assert.deepEqual(principalRowIssues([CLIENT]), []);
    const joined = validate({ principals: [KEY_ID, ` ${OTHER} `] });
    assert.equal(joined.edited?.allowedServicePrincipalIds, `${KEY_ID}, ${OTHER}`);
    assert.deepEqual(validate({ principals: [] }).edited?.allowedServicePrincipalIds, '');
  });

  it('warns about a paid plan for anything but 0.0.0.0/0 and ::/0', () => {
    assert.equal(trustedIpsNeedPaidPlan(['0.0.0.0/0', '::/0', '']), false);
    assert.equal(trustedIpsNeedPaidPlan(['10.0.0.0/8']), true);
  });

  it('offers the default resource only where the value is empty or not a URL', () => {
    for (const chosen of ['https://vault.azure.net', 'https://management.azure.com/', 'api://4f1c-app'])
      assert.equal(suggestsDefaultResource(chosen), false, chosen);
    for (const broken of ['', '   ', 'vault.azure.net', 'https//management.azure.com', 'https://'])
      assert.equal(suggestsDefaultResource(broken), true, broken);
  });

  it('treats blank max uses as unlimited', () => {
    assert.deepEqual(validate({ numUses: '' }).changes, []);
    assert.equal(validate({ numUses: '5' }).edited?.accessTokenNumUsesLimit, 5);
    assert.deepEqual(fields(validate({ numUses: '-1' }).issues), ['accessTokenNumUsesLimit']);
  });

  it('maps server paths to rows that exist, else to the list', () => {
    assert.equal(
      azureAuthModel.fieldOf(['accessTokenTrustedIps', 1, 'ipAddress'], meta, initial),
      'accessTokenTrustedIps.1',
    );
    assert.equal(
      azureAuthModel.fieldOf(['accessTokenTrustedIps', 9, 'ipAddress'], meta, initial),
      'accessTokenTrustedIps',
    );
    assert.equal(azureAuthModel.fieldOf([], meta, initial), '');
  });

  it('restores a draft over the server values', () => {
    const draft = azureAuthModel.toDraft({ ...initial, ttl: '1d' });
    assert.equal(azureAuthModel.restore(draft, initial).values.ttl, '1d');
    assert.deepEqual(azureAuthModel.restore('junk', initial).values, initial);
  });
});

describe('form model: shared rules', () => {
  it('finds the longest field a path names', () => {
    const known = new Set(['a', 'a.b']);
    assert.equal(
      fieldOf(['a', 'b', 'c'], (k) => known.has(k)),
      'a.b',
    );
    assert.equal(
      fieldOf(['x'], (k) => known.has(k)),
      '',
    );
  });

  it('lets a field’s own parse message win over the builder’s', () => {
    const local = [{ field: 'a', message: 'unreadable', fromServer: false }];
    const built = [
      { field: 'a', message: 'required', fromServer: false },
      { field: 'b', message: 'bad', fromServer: false },
    ];
    assert.deepEqual(
      mergeIssues(local, built).map((i) => i.message),
      ['unreadable', 'bad'],
    );
  });

  it('rebases: untouched fields follow the server, edited ones stay', () => {
    const before = { keyId: 'old', description: 'd', secret: '' };
    const after = { keyId: 'new', description: 'd', secret: '' };
    const current = { keyId: 'old', description: 'mine', secret: 'typed' };
    assert.deepEqual(rebase(before, after, current), { keyId: 'new', description: 'mine', secret: 'typed' });
  });

  it('summarizes what Save would do', () => {
    const v = (issues: number, changes: string[]): Validation => ({
      issues: Array.from({ length: issues }, () => ({ field: 'x', message: 'm', fromServer: false })),
      changes: changes.map((field) => ({ field, before: '', after: '' })),
    });
    assert.equal(summarize(true, v(2, [])), '2 problems to fix');
    assert.equal(summarize(true, v(0, [])), 'No changes to send');
    assert.equal(summarize(true, v(0, ['name', 'description'])), '2 changes: name, description');
  });

  it('hands numbers to the schema, and other text as text so it says why', () => {
    assert.equal(numberOrText(' 12 '), 12);
    assert.equal(numberOrText('1.5'), 1.5);
    assert.equal(numberOrText('twelve'), 'twelve');
    assert.equal(numberOrText(''), undefined);
  });
});
