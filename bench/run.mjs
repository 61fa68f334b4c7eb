// @ts-check
// `npm run bench`: builds what it measures, measures it, prints one table (figure, value,
// target, PASS/FAIL) and writes bench/results.json. How each figure is taken: BENCHMARKS.md.
//
//   npm run bench                        everything (about 5 minutes once code-server is cached)
//   npm run bench -- --runs 3            fewer VS Code windows per kind (default 5)
//   npm run bench -- --only package,node skip stages: package, node, config, vscode
//   npm run bench -- --update-doc        also rewrite the results section of BENCHMARKS.md
//   npm run bench -- --verbose           VS Code's console as well
//
// Exit code 0 when every stage ran (failed targets are results, not errors), 1 otherwise.
import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { releaseAll, removeDirSync, track } from '../test/vscode/cleanup.mjs';
import { CODE_SERVER_VERSION, provision } from '../test/vscode/provision.mjs';
import { compile, nodeBundles, packageExtension } from './lib/build.mjs';
import { formatTable, machine, markdownNotes, markdownTable, verdict } from './lib/report.mjs';
import { startScaledSandbox } from './lib/sandbox.mjs';
import { configFigures } from './stages/config.mjs';
import { clientFigure, keystrokeFigure } from './stages/node.mjs';
import { packageFigures } from './stages/package.mjs';
import { extensionPlanFigure } from './vscode/config.mjs';
import { vscodeFigures } from './vscode/figures.mjs';
import { runVsCode } from './vscode/stage.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const RESULTS = join(ROOT, 'bench', 'results.json');
const DOC = join(ROOT, 'BENCHMARKS.md');
const GROUPS = ['Package', 'Activation', 'Memory', 'Trees', 'Editing', 'Client', 'Config'];
const STAGES = ['package', 'node', 'config', 'vscode'];

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string', default: STAGES.join(',') },
    verbose: { type: 'boolean', default: false },
    'update-doc': { type: 'boolean', default: false },
  },
});

/** @type {{ stage: string, seconds: number }[]} */
const timings = [];

/**
 * Runs and times one stage.
 * @template T
 * @param {string} name
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function stage(name, fn) {
  const t = performance.now();
  console.log(`bench: ${name} …`);
  const result = await fn();
  const seconds = (performance.now() - t) / 1000;
  timings.push({ stage: name, seconds: Number(seconds.toFixed(1)) });
  console.log(`bench: ${name} done in ${seconds.toFixed(1)} s`);
  return result;
}

async function main() {
  const started = performance.now();
  const only = new Set(String(opts.only).split(','));
  const runs = Math.max(1, Number(opts.runs));
  const tempDir = mkdtempSync(join(tmpdir(), 'infisical-bench-'));
  track({
    name: 'bench temp dir',
    release: async () => removeDirSync(tempDir),
    releaseSync: () => removeDirSync(tempDir),
  });

  /** @type {import('./lib/report.mjs').Figure[]} */
  const figures = [];
  /** @type {Record<string, unknown>} */
  const samples = {};
  const host =
    only.has('vscode') || only.has('config') ? await stage('provision', () => provision()) : undefined;
  await stage('compile (npx tsc -p .)', () => compile(ROOT));
  const built = await stage('package (npm run package)', () => packageExtension(ROOT, tempDir));
  const bundles = await stage('node bundles (esbuild, shipped options)', () => nodeBundles(ROOT, tempDir));

  if (only.has('package'))
    figures.push(...(await stage('package figures', () => packageFigures(ROOT, built))));
  const sandbox = await startScaledSandbox();
  if (only.has('node')) {
    figures.push(await stage('keystroke validation (Node)', () => keystrokeFigure(ROOT, bundles.edit)));
    figures.push(await stage('client overhead (Node)', () => clientFigure(ROOT, bundles.client, sandbox)));
  }
  if (only.has('config')) {
    const config = await stage('workspace files at scale (Node, CLI)', () =>
      configFigures({ root: ROOT, bundle: bundles.config, sandbox, tempDir }),
    );
    samples.config = config.samples;
    figures.push(...config.figures);
    if (host) {
      const plan = await stage('workspace file plan in VS Code', () =>
        extensionPlanFigure({
          root: ROOT,
          host,
          vsix: built.vsix,
          tempDir,
          sandbox,
          scaleFile: config.scaleFile,
          beside: config.walls,
          verbose: !!opts.verbose,
        }),
      );
      figures.push(...plan);
    }
  }
  if (only.has('vscode') && host) {
    sandbox.reset();
    const vs = await stage(`VS Code (${runs} hidden + ${runs} visible windows)`, () =>
      runVsCode({ root: ROOT, host, vsix: built.vsix, tempDir, sandbox, runs, verbose: !!opts.verbose }),
    );
    samples.vscode = vs;
    figures.push(...vscodeFigures(vs));
  }
  await releaseAll();

  figures.sort((a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group));
  const totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const results = {
    generatedAt: new Date().toISOString(),
    machine: { ...machine(), codeServer: CODE_SERVER_VERSION },
    runs,
    stages: timings,
    totalSeconds,
    figures,
    samples,
  };
  await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${formatTable(figures)}`);
  const failed = figures.filter((f) => verdict(f) === 'FAIL');
  console.log(
    `bench: ${figures.length} figures, ${failed.length} targets failed${failed.length ? ` (${failed.map((f) => f.id).join(', ')})` : ''}; total ${totalSeconds} s; written to ${RESULTS}`,
  );
  if (opts['update-doc']) {
    await updateDoc(results);
    console.log(`bench: results section of ${DOC} updated`);
  }
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/**
 * Replaces the generated section of BENCHMARKS.md (between its markers) with this run.
 * @param {{ generatedAt: string, machine: Record<string, string>, runs: number, stages: { stage: string, seconds: number }[], totalSeconds: number, figures: import('./lib/report.mjs').Figure[] }} r
 */
async function updateDoc(r) {
  const doc = await readFile(DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOC} has no ${START} … ${END} section`);
  const m = r.machine;
  const section = [
    START,
    `Run ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.memory}, ${m.os}, Node ${m.node}, code-server ${m.codeServer}; ${r.runs} hidden + ${r.runs} visible VS Code windows; ${r.totalSeconds} s in all (${r.stages.map((s) => `${s.stage.replace(/ \(.*\)$/, '')} ${s.seconds} s`).join(', ')}).`,
    '',
    markdownTable(r.figures),
    '',
    markdownNotes(r.figures),
    END,
  ].join('\n');
  await writeFile(DOC, doc.slice(0, from) + section + doc.slice(to + END.length));
}

try {
  await main();
} catch (err) {
  console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await releaseAll();
  process.exitCode = 1;
}
