import assert from 'node:assert/strict';
import type { InfisicalApi } from '../../src/core/api';
import {
  applyPlan,
  CHANGED_SINCE_PLAN,
  type ConfigFile,
  hasChanges,
  type Plan,
  type PlanOptions,
  planConfig,
  pullResources,
  renderConfigFile,
  renderPlanMarkdown,
  renderPlanText,
  summaryLine,
  targetMismatch,
  validateConfigText,
} from '../../src/core/config';
import { useSandboxApi } from './sandboxApi';

const FILE = 'contoso.infisical-azure.json';
const SECRET = 'Zq8~sandbox-new-client-secret-value-0001';

describe('planConfig and applyPlan against the sandbox', function () {
  this.timeout(20_000);
  const env = useSandboxApi();

  const orgId = () => env.sandbox.demo.orgId;
  const identityId = (name: string) => {
    const found = env.sandbox.state.identities.find((i) => i.name === name && i.orgId === orgId());
    assert.ok(found, name);
    return found.id;
  };
  const connection = (name: string, projectId: string | null = null) => {
    const found = env.sandbox.state.connections.find(
      (c) => c.name === name && c.orgId === orgId() && c.projectId === projectId,
    );
    assert.ok(found, name);
    return found;
  };
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${env.sandbox.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  const fault = (rule: Record<string, unknown>) => control('POST', '/__sandbox/faults', rule);

  /** The file `pull` writes for these identities and connections, as a person edits it. */
  async function pulled(identities: string[], connections: { name: string; projectId?: string | null }[]) {
    const result = await pullResources(
      {
        identities: identities.map(identityId),
        connections: connections.map((c) => connection(c.name, c.projectId ?? null).id),
      },
      { api: env.api, orgId: orgId() },
    );
    assert.deepEqual(result.skipped, []);
    return JSON.parse(
      renderConfigFile(
        { site: env.sandbox.url, organization: { id: orgId(), name: 'Contoso Platform' } },
        result,
      ),
    ) as {
      identities: { name: string; id?: string; azureAuth: Record<string, unknown> }[];
      connections: Record<string, unknown>[];
    } & Record<string, unknown>;
  }
  const parse = (file: unknown): ConfigFile => {
    const v = validateConfigText(JSON.stringify(file, null, 2));
    assert.deepEqual(v.problems, []);
    return v.config as ConfigFile;
  };
  const plan = (file: unknown, extra: Partial<PlanOptions> = {}) =>
    planConfig(parse(file), { api: env.api, file: FILE, orgId: orgId(), ...extra });
  const byName = (p: Plan, name: string) => {
    const found = p.resources.filter((r) => r.name === name);
    assert.equal(found.length, 1, name);
    return found[0] as Plan['resources'][number];
  };
  const resolveSecret = async () => SECRET;

  it('the free ranges written another way (0::/0) carry no paid-plan note', async () => {
    const file = await pulled(['vm-scale-set-runner'], []);
    const [vm] = file.identities as unknown as [{ azureAuth: Record<string, unknown> }];
    vm.azureAuth.accessTokenTrustedIps = ['0::/0', '0.0.0.0/0'];
    const p = await plan(file);
    assert.equal(byName(p, 'vm-scale-set-runner').action, 'update');
    assert.deepEqual(byName(p, 'vm-scale-set-runner').notes, []);
    vm.azureAuth.accessTokenTrustedIps = ['0::/0', '10.0.0.0/8'];
    assert.match(
      byName(await plan(file), 'vm-scale-set-runner')
        .notes.map((n) => n.message)
        .join(),
      /paid/,
    );
  });

  it('pull → no changes; edits → exactly those fields; apply → one minimal PATCH each; re-plan → no changes', async () => {
    const file = await pulled(
      ['aks-prod-workload', 'vm-scale-set-runner'],
      [{ name: 'prod-entra-graph' }, { name: 'rotation-paused' }],
    );
    let p = await plan(file);
    assert.equal(hasChanges(p), false);
    assert.equal(summaryLine(p), 'No changes. 4 resources are in sync with the server.');

    const [aks, vm] = file.identities as unknown as [
      { azureAuth: Record<string, unknown> },
      { azureAuth: Record<string, unknown> },
    ];
    aks.azureAuth.accessTokenTTL = '2h';
    (aks.azureAuth.accessTokenTrustedIps as string[]).reverse();
    vm.azureAuth.accessTokenTrustedIps = ['20.50.0.0/16', '203.0.113.0/24'];
    vm.azureAuth.accessTokenNumUsesLimit = 5;
    const [graph, paused] = file.connections as [Record<string, unknown>, Record<string, unknown>];
    graph.description = 'Changed from the file.';
    paused.rotation = { rotationInterval: 90, rotateAtUtc: '23:00' };

    p = await plan(file);
    assert.equal(summaryLine(p), 'Plan: 4 to update, 0 unchanged.');
    const fields = (name: string) =>
      byName(p, name).changes.map((c) => `${c.field}: ${c.before} → ${c.after}`);
    assert.deepEqual(fields('aks-prod-workload'), ['accessTokenTTL: 3600 (1h) → 7200 (2h)']);
    assert.deepEqual(fields('vm-scale-set-runner'), [
      'accessTokenTrustedIps: "20.50.0.0/16" → "20.50.0.0/16, 203.0.113.0/24"',
      'accessTokenNumUsesLimit: 10 → 5',
    ]);
    assert.deepEqual(fields('prod-entra-graph'), [
      'description: "Rotates the Graph API client secret used by production workloads." → "Changed from the file."',
    ]);
    assert.deepEqual(fields('rotation-paused'), [
      'rotation: "every 90 days at 22:15 UTC" → "every 90 days at 23:00 UTC"',
    ]);
    assert.match(
      byName(p, 'vm-scale-set-runner')
        .notes.map((n) => n.message)
        .join(),
      /need a paid Infisical plan/,
    );
    assert.deepEqual(byName(p, 'aks-prod-workload').notes, []);

    env.sandbox.requests.length = 0;
    const report = await applyPlan(p, { api: env.api, resolveSecret });
    assert.deepEqual(report.counts, { applied: 4, partial: 0, failed: 0, refused: 0, skipped: 0 });
    const writes = env.sandbox.requests.filter((r) => r.method !== 'GET');
    const body = (path: string) => writes.find((w) => w.path === path)?.body;
    assert.equal(writes.length, 4);
    assert.ok(writes.every((w) => w.method === 'PATCH' && w.status === 200));
    assert.deepEqual(body(`/api/v1/auth/azure-auth/identities/${identityId('aks-prod-workload')}`), {
      accessTokenTTL: 7200,
      accessTokenMaxTTL: 86400,
    });
    assert.deepEqual(body(`/api/v1/auth/azure-auth/identities/${identityId('vm-scale-set-runner')}`), {
      accessTokenTrustedIps: [{ ipAddress: '20.50.0.0/16' }, { ipAddress: '203.0.113.0/24' }],
      accessTokenNumUsesLimit: 5,
    });
    assert.deepEqual(
      body(`/api/v1/app-connections/azure-client-secrets/${connection('prod-entra-graph').id}`),
      {
        description: 'Changed from the file.',
      },
    );
    assert.deepEqual(
      body(`/api/v1/app-connections/azure-client-secrets/${connection('rotation-paused').id}`),
      {
        rotation: { rotationInterval: 90, rotateAtUtc: { hours: 23, minutes: 0 } },
      },
    );
    // The guard reads each resource once more before its PATCH, and nothing else is asked.
    assert.equal(env.sandbox.requests.filter((r) => r.method === 'GET').length, 4);

    p = await plan(file);
    assert.equal(hasChanges(p), false, renderPlanText(p));
  });

  it('a 422 and a 500 fail their resources only; the others are applied and a re-plan shows those two', async () => {
    const file = await pulled(
      ['aks-prod-workload', 'vm-scale-set-runner'],
      [{ name: 'prod-entra-graph' }, { name: 'rotation-paused' }],
    );
    for (const i of file.identities) i.azureAuth.accessTokenNumUsesLimit = 3;
    for (const c of file.connections) c.description = 'Changed.';
    const p = await plan(file);
    await fault({
      method: 'PATCH',
      path: `/api/v1/auth/azure-auth/identities/${identityId('aks-prod-workload')}`,
      status: 422,
      body: {
        statusCode: 422,
        message: 'accessTokenNumUsesLimit is refused by policy',
        error: 'Unprocessable',
      },
    });
    await fault({
      method: 'PATCH',
      path: `/api/v1/app-connections/azure-client-secrets/${connection('prod-entra-graph').id}`,
      status: 500,
    });
    const report = await applyPlan(p, { api: env.api, resolveSecret });
    assert.deepEqual(report.counts, { applied: 2, partial: 0, failed: 2, refused: 0, skipped: 0 });
    const outcome = Object.fromEntries(report.results.map((r) => [r.name, [r.outcome, r.message ?? '']]));
    assert.equal(outcome['vm-scale-set-runner']?.[0], 'applied');
    assert.equal(outcome['rotation-paused']?.[0], 'applied');
    assert.match(outcome['aks-prod-workload']?.[1] ?? '', /refused by policy/);
    assert.equal(outcome['prod-entra-graph']?.[0], 'failed');
    assert.ok((outcome['prod-entra-graph']?.[1] ?? '').length > 0);

    env.sandbox.faults.clear();
    const again = await plan(file);
    assert.deepEqual(
      again.resources.filter((r) => r.action === 'update').map((r) => r.name),
      ['aks-prod-workload', 'prod-entra-graph'],
    );
  });

  it('refuses a resource changed on the server since the plan, and leaves it as the other person set it', async () => {
    const file = await pulled(
      ['aks-prod-workload'],
      [{ name: 'prod-entra-graph' }, { name: 'rotation-paused' }],
    );
    (file.identities[0] as { azureAuth: Record<string, unknown> }).azureAuth.accessTokenNumUsesLimit = 7;
    for (const c of file.connections) c.description = 'From the file.';
    const p = await plan(file);
    await control('PATCH', `/__sandbox/connections/${connection('prod-entra-graph').id}`, {
      description: 'Someone else.',
    });
    await control('PATCH', `/__sandbox/azure-auth/${identityId('aks-prod-workload')}`, {
      accessTokenNumUsesLimit: 99,
    });
    env.sandbox.requests.length = 0;
    const report = await applyPlan(p, { api: env.api, resolveSecret });
    assert.deepEqual(report.counts, { applied: 1, partial: 0, failed: 0, refused: 2, skipped: 0 });
    for (const r of report.results.filter((x) => x.outcome === 'refused')) {
      assert.equal(r.message, CHANGED_SINCE_PLAN);
      assert.match(r.message ?? '', /changed on the server since the plan/);
    }
    assert.equal(connection('prod-entra-graph').description, 'Someone else.');
    assert.equal(
      env.sandbox.state.azureAuths.find((a) => a.identityId === identityId('aks-prod-workload'))
        ?.accessTokenNumUsesLimit,
      99,
    );
    assert.deepEqual(
      env.sandbox.requests.filter((r) => r.method !== 'GET').map((r) => r.path),
      [`/api/v1/app-connections/azure-client-secrets/${connection('rotation-paused').id}`],
    );
  });

  it('blocks an unknown name and an ambiguous one; plans the others', async () => {
    const file = await pulled(['aks-prod-workload'], [{ name: 'prod-entra-graph' }]);
    // The demo data has no two identities of one name: a second "functions-billing" is added here.
    const original = env.sandbox.state.identities.find((i) => i.name === 'functions-billing');
    assert.ok(original);
    const twinId = '11111111-2222-4333-8444-555555555555';
    env.sandbox.state.identities.push({ ...original, id: twinId, membershipId: `${twinId}-m` });
    file.identities.push(
      { name: 'no-such-identity', azureAuth: { accessTokenNumUsesLimit: 1 } },
      { name: 'functions-billing', azureAuth: { accessTokenNumUsesLimit: 1 } },
    );
    file.connections.push({ name: 'no-such-connection', description: 'x' });
    const p = await plan(file);
    assert.equal(byName(p, 'aks-prod-workload').action, 'none');
    assert.equal(byName(p, 'prod-entra-graph').action, 'none');
    const unknown = byName(p, 'no-such-identity');
    assert.equal(unknown.action, 'blocked');
    assert.match(unknown.problems[0]?.message ?? '', /No machine identity named "no-such-identity"/);
    assert.deepEqual(unknown.problems[0]?.path, ['identities', 1, 'name']);
    const twins = byName(p, 'functions-billing');
    assert.equal(twins.action, 'blocked');
    assert.match(twins.problems[0]?.message ?? '', /2 machine identities are named "functions-billing"/);
    assert.match(twins.problems[0]?.message ?? '', new RegExp(twinId));
    assert.match(twins.problems[0]?.message ?? '', /pin one with "id"/);
    assert.match(
      byName(p, 'no-such-connection').problems[0]?.message ?? '',
      /No Azure Client Secrets connection named/,
    );
    assert.equal(summaryLine(p), 'No changes can be applied: 3 resources with problems, 2 unchanged.');
  });

  it('an unknown name says which names a typo explains, with them as suggestions; a connection of that name in another listed scope is named', async () => {
    const payments = env.sandbox.state.projects.find((x) => x.slug === 'payments-api');
    assert.ok(payments);
    const file = await pulled([], [{ name: 'payments-entra', projectId: payments.id }]);
    file.identities = [
      { name: 'aks-prod-workoad', azureAuth: { accessTokenNumUsesLimit: 1 } },
      { name: 'FUNCTIONS-BILLING', azureAuth: { accessTokenNumUsesLimit: 1 } },
      { name: 'zzzzzzzzzzzz', azureAuth: { accessTokenNumUsesLimit: 1 } },
    ];
    file.connections.push(
      { name: 'prod-entra-grpah', description: 'x' },
      { name: 'payments-entra', description: 'x' },
    );
    const p = await plan(file);
    const problem = (name: string, index = 0) =>
      p.resources.filter((r) => r.name === name)[index]?.problems[0];
    assert.equal(
      problem('aks-prod-workoad')?.message,
      'No machine identity named "aks-prod-workoad" in this organization (names match exactly). Did you mean "aks-prod-workload"?',
    );
    assert.deepEqual(problem('aks-prod-workoad')?.suggestions, ['aks-prod-workload']);
    assert.deepEqual(problem('FUNCTIONS-BILLING')?.suggestions, ['functions-billing'], 'another case first');
    assert.equal(problem('zzzzzzzzzzzz')?.suggestions, undefined, 'nothing a typo explains');
    assert.match(problem('zzzzzzzzzzzz')?.message ?? '', /names match exactly\)\.$/);
    assert.deepEqual(problem('prod-entra-grpah')?.suggestions, ['prod-entra-graph']);
    assert.equal(
      problem('payments-entra', 1)?.message,
      'No Azure Client Secrets connection named "payments-entra" at organization level. One is in project "Payments API": "project": "payments-api".',
    );
  });

  it('attaches Azure Auth to an identity without it only when attaching is allowed', async () => {
    const file = {
      site: env.sandbox.url,
      organization: { id: orgId() },
      identities: [
        {
          name: 'no-auth-yet',
          azureAuth: {
            tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
            resource: 'https://management.azure.com/',
            accessTokenTTL: '1h',
            accessTokenMaxTTL: '1d',
          },
        },
      ],
    };
    const p = await plan(file);
    const r = byName(p, 'no-auth-yet');
    assert.equal(r.action, 'attach');
    assert.equal(summaryLine(p), 'Plan: 0 to update, 1 to attach Azure Auth, 0 unchanged.');
    env.sandbox.requests.length = 0;
    let report = await applyPlan(p, { api: env.api, resolveSecret });
    assert.deepEqual(report.counts, { applied: 0, partial: 0, failed: 0, refused: 0, skipped: 1 });
    assert.equal(env.sandbox.requests.length, 0);
    report = await applyPlan(p, { api: env.api, resolveSecret, allowAttach: true });
    assert.deepEqual(report.counts, { applied: 1, partial: 0, failed: 0, refused: 0, skipped: 0 });
    assert.deepEqual(
      env.sandbox.requests.map((q) => q.method),
      ['POST'],
    );
    assert.equal(hasChanges(await plan(file)), false);
  });

  it('blocks an OAuth connection whose credentials the file changes; plans the others', async () => {
    const file = await pulled([], [{ name: 'contoso-oauth-admin' }, { name: 'prod-entra-graph' }]);
    const [oauth, graph] = file.connections as [Record<string, unknown>, Record<string, unknown>];
    oauth.credentials = { tenantId: 'b3c5d7e9-1f2a-4b6c-8d0e-2f4a6c8e0b1d' };
    graph.description = 'Still planned.';
    const p = await plan(file);
    const blocked = byName(p, 'contoso-oauth-admin');
    assert.equal(blocked.action, 'blocked');
    assert.match(blocked.problems[0]?.message ?? '', /re-authorized in the Infisical web app/);
    assert.equal(byName(p, 'prod-entra-graph').action, 'update');
  });

  it('targetMismatch: another site or another organization is refused before any request', () => {
    const config = { site: 'https://eu.infisical.com', organization: { id: 'org-a', name: 'A' } };
    assert.match(
      targetMismatch(config, { site: 'https://us.infisical.com', orgId: 'org-a' }) ?? '',
      /belongs to https:\/\/eu\.infisical\.com, but you are signed in to https:\/\/us\.infisical\.com.*nothing was sent/,
    );
    assert.match(
      targetMismatch(config, { site: 'https://eu.infisical.com/', orgId: 'org-b', orgName: 'B' }) ?? '',
      /organization "A" \(org-a\), but these credentials are for "B" \(org-b\).*nothing was sent/,
    );
    assert.equal(targetMismatch(config, { site: 'https://EU.infisical.com/', orgId: 'org-a' }), undefined);
    assert.equal(
      targetMismatch(
        { ...config, site: 'https://app.infisical.com' },
        { site: 'https://us.infisical.com', orgId: 'org-a' },
      ),
      undefined,
    );
    assert.equal(env.sandbox.requests.length, 0);
  });

  describe('credentials', () => {
    const NEW_CLIENT = '8d2b1c6e-0d5b-4a63-9a3e-4c7f6e1a2b3c';

    it('a non-secret credential change without a reference is blocked, saying what to add', async () => {
      const file = await pulled([], [{ name: 'legacy-sp-secret' }]);
      (file.connections[0] as { credentials: Record<string, unknown> }).credentials.clientId = NEW_CLIENT;
      const r = byName(await plan(file), 'legacy-sp-secret');
      assert.equal(r.action, 'blocked');
      assert.deepEqual(r.problems[0]?.path, ['connections', 0, 'credentials', 'clientSecret']);
      assert.match(
        r.problems[0]?.message ?? '',
        /credentials\.clientId differs from the server.*give credentials\.clientSecret as a reference such as \{ "env": "NAME" \}/,
      );
    });

    it('with { "env": … } the PATCH carries the resolved secret, the plan and its renderings never do; re-plan is clean', async () => {
      const file = await pulled([], [{ name: 'legacy-sp-secret' }]);
      const creds = (file.connections[0] as { credentials: Record<string, unknown> }).credentials;
      creds.clientId = NEW_CLIENT;
      creds.clientSecret = { env: 'LEGACY_SECRET' };
      const p = await plan(file);
      const r = byName(p, 'legacy-sp-secret');
      assert.equal(r.action, 'update');
      assert.deepEqual((r.body as { credentials: Record<string, unknown> }).credentials.clientSecret, {
        env: 'LEGACY_SECRET',
      });
      const seen: string[] = [];
      const report = await applyPlan(p, {
        api: env.api,
        resolveSecret: async (ref, field) => {
          seen.push(`${field}←${ref.env}`);
          return SECRET;
        },
      });
      assert.deepEqual(report.counts.applied, 1);
      assert.deepEqual(seen, ['clientSecret←LEGACY_SECRET']);
      for (const text of [
        JSON.stringify(p),
        renderPlanText(p),
        renderPlanMarkdown(p),
        JSON.stringify(report),
      ])
        assert.ok(!text.includes(SECRET));
      const patch = env.sandbox.requests.find((q) => q.method === 'PATCH');
      assert.ok(patch);
      assert.deepEqual(
        (patch.body as { credentials: Record<string, unknown> }).credentials.clientSecret,
        SECRET,
      );
      assert.equal(connection('legacy-sp-secret').credentials.clientSecret, SECRET);
      assert.equal(connection('legacy-sp-secret').credentials.clientId, NEW_CLIENT);
      assert.equal(hasChanges(await plan(file)), false);
    });

    it('replaceCredentials sends the credentials even when nothing else differs', async () => {
      const file = await pulled([], [{ name: 'legacy-sp-secret' }, { name: 'a' }]);
      for (const c of file.connections)
        (c.credentials as Record<string, unknown>).clientSecret = { env: 'S' };
      assert.equal(hasChanges(await plan(file)), false);
      const p = await plan(file, { replaceCredentials: ['legacy-sp-secret'] });
      assert.equal(byName(p, 'a').action, 'none');
      assert.equal(byName(p, 'legacy-sp-secret').action, 'update');
      assert.deepEqual(p.replaceCredentials, ['legacy-sp-secret']);
      const report = await applyPlan(p, { api: env.api, resolveSecret });
      assert.equal(report.counts.applied, 1);
      assert.equal(connection('legacy-sp-secret').credentials.clientSecret, SECRET);
      assert.equal(hasChanges(await plan(file)), false);
    });

    it('a rotation-enabled connection with a reference: a note, no change', async () => {
      const file = await pulled([], [{ name: 'prod-entra-graph' }]);
      (file.connections[0] as { credentials: Record<string, unknown> }).credentials.clientSecret = {
        env: 'GRAPH',
      };
      const r = byName(await plan(file), 'prod-entra-graph');
      assert.equal(r.action, 'none');
      assert.match(r.notes[0]?.message ?? '', /Infisical rotates this client secret itself/);
      assert.deepEqual(r.notes[0]?.path, ['connections', 0, 'credentials', 'clientSecret']);
    });

    it('an unset reference fails that resource at apply with what to set, and sends nothing', async () => {
      const file = await pulled([], [{ name: 'legacy-sp-secret' }]);
      const creds = (file.connections[0] as { credentials: Record<string, unknown> }).credentials;
      creds.clientId = NEW_CLIENT;
      creds.clientSecret = { env: 'UNSET_SECRET' };
      const p = await plan(file);
      env.sandbox.requests.length = 0;
      const report = await applyPlan(p, { api: env.api, resolveSecret: async () => undefined });
      assert.equal(report.results[0]?.outcome, 'failed');
      assert.match(report.results[0]?.message ?? '', /UNSET_SECRET, which is not set/);
      assert.deepEqual(
        env.sandbox.requests.filter((q) => q.method !== 'GET'),
        [],
      );
    });
  });

  it('keeps at most `concurrency` requests in flight while planning many resources', async () => {
    const all = await pullResources(
      { identities: 'all', connections: 'all' },
      { api: env.api, orgId: orgId() },
    );
    const text = renderConfigFile({ site: env.sandbox.url, organization: { id: orgId() } }, all);
    const config = parse(JSON.parse(text));
    assert.ok(new Set(config.connections?.map((c) => c.project)).size >= 4);
    let inFlight = 0;
    let most = 0;
    const counted = countingApi(env.api, () => {
      inFlight++;
      most = Math.max(most, inFlight);
      return () => inFlight--;
    });
    await fault({ method: 'GET', path: '/api/*', latencyMs: 20 });
    for (const concurrency of [1, 2, 3]) {
      most = 0;
      const p = await planConfig(config, { api: counted, file: FILE, orgId: orgId(), concurrency });
      assert.equal(hasChanges(p), false);
      assert.ok(most <= concurrency, `${most} requests in flight with concurrency ${concurrency}`);
      assert.ok(most === concurrency, `the pool is used (${most} in flight with concurrency ${concurrency})`);
    }
  });
});

/** The API with every call counted while it is pending. */
function countingApi(api: InfisicalApi, start: () => () => void): InfisicalApi {
  const wrap = <T extends object>(group: T): T =>
    new Proxy(group, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const end = start();
          try {
            return await value.apply(target, args);
          } finally {
            end();
          }
        };
      },
    });
  return {
    ...api,
    connections: wrap(api.connections),
    projects: wrap(api.projects),
    identities: wrap(api.identities),
    azureAuth: wrap(api.azureAuth),
  };
}
