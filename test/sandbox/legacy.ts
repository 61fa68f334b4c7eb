/**
 * The `2025-06` server profile: the sandbox as Infisical's June 2025 release answers (commit
 * ef4ae958 of the backend, measured against a running copy; ../../docs/compatibility.md). Every
 * difference from the current profile is here, as a rewrite of the current routes, so both
 * profiles share one implementation of everything the two servers have in common.
 */
import { type ApiResult, type ApiRoute, actorOf, type RouteContext } from './context';
import { ApiError, parseOr422 } from './http';
import { list as listProjects } from './projects';
import type { SandboxState } from './types';
import { updateAzureClientSecretsBody } from './validation';

export const SERVER_PROFILES = ['current', '2025-06'] as const;
export type ServerProfile = (typeof SERVER_PROFILES)[number];

export function isServerProfile(value: string | undefined): value is ServerProfile {
  return (SERVER_PROFILES as readonly string[]).includes(value ?? '');
}

const ACS_PATH = '/api/v1/app-connections/azure-client-secrets';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Routes that server does not have: Fastify answers 404 "Route … not found". */
const ABSENT = new Set([
  'GET /api/v1/identities/details',
  'GET /api/v1/projects',
  `POST ${ACS_PATH}/:connectionId/rotate-credentials`,
]);

/** Keys its connections do not carry (absent, not null). */
const ABSENT_CONNECTION_KEYS = ['projectId', 'project', 'gatewayId', 'isAutoRotationEnabled', 'rotation'];

/** The PATCH body its zod schema keeps; any other key is stripped without a word (200). */
const KNOWN_PATCH_KEYS = ['name', 'description', 'credentials', 'isPlatformManagedCredentials'];

/** Its database column: the route checks 256, the column holds 255. */
const DESCRIPTION_COLUMN = 255;

/** A database error as its error handler answers one: 500, "Something went wrong", the DAL's name. */
const databaseError = (name: string) => new ApiError(500, name, 'Something went wrong');

/** The body of Fastify's own 404 (no reqId: Infisical's error handler never sees it). */
export function routeNotFoundBody(method: string, path: string): Record<string, unknown> {
  return { message: `Route ${method}:${path} not found`, error: 'Not Found', statusCode: 404 };
}

/** That server's Azure Client Secrets connections: method oauth only, none in a project. */
export function legacySeed(state: SandboxState): SandboxState {
  state.connections = state.connections.filter(
    (c) => c.projectId === null && (c.app !== 'azure-client-secrets' || c.method === 'oauth'),
  );
  return state;
}

function stripConnection(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = { ...value };
  for (const key of ABSENT_CONNECTION_KEYS) delete out[key];
  return out;
}

/** Connections in any answer (`appConnection` or `appConnections`) without the absent keys. */
function stripConnections(result: ApiResult): ApiResult {
  const body = result.body as Record<string, unknown>;
  if (Array.isArray(body.appConnections))
    return { ...result, body: { ...body, appConnections: body.appConnections.map(stripConnection) } };
  if (body.appConnection)
    return { ...result, body: { ...body, appConnection: stripConnection(body.appConnection) } };
  return result;
}

/**
 * Its response schemas keep only these keys (Fastify serializes through them): the membership's
 * columns, and of the identity its id, name and methods (by id also its delete protection). An
 * identity has no `orgId` there (the membership does), nor its dates in a list.
 */
const MEMBERSHIP_KEYS = [
  'id',
  'role',
  'roleId',
  'orgId',
  'createdAt',
  'updatedAt',
  'identityId',
  'customRole',
];
const LISTED_IDENTITY_KEYS = ['id', 'name', 'authMethods'];
const IDENTITY_BY_ID_KEYS = [...LISTED_IDENTITY_KEYS, 'hasDeleteProtection'];

function pick(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // An optional object in its schema: a null would not serialize, so the key is left out.
  for (const key of keys) if (value[key] !== undefined && value[key] !== null) out[key] = value[key];
  return out;
}

function asMembership(value: unknown, identityKeys: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const membership = value as Record<string, unknown>;
  const identity = membership.identity as Record<string, unknown>;
  return {
    ...pick(membership, MEMBERSHIP_KEYS),
    identityId: identity.id,
    identity: pick(identity, identityKeys),
  };
}

function withoutProjectId(ctx: RouteContext): RouteContext {
  const { projectId: _projectId, ...query } = ctx.query;
  return { ...ctx, query };
}

/** PATCH by the Azure Client Secrets route: its three ways of answering what it should refuse. */
function patchConnection(route: ApiRoute, ctx: RouteContext): ApiResult {
  const raw = ctx.body;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return route.handle(ctx);
  const body: Record<string, unknown> = {};
  for (const key of KNOWN_PATCH_KEYS) if (key in raw) body[key] = (raw as Record<string, unknown>)[key];
  const parsed = parseOr422(updateAzureClientSecretsBody, body);
  const actor = actorOf(ctx);
  const target = ctx.env.state.connections.find(
    (c) => c.id === ctx.params.connectionId && c.orgId === actor.orgId,
  );
  if (parsed.description && parsed.description.length > DESCRIPTION_COLUMN)
    throw databaseError('Update by id');
  if (target && target.app !== 'azure-client-secrets') {
    // Its update runs before the app is checked: the change is saved, then the answer is a 500.
    if (parsed.name !== undefined) target.name = parsed.name;
    if (parsed.description !== undefined) target.description = parsed.description;
    ctx.env.commit();
    throw new ApiError(500, 'InternalServerError', 'Something went wrong');
  }
  const version = target?.version;
  const result = route.handle({ ...ctx, body });
  // Its connections keep version 1 whatever changes.
  if (target && version !== undefined) target.version = version;
  const answer = (result.body as { appConnection?: Record<string, unknown> }).appConnection;
  if (answer && version !== undefined) answer.version = version;
  return result;
}

/**
 * A route for one kind of token, called with the other: its verifyAuth throws a
 * ForbiddenRequestError named after the URL, with the class's default message, which its error
 * handler sends as `{ message, error: name }`.
 */
function realAuthMode(route: ApiRoute): ApiRoute {
  const only = route.auth;
  if (only !== 'user' && only !== 'identity') return route;
  return {
    ...route,
    auth: 'any',
    handle: (ctx) => {
      if (actorOf(ctx).kind !== only) {
        const query = new URLSearchParams(ctx.query).toString();
        throw new ApiError(
          403,
          `Forbidden access to ${ctx.path}${query ? `?${query}` : ''}`,
          'You are not allowed to access this resource',
        );
      }
      return route.handle(ctx);
    },
  };
}

/** The current routes, rewritten as the June 2025 server answers. */
export function legacyRoutes(routes: readonly ApiRoute[]): ApiRoute[] {
  const out: ApiRoute[] = [];
  for (const declared of routes) {
    const route = realAuthMode(declared);
    const key = `${route.method} ${route.pattern}`;
    if (ABSENT.has(key)) continue;
    if (key === 'GET /api/v1/identities/:identityId')
      out.push({
        ...route,
        handle: (ctx) => {
          // `/identities/details` and every other static path of newer servers end up here.
          if (!UUID.test(ctx.params.identityId ?? '')) throw databaseError('FindByOrgId');
          const result = route.handle(ctx);
          const body = result.body as { identity: unknown };
          return { ...result, body: { identity: asMembership(body.identity, IDENTITY_BY_ID_KEYS) } };
        },
      });
    else if (route.pattern.endsWith('/identity-memberships'))
      out.push({
        ...route,
        handle: (ctx) => {
          const result = route.handle(ctx);
          const body = result.body as { identityMemberships: unknown[] };
          return {
            ...result,
            body: {
              ...body,
              identityMemberships: body.identityMemberships.map((m) => asMembership(m, LISTED_IDENTITY_KEYS)),
            },
          };
        },
      });
    else if (key === 'GET /api/v1/app-connections/options')
      out.push({
        ...route,
        handle: (ctx) => {
          const result = route.handle(ctx);
          const body = result.body as { appConnectionOptions: { app: string; methods: string[] }[] };
          const options = body.appConnectionOptions.map((o) =>
            o.app === 'azure-client-secrets' ? { ...o, methods: ['oauth'] } : o,
          );
          return { ...result, body: { appConnectionOptions: options } };
        },
      });
    else if (key === `PATCH ${ACS_PATH}/:connectionId`)
      out.push({ ...route, handle: (ctx) => stripConnections(patchConnection(route, ctx)) });
    else if (key === 'PATCH /api/v1/auth/azure-auth/identities/:identityId')
      out.push({
        ...route,
        handle: (ctx) => {
          const body = ctx.body;
          const empty = typeof body === 'object' && body !== null && Object.keys(body).length === 0;
          // Its update of no column is an SQL error.
          if (empty) throw databaseError('Update by id');
          return route.handle(ctx);
        },
      });
    else if (route.pattern.startsWith('/api/v1/app-connections'))
      // It has no project connections, and ignores `projectId`.
      out.push({ ...route, handle: (ctx) => stripConnections(route.handle(withoutProjectId(ctx))) });
    else out.push(route);
  }
  out.push({
    method: 'GET',
    pattern: '/api/v1/workspace',
    auth: 'any',
    handle: (ctx) => {
      const body = listProjects(ctx).body as { projects: unknown[] };
      return { body: { workspaces: body.projects } };
    },
  });
  return out;
}
