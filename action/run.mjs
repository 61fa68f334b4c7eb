#!/usr/bin/env node
// The GitHub Action's step (action.yml passes its inputs as INPUT_* variables): runs the CLI
// bundle beside this file — nothing installed, no registry — on the workspace files, then writes
// the outputs, the job summary and one pull-request comment that every run edits.
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { upsertComment } from './github.mjs';

const CLI = join(dirname(fileURLToPath(import.meta.url)), 'infisical-azure.js');
const COMMANDS = ['validate', 'plan', 'apply'];
/** GitHub refuses comments over 65,536 characters; the summary and the log keep everything. */
const MAX_COMMENT = 60_000;

const input = (/** @type {string} */ name) =>
  (process.env[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`] ?? '').trim();

function flag(/** @type {string} */ name, /** @type {boolean} */ fallback) {
  const text = input(name).toLowerCase();
  if (text === '') return fallback;
  if (text === 'true' || text === 'false') return text === 'true';
  throw new Error(`input ${name} must be true or false (got "${input(name)}")`);
}

// The action's credentials and GitHub token, hidden from everything it writes; the CLI hides
// the rest (each { "env": … } value it resolves) in its own output.
const secrets = [
  process.env.INFISICAL_TOKEN,
  process.env.INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET,
  process.env.INPUT_GITHUB_TOKEN,
].filter((s) => typeof s === 'string' && s.length >= 4);
const clean = (/** @type {string} */ text) => secrets.reduce((t, s) => t.split(s).join('***'), text);
const log = (/** @type {string} */ text) =>
  process.stdout.write(clean(text.endsWith('\n') ? text : `${text}\n`));

/**
 * The CLI as a child process, its output kept (and echoed to the log, where `--format github`
 * annotations take effect).
 * @param {string[]} args
 * @param {{ echo?: boolean }} [options]
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function cli(args, { echo = true } = {}) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('INPUT_')) delete env[name];
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        if (echo) {
          log(`$ infisical-azure ${args.join(' ')}  → exit ${code}`);
          if (stderr) log(stderr);
          if (stdout) log(stdout);
        }
        done({ code, stdout: clean(stdout), stderr: clean(stderr) });
      },
    );
  });
}

/** Input `files` (spaces or new lines between paths), else every tracked workspace file. */
function workspaceFiles() {
  const given = input('files');
  if (given) return given.split(/\s+/).filter(Boolean);
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--', '*.infisical-azure.json'], { encoding: 'utf8' });
    return out.split('\0').filter(Boolean);
  } catch {
    throw new Error('no files input, and "git ls-files" failed here: check the repository out first');
  }
}

/** A fenced block no line of `text` can close. */
function fenced(/** @type {string} */ text, info = 'text') {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text.trimEnd()}\n${fence}`;
}

const failure = (/** @type {{ code: number, stderr: string }} */ r) =>
  r.stderr.trim()
    ? `\n**Failed (exit ${r.code}):**\n\n${fenced(r.stderr)}\n`
    : `\n**Failed (exit ${r.code}).**\n`;

/**
 * Runs the command. `markdown` is what the comment and the summary show.
 * @param {string} command
 * @param {string[]} files
 * @returns {Promise<{ code: number, changes: boolean, status: string, markdown: string }>}
 */
async function execute(command, files) {
  const replace = input('replace-credentials');
  const replaceArgs = replace ? ['--replace-credentials', replace] : [];
  const timeout = input('timeout');
  const timeoutArgs = timeout ? ['--timeout', timeout] : [];
  if (command === 'validate') {
    await cli(['validate', '--format', 'github', ...files]);
    const text = await cli(['validate', ...files], { echo: false });
    if (files.length === 0)
      return {
        code: text.code,
        changes: false,
        status: 'no files',
        markdown: 'No workspace files (`*.infisical-azure.json`): nothing to validate.\n',
      };
    const body = `${text.stdout}${text.stderr}`;
    return {
      code: text.code,
      changes: false,
      status: text.code === 0 ? 'valid' : 'problems',
      markdown: `${fenced(body)}\n`,
    };
  }
  if (files.length === 0)
    return {
      code: 0,
      changes: false,
      status: 'no files',
      markdown: `No workspace files (\`*.infisical-azure.json\`): nothing to ${command}.\n`,
    };
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'infisical-azure-'));
  try {
    const out = command === 'apply' ? ['--out', join(dir, 'plan.json')] : [];
    const plan = await cli(['plan', ...files, '--markdown', ...out, ...replaceArgs, ...timeoutArgs]);
    const planned = { code: plan.code, changes: plan.code === 2 };
    if (plan.code === 1) return { ...planned, status: 'failed', markdown: `${plan.stdout}${failure(plan)}` };
    if (command === 'plan' || plan.code === 0)
      return {
        ...planned,
        status: plan.code === 2 ? 'changes' : 'no changes',
        markdown: `${plan.stdout}${command === 'apply' ? '\nNothing to apply.\n' : ''}`,
      };
    const apply = await cli([
      'apply',
      join(dir, 'plan.json'),
      ...(flag('attach', false) ? ['--attach'] : []),
      ...timeoutArgs,
    ]);
    const report = `\n### Apply\n\n${fenced(apply.stdout)}\n${apply.code === 0 ? '' : failure(apply)}`;
    return {
      code: apply.code,
      changes: true,
      status: apply.code === 0 ? 'applied' : 'apply failed',
      markdown: `${plan.stdout}${report}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The pull request's number and head commit, when the workflow runs for one. */
function pullRequest() {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  const event = JSON.parse(readFileSync(path, 'utf8'));
  const pr = event.pull_request;
  return typeof pr?.number === 'number' ? { number: pr.number, sha: pr.head?.sha } : undefined;
}

async function main() {
  const command = input('command') || 'plan';
  if (!COMMANDS.includes(command))
    throw new Error(`input command must be validate, plan or apply (got "${command}")`);
  const toPr = flag('comment-on-pr', false);
  const edit = flag('edit-pr-comment', true);
  const toSummary = flag('comment-on-summary', true);
  const files = workspaceFiles();
  const result = await execute(command, files);

  const pr = pullRequest();
  const sha = (pr?.sha ?? process.env.GITHUB_SHA ?? 'unknown').slice(0, 12);
  const time = `${new Date().toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  const run = process.env.GITHUB_RUN_ID
    ? ` · [run](${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID})`
    : '';
  const key = (
    input('comment-key') || `${process.env.GITHUB_WORKFLOW ?? ''}/${process.env.GITHUB_JOB ?? ''}/${command}`
  ).replace(/[^\w./ -]|--/g, '_');
  const marker = `<!-- infisical-azure:${key} -->`;
  const head = `## infisical-azure ${command}: ${result.status}\n\n`;
  const foot = `\n<sub>Commit ${sha} · ${time}${run}</sub>\n`;
  const whole = `${head}${result.markdown}${foot}`;

  if (process.env.GITHUB_OUTPUT)
    appendFileSync(process.env.GITHUB_OUTPUT, `exit-code=${result.code}\nchanges=${result.changes}\n`);
  if (toSummary && process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, whole);
  if (toPr && !pr) log('comment-on-pr: not a pull_request event, so no comment');
  if (toPr && pr) {
    const cut =
      result.markdown.length > MAX_COMMENT
        ? `${result.markdown.slice(0, MAX_COMMENT)}\n\n… cut here: the job summary and the log have all of it.\n`
        : result.markdown;
    const body = `${marker}\n${head}${cut}${foot}`;
    try {
      const token = input('github-token');
      if (!token) throw new Error('no github-token');
      const gh = {
        api: process.env.GITHUB_API_URL ?? 'https://api.github.com',
        repository: process.env.GITHUB_REPOSITORY ?? '',
        token,
      };
      const { id, created } = await upsertComment(gh, { issue: pr.number, marker, body, edit });
      log(`${created ? 'Added' : 'Updated'} comment ${id} on pull request #${pr.number}`);
    } catch (error) {
      // The plan itself stands (summary, outputs): a missing permission must not hide it.
      log(
        `::warning::No pull-request comment: ${error instanceof Error ? error.message : String(error)} (the job needs permissions: pull-requests: write)`,
      );
    }
  }
  process.exitCode = result.code === 1 ? 1 : 0;
}

main().catch((error) => {
  log(`::error::infisical-azure action: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, 'exit-code=1\nchanges=false\n');
  process.exitCode = 1;
});
