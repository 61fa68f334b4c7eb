// @ts-check
// Workspace files (configuration as code) in plain Node, through the shipped core
// (src/core/config bundled with the extension's options), each call in a process of its own so
// its memory is the plan's: the sandbox runs in the orchestrator's process.
//
//   node bench/node/config.mjs <config bundle> <site URL> generate <out file> <identities> <org connections> <project connections>
//   node bench/node/config.mjs <config bundle> <site URL> plan <file> [<plan file to save>]
//   node bench/node/config.mjs <config bundle> <site URL> apply <plan file>
//
// The access token comes from INFISICAL_TOKEN (never an argument). Prints one JSON line.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [bundle, siteUrl, mode, file, ...rest] = process.argv.slice(2);
const token = process.env.INFISICAL_TOKEN;
if (!bundle || !siteUrl || !mode || !file || !token)
  throw new Error(
    'usage: config.mjs <config bundle> <site URL> generate|plan|apply <file> … (INFISICAL_TOKEN set)',
  );
const require = createRequire(import.meta.url);
/** @type {typeof import('../../src/core/api/index.js') & typeof import('../../src/core/config/index.js')} */
const lib = require(bundle);
const api = lib.createInfisicalApi({
  baseUrl: siteUrl,
  getToken: () => token,
  userAgent: 'infisical-access-bench',
});

/** Reads and validates a workspace file as the CLI and the extension do. */
function load(/** @type {string} */ path) {
  const checked = lib.validateConfigText(readFileSync(path, 'utf8'));
  if (!checked.config)
    throw new Error(`${path}: ${checked.problems.length} problems, first: ${checked.problems[0]?.message}`);
  return checked.config;
}

/**
 * Peak memory while `fn` runs: V8's heap in use sampled every 10 ms (timers fire between the
 * plan's requests), and the kernel's high-water mark of the resident set.
 * @template T
 * @param {() => Promise<T>} fn
 */
async function withMemory(fn) {
  const before = process.memoryUsage();
  let heapPeak = before.heapUsed;
  let rssPeak = before.rss;
  const sample = () => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  };
  const timer = setInterval(sample, 10);
  const t = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - t;
    sample();
    return {
      value,
      ms,
      memory: {
        rssBefore: before.rss,
        rssPeak,
        maxRss: process.resourceUsage().maxRSS * 1024,
        heapBefore: before.heapUsed,
        heapPeak,
      },
    };
  } finally {
    clearInterval(timer);
  }
}

/** @param {import('../../src/core/config/index.js').ConfigFile} config */
function plan(config, /** @type {string} */ path) {
  return lib.planConfig(config, { api, file: path, orgId: config.organization.id });
}

/** @param {import('../../src/core/config/index.js').Plan} p */
const summary = (p) => ({
  ...lib.summarize(p),
  problems: p.resources.flatMap((r) => r.problems).slice(0, 3),
});

if (mode === 'generate') {
  // Every identity with Azure Auth and every Azure Client Secrets connection, as the export
  // pulls them; then the generated ones the file declares (org-level and project-scoped).
  const [identities, orgConnections, projectConnections] = rest.map(Number);
  const org = await api.auth.identityOrganization();
  const pulled = await lib.pullResources({ identities: 'all', connections: 'all' }, { api, orgId: org.id });
  const generated = (/** @type {string} */ name) => name.startsWith('scale-');
  const picked = {
    identities: pulled.identities.filter((i) => generated(i.name)).slice(0, identities),
    connections: [
      ...pulled.connections
        .filter((c) => generated(c.connection.name) && !c.project)
        .slice(0, orgConnections),
      ...pulled.connections
        .filter((c) => generated(c.connection.name) && c.project)
        .slice(0, projectConnections),
    ],
  };
  /** @type {Map<string, number>} */
  const methods = new Map();
  for (const c of picked.connections)
    methods.set(c.connection.method, (methods.get(c.connection.method) ?? 0) + 1);
  const text = lib.renderConfigFile({ site: siteUrl, organization: { id: org.id, name: org.name } }, picked);
  writeFileSync(file, text);
  console.log(
    JSON.stringify({
      identities: picked.identities.length,
      connections: picked.connections.length,
      projectConnections: picked.connections.filter((c) => c.project).length,
      projects: [...new Set(picked.connections.flatMap((c) => (c.project ? [c.project] : [])))],
      methods: [...methods],
      bytes: Buffer.byteLength(text),
      skipped: pulled.skipped.length,
    }),
  );
} else if (mode === 'plan') {
  // Plans the file; with a second path, saves the plan there (as `infisical-azure plan --out`).
  const t = performance.now();
  const config = load(file);
  const validateMs = performance.now() - t;
  const run = await withMemory(() => plan(config, file));
  if (rest[0]) writeFileSync(rest[0], JSON.stringify(run.value));
  console.log(JSON.stringify({ ms: run.ms, validateMs, memory: run.memory, summary: summary(run.value) }));
} else if (mode === 'apply') {
  // Applies a saved plan exactly (no write-only value is replaced: none is resolved).
  /** @type {import('../../src/core/config/index.js').Plan} */
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  const run = await withMemory(() => lib.applyPlan(saved, { api, resolveSecret: async () => undefined }));
  console.log(
    JSON.stringify({
      ms: run.ms,
      memory: run.memory,
      counts: run.value.counts,
      failures: run.value.results.filter((r) => r.outcome !== 'applied').slice(0, 3),
    }),
  );
} else {
  throw new Error(`unknown mode ${mode}`);
}
