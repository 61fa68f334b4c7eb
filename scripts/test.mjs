#!/usr/bin/env node
// `npm test`: every stage in order, each timed; a stage that fails does not stop the
// independent ones after it. Ends with one plain summary line that CI reads.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const only = process.argv.slice(2);
// Debian packages (openssl for unit's TLS certificates, Chromium and the build tools for host
// and e2e), installed when missing; first, and only when a selected stage needs them.
const needsSystem = ['unit', 'host', 'host-oldest', 'host-legacy', 'e2e', 'e2e-legacy'];
const LEGACY_SUITES = [
  '^Sign-in and profiles',
  '^JSON editor',
  '^Server features',
  '^Secret canaries',
  '^Trees (signed out|identities load|each identity|filtering|switching profile|a failed load|a switch during|project-scoped connections the first paint)',
].join('|');
// The UI scenarios that fit the June 2025 server as they are, and the one written for it.
const LEGACY_SCENARIOS = [
  '^A June 2025 server',
  '^Sign in and browse both trees',
  '^Edit Azure Auth as JSON',
  '^Edit in forms',
].join('|');
const stages = [
  { name: 'system', cmd: 'node test/vscode/system.mjs', gate: true },
  { name: 'lint', cmd: 'npx biome check . && node scripts/check-imports.mjs' },
  { name: 'typecheck', cmd: 'npx tsc -p . --noEmit' },
  // out/ is emptied first: a renamed test's old output would still run.
  { name: 'build', cmd: 'node esbuild.mjs && npm run --silent compile', gate: true },
  { name: 'unit', cmd: 'npx c8 mocha' },
  { name: 'package', cmd: 'npm run --silent package', gate: true },
  { name: 'host', cmd: 'node test/vscode/run-suites.mjs' },
  // The same suites in the oldest VS Code engines.vscode admits.
  {
    name: 'host-oldest',
    cmd: 'node test/vscode/provision.mjs --vscode oldest && node test/vscode/run-suites.mjs --vscode oldest',
  },
  // The compatibility flows against the June 2025 server's profile (test/sandbox/legacy.ts). Trees
  // are left to the current profile where they check its seed's data (client-secret and project
  // connections, which that server's seed does not have); the canaries run their OAuth-only flows.
  {
    name: 'host-legacy',
    cmd: `node test/vscode/run-suites.mjs --server 2025-06 --grep "${LEGACY_SUITES}"`,
  },
  { name: 'e2e', cmd: 'node test/vscode/run-e2e.mjs' },
  // The same in the browser against the June 2025 server's profile: sign-in, trees, edits, no
  // rotation, a workspace file, and the secret search (test/e2e/compatibility.test.mjs).
  {
    name: 'e2e-legacy',
    cmd: `node test/vscode/run-e2e.mjs --server 2025-06 --grep "${LEGACY_SCENARIOS}"`,
  },
].filter(
  (s) =>
    only.length === 0 ||
    only.includes(s.name) ||
    (s.name === 'system' && only.some((name) => needsSystem.includes(name))),
);

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const tee = (stream, sink) =>
      stream.on('data', (chunk) => {
        out += chunk;
        sink.write(chunk);
      });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

// The fault matrix's cells are rendered from this run's results only.
for (const half of ['host', 'form', 'config-host', 'config-e2e'])
  rmSync(`test-results/fault-matrix-${half}.json`, { force: true });

const results = [];
let passed = 0;
let failed = 0;
for (const stage of stages) {
  console.log(`\n━━ ${stage.name}: ${stage.cmd}`);
  const started = Date.now();
  const { code, out } = await run(stage.cmd);
  const seconds = (Date.now() - started) / 1000;
  // Mocha's own counts (unit, extension host, UI scenarios); other stages count as one check.
  const plain = stripVTControlCharacters(out);
  const p = [...plain.matchAll(/^\s*(\d+) passing/gm)].reduce((n, m) => n + Number(m[1]), 0);
  const f = [...plain.matchAll(/^\s*(\d+) failing/gm)].reduce((n, m) => n + Number(m[1]), 0);
  passed += p;
  failed += f;
  if (code !== 0 && f === 0) failed += 1;
  results.push({
    stage: stage.name,
    ok: code === 0,
    seconds,
    tests: p + f ? `${p} passed, ${f} failed` : '',
  });
  console.log(`━━ ${stage.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds.toFixed(1)} s`);
  if (code !== 0 && stage.gate) {
    console.log(`━━ stopping: later stages need ${stage.name}`);
    break;
  }
}

if (stages.some((s) => s.name === 'host' || s.name === 'e2e')) {
  console.log('');
  await run('node scripts/fault-matrix.mjs');
}

console.log('\nstage      result  seconds  tests');
for (const r of results) {
  console.log(
    `${r.stage.padEnd(10)} ${(r.ok ? 'ok' : 'FAIL').padEnd(7)} ${r.seconds.toFixed(1).padStart(7)}  ${r.tests}`,
  );
}
const total = results.reduce((n, r) => n + r.seconds, 0);
console.log(`total ${total.toFixed(1)} s`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) && results.length === stages.length ? 0 : 1);
