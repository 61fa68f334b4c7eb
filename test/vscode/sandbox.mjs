// @ts-check
// Loads the compiled sandbox server (test/sandbox, another part of the project) and starts it
// on an ephemeral port, tracked for cleanup like every other process of a run.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { track } from './cleanup.mjs';
import { seconds } from './provision.mjs';

const SERVER = fileURLToPath(new URL('../../out/test/sandbox/server.js', import.meta.url));
const PROXY = fileURLToPath(new URL('../../out/test/sandbox/proxy.js', import.meta.url));

/**
 * A TCP forwarder to `target` that can stop listening (refused connections) and start again.
 * @param {string} target
 * @returns {Promise<{ url: string, stop(): Promise<void>, start(): Promise<void>, close(): Promise<void> }>}
 */
export async function startForwarder(target) {
  /** @type {{ startForwarder: (t: string) => Promise<{ url: string, stop(): Promise<void>, start(): Promise<void>, close(): Promise<void> }> }} */
  const mod = createRequire(import.meta.url)(PROXY);
  const forwarder = await mod.startForwarder(target);
  track({ name: 'forwarder', release: () => forwarder.close(), releaseSync: () => {} });
  return forwarder;
}

/**
 * @typedef {object} Sandbox
 * @property {string} url
 * @property {Record<string, unknown>} demo   the demo data's credentials and ids, as the sandbox describes them
 * @property {() => Promise<void>} close
 */

/**
 * @param {{ port?: number }} [options]
 * @returns {Promise<Sandbox>}
 */
export async function startSandbox(options = {}) {
  const started = performance.now();
  if (!existsSync(SERVER)) {
    throw new Error(
      `sandbox server not found at ${SERVER}: it is compiled from test/sandbox/server.ts by \`npm run compile\`` +
        ' (if test/sandbox/server.ts does not exist yet, the sandbox has not landed).',
    );
  }
  const require = createRequire(import.meta.url);
  /** @type {{ startSandbox?: (o: { port: number, server?: string }) => Promise<Sandbox & { server?: string }> }} */
  const mod = require(SERVER);
  if (typeof mod.startSandbox !== 'function') throw new Error(`${SERVER} does not export startSandbox()`);
  // INFISICAL_SANDBOX_SERVER=2025-06 runs a suite against the June 2025 server's profile.
  const server = process.env.INFISICAL_SANDBOX_SERVER || undefined;
  const sandbox = await mod.startSandbox({ port: options.port ?? 0, server });
  const close = track({
    name: 'sandbox',
    release: () => sandbox.close(),
    // Same process: it dies with us.
    releaseSync: () => {},
  });
  console.log(
    `sandbox: listening at ${sandbox.url} (server ${sandbox.server ?? 'current'}) in ${seconds(started)} s`,
  );
  return { url: sandbox.url, demo: sandbox.demo ?? {}, close };
}

/**
 * The profile `npm start` signs in with: the sandbox's demo machine identity. The extension reads
 * it from INFISICAL_DEMO_PROFILE when its view first shows and keeps the secret in SecretStorage.
 * @param {Sandbox} sandbox
 */
export function demoProfile(sandbox) {
  const demo = /** @type {{ clientId: string, clientSecret: string }} */ (
    /** @type {unknown} */ (sandbox.demo)
  );
  return {
    name: 'Sandbox demo',
    siteUrl: sandbox.url,
    auth: 'universal-auth',
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
  };
}
