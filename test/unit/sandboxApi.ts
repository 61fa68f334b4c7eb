import { createInfisicalApi, type InfisicalApi } from '../../src/core/api';
import type { ServerProfile } from '../sandbox/legacy';
import { type Sandbox, startSandbox } from '../sandbox/server';

/**
 * The sandbox for a suite, on a server profile (started once, reset before each test: state,
 * faults, request log) and an API client signed in with its demo identity's static token. Read both through the
 * returned object, inside tests and hooks.
 */
export function useSandboxApi(server: ServerProfile = 'current'): {
  readonly sandbox: Sandbox;
  readonly api: InfisicalApi;
} {
  let sandbox: Sandbox | undefined;
  let api: InfisicalApi | undefined;
  before(async () => {
    sandbox = await startSandbox({ port: 0, server });
  });
  after(() => sandbox?.close());
  beforeEach(() => {
    const s = started();
    s.reset();
    s.faults.clear();
    s.requests.length = 0;
    api = createInfisicalApi({
      baseUrl: s.url,
      getToken: () => s.demo.staticToken,
      retry: { baseDelayMs: 1 },
    });
  });
  const started = () => {
    if (!sandbox) throw new Error('the sandbox is not started: use it inside tests and hooks');
    return sandbox;
  };
  return {
    get sandbox() {
      return started();
    },
    get api() {
      if (!api) throw new Error('no API client before the first test');
      return api;
    },
  };
}
