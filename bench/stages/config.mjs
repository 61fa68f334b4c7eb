// @ts-check
// Workspace files (configuration as code) at scale: the plan of a file declaring 1,000
// identities' Azure Auth and 200 Azure Client Secrets connections, through the core in plain
// Node (bench/node/config.mjs, a process per call) and through the CLI, and an apply of 100
// changes. Requests are counted in the sandbox's log (this process); the requests in flight at
// once are counted at the sandbox too (bench/lib/sandbox.mjs, trackInFlight).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnCaptured } from '../lib/process.mjs';
import { figure } from '../lib/report.mjs';
import { since, trackInFlight } from '../lib/sandbox.mjs';
import { median, mib, ms, spread } from '../lib/stats.mjs';

const WALL_TARGET_MS = 5_000;
/** src/core/config/plan.ts DEFAULT_CONCURRENCY: what the plan, the apply and the CLI use unless told. */
const CONCURRENCY = 4;
/** src/core/config/plan.ts IDENTITY_PAGE. */
const IDENTITY_PAGE = 1_000;
const FILE = { identities: 1_000, orgConnections: 150, projectConnections: 50 };
/** The CLI's cold start is timed on a file of this many resources (the scale file's first ones). */
const VALIDATE_RESOURCES = 1_000;
const CHANGES = 100;
const NODE_PLAN_RUNS = 3;
const CLI_RUNS = 5;
/** Latency the sandbox adds to every answer while the requests in flight are counted. */
const IN_FLIGHT_LATENCY_MS = 5;

/**
 * @typedef {import('../lib/sandbox.mjs').SandboxHandle} SandboxHandle
 * @typedef {import('../lib/sandbox.mjs').RequestLogEntry} RequestLogEntry
 * @typedef {{ rssBefore: number, rssPeak: number, maxRss: number, heapBefore: number, heapPeak: number }} Memory
 * @typedef {{ update: number, attach: number, unchanged: number, blocked: number, problems: { message: string }[] }} Summary
 */

/**
 * Runs a process; resolves with its exit code, output and wall time (spawn → exit).
 * @param {string[]} args  for this Node
 * @param {Record<string, string>} env  added to a minimal environment
 * @returns {Promise<{ code: number, out: string, err: string, ms: number }>}
 */
function runProcess(args, env) {
  return spawnCaptured(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
  });
}

/**
 * The requests of a plan or an apply, by kind.
 * @param {RequestLogEntry[]} requests
 */
export function classify(requests) {
  const kinds = {
    organization: 0,
    identityPages: 0,
    projectList: 0,
    connectionLists: 0,
    azureAuthGets: 0,
    connectionGets: 0,
    patches: 0,
    other: /** @type {string[]} */ ([]),
  };
  /** @type {Map<string, number>} */
  const reads = new Map();
  const read = (/** @type {string} */ key) => reads.set(key, (reads.get(key) ?? 0) + 1);
  for (const r of requests) {
    const get = r.method === 'GET';
    if (get && r.path === '/api/v1/identities/details') kinds.organization++;
    else if (get && /^\/api\/v2\/organizations\/[^/]+\/identity-memberships$/.test(r.path))
      kinds.identityPages++;
    else if (get && r.path === '/api/v1/projects') kinds.projectList++;
    else if (get && r.path === '/api/v1/app-connections/azure-client-secrets') kinds.connectionLists++;
    else if (get && /^\/api\/v1\/auth\/azure-auth\/identities\/[^/]+$/.test(r.path)) {
      kinds.azureAuthGets++;
      read(r.path);
    } else if (get && /^\/api\/v1\/app-connections\/azure-client-secrets\/[^/]+$/.test(r.path)) {
      kinds.connectionGets++;
      read(r.path);
    } else if (r.method === 'PATCH') kinds.patches++;
    else kinds.other.push(`${r.method} ${r.path}`);
  }
  const readTwice = [...reads.values()].filter((n) => n > 1).length;
  return {
    ...kinds,
    total: requests.length,
    readTwice,
    failed: requests.filter((r) => r.status >= 400).length,
  };
}

/** @param {ReturnType<typeof classify>} c */
function breakdown(c) {
  const parts = [];
  if (c.organization) parts.push(`${c.organization} organization check`);
  parts.push(
    `${c.identityPages} identity list pages`,
    `${c.projectList} project list`,
    `${c.connectionLists} connection lists`,
    `${c.azureAuthGets} Azure Auth GETs`,
    `${c.connectionGets} connection GETs`,
  );
  if (c.patches) parts.push(`${c.patches} PATCH`);
  if (c.other.length) parts.push(`${c.other.length} other (${[...new Set(c.other)].slice(0, 3).join(', ')})`);
  return parts.join(', ');
}

const thousands = (/** @type {number} */ n) => n.toLocaleString('en-US');
const seconds = (/** @type {number | undefined} */ v) =>
  v === undefined ? 'n/a' : `${(v / 1000).toFixed(2)} s`;

/**
 * @param {object} o
 * @param {string} o.root
 * @param {string} o.bundle  the core's config bundle (bench/lib/build.mjs nodeBundles)
 * @param {SandboxHandle} o.sandbox
 * @param {string} o.tempDir
 * @returns {Promise<{ figures: import('../lib/report.mjs').Figure[], samples: Record<string, unknown>, scaleFile: string, walls: { core?: number, cli?: number } }>}
 */
export async function configFigures({ root, bundle, sandbox, tempDir }) {
  const script = join(root, 'bench', 'node', 'config.mjs');
  const cli = join(root, 'dist-cli', 'infisical-azure.js');
  const env = { INFISICAL_TOKEN: sandbox.demo.staticToken, INFISICAL_API_URL: sandbox.url };
  /** @param {string[]} args */
  const core = async (args) => {
    const r = await runProcess([script, bundle, sandbox.url, ...args], env);
    if (r.code !== 0)
      throw new Error(`bench/node/config.mjs ${args[0]} exited ${r.code}:\n${r.err || r.out}`);
    return JSON.parse(r.out.trim().split('\n').at(-1) ?? '');
  };
  const scaleFile = join(tempDir, 'scale.infisical-azure.json');
  const validateFile = join(tempDir, 'validate.infisical-azure.json');
  const applyFile = join(tempDir, 'apply.infisical-azure.json');

  sandbox.reset();
  const orgIdentities = sandbox.state.identities.filter((i) => i.orgId === sandbox.demo.orgId).length;
  /** @type {{ identities: number, connections: number, projectConnections: number, projects: string[], methods: [string, number][], bytes: number }} */
  const generated = await core([
    'generate',
    scaleFile,
    String(FILE.identities),
    String(FILE.orgConnections),
    String(FILE.projectConnections),
  ]);
  const declared = generated.identities + generated.connections;
  const scaleText = await readFile(scaleFile, 'utf8');
  const scale = JSON.parse(scaleText);
  const keep = VALIDATE_RESOURCES - generated.connections;
  await writeFile(
    validateFile,
    `${JSON.stringify({ ...scale, identities: scale.identities.slice(0, keep) }, null, 2)}\n`,
  );
  const fileSize = `${(generated.bytes / 1024).toFixed(0)} KiB`;
  const what = `${thousands(generated.identities)} identities' Azure Auth and ${generated.connections} Azure Client Secrets connections (${generated.connections - generated.projectConnections} organization-level, ${generated.projectConnections} in project ${generated.projects.join(', ')}; ${generated.methods.map(([m, n]) => `${n} ${m}`).join(', ')}), pulled and rendered by pullResources + renderConfigFile, ${fileSize}`;

  const inFlight = trackInFlight(sandbox);
  try {
    // ── Plan through the core, in plain Node ──
    /** @type {{ ms: number, validateMs: number, memory: Memory, summary: Summary, requests: ReturnType<typeof classify>, inFlight: number }[]} */
    const plans = [];
    for (let i = 0; i < NODE_PLAN_RUNS; i++) {
      const n0 = sandbox.requests.length;
      inFlight.restart();
      const r = await core(['plan', scaleFile]);
      plans.push({ ...r, requests: classify(since(sandbox, n0)), inFlight: inFlight.max });
    }
    // The same plan against a server that takes a few milliseconds per answer, so that the
    // requests the client keeps open overlap at the server and can be counted there.
    sandbox.faults.add({ path: '/api/*', latencyMs: IN_FLIGHT_LATENCY_MS });
    const slowFrom = sandbox.requests.length;
    inFlight.restart();
    const slow = await core(['plan', scaleFile]);
    const slowMax = inFlight.max;
    const slowRequests = classify(since(sandbox, slowFrom));
    sandbox.faults.clear();

    const first = /** @type {(typeof plans)[number]} */ (plans[0]);
    const req = first.requests;
    const pages = Math.max(1, Math.ceil(orgIdentities / IDENTITY_PAGE));
    const scopes = 1 + generated.projects.length;
    const expected = pages + 1 + scopes + generated.identities;
    const bound = pages + 1 + scopes + declared;
    const allSame = plans.every((p) => JSON.stringify(p.requests) === JSON.stringify(req));
    const requestsOk =
      allSame &&
      req.other.length === 0 &&
      req.failed === 0 &&
      req.readTwice === 0 &&
      req.identityPages === pages &&
      req.projectList === 1 &&
      req.connectionLists === scopes &&
      req.azureAuthGets === generated.identities &&
      req.total <= bound;
    const wall = median(plans.map((p) => p.ms));
    const inSync = plans.every((p) => p.summary.unchanged === declared && p.summary.blocked === 0);
    const maxRss = median(plans.map((p) => p.memory.maxRss));
    const heapGrowth = median(plans.map((p) => p.memory.heapPeak - p.memory.heapBefore));
    const rssGrowth = median(plans.map((p) => p.memory.rssPeak - p.memory.rssBefore));

    // ── The CLI: cold start of validate, then plan ──
    const floor = [];
    const help = [];
    const validates = [];
    for (let i = 0; i < CLI_RUNS; i++) {
      floor.push((await runProcess(['-e', ''], {})).ms);
      help.push((await runProcess([cli, '--help'], {})).ms);
      const v = await runProcess([cli, 'validate', validateFile], {});
      if (v.code !== 0) throw new Error(`infisical-azure validate exited ${v.code}:\n${v.out}${v.err}`);
      validates.push(v.ms);
    }
    /** @type {{ ms: number, code: number, requests: ReturnType<typeof classify> }[]} */
    const cliPlans = [];
    for (let i = 0; i < NODE_PLAN_RUNS; i++) {
      const n0 = sandbox.requests.length;
      const p = await runProcess([cli, 'plan', scaleFile], env);
      if (p.code === 1) throw new Error(`infisical-azure plan exited 1:\n${p.err}`);
      cliPlans.push({ ms: p.ms, code: p.code, requests: classify(since(sandbox, n0)) });
    }
    const cliWall = median(cliPlans.map((p) => p.ms));
    const cliCodes = [...new Set(cliPlans.map((p) => p.code))];

    // ── Apply of 100 changes: edit, plan (saved), apply the saved plan, plan again ──
    const edited = structuredClone(scale);
    let made = 0;
    for (let i = 0; made < CHANGES; i++) {
      const identity = edited.identities[i];
      if (identity) {
        identity.azureAuth.accessTokenTTL = 1800 + i;
        made++;
      }
      const connection = edited.connections[i];
      if (connection && made < CHANGES) {
        connection.description = `benchmark edit ${i}`;
        made++;
      }
    }
    await writeFile(applyFile, `${JSON.stringify(edited, null, 2)}\n`);
    const planFile = join(tempDir, 'apply.plan.json');
    /** @type {{ summary: Summary }} */
    const planned = await core(['plan', applyFile, planFile]);
    const applyFrom = sandbox.requests.length;
    inFlight.restart();
    /** @type {{ ms: number, memory: Memory, counts: Record<string, number>, failures: unknown[] }} */
    const applied = await core(['apply', planFile]);
    const applyMax = inFlight.max;
    const applyLog = since(sandbox, applyFrom);
    const applyRequests = classify(applyLog);
    const patchFields = [
      ...new Set(
        applyLog
          .filter((r) => r.method === 'PATCH')
          .map((r) =>
            Object.keys(/** @type {object} */ (r.body ?? {}))
              .sort()
              .join('+'),
          ),
      ),
    ];
    /** @type {{ ms: number, summary: Summary }} */
    const replanned = await core(['plan', applyFile]);
    const applyOk =
      planned.summary.update === CHANGES &&
      applied.counts.applied === CHANGES &&
      applyRequests.azureAuthGets + applyRequests.connectionGets === CHANGES &&
      applyRequests.patches === CHANGES &&
      applyRequests.total === 2 * CHANGES &&
      applyRequests.failed === 0;
    const replanOk = replanned.summary.update + replanned.summary.attach + replanned.summary.blocked === 0;
    sandbox.reset();

    const figures = [
      figure({
        id: 'config.planMs',
        group: 'Config',
        name: `Plan of ${thousands(generated.identities)} Azure Auth + ${generated.connections} connections (core, plain Node)`,
        value: ms(wall),
        raw: wall ?? null,
        target: `≤ ${WALL_TARGET_MS / 1000} s`,
        pass: wall === undefined ? null : wall <= WALL_TARGET_MS && inSync,
        note: `${what}; planConfig with the default concurrency (${CONCURRENCY}), from the validated file to the plan (reading and validating the file first: ${ms(median(plans.map((p) => p.validateMs)))}), median of ${NODE_PLAN_RUNS} processes (${spread(
          plans.map((p) => p.ms),
          (v) => ms(v),
        )}); every resource in sync (${first.summary.unchanged} unchanged, ${first.summary.blocked} blocked)${inSync ? '' : ` — NOT in sync: ${JSON.stringify(first.summary)}`}`,
        samples: plans,
      }),
      figure({
        id: 'config.planRequests',
        group: 'Config',
        name: 'Requests of that plan',
        value: thousands(req.total),
        raw: req.total,
        target: `list pages + ≤ 1 GET per declared resource (≤ ${thousands(bound)}), none read twice`,
        pass: requestsOk,
        note: `${breakdown(req)}: ${pages} pages of ${IDENTITY_PAGE} for the ${thousands(orgIdentities)} identities of the organization, the project list for the file's project names, one Azure Client Secrets list per scope (organization + ${generated.projects.length} project), one GET per declared identity; connections come whole in their scope's list, so none is read again (${expected} expected); ${req.readTwice} resources read twice, ${req.failed} errors; the same in all ${NODE_PLAN_RUNS} runs: ${allSame ? 'yes' : 'NO'}`,
      }),
      figure({
        id: 'config.planInFlight',
        group: 'Config',
        name: 'Requests in flight at the sandbox during the plan (max)',
        value: String(slowMax),
        raw: slowMax,
        target: `≤ ${CONCURRENCY} (default concurrency)`,
        pass: slowMax > 0 && slowMax <= CONCURRENCY,
        note: `counted at the server (logged, not yet answered) while it adds ${IN_FLIGHT_LATENCY_MS} ms to every answer: plan ${seconds(slow.ms)} for ${thousands(slowRequests.total)} requests; without added latency the server answers each in the tick it arrives, and the most seen at once was ${Math.max(...plans.map((p) => p.inFlight))} (the apply below: ${applyMax})`,
      }),
      figure({
        id: 'config.planMemory',
        group: 'Config',
        name: 'Memory of the plan process',
        value: `peak RSS ${mib(maxRss)}, heap +${mib(heapGrowth)}`,
        raw: maxRss ?? null,
        note: `the plan's own Node process (the bundled core, the file read and validated before the plan starts); peak RSS as the kernel records it (getrusage maxRSS, the whole process); during the plan, sampled every 10 ms: heap in use +${mib(heapGrowth)} (from ${mib(median(plans.map((p) => p.memory.heapBefore)))}), RSS +${mib(rssGrowth)}; medians of ${NODE_PLAN_RUNS}`,
        samples: plans.map((p) => p.memory),
      }),
      figure({
        id: 'config.applyMs',
        group: 'Config',
        name: `Apply of ${CHANGES} changes (core, plain Node)`,
        value: ms(applied.ms),
        raw: applied.ms,
        note: `${made} resources edited in the file (${Math.ceil(made / 2)} identities' accessTokenTTL, ${Math.floor(made / 2)} connections' description), planned (${planned.summary.update} to update) and saved, then applyPlan of the saved plan in its own process (concurrency ${CONCURRENCY}): ${applied.counts.applied} applied, ${applied.counts.failed} failed, ${applied.counts.refused} refused, ${applied.counts.skipped} skipped; peak RSS ${mib(applied.memory.maxRss)}`,
      }),
      figure({
        id: 'config.applyRequests',
        group: 'Config',
        name: `Requests of that apply`,
        value: `${applyRequests.azureAuthGets + applyRequests.connectionGets} GET + ${applyRequests.patches} PATCH`,
        raw: applyRequests.total,
        target: `1 guard GET + 1 PATCH per change, all applied`,
        pass: applyOk,
        note: `${breakdown(applyRequests)}; PATCH bodies: ${patchFields.join(', ')} (TTL and Max TTL travel together by design); ${applyRequests.failed} errors`,
      }),
      figure({
        id: 'config.replan',
        group: 'Config',
        name: 'Plan again after that apply',
        value: replanOk
          ? 'no changes'
          : `${replanned.summary.update} to update, ${replanned.summary.blocked} blocked`,
        raw: replanned.summary.update + replanned.summary.attach + replanned.summary.blocked,
        target: 'no changes',
        pass: replanOk,
        note: `${replanned.summary.unchanged} resources in sync; plan ${ms(replanned.ms)}`,
      }),
      figure({
        id: 'config.cliValidate',
        group: 'Config',
        name: `CLI cold start: validate of a ${thousands(VALIDATE_RESOURCES)}-resource file`,
        value: ms(median(validates)),
        raw: median(validates) ?? null,
        note: `\`node dist-cli/infisical-azure.js validate file\` (${keep} identities + ${generated.connections} connections), spawn → exit, median of ${CLI_RUNS} fresh processes (${spread(validates, (v) => ms(v))}); \`node -e ''\` alone: ${ms(median(floor))}, \`infisical-azure --help\` (Node + loading the CLI): ${ms(median(help))}; the core validates the scale file (${thousands(declared)} resources) in ${ms(median(plans.map((p) => p.validateMs)))} once loaded`,
        samples: { validates, help, floor },
      }),
      figure({
        id: 'config.cliPlan',
        group: 'Config',
        name: `CLI plan of the scale file (beside the core's ${ms(wall)})`,
        value: `${ms(cliWall)}, exit ${cliCodes.join('/')}`,
        raw: cliWall ?? null,
        target: `≤ ${WALL_TARGET_MS / 1000} s, exit 0 or 2`,
        pass:
          cliWall === undefined
            ? null
            : cliWall <= WALL_TARGET_MS && cliCodes.every((c) => c === 0 || c === 2),
        note: `\`INFISICAL_TOKEN=… INFISICAL_API_URL=… node dist-cli/infisical-azure.js plan file\`, spawn → exit (process start, sign-in check, validation, plan, output), median of ${NODE_PLAN_RUNS} (${spread(
          cliPlans.map((p) => p.ms),
          (v) => ms(v),
        )}); requests: ${breakdown(/** @type {(typeof cliPlans)[number]} */ (cliPlans[0]).requests)}`,
        samples: cliPlans,
      }),
    ];
    return {
      figures,
      scaleFile,
      walls: { core: wall, cli: cliWall },
      samples: {
        generated,
        plans,
        slow: { ...slow, max: slowMax, requests: slowRequests },
        applied,
        replanned,
      },
    };
  } finally {
    inFlight.stop();
  }
}
