import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { type GitHubStandIn, startGitHubStandIn } from './githubStandIn';

/**
 * The GitHub Action (action/run.mjs with the CLI bundle it carries) as a child process, against
 * the sandbox and a local stand-in for GitHub's REST API: one comment per pull request, found by
 * its marker and edited on every run (changes, no changes, failures), the job summary, the
 * outputs, and the secret canary kept out of all of them and of the log.
 */

const ROOT = resolve(__dirname, '../../..');
const RUN = join(ROOT, 'action/run.mjs');
const REPOSITORY = 'octo-org/infra';
const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdef';
const PR = 7;
const HEAD_SHA = '5f1c0ffee0ddba11deadbeef0123456789abcdef';
const CANARY = 'canary-Vx4~Lq9pR2sTm7Kw';
const AKS = 'aks-prod-workload';
const BILLING = 'functions-billing';

interface ActionRun {
  code: number;
  log: string;
  outputs: Record<string, string>;
  summary: string;
}

interface PackCli {
  committedStamp(text: string): { version: string; commit: string } | undefined;
}

interface Esbuild {
  cliOptions(minify: boolean, stamp: { version: string; commit: string }): Record<string, unknown>;
}

describe('the GitHub Action (action/) against a GitHub stand-in and the sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let github: GitHubStandIn;
  let dir: string;
  const marked = () =>
    (github.comments.get(PR) ?? []).filter((c) => c.body.includes('<!-- infisical-azure:'));
  const writes = () => github.requests.filter((r) => r.method !== 'GET');
  const file = (name: string, body: Record<string, unknown>) => {
    const text = { site: sandbox.url, organization: { id: sandbox.demo.orgId }, ...body };
    writeFileSync(join(dir, name), `${JSON.stringify(text, null, 2)}\n`);
    return name;
  };
  const changes = () =>
    file('team.infisical-azure.json', {
      identities: [
        { name: AKS, azureAuth: { accessTokenTTL: '2h' } },
        { name: BILLING, azureAuth: { accessTokenNumUsesLimit: 7 } },
      ],
    });
  const inSync = () =>
    file('team.infisical-azure.json', { identities: [{ name: AKS, azureAuth: { accessTokenTTL: '1h' } }] });
  const misspelt = () =>
    file('team.infisical-azure.json', {
      identities: [{ name: 'aks-prod-workoad', azureAuth: { accessTokenTTL: '2h' } }],
    });

  function action(inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<ActionRun> {
    const output = join(dir, '.github-output');
    const summary = join(dir, '.step-summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_EVENT_PATH: join(dir, '.event.json'),
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_SHA: 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0',
      GITHUB_WORKFLOW: 'infisical-azure',
      GITHUB_JOB: 'plan',
      GITHUB_RUN_ID: '4242',
      INFISICAL_API_URL: `${sandbox.url}/api`,
      INFISICAL_TOKEN: sandbox.demo.staticToken,
      INPUT_GITHUB_TOKEN: GITHUB_TOKEN,
      ...extraEnv,
    };
    for (const [name, value] of Object.entries(inputs))
      env[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`] = value;
    return new Promise((done) => {
      execFile(process.execPath, [RUN], { cwd: dir, env, timeout: 45_000 }, (error, stdout, stderr) => {
        const outputs: Record<string, string> = {};
        for (const line of readFileSync(output, 'utf8').split('\n')) {
          const eq = line.indexOf('=');
          if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
        }
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          log: stdout + stderr,
          outputs,
          summary: readFileSync(summary, 'utf8'),
        });
      });
    });
  }
  const plan = (extra: Record<string, string> = {}) =>
    action({ command: 'plan', 'comment-on-pr': 'true', files: 'team.infisical-azure.json', ...extra });

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    github = await startGitHubStandIn(REPOSITORY, GITHUB_TOKEN);
  });
  after(async () => {
    await sandbox.close();
    await github.close();
  });
  beforeEach(() => {
    sandbox.reset();
    dir = mkdtempSync(join(tmpdir(), 'infisical-azure-action-'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(
      join(dir, '.event.json'),
      JSON.stringify({ pull_request: { number: PR, head: { sha: HEAD_SHA } } }),
    );
    github.requests.length = 0;
    github.refuseWrites = false;
    // Five people's comments before ours, two per page: finding ours again takes three pages.
    github.pageSize = 2;
    github.comments.set(
      PR,
      [1, 2, 3, 4, 5].map((id) => ({ id, body: `review ${id}`, user: { login: `dev${id}`, type: 'User' } })),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the comment on the first run and edits that one on the second, paging to find it', async () => {
    changes();
    const first = await plan();
    assert.equal(first.code, 0, first.log);
    assert.deepEqual(first.outputs, { 'exit-code': '2', changes: 'true' });
    assert.deepEqual(
      writes().map((r) => `${r.method} ${r.path}`),
      [`POST /repos/${REPOSITORY}/issues/${PR}/comments`],
    );
    const [comment] = marked();
    assert.ok(comment);
    assert.match(
      comment.body,
      /^<!-- infisical-azure:infisical-azure\/plan\/plan -->\n## infisical-azure plan: changes\n/,
    );
    assert.match(comment.body, /### Infisical Azure plan: `team\.infisical-azure\.json`/);
    assert.match(comment.body, /aks-prod-workload/);
    assert.match(
      comment.body,
      /<sub>Commit 5f1c0ffee0dd · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · \[run\]\(https:\/\/github\.example\/octo-org\/infra\/actions\/runs\/4242\)<\/sub>/,
    );
    assert.ok(first.summary.includes(comment.body.split('\n').slice(1, 8).join('\n')), first.summary);
    assert.ok(github.requests.every((r) => r.authorization === `Bearer ${GITHUB_TOKEN}`));

    github.requests.length = 0;
    const second = await plan();
    assert.equal(second.code, 0, second.log);
    assert.deepEqual(
      github.requests.map(
        (r) => `${r.method} ${r.path.replace(/\?.*$/, '')}${/[?&]page=(\d)/.exec(r.path)?.[1] ?? ''}`,
      ),
      [
        `GET /repos/${REPOSITORY}/issues/${PR}/comments`,
        `GET /repos/${REPOSITORY}/issues/${PR}/comments2`,
        `GET /repos/${REPOSITORY}/issues/${PR}/comments3`,
        `PATCH /repos/${REPOSITORY}/issues/comments/${comment.id}`,
      ],
    );
    assert.equal(marked().length, 1);
    assert.equal(github.comments.get(PR)?.length, 6, 'no second comment; the others untouched');
    assert.match(second.log, new RegExp(`Updated comment ${comment.id} on pull request #${PR}`));
  });

  it('edits the same comment for "no changes" and for a failed plan, which fails the step', async () => {
    changes();
    await plan();
    const [comment] = marked();
    assert.ok(comment);

    inSync();
    const none = await plan();
    assert.equal(none.code, 0, none.log);
    assert.deepEqual(none.outputs, { 'exit-code': '0', changes: 'false' });
    assert.equal(marked().length, 1);
    assert.match(marked()[0]?.body ?? '', /## infisical-azure plan: no changes\n/);
    assert.doesNotMatch(marked()[0]?.body ?? '', /accessTokenNumUsesLimit/);

    misspelt();
    const failed = await plan();
    assert.equal(failed.code, 1, failed.log);
    assert.deepEqual(failed.outputs, { 'exit-code': '1', changes: 'false' });
    const body = marked()[0]?.body ?? '';
    assert.equal(marked().length, 1);
    assert.equal(marked()[0]?.id, comment.id);
    assert.match(body, /## infisical-azure plan: failed\n/);
    assert.match(body, /Did you mean "aks-prod-workload"\?/);
    assert.match(failed.summary, /Did you mean "aks-prod-workload"\?/);
    assert.equal(writes().filter((r) => r.method === 'POST').length, 1, 'created once, then only edited');
  });

  it('adds a comment per run when edit-pr-comment is false', async () => {
    changes();
    await plan({ 'edit-pr-comment': 'false' });
    await plan({ 'edit-pr-comment': 'false' });
    assert.equal(marked().length, 2);
    assert.ok(
      github.requests.every((r) => r.method === 'POST'),
      'no list needed to add',
    );
  });

  it('apply plans, applies that plan and reports it; the canary is in no comment, summary, output or log', async () => {
    const name = file('team.infisical-azure.json', {
      connections: [{ name: 'legacy-sp-secret', credentials: { clientSecret: { env: 'CANARY_SECRET' } } }],
    });
    const r = await action(
      {
        command: 'apply',
        files: name,
        'replace-credentials': 'legacy-sp-secret',
        'comment-on-pr': 'true',
      },
      {
        INFISICAL_TOKEN: '',
        INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: sandbox.demo.clientId,
        INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: sandbox.demo.clientSecret,
        CANARY_SECRET: CANARY,
      },
    );
    assert.equal(r.code, 0, r.log);
    assert.deepEqual(r.outputs, { 'exit-code': '0', changes: 'true' });
    const connection = sandbox.state.connections.find((c) => c.name === 'legacy-sp-secret');
    assert.equal(connection?.credentials.clientSecret, CANARY, 'the secret was sent');
    const body = marked()[0]?.body ?? '';
    assert.match(body, /## infisical-azure apply: applied\n/);
    assert.match(
      body,
      /### Apply\n\n```text\napplied {2}connection "legacy-sp-secret": credentials\n\nApply: 1 applied\.\n```/,
    );
    const everything = [r.log, r.summary, JSON.stringify(r.outputs), ...github.requests.map((q) => q.body)];
    for (const secret of [CANARY, sandbox.demo.clientSecret, GITHUB_TOKEN])
      for (const text of everything) assert.ok(!text.includes(secret), `a secret in:\n${text}`);
  });

  it('with no workspace files: validate and plan exit 0 and say so, and the old comment says it too', async () => {
    changes();
    await plan();
    rmSync(join(dir, 'team.infisical-azure.json'));
    const validate = await action({ command: 'validate' });
    assert.equal(validate.code, 0, validate.log);
    assert.deepEqual(validate.outputs, { 'exit-code': '0', changes: 'false' });
    assert.match(validate.summary, /nothing to validate/);
    assert.match(validate.log, /no workspace files given: nothing to validate/);
    const none = await action({ command: 'plan', 'comment-on-pr': 'true' });
    assert.equal(none.code, 0, none.log);
    assert.match(
      marked()[0]?.body ?? '',
      /## infisical-azure plan: no files\n\nNo workspace files .*nothing to plan/,
    );
    assert.equal(marked().length, 1);
  });

  it('validate finds the files git tracks and annotates problems in the log', async () => {
    misspelt();
    file('bad.infisical-azure.json', {
      identities: [{ name: AKS, azureAuth: { accessTokenTTL: 'an hour' } }],
    });
    execFileSync('git', ['add', '.'], { cwd: dir });
    const r = await action({ command: 'validate' });
    assert.equal(r.code, 1, r.log);
    assert.match(r.log, /^::error file=bad\.infisical-azure\.json,line=\d+/m);
    assert.match(r.summary, /## infisical-azure validate: problems/);
    assert.match(r.summary, /team\.infisical-azure\.json: ok/);
    assert.equal(github.requests.length, 0, 'comment-on-pr is off by default');
  });

  it('a refused comment is a warning: the exit code, outputs and summary stand; the token is never printed', async () => {
    changes();
    github.refuseWrites = true;
    const r = await plan();
    assert.equal(r.code, 0, r.log);
    assert.deepEqual(r.outputs, { 'exit-code': '2', changes: 'true' });
    assert.match(
      r.log,
      /^::warning::No pull-request comment: GitHub API POST \/repos\/octo-org\/infra\/issues\/7\/comments: 403 Resource not accessible by integration/m,
    );
    assert.match(r.summary, /## infisical-azure plan: changes/);
    assert.ok(!r.log.includes(GITHUB_TOKEN));
  });

  it('input timeout: the CLI waits that long for each request, and a bad value fails the step naming --timeout', async () => {
    inSync();
    sandbox.faults.add({ method: 'GET', path: '/api/v2/organizations/*', kind: 'hang' });
    const slow = await plan({ timeout: '1', 'comment-on-pr': 'false' });
    assert.equal(slow.code, 1, slow.log);
    assert.match(slow.log, /\$ infisical-azure plan team\.infisical-azure\.json --markdown --timeout 1 /);
    assert.match(slow.summary, /did not answer within 1 s .*--timeout \\<seconds\\> or INFISICAL_TIMEOUT/);
    sandbox.faults.clear();
    const bad = await plan({ timeout: 'soon', 'comment-on-pr': 'false' });
    assert.equal(bad.code, 1, bad.log);
    assert.match(bad.summary, /--timeout must be a whole number of seconds from 1 to 300 \(got "soon"\)/);
  });

  it('carries the CLI that src/ builds to (else: npm run package, and commit action/infisical-azure.js)', async () => {
    const committed = readFileSync(join(ROOT, 'action/infisical-azure.js'), 'utf8');
    const pack = (await import(pathToFileURL(join(ROOT, 'scripts/pack-cli.mjs')).href)) as PackCli;
    const stamp = pack.committedStamp(committed);
    assert.ok(stamp, 'the bundle starts with its stamp');
    const esbuild = (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as Esbuild;
    const { build } = await import('esbuild');
    const result = await build({ ...esbuild.cliOptions(true, stamp), write: false });
    assert.ok(
      result.outputFiles[0]?.text === committed,
      'action/infisical-azure.js is stale: run "npm run package" and commit action/infisical-azure.js',
    );
    assert.ok(existsSync(join(ROOT, 'action/action.yml')));
  });
});
