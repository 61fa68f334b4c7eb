import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createInfisicalApi, type InfisicalApi } from '../../src/core/api';
import {
  applyPlan,
  type ConfigFile,
  hasChanges,
  planConfig,
  renderPlanText,
  validateConfigText,
} from '../../src/core/config';
import { type Sandbox, startSandbox } from '../sandbox/server';

/** For random server states and random valid files: apply(plan(file)), then plan(file) has nothing left. */

const IDENTITIES = ['aks-prod-workload', 'vm-scale-set-runner'];
const CONNECTIONS = ['prod-entra-graph', 'rotation-paused'];
const TTLS = [60, 3600, 86400, 2_592_000];
const DURATION: Record<number, string> = { 60: '1m', 3600: '1h', 86400: '24h', 2592000: '30d' };
const IPS = ['0.0.0.0/0', '::/0', '10.0.0.0/8', '2001:DB8::/32', '192.168.1.10/32', 'fe80::1'];

const ttlPair = fc
  .tuple(fc.constantFrom(...TTLS), fc.constantFrom(...TTLS))
  .map(([a, b]) => ({ ttl: Math.min(a, b), max: Math.max(a, b) }));

const serverAuth = fc.record({
  accessTokenNumUsesLimit: fc.nat({ max: 20 }),
  ttls: ttlPair,
  accessTokenTrustedIps: fc.subarray(['0.0.0.0/0', '10.0.0.0/8', '::1'], { minLength: 1 }),
  allowedServicePrincipalIds: fc.uniqueArray(fc.uuid(), { maxLength: 2 }).map((ids) => ids.join(', ')),
});
const serverConnection = fc.record({
  description: fc.option(fc.constantFrom('Set on the server.', 'Other'), { nil: null }),
  rotation: fc.record({
    rotationInterval: fc.integer({ min: 1, max: 365 }),
    rotateAtUtc: fc.record({
      hours: fc.integer({ min: 0, max: 23 }),
      minutes: fc.integer({ min: 0, max: 59 }),
    }),
  }),
  isAutoRotationEnabled: fc.boolean(),
});

const desiredAuth = fc.record(
  {
    accessTokenNumUsesLimit: fc.nat({ max: 20 }),
    ttls: ttlPair,
    accessTokenTrustedIps: fc.subarray(IPS, { minLength: 1 }),
    allowedServicePrincipalIds: fc.uniqueArray(fc.uuid(), { maxLength: 2 }),
    resource: fc.constantFrom('https://management.azure.com/', 'https://vault.azure.net'),
  },
  { requiredKeys: [] },
);
const desiredConnection = fc.record(
  {
    description: fc.option(fc.constantFrom('From the file.', 'Other', ''), { nil: null }),
    rotation: fc.record({
      rotationInterval: fc.integer({ min: 1, max: 365 }),
      rotateAtUtc: fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
    }),
    isAutoRotationEnabled: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('property: apply of a plan leaves nothing to plan (sandbox)', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let api: InfisicalApi;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = createInfisicalApi({ baseUrl: sandbox.url, getToken: () => sandbox.demo.staticToken });
  });
  after(() => sandbox.close());

  const control = async (path: string, body: unknown) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.text());
  };

  it('for random server states and random files', async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(serverAuth, { minLength: 2, maxLength: 2 }),
        fc.array(serverConnection, { minLength: 2, maxLength: 2 }),
        fc.array(desiredAuth, { minLength: 2, maxLength: 2 }),
        fc.array(desiredConnection, { minLength: 2, maxLength: 2 }),
        async (serverAuths, serverConns, wantAuths, wantConns) => {
          sandbox.reset();
          const orgId = sandbox.demo.orgId;
          const ids = IDENTITIES.map((n) => sandbox.state.identities.find((i) => i.name === n)?.id as string);
          const conns = CONNECTIONS.map(
            (n) => sandbox.state.connections.find((c) => c.name === n && c.projectId === null)?.id as string,
          );
          for (const [i, s] of serverAuths.entries())
            await control(`/__sandbox/azure-auth/${ids[i]}`, {
              accessTokenNumUsesLimit: s.accessTokenNumUsesLimit,
              accessTokenTTL: s.ttls.ttl,
              accessTokenMaxTTL: s.ttls.max,
              accessTokenTrustedIps: s.accessTokenTrustedIps.map((ipAddress) => ({ ipAddress })),
              allowedServicePrincipalIds: s.allowedServicePrincipalIds,
            });
          for (const [i, s] of serverConns.entries()) await control(`/__sandbox/connections/${conns[i]}`, s);

          const file = {
            site: sandbox.url,
            organization: { id: orgId },
            identities: wantAuths.map(({ ttls, ...rest }, i) => ({
              name: IDENTITIES[i],
              azureAuth: ttls
                ? { ...rest, accessTokenTTL: DURATION[ttls.ttl], accessTokenMaxTTL: ttls.max }
                : rest,
            })),
            connections: wantConns.map((c, i) => ({ name: CONNECTIONS[i], ...c })),
          };
          const v = validateConfigText(JSON.stringify(file));
          assert.deepEqual(v.problems, []);
          const config = v.config as ConfigFile;
          const opts = { api, file: 'p.infisical-azure.json', orgId };
          const first = await planConfig(config, opts);
          const report = await applyPlan(first, { api, resolveSecret: async () => undefined });
          assert.equal(report.counts.failed + report.counts.refused, 0, JSON.stringify(report));
          applied += report.counts.applied;
          const again = await planConfig(config, opts);
          assert.equal(hasChanges(again), false, renderPlanText(again));
          for (const r of again.resources.filter((x) => x.action === 'blocked'))
            assert.match(r.problems[0]?.message ?? '', /Infisical would refuse this/, renderPlanText(again));
        },
      ),
      { seed: 13, numRuns: 40 },
    );
    assert.ok(applied > 40, `${applied} resources applied in 40 runs`);
  });
});
