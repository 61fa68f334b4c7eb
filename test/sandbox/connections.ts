/** App connection routes: listing, lookup, options, PATCH of Azure Client Secrets, rotation. */
import { createHash } from 'node:crypto';
import {
  type ApiResult,
  type ApiRoute,
  actorOf,
  isoNow,
  nextTimestamp,
  type RouteContext,
  requireWrite,
  type SandboxEnv,
} from './context';
import { badRequest, notFound, parseOr422, toIssues, validationFailure } from './http';
import type { Actor } from './tokens';
import type { ConnectionRecord, CredentialValue, RotationRecord, SandboxState } from './types';
import {
  AZURE_CLIENT_SECRETS_METHODS,
  type AzureClientSecretsMethod,
  connectionListQuery,
  credentialSchemas,
  isAzureClientSecretsMethod,
  type UpdateAzureClientSecretsBody,
  updateAzureClientSecretsBody,
} from './validation';

const ACS = 'azure-client-secrets';
const BASE = '/api/v1/app-connections';
const SUBJECT = 'app-connections';

/** Only these credential fields are ever returned; everything else (secrets) stays stored. */
const PUBLIC_CREDENTIAL_KEYS = new Set([
  'tenantId',
  'clientId',
  'clientSecretKeyId',
  'roleArn',
  'accessKeyId',
  'installationId',
  'serviceAccountEmail',
  'workspaceUrl',
  'host',
  'port',
  'database',
  'username',
  'sslEnabled',
  'instanceUrl',
  'roleId',
  'orgName',
]);

const APP_CONNECTION_OPTIONS = [
  { name: '1Password', app: '1password', methods: ['api-token'] },
  { name: 'AWS', app: 'aws', methods: ['assume-role', 'access-key'] },
  {
    name: 'Azure App Configuration',
    app: 'azure-app-configuration',
    methods: ['oauth', 'client-secret'],
    oauthClientId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  },
  {
    name: 'Azure Client Secrets',
    app: ACS,
    methods: [...AZURE_CLIENT_SECRETS_METHODS],
    oauthClientId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  },
  { name: 'Azure DevOps', app: 'azure-devops', methods: ['oauth', 'access-token', 'client-secret'] },
  {
    name: 'Azure Key Vault',
    app: 'azure-key-vault',
    methods: ['oauth', 'client-secret'],
    oauthClientId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  },
  { name: 'Databricks', app: 'databricks', methods: ['service-principal'] },
  { name: 'GCP', app: 'gcp', methods: ['service-account-impersonation'] },
  { name: 'GitHub', app: 'github', methods: ['github-app', 'oauth'], oauthClientId: 'Iv1.sandbox0000000001' },
  { name: 'HashiCorp Vault', app: 'hashicorp-vault', methods: ['access-token', 'app-role'] },
  { name: 'PostgreSQL', app: 'postgres', methods: ['username-and-password'] },
];

// ---- Output ---------------------------------------------------------------------------------

function sanitizeCredentials(credentials: Record<string, CredentialValue>): Record<string, CredentialValue> {
  const out: Record<string, CredentialValue> = {};
  for (const [key, value] of Object.entries(credentials))
    if (PUBLIC_CREDENTIAL_KEYS.has(key)) out[key] = value;
  return out;
}

function credentialsHash(credentials: Record<string, CredentialValue>): string {
  const stable = Object.keys(credentials)
    .sort()
    .map((key) => [key, credentials[key]]);
  return createHash('sha256').update(JSON.stringify(stable)).digest('hex');
}

/** A connection as the API returns it: sanitized credentials, project and rotation when present. */
export function toApiConnection(state: SandboxState, c: ConnectionRecord): Record<string, unknown> {
  const project = c.projectId ? state.projects.find((p) => p.id === c.projectId) : undefined;
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    version: c.version,
    orgId: c.orgId,
    projectId: c.projectId,
    ...(project
      ? { project: { id: project.id, name: project.name, slug: project.slug, type: project.type } }
      : {}),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    app: c.app,
    method: c.method,
    credentials: sanitizeCredentials(c.credentials),
    isPlatformManagedCredentials: c.isPlatformManagedCredentials,
    gatewayId: c.gatewayId,
    isAutoRotationEnabled: c.isAutoRotationEnabled,
    credentialsHash: credentialsHash(c.credentials),
    ...(c.rotation
      ? {
          rotation: {
            rotationInterval: c.rotation.rotationInterval,
            rotateAtUtc: { ...c.rotation.rotateAtUtc },
            rotationStatus: c.rotation.rotationStatus,
            nextRotationAt: c.rotation.nextRotationAt,
            lastRotationMessage: c.rotation.lastRotationMessage,
          },
        }
      : {}),
  };
}

const byName = (a: ConnectionRecord, b: ConnectionRecord): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1;

// ---- Lookups --------------------------------------------------------------------------------

/** Connections of the caller's organization in one scope: organization level, or one project. */
function scoped(ctx: RouteContext, app?: string): ConnectionRecord[] {
  const actor = actorOf(ctx);
  const { projectId } = parseOr422(connectionListQuery, ctx.query);
  if (projectId && !ctx.env.state.projects.some((p) => p.id === projectId && p.orgId === actor.orgId)) {
    throw notFound(`Project with ID '${projectId}' not found`);
  }
  const scope = projectId ?? null;
  return ctx.env.state.connections.filter(
    (c) => c.orgId === actor.orgId && c.projectId === scope && (app === undefined || c.app === app),
  );
}

function findAzureConnection(env: SandboxEnv, actor: Actor, id: string): ConnectionRecord {
  const c = env.state.connections.find((x) => x.id === id && x.orgId === actor.orgId);
  if (!c) throw notFound(`Could not find App Connection with ID ${id}`);
  if (c.app !== ACS) throw badRequest(`App Connection with ID ${id} is not for App "${ACS}"`);
  return c;
}

const list = (ctx: RouteContext, app?: string): ApiResult => ({
  body: {
    appConnections: scoped(ctx, app)
      .sort(byName)
      .map((c) => toApiConnection(ctx.env.state, c)),
  },
});

// ---- PATCH ----------------------------------------------------------------------------------

/** Credentials checked against the stored method: 422 for shape, 400 when they fit another method. */
function checkCredentials(
  method: AzureClientSecretsMethod,
  input: Record<string, unknown>,
): Record<string, string> {
  const result = credentialSchemas[method].safeParse(input);
  if (result.success) {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(result.data)) if (typeof value === 'string') out[key] = value;
    return out;
  }
  const fitsAnother = AZURE_CLIENT_SECRETS_METHODS.some(
    (other) => other !== method && credentialSchemas[other].safeParse(input).success,
  );
  if (fitsAnother) {
    throw badRequest(
      `Invalid credential format for Azure Client Secrets Connection: the credentials do not match the connection's method "${method}"`,
    );
  }
  throw validationFailure(toIssues(result.error, ['credentials']));
}

/** Stands in for the server's live check against Microsoft: values containing "invalid" fail. */
function liveCheck(
  method: AzureClientSecretsMethod,
  credentials: Record<string, string>,
): Record<string, CredentialValue> {
  const rejected = (value: string | undefined) => value?.toLowerCase().includes('invalid') ?? false;
  if (method === 'oauth') {
    if (rejected(credentials.code)) {
      throw badRequest(
        'Failed to get access token: AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.',
      );
    }
    const { code: _code, ...rest } = credentials;
    return {
      ...rest,
      accessToken: `sandbox-access-${Date.now()}`,
      refreshToken: 'sandbox-refresh',
      expiresAt: 0,
    };
  }
  if (rejected(method === 'client-secret' ? credentials.clientSecret : credentials.privateKey)) {
    throw badRequest('Failed to get access token: AADSTS7000215: Invalid client secret provided.');
  }
  return credentials;
}

/** Next run: `rotateAtUtc` on the day `interval` days after `fromMs`, never in the past. */
export function nextRotationAt(
  fromMs: number,
  r: Pick<RotationRecord, 'rotationInterval' | 'rotateAtUtc'>,
  now: number,
): string {
  const next = new Date(fromMs);
  next.setUTCHours(r.rotateAtUtc.hours, r.rotateAtUtc.minutes, 0, 0);
  next.setUTCDate(next.getUTCDate() + r.rotationInterval);
  if (next.getTime() <= now) return nextRotationAt(now, { ...r, rotationInterval: 1 }, now);
  return next.toISOString();
}

const ROTATION_UNSUPPORTED =
  'Credential rotation is only supported for Azure Client Secrets connections using the client-secret method with a Client Secret Key ID (clientSecretKeyId)';

interface RotationPlan {
  isAutoRotationEnabled: boolean;
  rotation: RotationRecord | null;
}

/** The rotation part of a PATCH, checked against the final credentials; throws 400 on a broken rule. */
function planRotation(
  env: SandboxEnv,
  c: ConnectionRecord,
  body: UpdateAzureClientSecretsBody,
  credentials: Record<string, CredentialValue>,
): RotationPlan {
  const unchanged = { isAutoRotationEnabled: c.isAutoRotationEnabled, rotation: c.rotation };
  const enabling = body.isAutoRotationEnabled === true;
  if (
    (body.rotation !== undefined || enabling) &&
    (c.method !== 'client-secret' || !credentials.clientSecretKeyId)
  ) {
    throw badRequest(ROTATION_UNSUPPORTED);
  }
  const interval = body.rotation?.rotationInterval ?? c.rotation?.rotationInterval;
  const rotateAtUtc = body.rotation?.rotateAtUtc ?? c.rotation?.rotateAtUtc;
  if (body.rotation !== undefined && (interval === undefined || rotateAtUtc === undefined)) {
    throw badRequest(
      'Both rotation.rotationInterval and rotation.rotateAtUtc are required to configure credential rotation',
    );
  }
  const enabled = body.isAutoRotationEnabled ?? c.isAutoRotationEnabled;
  if (enabled && (interval === undefined || rotateAtUtc === undefined)) {
    throw badRequest(
      'Enabling automatic credential rotation for the first time requires rotation.rotationInterval and rotation.rotateAtUtc',
    );
  }
  if (enabled && !credentials.clientSecretKeyId) {
    throw badRequest(
      'A Client Secret Key ID (clientSecretKeyId) is required while automatic credential rotation is enabled',
    );
  }
  const changed = body.rotation !== undefined || body.isAutoRotationEnabled !== undefined;
  if (!changed || interval === undefined || rotateAtUtc === undefined) {
    return { ...unchanged, isAutoRotationEnabled: enabled };
  }
  const schedule = { rotationInterval: interval, rotateAtUtc: { ...rotateAtUtc } };
  const now = env.now();
  const lastRotated = c.rotation?.lastRotatedAt ? Date.parse(c.rotation.lastRotatedAt) : now;
  return {
    isAutoRotationEnabled: enabled,
    rotation: {
      rotationStatus: 'success',
      lastRotationMessage: null,
      lastRotatedAt: null,
      ...c.rotation,
      ...schedule,
      // false keeps the schedule but clears the next run.
      nextRotationAt: enabled ? nextRotationAt(lastRotated, schedule, now) : null,
    },
  };
}

function patchConnection(ctx: RouteContext): ApiResult {
  const actor = actorOf(ctx);
  const body = parseOr422(updateAzureClientSecretsBody, ctx.body);
  const { env } = ctx;
  const c = findAzureConnection(env, actor, ctx.params.connectionId ?? '');
  requireWrite(actor, 'edit', SUBJECT);
  if (!isAzureClientSecretsMethod(c.method)) throw badRequest(`Unsupported method "${c.method}"`);

  const typed = body.credentials ? checkCredentials(c.method, body.credentials) : undefined;
  if (body.name !== undefined && body.name !== c.name) {
    const taken = env.state.connections.some(
      (x) => x.id !== c.id && x.orgId === c.orgId && x.projectId === c.projectId && x.name === body.name,
    );
    if (taken) throw badRequest(`An App Connection with the name "${body.name}" already exists`);
  }
  const plan = planRotation(env, c, body, typed ?? c.credentials);
  // Last, like the server's (slow, remote) check against Microsoft.
  const credentials = typed ? liveCheck(c.method, typed) : c.credentials;

  if (body.name !== undefined) c.name = body.name;
  if (body.description !== undefined) c.description = body.description;
  c.credentials = credentials;
  c.isAutoRotationEnabled = plan.isAutoRotationEnabled;
  c.rotation = plan.rotation;
  c.version += 1;
  c.updatedAt = nextTimestamp(env, c.updatedAt);
  env.commit();
  return { body: { appConnection: toApiConnection(env.state, c) } };
}

function rotateCredentials(ctx: RouteContext): ApiResult {
  const actor = actorOf(ctx);
  const { env } = ctx;
  const c = findAzureConnection(env, actor, ctx.params.connectionId ?? '');
  requireWrite(actor, 'edit', SUBJECT);
  if (!c.rotation) throw notFound(`Credential rotation is not configured for App Connection with ID ${c.id}`);
  const now = env.now();
  c.credentials = { ...c.credentials, clientSecret: `rotated-${c.version + 1}-${now.toString(36)}` };
  c.rotation = {
    ...c.rotation,
    rotationStatus: 'success',
    lastRotationMessage: null,
    lastRotatedAt: isoNow(env),
    nextRotationAt: c.isAutoRotationEnabled ? nextRotationAt(now, c.rotation, now) : null,
  };
  c.version += 1;
  c.updatedAt = nextTimestamp(env, c.updatedAt);
  env.commit();
  return { body: { appConnection: toApiConnection(env.state, c) } };
}

// ---- Routes ---------------------------------------------------------------------------------

export const connectionRoutes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: `${BASE}/options`,
    auth: 'any',
    handle: () => ({ body: { appConnectionOptions: APP_CONNECTION_OPTIONS } }),
  },
  { method: 'GET', pattern: BASE, auth: 'any', handle: (ctx) => list(ctx) },
  { method: 'GET', pattern: `${BASE}/${ACS}`, auth: 'any', handle: (ctx) => list(ctx, ACS) },
  {
    method: 'GET',
    pattern: `${BASE}/${ACS}/connection-name/:connectionName`,
    auth: 'any',
    handle: (ctx) => {
      const name = ctx.params.connectionName ?? '';
      const c = scoped(ctx, ACS).find((x) => x.name === name);
      if (!c) throw notFound(`Could not find App Connection with name ${name}`);
      return { body: { appConnection: toApiConnection(ctx.env.state, c) } };
    },
  },
  {
    method: 'GET',
    pattern: `${BASE}/${ACS}/:connectionId`,
    auth: 'any',
    handle: (ctx) => ({
      body: {
        appConnection: toApiConnection(
          ctx.env.state,
          findAzureConnection(ctx.env, actorOf(ctx), ctx.params.connectionId ?? ''),
        ),
      },
    }),
  },
  { method: 'PATCH', pattern: `${BASE}/${ACS}/:connectionId`, auth: 'any', handle: patchConnection },
  {
    method: 'POST',
    pattern: `${BASE}/${ACS}/:connectionId/rotate-credentials`,
    auth: 'any',
    handle: rotateCredentials,
  },
];
