// @ts-check
// One place that knows what a run must undo: process groups to kill and temp dirs to remove,
// whether the run ends normally, throws, or is interrupted (Ctrl+C, SIGTERM, SIGHUP).
import { rmSync } from 'node:fs';

/**
 * @typedef {object} Resource
 * @property {string} name
 * @property {() => Promise<void>} release   graceful: awaited on normal shutdown and on signals
 * @property {() => void} releaseSync        last resort from process 'exit' (sync only)
 */

/** @type {Set<Resource>} */
const resources = new Set();
let signalsHooked = false;
let exiting = false;

/**
 * Registers something to release; returns a function that releases it once.
 * @param {Resource} resource
 * @returns {() => Promise<void>}
 */
export function track(resource) {
  hookSignals();
  resources.add(resource);
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    resources.delete(resource);
    await resource.release();
  };
}

/** True once a signal started the shutdown: processes exiting now are expected to. */
export function shuttingDown() {
  return exiting;
}

/** Releases everything still tracked, newest first. */
export async function releaseAll() {
  const pending = [...resources].reverse();
  resources.clear();
  for (const r of pending) {
    try {
      await r.release();
    } catch (err) {
      console.error(`cleanup: ${r.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Kills a detached child's whole process group; silent if it is already gone. */
export function killGroup(/** @type {number} */ pid, /** @type {NodeJS.Signals | 0} */ signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function removeDirSync(/** @type {string} */ dir) {
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

function hookSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => {
      if (exiting) return;
      exiting = true;
      console.error(`\n${signal}: stopping everything this run started, removing its temp dirs …`);
      const force = setTimeout(() => process.exit(130), 10_000);
      force.unref();
      releaseAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  process.on('exit', () => {
    for (const r of resources) {
      try {
        r.releaseSync();
      } catch {
        // Exiting: nothing left to report to.
      }
    }
  });
}
