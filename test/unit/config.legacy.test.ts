import assert from 'node:assert/strict';
import {
  applyPlan,
  type ConfigFile,
  hasChanges,
  planConfig,
  pullResources,
  renderApplyText,
  renderConfigFile,
  validateConfigText,
} from '../../src/core/config';
import { useSandboxApi } from './sandboxApi';

/**
 * Workspace files against the June 2025 server profile, whose connections have no rotation: a
 * file written from it holds no rotation keys, a file that sets them is a plan problem (never a
 * PATCH the server answers 200 without changing anything), and an apply whose answer does not
 * hold what was sent is reported partial, not applied.
 */
describe('workspace files on a server without rotation (2025-06 profile)', function () {
  this.timeout(20_000);
  const env = useSandboxApi('2025-06');
  const FILE = 'legacy.infisical-azure.json';
  const orgId = () => env.sandbox.demo.orgId;
  const oauth = () => {
    const found = env.sandbox.state.connections.find(
      (c) => c.orgId === orgId() && c.app === 'azure-client-secrets' && c.method === 'oauth',
    );
    assert.ok(found, 'the legacy seed has an oauth connection');
    return found;
  };

  async function pulled(): Promise<{ connections: Record<string, unknown>[] } & Record<string, unknown>> {
    const result = await pullResources(
      { identities: [], connections: [oauth().id] },
      { api: env.api, orgId: orgId() },
    );
    assert.deepEqual(result.skipped, []);
    const text = renderConfigFile({ site: env.sandbox.url, organization: { id: orgId() } }, result);
    return JSON.parse(text);
  }
  const plan = (file: unknown) => {
    const v = validateConfigText(JSON.stringify(file, null, 2));
    assert.deepEqual(v.problems, []);
    return planConfig(v.config as ConfigFile, { api: env.api, file: FILE, orgId: orgId() });
  };
  const writes = () => env.sandbox.requests.filter((r) => r.method !== 'GET');

  it('pull writes no rotation keys, and the file plans no changes', async () => {
    const file = await pulled();
    const [connection] = file.connections;
    assert.ok(connection);
    assert.equal('isAutoRotationEnabled' in connection, false, JSON.stringify(connection));
    assert.equal('rotation' in connection, false, JSON.stringify(connection));
    assert.equal(hasChanges(await plan(file)), false);
  });

  for (const [keys, set] of [
    [['isAutoRotationEnabled'], { isAutoRotationEnabled: false }],
    [['rotation'], { rotation: { rotationInterval: 30, rotateAtUtc: '02:00' } }],
    [
      ['isAutoRotationEnabled', 'rotation'],
      { isAutoRotationEnabled: true, rotation: { rotationInterval: 30, rotateAtUtc: '02:00' } },
    ],
  ] as const) {
    it(`a file that sets ${keys.join(' and ')} is blocked at that key, naming the site; nothing is sent`, async () => {
      const file = await pulled();
      Object.assign(file.connections[0] as object, set, { description: 'Changed too.' });
      const p = await plan(file);
      const [resource] = p.resources;
      assert.equal(resource?.action, 'blocked');
      const host = new URL(env.sandbox.url).host;
      assert.deepEqual(resource?.problems, [
        {
          message: `rotation: ${host} does not support rotation of connections (the server is older than the feature): remove ${keys.join(' and ')} or upgrade the server`,
          path: ['connections', 0, keys[0]],
        },
      ]);
      env.sandbox.requests.length = 0;
      const report = await applyPlan(p, { api: env.api, resolveSecret: async () => undefined });
      assert.equal(report.results.length, 0);
      assert.deepEqual(writes(), []);
    });
  }

  it('an apply answered 200 without a sent field is partial, with what was ignored', async () => {
    const file = await pulled();
    const [connection] = file.connections;
    assert.ok(connection);
    connection.description = 'Dropped by the server.';
    const p = await plan(file);
    assert.equal(p.resources[0]?.action, 'update');
    const record = oauth();
    // A server that drops the key: its answer holds neither the description nor the key.
    env.sandbox.faults.add({
      method: 'PATCH',
      path: `/api/v1/app-connections/azure-client-secrets/${record.id}`,
      status: 200,
      body: { appConnection: { id: record.id, name: record.name, app: record.app, method: record.method } },
    });
    const report = await applyPlan(p, { api: env.api, resolveSecret: async () => undefined });
    assert.deepEqual(report.counts, { applied: 0, partial: 1, failed: 0, refused: 0, skipped: 0 });
    assert.equal(report.results[0]?.message, 'the server ignored description: it does not support it');
    assert.deepEqual(report.results[0]?.fields, []);
    const text = renderApplyText(report);
    assert.match(
      text,
      new RegExp(`PARTIAL  connection "${record.name}": not applied: the server ignored description`),
    );
    assert.match(
      text,
      /Apply: 0 applied, 1 partially applied \(the server ignored some fields\)\. Plan again/,
    );
  });
});
