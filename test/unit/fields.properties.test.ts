import assert from 'node:assert/strict';
import fc from 'fast-check';
import { azureAuthEdited } from '../../src/core/config/normalize';
import { diffConnection } from '../../src/core/config/planners/connection';
import type { ConnectionDecl } from '../../src/core/config/schema';
import { buildAzureAuthPatch } from '../../src/core/edit/azureAuthPatch';
import { parseTrustedIp } from '../../src/core/edit/ip';
import { AZURE_AUTH_FIELDS, azureAuthFields, MAX_TTL_SECONDS } from '../../src/core/fields/azureAuth';
import { CONNECTION_FIELDS, connectionFields } from '../../src/core/fields/connection';
import {
  CREDENTIAL_FIELDS,
  type CredentialField,
  METHOD_CREDENTIALS,
  replaceableCredentials,
  shownCredentials,
  writeOnlyCredentials,
} from '../../src/core/fields/credentials';
import {
  type AppConnection,
  AZURE_METHODS,
  type AzureMethod,
  credentialsSchemas,
} from '../../src/core/schemas/appConnection';
import type { IdentityAzureAuth } from '../../src/core/schemas/azureAuth';
import type * as z from '../../src/core/schemas/zod';

/**
 * The field table derives five schemas per field (response → edit, PATCH request, workspace file,
 * form values, form transport) and the codecs between them. For every field and any stored value,
 * each way through the codecs lands on a value the next schema accepts, and comes back equal:
 * a value valid for the file is valid for the PATCH after its codec, a server value written to the
 * file plans nothing, and a form shows and sends back what it was given.
 */

const SEED = 29;
const RUNS = 200;

const guid = fc.uuid().map((u) => u.toLowerCase());
const storedIp = fc.oneof(
  fc.tuple(fc.ipV4(), fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined })).map(([a, p]) => ({
    ipAddress: a,
    type: 'ipv4',
    ...(p === undefined ? {} : { prefix: p }),
  })),
  fc.tuple(fc.ipV6(), fc.option(fc.integer({ min: 0, max: 128 }), { nil: undefined })).map(([a, p]) => {
    const parsed = parseTrustedIp(p === undefined ? a : `${a}/${p}`);
    assert.ok(parsed.ok, `fast-check's IPv6 ${a} parses`);
    return { ...parsed.value };
  }),
);

/** An Azure Auth as a server stores it (TTL within Max TTL, or Max TTL 0). */
const stored: fc.Arbitrary<IdentityAzureAuth> = fc
  .record({
    identityId: guid,
    tenantId: guid,
    resource: fc.webUrl(),
    principals: fc.uniqueArray(guid, { maxLength: 4 }),
    ips: fc.array(storedIp, { minLength: 1, maxLength: 4 }),
    max: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: MAX_TTL_SECONDS })),
    ttlShare: fc.double({ min: 0, max: 1, noNaN: true }),
    uses: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map((r) => ({
    identityId: r.identityId,
    tenantId: r.tenantId,
    resource: r.resource,
    allowedServicePrincipalIds: r.principals.join(', '),
    accessTokenTrustedIps: r.ips,
    accessTokenMaxTTL: r.max,
    accessTokenTTL: Math.floor((r.max || MAX_TTL_SECONDS) * r.ttlShare),
    accessTokenNumUsesLimit: r.uses,
  }));

const check = (prop: fc.IPropertyWithHooks<[IdentityAzureAuth]>) =>
  fc.assert(prop, { seed: SEED, numRuns: RUNS });

describe('the Azure Auth field table: derived schemas agree for every field', () => {
  for (const [key, f] of azureAuthFields) {
    describe(key, () => {
      it('server → edit is valid for the form transport and for the PATCH', () =>
        check(
          fc.property(stored, (server) => {
            const edit = f.toEdit(server);
            assert.ok(f.edit.safeParse(edit).success, `edit schema refuses ${JSON.stringify(edit)}`);
            const request = f.request.safeParse(edit);
            assert.ok(request.success, `request schema refuses ${JSON.stringify(edit)}`);
          }),
        ));

      it('server → file text is valid for the file, and after its codec for the PATCH', () =>
        check(
          fc.property(stored, (server) => {
            const decl = f.decl.safeParse(f.toDecl(server));
            assert.ok(decl.success, `file schema refuses ${JSON.stringify(f.toDecl(server))}`);
            const request = f.request.safeParse(f.fromDecl(decl.data));
            assert.ok(request.success, `request schema refuses ${JSON.stringify(f.fromDecl(decl.data))}`);
          }),
        ));

      it('a file written from the server plans nothing for the field', () =>
        check(
          fc.property(stored, (server) => {
            const decl = f.decl.parse(f.toDecl(server));
            const result = buildAzureAuthPatch(server, azureAuthEdited(server, { [key]: decl }));
            assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
            assert.deepEqual(result.changes, [], `changes for ${JSON.stringify(decl)}`);
          }),
        ));

      it('the form shows the edit value and sends back an equal one', () =>
        check(
          fc.property(stored, (server) => {
            const edit = f.toEdit(server);
            const back = f.form.toEdit(f.form.fromEdit(edit));
            assert.ok('value' in back, `the form refuses its own text: ${'message' in back && back.message}`);
            const request = f.request.parse(back.value);
            const same = f.editEquals ? f.editEquals(edit, request) : edit === request;
            assert.ok(same, `${JSON.stringify(edit)} came back as ${JSON.stringify(request)}`);
          }),
        ));
    });
  }

  it('the table names every field of the PATCH body once, with a label and help for the form', () => {
    const keys = azureAuthFields.map(([k]) => k);
    assert.deepEqual(keys, [
      'tenantId',
      'resource',
      'allowedServicePrincipalIds',
      'accessTokenTrustedIps',
      'accessTokenTTL',
      'accessTokenMaxTTL',
      'accessTokenNumUsesLimit',
    ]);
    const values = azureAuthFields.map(([, f]) => f.form.value);
    assert.equal(new Set(values).size, values.length, 'each form value key is used once');
    for (const [k, f] of Object.entries(AZURE_AUTH_FIELDS))
      assert.ok(f.label && f.help, `${k} has a label and help`);
  });
});

/** An Azure Client Secrets connection as a server stores it, on a server with or without rotation. */
const storedConnection: fc.Arbitrary<AppConnection> = fc
  .record({
    id: guid,
    name: fc.stringMatching(/^[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,2}$/),
    // Trimmed: a description stored with spaces around it (by another client) plans its trim.
    description: fc.option(
      fc.string({ maxLength: 255 }).map((d) => d.trim()),
      { nil: null },
    ),
    credentials: fc.record({ tenantId: guid, clientId: guid, clientSecretKeyId: guid }),
    rotationServer: fc.boolean(),
    enabled: fc.boolean(),
    schedule: fc.option(
      fc.record({
        rotationInterval: fc.integer({ min: 1, max: 365 }),
        rotateAtUtc: fc.record({
          hours: fc.integer({ min: 0, max: 23 }),
          minutes: fc.integer({ min: 0, max: 59 }),
        }),
      }),
      { nil: null },
    ),
  })
  .map((r) => ({
    id: r.id,
    name: r.name,
    app: 'azure-client-secrets',
    method: 'client-secret',
    description: r.description,
    credentials: r.credentials,
    ...(r.rotationServer
      ? { isAutoRotationEnabled: r.enabled && r.schedule !== null, rotation: r.schedule }
      : {}),
  }));

const checkConnection = (prop: fc.IPropertyWithHooks<[AppConnection]>) =>
  fc.assert(prop, { seed: SEED, numRuns: RUNS });

describe('the connection field table: derived schemas agree for every field', () => {
  for (const [key, f] of connectionFields) {
    describe(key, () => {
      it('server → edit is valid for the form transport and for the PATCH (absent where the server lacks it)', () =>
        checkConnection(
          fc.property(storedConnection, (server) => {
            const edit = f.toEdit(server);
            if (edit === undefined) {
              assert.equal(f.section, 'rotation', 'only rotation fields are ever absent');
              assert.ok(
                !('rotation' in server) || key === 'rotation',
                'absent only without rotation or a schedule',
              );
              return;
            }
            assert.ok(f.edit.safeParse(edit).success, `edit schema refuses ${JSON.stringify(edit)}`);
            assert.ok(f.request.safeParse(edit).success, `request schema refuses ${JSON.stringify(edit)}`);
          }),
        ));

      it('server → file text is valid for the file, and after its codec for the PATCH', () =>
        checkConnection(
          fc.property(storedConnection, (server) => {
            const text = f.toDecl(server);
            if (text === undefined)
              return assert.equal(f.toEdit(server), undefined, 'the file omits what the edit omits');
            const decl = f.decl.safeParse(text);
            assert.ok(decl.success, `file schema refuses ${JSON.stringify(text)}`);
            const request = f.request.safeParse(f.fromDecl(decl.data));
            assert.ok(request.success, `request schema refuses ${JSON.stringify(f.fromDecl(decl.data))}`);
          }),
        ));

      it('a file written from the server plans nothing for the field', () =>
        checkConnection(
          fc.property(storedConnection, (server) => {
            const text = f.toDecl(server);
            if (text === undefined) return;
            const decl = { name: server.name, [key]: f.decl.parse(text) } as ConnectionDecl;
            const result = diffConnection(server, decl, false);
            assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
            assert.deepEqual(result.body, {}, `body for ${JSON.stringify(decl)}`);
            assert.deepEqual(result.changes, [], `changes for ${JSON.stringify(decl)}`);
          }),
        ));

      if (f.form) {
        const form = f.form;
        it('the form shows the edit value and sends back an equal one', () =>
          checkConnection(
            fc.property(storedConnection, (server) => {
              const edit = f.toEdit(server);
              const back = form.toEdit(form.fromEdit(edit));
              assert.ok(
                'value' in back,
                `the form refuses its own text: ${'message' in back && back.message}`,
              );
              const request = f.request.parse(back.value);
              const sent = f.toBody ? f.toBody(request) : request;
              const same = f.editEquals ? f.editEquals(edit, sent) : edit === sent;
              assert.ok(same, `${JSON.stringify(edit)} came back as ${JSON.stringify(sent)}`);
            }),
          ));
      }
    });
  }

  it('the table names every plain field of the PATCH body once, with a label and help', () => {
    assert.deepEqual(
      connectionFields.map(([k]) => k),
      ['name', 'description', 'isAutoRotationEnabled', 'rotation'],
    );
    for (const [k, f] of Object.entries(CONNECTION_FIELDS))
      assert.ok(f.label && f.help, `${k} has a label and help`);
  });
});

describe('the credential table: each method’s fields, and what planning and files use of them', () => {
  const shapeOf = (method: AzureMethod) =>
    (credentialsSchemas[method] as unknown as { shape: Record<string, z.ZodMiniType> }).shape;

  for (const method of AZURE_METHODS) {
    it(`${method}: the table's fields are the PATCH schema's, split into shown and write-only`, () => {
      assert.deepEqual(
        [...METHOD_CREDENTIALS[method]].sort(),
        Object.keys(shapeOf(method)).sort(),
        'the table and the PATCH schema name the same credentials',
      );
      const shown = shownCredentials(method);
      const writeOnly = writeOnlyCredentials(method);
      assert.deepEqual([...shown, ...writeOnly].sort(), [...METHOD_CREDENTIALS[method]].sort());
      assert.ok(writeOnly.length > 0, 'every method has a write-only field');
    });

    it(`${method}: each write-only field's planning stand-in passes the PATCH schema`, () => {
      for (const key of replaceableCredentials(method)) {
        const planned = (CREDENTIAL_FIELDS[key] as CredentialField).planned;
        assert.ok(planned, `${key} has a stand-in`);
        const parsed = shapeOf(method)[key]?.safeParse(planned);
        assert.ok(parsed?.success, `${key}'s stand-in is refused: ${JSON.stringify(parsed?.error?.issues)}`);
      }
    });
  }

  it('a plain credential the server shows is valid in a file and for the PATCH (GUIDs, any case)', () =>
    fc.assert(
      fc.property(
        fc.constantFrom('tenantId', 'clientId', 'clientSecretKeyId' as const),
        fc.uuid(),
        fc.boolean(),
        (key, id, upper) => {
          const value = upper ? id.toUpperCase() : id;
          const decl = (CREDENTIAL_FIELDS[key] as CredentialField).decl;
          assert.ok(decl?.safeParse(value).success, `file schema refuses ${key} ${value}`);
          assert.ok(shapeOf('client-secret')[key]?.safeParse(value).success, `PATCH refuses ${key} ${value}`);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    ));
});
