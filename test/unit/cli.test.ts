import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { buildCli, type CliResult, runCli } from './builtCli';

/**
 * The built command-line tool (dist-cli/infisical-azure.js) run as a child process against the
 * sandbox: exit codes, output formats, the checks made before any request, and the secret canary.
 */

const cli = runCli;

const AKS = 'aks-prod-workload';
const BILLING = 'functions-billing';
const CANARY = 'canary-Zq8~Kp3vT7xLm2Rw';

describe('infisical-azure (the built CLI) against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  const run = (...args: string[]) => cli(args, env, dir);
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const identityId = (name: string) => {
    const found = sandbox.state.identities.find((i) => i.name === name && i.orgId === sandbox.demo.orgId);
    assert.ok(found, name);
    return found.id;
  };
  const azureAuth = (name: string) => sandbox.state.azureAuths.find((a) => a.identityId === identityId(name));
  const config = (body: Record<string, unknown>, org = sandbox.demo.orgId) =>
    `${JSON.stringify({ site: sandbox.url, organization: { id: org }, ...body }, null, 2)}\n`;
  const twoChanges = () =>
    file(
      'team.infisical-azure.json',
      config({
        identities: [
          { name: AKS, azureAuth: { accessTokenTTL: '2h' } },
          { name: BILLING, azureAuth: { accessTokenNumUsesLimit: 7 } },
        ],
      }),
    );
  const inSync = () =>
    file(
      'sync.infisical-azure.json',
      config({ identities: [{ name: AKS, azureAuth: { accessTokenTTL: '1h' } }] }),
    );

  before(async () => {
    await buildCli();
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    dir = mkdtempSync(join(tmpdir(), 'infisical-azure-cli-'));
    env = { INFISICAL_API_URL: `${sandbox.url}/api`, INFISICAL_TOKEN: sandbox.demo.staticToken };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('usage', () => {
    it('lists the commands with --help, and each command has its own --help', async () => {
      const main = await run('--help');
      assert.equal(main.code, 0);
      for (const command of ['validate', 'plan', 'apply', 'pull']) {
        assert.match(main.stdout, new RegExp(`^  ${command} `, 'm'));
        const own = await run(command, '--help');
        assert.equal(own.code, 0, command);
        assert.match(own.stdout, new RegExp(`^Usage: infisical-azure ${command}`), command);
      }
      assert.match(main.stdout, /INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET/);
    });

    it('refuses an unknown flag, an unknown command and a missing file with one line and exit 1', async () => {
      for (const [args, pattern] of [
        [['plan', '--colour', 'x.json'], /^infisical-azure: unknown flag --colour for plan/],
        [['deploy'], /^infisical-azure: unknown command "deploy"/],
        [
          ['plan', 'missing.infisical-azure.json'],
          /^infisical-azure: cannot read missing\.infisical-azure\.json: no such file/,
        ],
        [
          ['plan', '--concurrency', '40', 'x.json'],
          /^infisical-azure: --concurrency must be a whole number from 1 to 16/,
        ],
      ] as const) {
        const r = await run(...args);
        assert.equal(r.code, 1, args.join(' '));
        assert.match(r.stderr, pattern);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      }
      assert.equal(sandbox.requests.length, 0);
    });
  });

  describe('validate', () => {
    it('passes a clean file: exit 0, an ok line on stderr', async () => {
      const r = await run('validate', inSync());
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^sync\.infisical-azure\.json: ok \(1 identity, 0 connections\)$/m);
    });

    const head = (org = '00000000-0000-0000-0000-000000000001') =>
      `{\n  "site": "https://eu.infisical.com",\n  "organization": { "id": "${org}" },\n`;
    const cases: [string, string, string][] = [
      [
        'syntax',
        `${head()}  "identities": [\n    { "name": "a" "azureAuth": {} }\n  ]\n}\n`,
        ':5:19: JSON syntax',
      ],
      [
        'schema',
        `${head()}  "identities": [\n    { "name": "a", "azureAuth": { "tenantId": "not-a-guid" } }\n  ]\n}\n`,
        ':5:47: tenantId must be a GUID',
      ],
      [
        'inline secret',
        `${head()}  "connections": [\n    { "name": "prod", "credentials": { "clientSecret": "s3cr3t-value" } }\n  ]\n}\n`,
        ':5:56: prod: credentials.clientSecret is written into the file',
      ],
      [
        'TTL above Max TTL',
        `${head()}  "identities": [\n    { "name": "a", "azureAuth": { "accessTokenTTL": "2d", "accessTokenMaxTTL": "1d" } }\n  ]\n}\n`,
        ':5:53: accessTokenTTL (172800 s = 2d) must not exceed accessTokenMaxTTL (86400 s = 1d)',
      ],
      [
        'duplicate resource',
        `${head()}  "identities": [\n    { "name": "a", "azureAuth": {} },\n    { "name": "a", "azureAuth": {} }\n  ]\n}\n`,
        ':6:15: The identity "a" is declared twice',
      ],
      [
        'duplicate key',
        `${head()}  "identities": [\n    { "name": "a", "azureAuth": { "resource": "x", "resource": "y" } }\n  ]\n}\n`,
        ':5:52: "resource" appears more than once',
      ],
    ];
    for (const [rule, text, expected] of cases)
      it(`reports a ${rule} problem at its exact line:col, exit 1`, async () => {
        const name = file('bad.infisical-azure.json', text);
        const r = await run('validate', name);
        assert.equal(r.code, 1);
        const lines = r.stdout.trim().split('\n');
        assert.ok(
          lines.some((l) => l.startsWith(`bad.infisical-azure.json${expected}`)),
          `expected a line starting bad.infisical-azure.json${expected}, got:\n${r.stdout}`,
        );
        if (rule === 'inline secret')
          assert.ok(!r.stdout.includes('s3cr3t-value') && !r.stderr.includes('s3cr3t-value'));
      });

    it('an upper-case tenant ID is a warning line, exit 0 (a GitHub warning annotation with --format github)', async () => {
      const text = `${head()}  "identities": [\n    { "name": "a", "azureAuth": { "tenantId": "72F988BF-86F1-41AF-91AB-2D7CD011DB47" } }\n  ]\n}\n`;
      const name = file('upper.infisical-azure.json', text);
      const r = await run('validate', name);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^upper\.infisical-azure\.json:5:47: warning: tenantId has upper-case letters/m);
      assert.match(r.stderr, /upper\.infisical-azure\.json: ok \(1 identity, 0 connections; 1 warning\)/);
      const gh = await run('validate', '--format', 'github', name);
      assert.equal(gh.code, 0);
      assert.match(
        gh.stdout,
        /^::warning file=upper\.infisical-azure\.json,line=5,col=47,endColumn=84,title=infisical-azure%3A guid-case::tenantId has upper-case letters/m,
      );
    });

    it('--format github prints one GitHub Actions error annotation per problem, properties escaped', async () => {
      const [, secretText] = cases.find(([rule]) => rule === 'inline secret') ?? [];
      const [, twiceText] = cases.find(([rule]) => rule === 'duplicate resource') ?? [];
      assert.ok(secretText && twiceText);
      const secret = file('team,prod.infisical-azure.json', secretText);
      const twice = file('twice.infisical-azure.json', twiceText);
      const r = await run('validate', '--format', 'github', secret, twice, 'absent.infisical-azure.json');
      assert.equal(r.code, 1);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 3, r.stdout);
      // "s3cr3t-value" with its quotes spans columns 56–69 of line 5.
      assert.ok(
        lines[0]?.startsWith(
          '::error file=team%2Cprod.infisical-azure.json,line=5,col=56,endColumn=69,title=infisical-azure%3A inline-secret::prod: credentials.clientSecret is written into the file',
        ),
        lines[0],
      );
      assert.ok(!r.stdout.includes('s3cr3t-value'), 'the annotation never holds the secret');
      assert.match(
        lines[1] ?? '',
        /^::error file=twice\.infisical-azure\.json,line=6,col=15,endColumn=\d+,title=infisical-azure%3A duplicate-resource::The identity "a" is declared twice/,
      );
      assert.match(
        lines[2] ?? '',
        /^::error file=absent\.infisical-azure\.json,title=infisical-azure::.*absent\.infisical-azure\.json/,
      );
      const bad = await run('validate', '--format', 'sarif', secret);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--format must be "text" or "github" \(got "sarif"\)/);
    });
  });

  describe('plan', () => {
    it('no changes: exit 0, the summary says so', async () => {
      const r = await run('plan', inSync());
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^No changes\. 1 resource is in sync with the server\.$/m);
    });

    it('changes: exit 2, text field by field without colours under NO_COLOR, nothing written to the server', async () => {
      const r = await cli(['plan', twoChanges()], { ...env, NO_COLOR: '1', FORCE_COLOR: '1' }, dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stdout, /^~ identity "aks-prod-workload" Azure Auth/m);
      assert.match(r.stdout, /^ {4}accessTokenTTL: .* → /m);
      assert.match(r.stdout, /^Plan: 2 to update, 0 unchanged\.$/m);
      assert.ok(!r.stdout.includes('\u001b['), 'no colour codes');
      assert.ok(sandbox.requests.every((q) => q.method === 'GET'));
      const forced = await cli(['plan', twoChanges()], { ...env, FORCE_COLOR: '1' }, dir);
      assert.ok(forced.stdout.includes('\u001b['), 'FORCE_COLOR forces colours');
    });

    it('--json prints the plans envelope, --markdown a pull-request comment', async () => {
      const json = await run('plan', twoChanges(), '--json');
      assert.equal(json.code, 2);
      const parsed = JSON.parse(json.stdout);
      assert.equal(parsed.format, 'infisical-azure-plans/v1');
      assert.equal(parsed.plans[0].format, 'infisical-azure-plan/v1');
      assert.deepEqual(
        parsed.plans[0].resources.map((r: { name: string; action: string }) => [r.name, r.action]),
        [
          [AKS, 'update'],
          [BILLING, 'update'],
        ],
      );
      const md = await run('plan', twoChanges(), '--markdown');
      assert.equal(md.code, 2);
      assert.match(md.stdout, /^### Infisical Azure plan: `team\.infisical-azure\.json`/);
      assert.match(md.stdout, /^```diff$/m);
      assert.equal((await run('plan', twoChanges(), '--json', '--markdown')).code, 1);
    });

    it('refuses a file of another organization before any resource request', async () => {
      const other = file(
        'other.infisical-azure.json',
        config({ identities: [{ name: AKS, azureAuth: {} }] }, sandbox.demo.second.orgId),
      );
      const r = await run('plan', other);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /belongs to organization a6d2f8c4-.* but these credentials are for "Contoso Platform"/,
      );
      assert.deepEqual(
        sandbox.requests.map((q) => q.path),
        ['/api/v1/identities/details'],
      );
    });

    it('refuses a problem in a file before sending anything', async () => {
      const bad = file(
        'bad.infisical-azure.json',
        config({ identities: [{ name: AKS, azureAuth: { tenantId: 'x' } }] }),
      );
      const r = await run('plan', bad);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^bad\.infisical-azure\.json:\d+:\d+: tenantId/m);
      assert.equal(sandbox.requests.length, 0);
    });
  });

  describe('credentials', () => {
    it('names the variables when none are set', async () => {
      const r = await cli(['plan', inSync()], { INFISICAL_API_URL: sandbox.url }, dir);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /No credentials: set INFISICAL_TOKEN .* INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET/,
      );
      assert.equal(sandbox.requests.length, 0);
    });

    it('says so when the login or the token is refused (401), without printing them', async () => {
      const wrong = 'wrong-secret-0123456789abcdef';
      const ua = await cli(
        ['plan', inSync()],
        {
          INFISICAL_API_URL: sandbox.url,
          INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: sandbox.demo.clientId,
          INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: wrong,
        },
        dir,
      );
      assert.equal(ua.code, 1);
      assert.match(ua.stderr, /refused the Universal Auth login \(401/);
      assert.ok(!ua.stderr.includes(wrong));
      const token = await cli(
        ['plan', inSync()],
        { INFISICAL_API_URL: sandbox.url, INFISICAL_TOKEN: 'not.a.token' },
        dir,
      );
      assert.equal(token.code, 1);
      assert.match(token.stderr, /did not accept INFISICAL_TOKEN \(401/);
      assert.ok(!token.stderr.includes('not.a.token'));
    });
  });

  describe('apply', () => {
    it('applies a saved plan; planning again shows no changes', async () => {
      const plan = await run('plan', twoChanges(), '--out', 'plan.json');
      assert.equal(plan.code, 2);
      const r = await run('apply', 'plan.json');
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^Apply: 2 applied\.$/m);
      assert.equal(azureAuth(AKS)?.accessTokenTTL, 7200);
      assert.equal(azureAuth(BILLING)?.accessTokenNumUsesLimit, 7);
      assert.equal((await run('plan', 'team.infisical-azure.json')).code, 0);
    });

    it('refuses a workspace file without --auto-approve, applies it with', async () => {
      const refused = await run('apply', twoChanges());
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /is a workspace file, not a saved plan: run "infisical-azure plan/);
      assert.ok(sandbox.requests.every((q) => q.method === 'GET'));
      const auto = await run('apply', twoChanges(), '--auto-approve');
      assert.equal(auto.code, 0, auto.stdout + auto.stderr);
      assert.match(auto.stdout, /^Plan: 2 to update/m);
      assert.match(auto.stdout, /^Apply: 2 applied\.$/m);
    });

    it('refuses a resource changed on the server since the plan, and leaves it as changed', async () => {
      await run('plan', twoChanges(), '--out', 'plan.json');
      const changed = await fetch(`${sandbox.url}/__sandbox/azure-auth/${identityId(AKS)}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accessTokenNumUsesLimit: 5 }),
      });
      assert.equal(changed.status, 200);
      const r = await run('apply', 'plan.json');
      assert.equal(r.code, 1);
      assert.match(
        r.stdout,
        /^REFUSED {2}identity "aks-prod-workload" Azure Auth: changed on the server since the plan/m,
      );
      assert.match(r.stdout, /^Apply: 1 applied, 1 refused \(changed since the plan\)\. Plan again/m);
      assert.equal(azureAuth(AKS)?.accessTokenNumUsesLimit, 5);
      assert.equal(azureAuth(AKS)?.accessTokenTTL, 3600);
    });

    it('a 422 on one resource: the others applied, exit 1, the summary says which', async () => {
      await run('plan', twoChanges(), '--out', 'plan.json');
      sandbox.faults.add({
        method: 'PATCH',
        path: `/api/v1/auth/azure-auth/identities/${identityId(AKS)}`,
        status: 422,
        body: {
          reqId: 'req-cli',
          statusCode: 422,
          error: 'ValidationFailure',
          message: [{ code: 'custom', message: 'TTL refused by policy', path: ['accessTokenTTL'] }],
        },
      });
      const r = await run('apply', 'plan.json');
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^FAILED {3}identity "aks-prod-workload" Azure Auth: .*TTL refused by policy/m);
      assert.match(r.stdout, /^applied {2}identity "functions-billing" Azure Auth/m);
      assert.match(r.stdout, /^Apply: 1 applied, 1 failed\. Plan again/m);
      assert.equal(azureAuth(BILLING)?.accessTokenNumUsesLimit, 7);
      assert.equal(azureAuth(AKS)?.accessTokenTTL, 3600);
    });
  });

  describe('pull', () => {
    it('writes a file that plans with no changes, and refuses to overwrite it without --force', async () => {
      const r = await run('pull', '--out', 'all.infisical-azure.json');
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await run('validate', 'all.infisical-azure.json')).code, 0);
      assert.equal((await run('plan', 'all.infisical-azure.json')).code, 0);
      const again = await run('pull', '--out', 'all.infisical-azure.json');
      assert.equal(again.code, 1);
      assert.match(again.stderr, /exists: pass --force/);
      assert.equal((await run('pull', '--out', 'all.infisical-azure.json', '--force')).code, 0);
    });
  });

  describe('the secret canary', () => {
    it('a client secret from a referenced variable is sent, and appears in no output or written file', async () => {
      const ua = {
        INFISICAL_API_URL: sandbox.url,
        INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: sandbox.demo.clientId,
        INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: sandbox.demo.clientSecret,
        CANARY_SECRET: CANARY,
      };
      const name = file(
        'creds.infisical-azure.json',
        config({
          connections: [
            { name: 'legacy-sp-secret', credentials: { clientSecret: { env: 'CANARY_SECRET' } } },
          ],
        }),
      );
      const outputs: CliResult[] = [];
      const go = async (...args: string[]) => {
        const r = await cli(args, ua, dir);
        outputs.push(r);
        return r;
      };
      assert.equal(
        (
          await go(
            'plan',
            name,
            '--replace-credentials',
            'legacy-sp-secret',
            '--verbose',
            '--out',
            'plan.json',
          )
        ).code,
        2,
      );
      await go('plan', name, '--replace-credentials', 'all', '--json');
      await go('plan', name, '--replace-credentials', 'all', '--markdown');
      const applied = await go('apply', 'plan.json', '--verbose');
      assert.equal(applied.code, 0, applied.stdout + applied.stderr);
      await go('pull', '--out', 'pulled.infisical-azure.json', '--verbose');

      const connection = sandbox.state.connections.find((c) => c.name === 'legacy-sp-secret');
      assert.equal(connection?.credentials.clientSecret, CANARY, 'the secret was sent');
      assert.ok(sandbox.requests.some((q) => JSON.stringify(q.body ?? '').includes(CANARY)));
      for (const secret of [CANARY, sandbox.demo.clientSecret]) {
        for (const r of outputs) {
          assert.ok(!r.stdout.includes(secret), `stdout holds a secret:\n${r.stdout}`);
          assert.ok(!r.stderr.includes(secret), `stderr holds a secret:\n${r.stderr}`);
        }
        for (const written of ['plan.json', 'pulled.infisical-azure.json', name]) {
          assert.ok(existsSync(join(dir, written)), written);
          assert.ok(!readFileSync(join(dir, written), 'utf8').includes(secret), `${written} holds a secret`);
        }
      }
      assert.ok(
        outputs.some((r) =>
          /^PATCH \/api\/v1\/app-connections\/azure-client-secrets\/\S+ 200 \d+ ms$/m.test(r.stderr),
        ),
      );
    });
  });
});
