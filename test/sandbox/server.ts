/**
 * A local Infisical-compatible API server (Node's http module only) for tests, benchmarks and
 * demos. It implements the contract in /work/shared/infisical-api.md independently of src/, so
 * it can serve as an oracle for the client's validators. See types.ts for the public API.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { authRoutes } from './auth';
import { azureAuthRoutes } from './azureAuth';
import { connectionRoutes } from './connections';
import type { ApiResult, ApiRoute, RouteContext, SandboxEnv } from './context';
import { type ControlDeps, controlRoutes } from './control';
import { DEMO, demoCredentials, seedState } from './data';
import { answerWithFault, FaultStore, replacesAnswer } from './faults';
import {
  ApiError,
  errorBody,
  forbidden,
  matchRoute,
  newReqId,
  notFound,
  parseJsonBody,
  queryObject,
  readBody,
  sendJson,
} from './http';
import { identityRoutes } from './identities';
import { isServerProfile, legacyRoutes, legacySeed, routeNotFoundBody, type ServerProfile } from './legacy';
import { projectRoutes } from './projects';
import { type Actor, authenticate } from './tokens';
import type { RequestLogEntry, Sandbox, SandboxOptions, SandboxState } from './types';

export type * from './types';
export { DEMO };

/** Static routes before parameterized ones (`/identities/details` before `/identities/:id`). */
const API_ROUTES: ApiRoute[] = [
  ...authRoutes,
  ...projectRoutes,
  ...connectionRoutes,
  ...identityRoutes,
  ...azureAuthRoutes,
];
const routeTable = (routes: ApiRoute[]) =>
  routes.map((route) => ({ method: route.method, pattern: route.pattern, handler: route }));
const API_TABLES: Record<ServerProfile, ReturnType<typeof routeTable>> = {
  current: routeTable(API_ROUTES),
  '2025-06': routeTable(legacyRoutes(API_ROUTES)),
};

/** The profile named by the options, else by INFISICAL_SANDBOX_SERVER, else the current server. */
export function serverProfile(options: Pick<SandboxOptions, 'server'> = {}): ServerProfile {
  const named = options.server ?? (process.env.INFISICAL_SANDBOX_SERVER || undefined);
  if (named === undefined) return 'current';
  if (!isServerProfile(named))
    throw new Error(`Unknown sandbox server profile "${named}": use current or 2025-06`);
  return named;
}

const STATE_KEYS = [
  'orgs',
  'projects',
  'connections',
  'identities',
  'azureAuths',
  'universalAuthClients',
  'users',
  'tokens',
] as const satisfies readonly (keyof SandboxState)[];

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const profile = serverProfile(options);
  const API_TABLE = API_TABLES[profile];
  const seed = () =>
    profile === '2025-06' ? legacySeed(seedState(options.scale)) : seedState(options.scale);
  const state = seed();
  if (options.stateFile) {
    const saved = loadStateFile(options.stateFile);
    if (saved) refillState(state, saved);
  }
  const requests: RequestLogEntry[] = [];
  const faults = new FaultStore();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  const persist = (): void => {
    if (options.stateFile) writeStateFile(options.stateFile, state);
  };
  const env: SandboxEnv = {
    state,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    now: () => Date.now(),
    commit: persist,
    newId: () => randomUUID(),
  };
  const reset = (): void => {
    refillState(state, seed());
    faults.clear();
    requests.length = 0;
    persist();
  };
  const control: ControlDeps = { env, faults, requests, reset };

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const log = (line: string): void => {
    try {
      options.log?.(line);
    } catch {
      // A failing sink must not break the server.
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const reqId = newReqId();
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError(400, 'BadRequest', 'Unreadable request body');
      sendJson(res, apiError.status, errorBody(apiError, reqId), { connection: 'close' });
      return;
    }
    let body: unknown;
    let bodyError: ApiError | undefined;
    try {
      body = parseJsonBody(raw, req.headers['content-type']);
    } catch (error) {
      bodyError = error instanceof ApiError ? error : undefined;
      body = raw;
    }

    if (path.startsWith('/__sandbox/')) {
      answerControl(res, method, path, body, bodyError, reqId);
      return;
    }

    const entry: RequestLogEntry = {
      at: started,
      method,
      path,
      query: queryObject(url.searchParams),
      body,
      status: 0,
    };
    requests.push(entry);
    res.on('close', () => {
      if (!res.writableFinished) entry.aborted = true;
    });
    const fault = faults.take(method, path, url.searchParams);
    if (fault?.latencyMs) await delay(fault.latencyMs);
    if (closing || res.destroyed) {
      if (!closing)
        log(`${method} ${path} - ${Date.now() - started}ms [aborted by the client, not processed]`);
      return;
    }
    if (fault && replacesAnswer(fault)) {
      entry.status = await answerWithFault(res, fault, reqId);
      log(
        `${method} ${path} ${entry.status || '-'} ${Date.now() - started}ms [fault${fault.kind ? `: ${fault.kind}` : ''}]`,
      );
      return;
    }
    const result = runApi(entry, req, body, bodyError);
    entry.status = result.status;
    if (result.status >= 500) log(`${method} ${path} internal error: ${result.internal ?? 'unknown'}`);
    const answer =
      result.unrouted && profile === '2025-06'
        ? routeNotFoundBody(method, path)
        : result.error
          ? errorBody(result.error, reqId)
          : result.body;
    sendJson(res, result.status, answer);
    log(`${method} ${path} ${result.status} ${Date.now() - started}ms`);
  }

  function runApi(
    entry: RequestLogEntry,
    req: IncomingMessage,
    body: unknown,
    bodyError: ApiError | undefined,
  ): { status: number; body?: unknown; error?: ApiError; internal?: string; unrouted?: boolean } {
    const match = matchRoute(API_TABLE, entry.method, entry.path);
    if (!match) {
      entry.tokenKind = 'none';
      return {
        status: 404,
        error: notFound(`Route ${entry.method}:${entry.path} not found`),
        unrouted: true,
      };
    }
    try {
      const route = match.handler;
      let actor: Actor | undefined;
      if (route.auth !== 'none') {
        actor = authenticate(state, req.headers.authorization, env.now());
        entry.orgId = actor.orgId;
        entry.tokenKind = actor.tokenKind;
        if (
          (route.auth === 'identity' && actor.kind !== 'identity') ||
          (route.auth === 'user' && actor.kind !== 'user')
        ) {
          throw forbidden(`Forbidden access to ${entry.path}`);
        }
      } else {
        entry.tokenKind = 'none';
      }
      if (bodyError) throw bodyError;
      const ctx: RouteContext = {
        env,
        method: entry.method,
        path: entry.path,
        params: match.params,
        query: entry.query,
        body,
        actor,
      };
      const result: ApiResult = route.handle(ctx);
      return { status: result.status ?? 200, body: result.body };
    } catch (error) {
      entry.tokenKind ??= 'none';
      if (error instanceof ApiError) return { status: error.status, error };
      return {
        status: 500,
        error: new ApiError(500, 'InternalServerError', 'Something went wrong'),
        internal: error instanceof Error ? error.message : String(error),
      };
    }
  }

  function answerControl(
    res: ServerResponse,
    method: string,
    path: string,
    body: unknown,
    bodyError: ApiError | undefined,
    reqId: string,
  ): void {
    try {
      const match = matchRoute(controlRoutes, method, path);
      if (!match) throw notFound(`Route ${method}:${path} not found`);
      if (bodyError) throw bodyError;
      const result = match.handler(control, match.params, body);
      sendJson(res, result.status ?? 200, result.body);
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError(500, 'InternalServerError', 'Something went wrong');
      sendJson(res, apiError.status, errorBody(apiError, reqId));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`unhandled: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    server: profile,
    demo: demoCredentials(url),
    requests,
    faults,
    state,
    reset,
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

// ---- State persistence ----------------------------------------------------------------------

/** Replaces the contents of every collection in place, so held references stay live. */
function refillState(target: SandboxState, source: SandboxState): void {
  for (const key of STATE_KEYS) {
    const into: unknown[] = target[key];
    into.length = 0;
    for (const item of source[key]) into.push(item);
  }
}

function loadStateFile(file: string): SandboxState | undefined {
  if (!existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const isState =
    typeof parsed === 'object' &&
    parsed !== null &&
    STATE_KEYS.every((key) => Array.isArray((parsed as Record<string, unknown>)[key]));
  if (!isState)
    throw new Error(`${file} is not a sandbox state file (expected arrays: ${STATE_KEYS.join(', ')})`);
  return parsed as SandboxState;
}

/** Atomic: write a temporary file, then rename it over the state file. */
function writeStateFile(file: string, state: SandboxState): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}
