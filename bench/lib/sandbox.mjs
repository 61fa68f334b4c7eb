// @ts-check
// The sandbox server in scale mode, in this process: its request log (with timestamps) and its
// fault rules are plain objects here, so a figure can count requests without a control call.
// (test/vscode/sandbox.mjs starts the same server without the `scale` option.)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { track } from '../../test/vscode/cleanup.mjs';

const SERVER = fileURLToPath(new URL('../../out/test/sandbox/server.js', import.meta.url));

/** The profile the benchmark signs in with (the demo identity of the scaled organization). */
export const DEMO_PROFILE_NAME = 'Bench';

/** The organization the benchmark signs in to: 10,000 identities and 2,000 connections on top of the demo data. */
export const SCALE = { identities: 10_000, connections: 2_000 };

/**
 * @typedef {import('../../test/sandbox/types.js').Sandbox} SandboxHandle
 * @typedef {import('../../test/sandbox/types.js').RequestLogEntry} RequestLogEntry
 */

/** @returns {Promise<SandboxHandle>} */
export async function startScaledSandbox() {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: \`npx tsc -p .\` compiles it`);
  const require = createRequire(import.meta.url);
  /** @type {typeof import('../../test/sandbox/server.js')} */
  const mod = require(SERVER);
  const sandbox = await mod.startSandbox({ port: 0, scale: SCALE });
  track({ name: 'sandbox', release: () => sandbox.close(), releaseSync: () => {} });
  return sandbox;
}

/** Requests logged since `from` (an index into the log). */
export function since(/** @type {SandboxHandle} */ sandbox, /** @type {number} */ from) {
  return sandbox.requests.slice(from);
}

/** `GET /api/v1/x` lines, for a report. */
export function describeRequests(/** @type {RequestLogEntry[]} */ requests) {
  return requests.map((r) => `${r.method} ${r.path}`);
}

/**
 * Counts the requests in flight at the sandbox: logged (the server logs a request once its body
 * is read) and not yet answered (the server sets the entry's status as it writes the answer).
 * The server answers in the same tick as it logs unless a fault adds latency, so run it with a
 * latency rule to see how many requests a client keeps open at once.
 * @param {SandboxHandle} sandbox
 */
export function trackInFlight(sandbox) {
  const log = sandbox.requests;
  let now = 0;
  let max = 0;
  log.push = (...entries) => {
    for (const entry of entries) {
      let status = entry.status;
      let open = status === 0;
      if (open) max = Math.max(max, ++now);
      Object.defineProperty(entry, 'status', {
        enumerable: true,
        configurable: true,
        get: () => status,
        set: (value) => {
          status = value;
          if (open && value !== 0) {
            open = false;
            now--;
          }
        },
      });
    }
    return Array.prototype.push.apply(log, entries);
  };
  return {
    get max() {
      return max;
    },
    /** Starts a new maximum from what is in flight now. */
    restart() {
      max = now;
    },
    stop() {
      // @ts-expect-error back to the array's own push
      delete log.push;
    },
  };
}
