// @ts-check
// The two plain-Node figures, each measured in a child process of its own (a clean heap and
// JIT): per-keystroke validation (bench/node/keystroke.mjs) and the API client's overhead
// over a bare fetch (bench/node/client.mjs, against the sandbox in this process).
import { join } from 'node:path';
import { spawnCaptured } from '../lib/process.mjs';
import { figure } from '../lib/report.mjs';
import { median, ms, ratio } from '../lib/stats.mjs';

const KEYSTROKE_TARGET_MS = 2;
const CLIENT_TARGET = 1.1;

/**
 * Runs a bench/node script; resolves with the JSON it prints last.
 * @param {string} script
 * @param {string[]} args
 * @returns {Promise<any>}
 */
async function runNode(script, args) {
  const { code, out, err } = await spawnCaptured(process.execPath, [script, ...args]);
  if (code !== 0) throw new Error(`${script} exited ${code}:\n${err || out}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '');
}

/**
 * @param {string} root
 * @param {string} editBundle
 * @returns {Promise<import('../lib/report.mjs').Figure>}
 */
export async function keystrokeFigure(root, editBundle) {
  /** @type {{ documentChars: number, editsPerSession: number, rounds: { edits: number, validEdits: number, withIssues: number, medianAll: number, p95All: number, medianValid: number, p95Valid: number }[] }} */
  const r = await runNode(join(root, 'bench', 'node', 'keystroke.mjs'), [
    editBundle,
    join(root, 'out', 'test', 'sandbox', 'data.js'),
    '5',
  ]);
  const valid = median(r.rounds.map((x) => x.medianValid));
  const edits = r.rounds.reduce((n, x) => n + x.edits, 0);
  const first = r.rounds[0];
  return figure({
    id: 'editing.keystroke',
    group: 'Editing',
    name: 'Validation + diagnostics per keystroke (Node)',
    value: ms(valid),
    raw: valid ?? null,
    target: `≤ ${KEYSTROKE_TARGET_MS} ms median`,
    pass: valid === undefined ? null : valid <= KEYSTROKE_TARGET_MS,
    note: `${edits} edits typed one key at a time into a ${r.documentChars}-character Azure Auth document, 5 rounds; median over edits that parse (${first?.validEdits} per round, ${first?.withIssues} with zod issues); p95 ${ms(median(r.rounds.map((x) => x.p95Valid)))}; over all edits (syntax errors stop early) ${ms(median(r.rounds.map((x) => x.medianAll)))}`,
    samples: r.rounds,
  });
}

/**
 * @param {string} root
 * @param {string} clientBundle
 * @param {import('../lib/sandbox.mjs').SandboxHandle} sandbox
 * @returns {Promise<import('../lib/report.mjs').Figure>}
 */
export async function clientFigure(root, clientBundle, sandbox) {
  /** @type {{ options: number, zodMs: number, rounds: { client: number, fetch: number, fetchWithTimeout: number, ofetch: number, ratio: number }[] }} */
  const r = await runNode(join(root, 'bench', 'node', 'client.mjs'), [
    clientBundle,
    sandbox.url,
    sandbox.demo.clientId,
    sandbox.demo.clientSecret,
    '7',
    '400',
  ]);
  const value = median(r.rounds.map((x) => x.ratio));
  const us = (/** @type {number | undefined} */ v) =>
    v === undefined ? 'n/a' : `${Math.round(v * 1000)} µs`;
  const client = median(r.rounds.map((x) => x.client));
  const bare = median(r.rounds.map((x) => x.fetch));
  const viaOfetch = median(r.rounds.map((x) => x.ofetch));
  const timeout = median(r.rounds.map((x) => x.fetchWithTimeout));
  const over = (/** @type {number | undefined} */ a) =>
    a === undefined || bare === undefined ? undefined : a - bare;
  return figure({
    id: 'client.overhead',
    group: 'Client',
    name: 'API client per request ÷ bare fetch + JSON.parse',
    value: ratio(value),
    raw: value ?? null,
    target: `≤ ${CLIENT_TARGET}×`,
    pass: value === undefined ? null : value <= CLIENT_TARGET,
    note: `GET /api/v1/app-connections/options (${r.options} options) against the local sandbox, 7 rounds of 400 interleaved requests per arm; fetch ${ms(bare)}, client ${ms(client)} (+${us(over(client))}); fetch with a timeout signal +${us(over(timeout))}, ofetch as the client calls it (timeout included) +${us(over(viaOfetch))}, zod on this answer ${us(r.zodMs)}; per-round ratios ${r.rounds.map((x) => x.ratio.toFixed(3)).join(', ')}`,
    samples: r.rounds,
  });
}
