// @ts-check
// The API client's cost per request against a bare fetch of the same endpoint, in plain Node
// (its own process; the sandbox runs in the orchestrator's). Both send the same headers and
// both parse the JSON; the client also validates it with zod and does its timeout, retry and
// error bookkeeping, as it does in the extension. Two more arms split the difference: fetch
// with a timeout signal (what any timeout costs), and ofetch called the way the client calls it.
//
//   node bench/node/client.mjs <client bundle> <site URL> <client id> <client secret> [rounds] [pairs]
//
// The arms take turns in a rotating order, so all see the same server and machine state.
// Prints one JSON line: per round, each arm's median and the client ÷ fetch ratio.
import { createRequire } from 'node:module';
import { median } from '../lib/stats.mjs';

const [bundle, siteUrl, clientId, clientSecret, roundsArg, pairsArg] = process.argv.slice(2);
if (!bundle || !siteUrl || !clientId || !clientSecret) {
  throw new Error(
    'usage: client.mjs <client bundle> <site URL> <client id> <client secret> [rounds] [pairs]',
  );
}
const require = createRequire(import.meta.url);
/** @type {typeof import('../../src/core/api/index.js') & typeof import('../../src/core/schemas/appConnection.js') & { ofetch: typeof import('ofetch').ofetch }} */
const lib = require(bundle);

const USER_AGENT = 'infisical-access-bench';
const PATH = '/api/v1/app-connections/options';
/** @type {string | undefined} */
let token;
const api = lib.createInfisicalApi({ baseUrl: siteUrl, getToken: () => token, userAgent: USER_AGENT });
token = (await api.auth.universalAuthLogin({ clientId, clientSecret })).accessToken;
const headers = () => ({
  Accept: 'application/json',
  Authorization: `Bearer ${token}`,
  'User-Agent': USER_AGENT,
});

/**
 * A per-request timeout as the client sets one: an AbortController aborted by a timer.
 * @template T
 * @param {(signal: AbortSignal) => Promise<T>} fn
 */
async function withTimeout(fn) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 15_000);
  try {
    return await fn(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

const arms = {
  client: () => api.connections.options(),
  fetch: async () => {
    const res = await fetch(new URL(PATH, siteUrl), { headers: headers() });
    return JSON.parse(await res.text());
  },
  /** What any client with a timeout pays on top of fetch. */
  fetchWithTimeout: () =>
    withTimeout(async (signal) => {
      const res = await fetch(new URL(PATH, siteUrl), { headers: headers(), signal });
      return JSON.parse(await res.text());
    }),
  /** ofetch called the way src/core/api/client.ts calls it, timeout included; no zod. */
  ofetch: () =>
    withTimeout(async (signal) => {
      const res = await lib.ofetch.raw(PATH, {
        baseURL: siteUrl,
        method: 'GET',
        headers: headers(),
        signal,
        retry: 0,
        ignoreResponseError: true,
        responseType: 'text',
      });
      return JSON.parse(res._data ?? '');
    }),
};
/** @typedef {keyof typeof arms} Arm */
const names = /** @type {Arm[]} */ (Object.keys(arms));

/** @param {() => Promise<unknown>} fn */
async function time(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const options = await arms.client();
const parsed = await arms.fetch();
for (let i = 0; i < 500; i++) for (const n of names) await arms[n]();

// zod alone on the same answer, for the breakdown.
const zodRuns = [];
for (let i = 0; i < 2000; i++)
  zodRuns.push(await time(async () => lib.appConnectionOptionsSchema.parse(parsed)));

const rounds = [];
for (let r = 0; r < Number(roundsArg ?? 5); r++) {
  /** @type {Record<Arm, number[]>} */
  const samples = { client: [], fetch: [], fetchWithTimeout: [], ofetch: [] };
  for (let i = 0; i < Number(pairsArg ?? 300); i++) {
    for (let k = 0; k < names.length; k++) {
      const n = /** @type {Arm} */ (names[(i + k) % names.length]);
      samples[n].push(await time(arms[n]));
    }
  }
  const m = /** @type {Record<Arm, number>} */ (
    Object.fromEntries(names.map((n) => [n, /** @type {number} */ (median(samples[n]))]))
  );
  rounds.push({ ...m, ratio: m.client / m.fetch });
}
console.log(
  JSON.stringify({ options: Array.isArray(options) ? options.length : 0, zodMs: median(zodRuns), rounds }),
);
