import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { buildCli, runCli } from './builtCli';

/**
 * The built CLI against the sandbox's 2025-06 profile (Infisical's June 2025 release): the
 * workspace-file loop works there as on a current server, and what that server lacks is said.
 */

const cli = runCli;

interface PulledFile {
  organization: { id: string; name?: string };
  identities: { name: string; azureAuth: Record<string, unknown> }[];
  connections: { name: string; method: string; description?: string | null }[];
}

describe('infisical-azure against the 2025-06 server profile', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  const run = (...args: string[]) => cli(args, env, dir);
  const FILE = 'all.infisical-azure.json';
  const read = (): PulledFile => JSON.parse(readFileSync(join(dir, FILE), 'utf8')) as PulledFile;

  before(async () => {
    await buildCli();
    sandbox = await startSandbox({ port: 0, server: '2025-06' });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    dir = mkdtempSync(join(tmpdir(), 'infisical-azure-legacy-'));
    // As people write it from the API's docs: with /api/v1, normalized.
    env = { INFISICAL_API_URL: `${sandbox.url}/api/v1`, INFISICAL_TOKEN: sandbox.demo.staticToken };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const credentials of ['a token', 'a Universal Auth pair'] as const) {
    it(`with ${credentials}: pull 0 → edit a TTL and an oauth description → plan 2 → apply 0 → plan 0`, async () => {
      if (credentials === 'a Universal Auth pair')
        env = {
          INFISICAL_API_URL: sandbox.url,
          INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: sandbox.demo.clientId,
          INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: sandbox.demo.clientSecret,
        };
      const pulled = await run('pull', '--out', FILE);
      assert.equal(pulled.code, 0, pulled.stderr);
      const file = read();
      // The identity token cannot read its organization's name there: the id only.
      assert.deepEqual(file.organization, { id: sandbox.demo.orgId });
      assert.ok(file.identities.length > 0);
      assert.ok(file.connections.length > 0 && file.connections.every((c) => c.method === 'oauth'));

      const identity = file.identities[0];
      const connection = file.connections[0];
      assert.ok(identity && connection);
      identity.azureAuth.accessTokenTTL = '2h';
      identity.azureAuth.accessTokenMaxTTL = '1d';
      connection.description = 'Edited on a June 2025 server.';
      writeFileSync(join(dir, FILE), JSON.stringify(file, null, 2));

      const plan = await run('plan', FILE, '--out', 'plan.json');
      assert.equal(plan.code, 2, plan.stderr);
      assert.match(plan.stdout, /accessTokenTTL: \d+ \([^)]*\) → 7200 \(2h\)/);
      assert.match(plan.stdout, /description: .* → "Edited on a June 2025 server\."/);

      sandbox.requests.length = 0;
      const apply = await run('apply', 'plan.json');
      assert.equal(apply.code, 0, apply.stdout + apply.stderr);
      assert.match(apply.stdout, /Apply: 2 applied\./);
      const patches = sandbox.requests.filter((r) => r.method === 'PATCH');
      assert.deepEqual(
        patches.map((r) => r.status),
        [200, 200],
      );
      assert.ok(patches.every((r) => Object.keys(r.body as object).length > 0));

      const again = await run('plan', FILE);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, /No changes\./);
      const outputs = [pulled, plan, apply, again].flatMap((r) => [r.stdout, r.stderr]);
      assert.doesNotMatch(outputs.join('\n'), /refresh the view/);
      // The secret canary: neither credential in any output or written file.
      const written = ['plan.json', FILE].map((f) => readFileSync(join(dir, f), 'utf8'));
      for (const secret of [sandbox.demo.staticToken, sandbox.demo.clientSecret])
        assert.ok(![...outputs, ...written].some((text) => text.includes(secret)), 'a credential leaked');
    });
  }

  it('apply reports a field the server answered 200 to without keeping it, and exits 1', async () => {
    assert.equal((await run('pull', '--out', FILE)).code, 0);
    const file = read();
    const connection = file.connections[0];
    assert.ok(connection);
    connection.description = 'Dropped by the server.';
    writeFileSync(join(dir, FILE), JSON.stringify(file, null, 2));
    const record = sandbox.state.connections.find((c) => c.name === connection.name);
    assert.ok(record);
    // A server that drops the key: its answer holds the description it had.
    sandbox.faults.add({
      method: 'PATCH',
      path: `/api/v1/app-connections/azure-client-secrets/${record.id}`,
      status: 200,
      body: {
        appConnection: {
          id: record.id,
          name: record.name,
          app: record.app,
          method: record.method,
          description: record.description,
        },
      },
    });
    const apply = await run('apply', FILE, '--auto-approve');
    assert.equal(apply.code, 1, apply.stdout + apply.stderr);
    assert.match(
      apply.stderr,
      new RegExp(`not applied: connection ${connection.name}: the server did not keep description`),
    );
  });
});
