// @ts-check
// Per-keystroke cost of the JSON editor's live validation, in plain Node: what
// src/documents/diagnostics.ts runs for each edit of an Azure Auth document (parseDocument,
// duplicateKeys, the patch builder's zod validation, locateIssue for each issue), over
// thousands of edits typed one character at a time into a typical document.
//
//   node bench/node/keystroke.mjs <edit bundle> <sandbox data.js> [rounds]
//
// Prints one JSON line: per round, the median and 95th percentile per edit, over all edits
// and over those that parse (only those reach zod), and how many edits each round timed.
import { createRequire } from 'node:module';
import { quantile } from '../lib/stats.mjs';

const [bundle, dataModule, roundsArg] = process.argv.slice(2);
if (!bundle || !dataModule) throw new Error('usage: keystroke.mjs <edit bundle> <sandbox data.js> [rounds]');
const require = createRequire(import.meta.url);
/** @type {typeof import('../../src/core/edit/document.js') & typeof import('../../src/core/edit/adapters.js') & typeof import('../../src/core/schemas/azureAuth.js')} */
const edit = require(bundle);
/** @type {typeof import('../../test/sandbox/data.js')} */
const data = require(dataModule);

/** A typical document: the demo organization's Azure Auth with the most trusted IPs. */
function typicalServer() {
  const state = data.seedState();
  const record = [...state.azureAuths].sort(
    (a, b) => b.accessTokenTrustedIps.length - a.accessTokenTrustedIps.length,
  )[0];
  if (!record) throw new Error('the sandbox seed has no Azure Auth');
  return edit.identityAzureAuthSchema.parse(record);
}

/**
 * The texts a document goes through while someone types `insert` at `at`, one key at a time.
 * @param {string} text @param {number} at @param {string} insert
 */
function typed(text, at, insert) {
  const out = [];
  for (let i = 1; i <= insert.length; i++) out.push(text.slice(0, at) + insert.slice(0, i) + text.slice(at));
  return out;
}

/** Backspace `count` times at `end`. @param {string} text @param {number} end @param {number} count */
function erased(text, end, count) {
  const out = [];
  for (let i = 1; i <= count; i++) out.push(text.slice(0, end - i) + text.slice(end));
  return out;
}

/**
 * One editing session on the document: retype the TTL, part of the tenant id, add a trusted IP,
 * set a TTL above the max (a zod-level issue), add an unknown key (a strict-schema issue).
 * @param {string} base
 */
function session(base) {
  /** @type {string[]} */
  const states = [];
  let text = base;
  /** @param {string[]} next */
  const push = (next) => {
    states.push(...next);
    text = next.at(-1) ?? text;
  };
  const fieldValue = (/** @type {string} */ field) => {
    const m = new RegExp(`"${field}":\\s*`).exec(text);
    if (!m) throw new Error(`${field} is not in the document`);
    const start = m.index + m[0].length;
    const end = start + (/^("[^"]*"|[^,\n]+)/.exec(text.slice(start))?.[0].length ?? 0);
    return { start, end };
  };
  let v = fieldValue('accessTokenTTL');
  push(erased(text, v.end, v.end - v.start));
  push(typed(text, v.start, '86400'));
  v = fieldValue('tenantId');
  push(erased(text, v.end - 1, 12));
  push(typed(text, v.end - 13, '0123456789ab'));
  const ips = text.indexOf('"accessTokenTrustedIps"');
  const close = text.indexOf(']', ips);
  const lastItem = text.lastIndexOf('}', close);
  push(typed(text, lastItem + 1, ',\n    { "ipAddress": "10.20.0.0/16" }'));
  v = fieldValue('accessTokenTTL');
  push(erased(text, v.end, v.end - v.start));
  push(typed(text, v.start, '999999999'));
  const open = text.indexOf('{', text.indexOf('\n{') >= 0 ? text.indexOf('\n{') : 0);
  push(typed(text, open + 1, '\n  "audience": "x",'));
  return states;
}

/** What diagnostics.ts computes for one version of the text; returns the number of issues. */
function diagnose(/** @type {unknown} */ server, /** @type {string} */ text) {
  const parsed = edit.parseDocument(text);
  if (parsed.syntaxErrors.length || !parsed.root) return -1;
  let issues = edit.duplicateKeys(parsed.root).length;
  const result = edit.azureAuthAdapter.build(/** @type {any} */ (server), parsed.value);
  if (!result.ok) {
    for (const issue of result.issues) {
      edit.locateIssue(parsed.root, issue);
      issues += 1;
    }
  }
  return issues;
}

const server = typicalServer();
const base = edit.renderAzureAuthDocument(server, 'payments-processor', 'Bench');
const states = session(base);
const sessionsPerRound = Math.ceil(5000 / states.length);
const rounds = Number(roundsArg ?? 5);

// Warm-up (JIT), not timed.
for (let i = 0; i < 5; i++) for (const s of states) diagnose(server, s);

const results = [];
for (let r = 0; r < rounds; r++) {
  /** @type {number[]} */
  const all = [];
  /** @type {number[]} */
  const valid = [];
  let withIssues = 0;
  for (let s = 0; s < sessionsPerRound; s++) {
    for (const text of states) {
      const t = performance.now();
      const issues = diagnose(server, text);
      const dt = performance.now() - t;
      all.push(dt);
      if (issues >= 0) valid.push(dt);
      if (issues > 0) withIssues += 1;
    }
  }
  results.push({
    edits: all.length,
    validEdits: valid.length,
    withIssues,
    medianAll: quantile(all, 0.5),
    p95All: quantile(all, 0.95),
    medianValid: quantile(valid, 0.5),
    p95Valid: quantile(valid, 0.95),
  });
}
console.log(JSON.stringify({ documentChars: base.length, editsPerSession: states.length, rounds: results }));
