import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createInfisicalApi } from '../../src/core/api';
import { InfisicalError } from '../../src/core/api/errors';
import { buildAzureAuthPatch, toAzureAuthEdit } from '../../src/core/edit/azureAuthPatch';
import { buildConnectionPatch, toConnectionEdit } from '../../src/core/edit/connectionPatch';
import { parseDocument } from '../../src/core/edit/document';
import { type AzureMethod, connectionPatchSchema } from '../../src/core/schemas/appConnection';
import { azureAuthPatchSchema, MAX_TTL_SECONDS } from '../../src/core/schemas/azureAuth';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { azureAuthFixture, CLIENT, KEY_ID, TENANT } from './fixtures';

/** Values near every rule's edges, valid and not, mixed with arbitrary JSON. */
const ttl = fc.oneof(
  fc.integer({ min: 0, max: MAX_TTL_SECONDS }),
  fc.constantFrom(-1, MAX_TTL_SECONDS + 1, 1.5, 0, 2_592_000),
  fc.anything(),
);
const ip = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.tuple(fc.ipV4(), fc.integer({ min: -1, max: 40 })).map(([a, p]) => `${a}/${p}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 130 })).map(([a, p]) => `${a}/${p}`),
  fc.constantFrom('0.0.0.0/0', '::/0', ' 10.0.0.0/8 ', '300.1.1.1', 'example.com', ''),
  fc.string(),
);
const guidish = fc.oneof(fc.uuid(), fc.constantFrom(TENANT, ` ${CLIENT} `, 'not-a-guid', ''), fc.string());
const azureEdit = fc.record(
  {
    tenantId: guidish,
    resource: fc.oneof(fc.webUrl(), fc.constantFrom('', '  ', 'https://management.azure.com/'), fc.string()),
    allowedServicePrincipalIds: fc.oneof(
      fc.array(fc.uuid(), { maxLength: 3 }).map((ids) => ids.join(' , ')),
      fc.constantFrom('', `${CLIENT},,${KEY_ID}`, 'bob'),
    ),
    accessTokenTrustedIps: fc.oneof(fc.array(fc.record({ ipAddress: ip }), { maxLength: 3 }), fc.anything()),
    accessTokenTTL: ttl,
    accessTokenMaxTTL: ttl,
    accessTokenNumUsesLimit: fc.oneof(fc.nat(), fc.constantFrom(-1, 2.5), fc.anything()),
    unknownField: fc.anything(),
  },
  { requiredKeys: [] },
);

/** Mostly valid edits (each field wrong one time in eight), so the oracle sees many accepted bodies. */
const mostly = <T>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 7, arbitrary: valid }, { weight: 1, arbitrary: wrong });
const plausibleEdit = fc.record(
  {
    tenantId: mostly(fc.uuid(), guidish),
    resource: mostly(fc.webUrl(), fc.constantFrom('', '  ')),
    allowedServicePrincipalIds: mostly(
      fc.array(fc.uuid(), { maxLength: 3 }).map((ids) => ids.join(', ')),
      fc.constantFrom(`${CLIENT},,${KEY_ID}`, 'bob'),
    ),
    accessTokenTrustedIps: mostly(
      fc.array(
        fc.record({ ipAddress: fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('0.0.0.0/0', '10.0.0.0/8')) }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      fc.array(fc.record({ ipAddress: ip }), { maxLength: 2 }),
    ),
    accessTokenTTL: mostly(fc.integer({ min: 0, max: 7_776_000 }), ttl),
    accessTokenMaxTTL: mostly(fc.integer({ min: 0, max: 7_776_000 }), ttl),
    accessTokenNumUsesLimit: mostly(fc.nat({ max: 1000 }), fc.constantFrom(-1, 2.5)),
  },
  { requiredKeys: [] },
);

describe('properties of the validators and patch builders', function () {
  this.timeout(120_000);

  it('never throw on arbitrary input, and every patch they build validates', () => {
    fc.assert(
      fc.property(fc.oneof(azureEdit, fc.anything()), (edited) => {
        const r = buildAzureAuthPatch(azureAuthFixture, edited);
        if (!r.ok) {
          assert.ok(
            r.issues.length > 0 &&
              r.issues.every((i) => typeof i.message === 'string' && i.message.length > 0),
          );
          return;
        }
        assert.equal(azureAuthPatchSchema.safeParse(r.body).success, true, JSON.stringify(r.body));
        // TTL and MaxTTL travel together, and never break TTL ≤ MaxTTL unless MaxTTL is 0.
        assert.equal('accessTokenTTL' in r.body, 'accessTokenMaxTTL' in r.body);
        const t = r.body.accessTokenTTL ?? azureAuthFixture.accessTokenTTL;
        const m = r.body.accessTokenMaxTTL ?? azureAuthFixture.accessTokenMaxTTL;
        assert.ok(m === 0 || t <= m);
      }),
      { numRuns: 3000 },
    );
  });

  it('connection patches never throw and always validate for the connection’s method', () => {
    const methods: AzureMethod[] = ['client-secret', 'certificate', 'oauth'];
    const edit = fc.record(
      {
        name: fc.oneof(fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/), fc.string()),
        description: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(null)),
        credentials: fc.record(
          {
            tenantId: guidish,
            clientId: guidish,
            clientSecret: fc.string({ maxLength: 60 }),
            clientSecretKeyId: guidish,
          },
          { requiredKeys: [] },
        ),
        isAutoRotationEnabled: fc.oneof(fc.boolean(), fc.anything()),
        rotation: fc.oneof(
          fc.record({
            rotationInterval: fc.integer({ min: -1, max: 400 }),
            rotateAtUtc: fc.record({
              hours: fc.integer({ min: -1, max: 25 }),
              minutes: fc.integer({ min: -1, max: 61 }),
            }),
          }),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.constantFrom(...methods), fc.oneof(edit, fc.anything()), (method, edited) => {
        const server = {
          id: 'c1',
          name: 'azure-prod',
          app: 'azure-client-secrets',
          method,
          credentials: { tenantId: TENANT, clientId: CLIENT, clientSecretKeyId: KEY_ID },
          isAutoRotationEnabled: false,
        };
        const r = buildConnectionPatch(server, edited);
        if (r.ok)
          assert.equal(connectionPatchSchema(method).safeParse(r.body).success, true, JSON.stringify(r.body));
        else assert.ok(r.issues.length > 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('the JSONC parser never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const parsed = parseDocument(text);
        assert.ok(Array.isArray(parsed.syntaxErrors));
      }),
      { numRuns: 3000 },
    );
  });

  describe('against the sandbox as an oracle', () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await startSandbox({ port: 0 });
    });
    after(() => sandbox.close());

    it('what the builder accepts, the server accepts (Azure Auth, pro plan)', async () => {
      const api = createInfisicalApi({ baseUrl: sandbox.url, getToken: () => sandbox.demo.staticToken });
      const identityId = sandbox.state.azureAuths[0]?.identityId ?? assert.fail('demo Azure Auth');
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(plausibleEdit, async (edited) => {
          const server = await api.azureAuth.get(identityId);
          const r = buildAzureAuthPatch(server, { ...toAzureAuthEdit(server), ...edited });
          if (!r.ok || Object.keys(r.body).length === 0) return;
          accepted += 1;
          try {
            await api.azureAuth.update(identityId, r.body);
          } catch (error) {
            assert.fail(
              `the server refused ${JSON.stringify(r.body)}: ${InfisicalError.is(error) ? error.message : error}`,
            );
          }
        }),
        { numRuns: 400 },
      );
      assert.ok(accepted > 20, `only ${accepted} bodies were accepted: the generator is too narrow`);
    });

    it('what the builder accepts, the server accepts (connections, no credential checks)', async () => {
      const api = createInfisicalApi({ baseUrl: sandbox.url, getToken: () => sandbox.demo.staticToken });
      const conn = (await api.connections.listAzureClientSecrets()).find(
        (c) => c.method === 'client-secret' && !c.projectId,
      );
      assert.ok(conn);
      const edit = fc.record(
        {
          name: fc.oneof(
            fc.stringMatching(/^[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,2}$/),
            fc.string({ maxLength: 70 }),
          ),
          description: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(null)),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(edit, async (edited) => {
          const server = await api.connections.getAzureClientSecrets(conn.id);
          const r = buildConnectionPatch(server, { ...toConnectionEdit(server), ...edited });
          if (!r.ok || Object.keys(r.body).length === 0) return;
          try {
            await api.connections.updateAzureClientSecrets(conn.id, r.body);
          } catch (error) {
            // A name another connection holds is a business rule no local check can know.
            if (InfisicalError.is(error) && /already exists/.test(error.message)) return;
            assert.fail(
              `the server refused ${JSON.stringify(r.body)}: ${InfisicalError.is(error) ? error.message : error}`,
            );
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
