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
});
