import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { buildCli, runCli } from './builtCli';

/**
 * What a person reads from the built CLI (issue 21): counts that agree in number, a suggestion
 * for a misspelt key, list changes as added and removed lines, the request timeout, and a plan
 * that goes on when one scope of the server fails. Run as a child process against the sandbox.
 */

const AKS = 'aks-prod-workload';
const BILLING = 'functions-billing';

describe('infisical-azure (the built CLI): what a person reads', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  const run = (...args: string[]) => runCli(args, env, dir);
  const file = (name: string, body: Record<string, unknown>) => {
    const text = `${JSON.stringify({ site: sandbox.url, organization: { id: sandbox.demo.orgId }, ...body }, null, 2)}\n`;
    writeFileSync(join(dir, name), text);
    return name;
  };

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

  describe('counts agree in number', () => {
    it('validate: "1 identity, 1 connection", "2 identities, 2 connections"', async () => {
      const one = file('one.infisical-azure.json', {
        identities: [{ name: AKS, azureAuth: {} }],
        connections: [{ name: 'prod' }],
      });
      const two = file('two.infisical-azure.json', {
        identities: [
          { name: AKS, azureAuth: {} },
          { name: BILLING, azureAuth: {} },
        ],
        connections: [{ name: 'prod' }, { name: 'staging' }],
      });
      const r = await run('validate', one, two);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stderr, /^one\.infisical-azure\.json: ok \(1 identity, 1 connection\)$/m);
      assert.match(r.stderr, /^two\.infisical-azure\.json: ok \(2 identities, 2 connections\)$/m);
    });

    it('plan: "1 unchanged resource not listed", "1 resource is in sync"', async () => {
      const r = await run(
        'plan',
        file('sync.infisical-azure.json', {
          identities: [{ name: AKS, azureAuth: { accessTokenTTL: '1h' } }],
        }),
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^= 1 unchanged resource not listed$/m);
      assert.match(r.stdout, /^No changes\. 1 resource is in sync with the server\.$/m);
    });

    it('pull: "1 identity\'s Azure Auth, 1 connection"', async () => {
      const aks = sandbox.state.identities.find((i) => i.name === AKS && i.orgId === sandbox.demo.orgId);
      const conn = sandbox.state.connections.find(
        (c) => c.orgId === sandbox.demo.orgId && !c.projectId && c.app === 'azure-client-secrets',
      );
      assert.ok(aks && conn);
      const r = await run('pull', '--identities', aks.id, '--connections', conn.id);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /^Pulled: 1 identity's Azure Auth, 1 connection \(no secret is ever written\)\.$/m,
      );
    });
  });

  describe('a misspelt key', () => {
    const misspelt = () =>
      file('typo.infisical-azure.json', {
        identities: [{ name: AKS, azureAuth: { accessTokenTtl: '2h' } }],
        connections: [{ name: 'prod', descripton: 'Prod' }],
      });

    it('validate names the key and the field it likely means, at the key', async () => {
      const r = await run('validate', misspelt());
      assert.equal(r.code, 1);
      assert.match(
        r.stdout,
        /^typo\.infisical-azure\.json:\d+:\d+: "accessTokenTtl" is not a field Infisical accepts here\. Did you mean "accessTokenTTL"\?$/m,
      );
      assert.match(
        r.stdout,
        /^typo\.infisical-azure\.json:\d+:\d+: "descripton" is not a field Infisical accepts here\. Did you mean "description"\?$/m,
      );
    });

    it('plan says the same before any request, and exits 1', async () => {
      const before = sandbox.requests.length;
      const r = await run('plan', misspelt());
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /"accessTokenTtl" is not a field Infisical accepts here\. Did you mean "accessTokenTTL"\?/,
      );
      assert.match(
        r.stderr,
        /"descripton" is not a field Infisical accepts here\. Did you mean "description"\?/,
      );
      assert.equal(sandbox.requests.length, before);
    });

    it('no suggestion for a key nothing resembles, nor for a field the object already has', async () => {
      const r = await run(
        'validate',
        file('odd.infisical-azure.json', {
          identities: [
            { name: AKS, azureAuth: { accessTokenTTL: '1h', accessTokenTtl: '2h', colour: 'red' } },
          ],
        }),
      );
      assert.equal(r.code, 1);
      assert.match(r.stdout, /"accessTokenTtl" is not a field Infisical accepts here$/m);
      assert.match(r.stdout, /"colour" is not a field Infisical accepts here$/m);
    });
  });

  describe('a list change: the entries added and removed, one a line', () => {
    // The sandbox's aks-prod-workload trusts 10.0.0.0/8, 192.168.1.10 and 2001:db8::/32, and
    // allows principals 7f44d420-… and aafe3367-….
    const lists = () =>
      file('lists.infisical-azure.json', {
        identities: [
          {
            name: AKS,
            azureAuth: {
              accessTokenTrustedIps: ['10.0.0.0/8', '10.30.0.0/16'],
              allowedServicePrincipalIds: [
                '7f44d420-7b99-4b63-966f-b6d113e9efa5',
                '11111111-1111-1111-1111-111111111111',
              ],
            },
          },
        ],
      });

    it('plan text: "- old" then "+ new" under the field, the entries kept not repeated', async () => {
      const r = await run('plan', lists());
      assert.equal(r.code, 2, r.stderr);
      assert.ok(
        r.stdout.includes(
          [
            '    allowedServicePrincipalIds:',
            '      - aafe3367-0520-4f80-a189-f0184680411e',
            '      + 11111111-1111-1111-1111-111111111111',
            '    accessTokenTrustedIps:',
            '      - 192.168.1.10',
            '      - 2001:db8::/32',
            '      + 10.30.0.0/16',
          ].join('\n'),
        ),
        r.stdout,
      );
      assert.doesNotMatch(r.stdout, /10\.0\.0\.0\/8|7f44d420/);
      assert.doesNotMatch(r.stdout, /→/);
    });

    it('plan --markdown: the same entries in the diff block, the field as its context line', async () => {
      const r = await run('plan', lists(), '--markdown');
      assert.equal(r.code, 2, r.stderr);
      assert.ok(
        r.stdout.includes(
          [
            '```diff',
            '  allowedServicePrincipalIds:',
            '- aafe3367-0520-4f80-a189-f0184680411e',
            '+ 11111111-1111-1111-1111-111111111111',
            '  accessTokenTrustedIps:',
            '- 192.168.1.10',
            '- 2001:db8::/32',
            '+ 10.30.0.0/16',
            '```',
          ].join('\n'),
        ),
        r.stdout,
      );
    });

    it('a field that is not a list still reads before → after', async () => {
      const r = await run(
        'plan',
        file('ttl.infisical-azure.json', {
          identities: [{ name: AKS, azureAuth: { accessTokenTTL: '2h' } }],
        }),
      );
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stdout, /^ {4}accessTokenTTL: 3600 \(1h\) → 7200 \(2h\)$/m);
    });
  });

  describe('--timeout and INFISICAL_TIMEOUT', () => {
    const sync = () =>
      file('sync.infisical-azure.json', { identities: [{ name: AKS, azureAuth: { accessTokenTTL: '1h' } }] });
    // The sign-in's first request: its failure ends the command with one line on stderr.
    const DETAILS = '/api/v1/identities/details';

    it('--help of plan, apply and pull documents it', async () => {
      for (const command of ['plan', 'apply', 'pull']) {
        const r = await run(command, '--help');
        assert.match(r.stdout, /^ {2}--timeout <seconds> +how long each request waits/m, command);
        assert.match(r.stdout, /INFISICAL_TIMEOUT; the flag wins/, command);
      }
    });

    it('a bad value is a usage error naming the flag or the variable and the rule, before any request', async () => {
      for (const [args, extra, said] of [
        [['--timeout', '0'], {}, '--timeout must be a whole number of seconds from 1 to 300 (got "0")'],
        [['--timeout=1.5'], {}, '--timeout must be a whole number of seconds from 1 to 300 (got "1.5")'],
        [['--timeout', '301'], {}, '--timeout must be a whole number of seconds from 1 to 300 (got "301")'],
        [
          [],
          { INFISICAL_TIMEOUT: 'soon' },
          'INFISICAL_TIMEOUT must be a whole number of seconds from 1 to 300 (got "soon")',
        ],
      ] as const) {
        const before = sandbox.requests.length;
        env = { ...env, ...extra };
        const r = await run('plan', sync(), ...args);
        assert.equal(r.code, 1, said);
        assert.equal(r.stderr, `infisical-azure: ${said}\n`);
        assert.equal(sandbox.requests.length, before, said);
        env = { INFISICAL_API_URL: `${sandbox.url}/api`, INFISICAL_TOKEN: sandbox.demo.staticToken };
      }
    });

    it('the flag wins over the variable', async () => {
      env.INFISICAL_TIMEOUT = 'soon';
      const r = await run('plan', sync(), '--timeout', '20');
      assert.equal(r.code, 0, r.stderr);
    });

    it("a server that does not answer: the flag's limit, and the message says how to raise it", async () => {
      sandbox.faults.add({ method: 'GET', path: DETAILS, kind: 'hang' });
      const started = Date.now();
      const r = await run('plan', sync(), '--timeout', '1');
      const took = Date.now() - started;
      assert.equal(r.code, 1);
      assert.match(r.stderr, /did not answer within 1 s \(GET \/api\/v1\/identities\/details\)/);
      assert.match(r.stderr, /--timeout <seconds> or INFISICAL_TIMEOUT/);
      assert.ok(took < 10_000, `took ${took} ms: the 15 s default was used`);
    });

    it('INFISICAL_TIMEOUT sets the same limit', async () => {
      sandbox.faults.add({ method: 'GET', path: DETAILS, kind: 'hang' });
      env.INFISICAL_TIMEOUT = '2';
      const r = await run('plan', sync());
      assert.equal(r.code, 1);
      assert.match(r.stderr, /did not answer within 2 s/);
    });
  });

  describe('one scope of the server failing: the rest is planned', () => {
    const LIST = '/api/v1/app-connections/azure-client-secrets';
    const PAYMENTS = '1f661c45-89f1-4e9b-a871-ad89aa25c1b4';
    const scopes = () =>
      file('scopes.infisical-azure.json', {
        identities: [{ name: AKS, azureAuth: { accessTokenTTL: '2h' } }],
        connections: [
          { name: 'prod-entra-graph', description: 'From the file.' },
          { name: 'payments-entra', project: 'payments-api', description: 'Payments, from the file.' },
        ],
      });
    const connection = (name: string, projectId: string | null) =>
      sandbox.state.connections.find(
        (c) => c.name === name && c.orgId === sandbox.demo.orgId && c.projectId === projectId,
      );

    it("the organization's list answers 503: its connection is not planned, the identity and the project's connection are, exit 1", async () => {
      sandbox.faults.add({ method: 'GET', path: LIST, query: { projectId: null }, status: 503 });
      const r = await run('plan', scopes());
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^~ identity "aks-prod-workload" Azure Auth/m);
      assert.match(r.stdout, /^~ connection "payments-entra" \(project payments-api\)/m);
      assert.match(
        r.stdout,
        /^ {4}description: "Payments API app registration\." → "Payments, from the file\."$/m,
      );
      assert.ok(
        r.stdout.includes(
          '? connection "prod-entra-graph"\n    not planned: the organization\'s Azure Client Secrets connections could not be read\n',
        ),
        r.stdout,
      );
      assert.doesNotMatch(r.stdout, /From the file\./, 'nothing of the failed scope reads as a change');
      assert.match(
        r.stdout,
        /^Incomplete: the organization's Azure Client Secrets connections could not be read\.\n {4}.*server error \(503\).*Try again later\.\n {4}1 resource of this file is not planned/m,
      );
      assert.equal(
        r.stdout.trimEnd().split('\n').at(-1),
        'Plan incomplete: 2 to update, 0 unchanged, 1 not planned.',
      );
    });

    it("one project's list fails (the connection reset): that project's connection is not planned, the organization's is", async () => {
      sandbox.faults.add({ method: 'GET', path: LIST, query: { projectId: PAYMENTS }, kind: 'reset' });
      const r = await run('plan', scopes());
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^~ connection "prod-entra-graph" /m);
      assert.match(r.stdout, /^\? connection "payments-entra" \(project payments-api\)$/m);
      assert.match(
        r.stdout,
        /^Incomplete: the Azure Client Secrets connections of project "Payments API" could not be read\.$/m,
      );
      assert.match(r.stdout, /Plan incomplete: 2 to update, 0 unchanged, 1 not planned\.\n$/);
    });

    it('the identity list answers 500: the connections are still planned', async () => {
      sandbox.faults.add({ method: 'GET', path: '/api/v2/organizations/*', status: 500 });
      const r = await run('plan', scopes(), '--markdown');
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^\*\*Plan incomplete: 2 to update, 0 unchanged, 1 not planned\.\*\*$/m);
      assert.match(
        r.stdout,
        /^> \*\*Incomplete: the organization's machine identities could not be read\. .*\(500\)/m,
      );
      assert.match(r.stdout, /^#### \? identity "aks-prod-workload" Azure Auth\n\n> \*\*Not planned:\*\*/m);
      assert.match(r.stdout, /^#### ~ connection "prod-entra-graph"$/m);
    });

    it('apply of the incomplete plan sends what was planned and nothing of the failed scope, and exits 1 saying why', async () => {
      sandbox.faults.add({ method: 'GET', path: LIST, query: { projectId: null }, status: 503 });
      const planned = await run('plan', scopes(), '--out', 'plan.json');
      assert.equal(planned.code, 1);
      sandbox.faults.clear();
      const prodBefore = connection('prod-entra-graph', null)?.description;
      const r = await run('apply', 'plan.json');
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^Apply: 2 applied\.$/m);
      assert.match(
        r.stderr,
        /^not applied: scopes\.infisical-azure\.json: 1 resource not planned \(the organization's Azure Client Secrets connections could not be read when planned\): plan again/m,
      );
      assert.equal(connection('payments-entra', PAYMENTS)?.description, 'Payments, from the file.');
      assert.equal(connection('prod-entra-graph', null)?.description, prodBefore);
      assert.ok(
        !sandbox.requests.some(
          (q) => q.method === 'PATCH' && q.path.endsWith(connection('prod-entra-graph', null)?.id ?? '?'),
        ),
        'no PATCH for the connection that was not planned',
      );
    });
  });
});
