/**
 * `/__sandbox/*` control routes for tests running in another process: faults, the request log,
 * reset, state, direct edits that simulate "someone changed it on the server", token expiry.
 * No auth, not logged, never faulted.
 */
import { z } from 'zod';
import { nextTimestamp, type SandboxEnv } from './context';
import { type FaultStore, faultRuleSchema } from './faults';
import { notFound, parseOr422 } from './http';
import { expireUniversalAuthTokens } from './tokens';
import type { FaultRule, RequestLogEntry, RotationRecord, TrustedIp } from './types';
import { parseIp } from './validation';

export interface ControlDeps {
  env: SandboxEnv;
  faults: FaultStore;
  requests: RequestLogEntry[];
  reset(): void;
}

export interface ControlResult {
  status?: number;
  body: unknown;
}

export type ControlHandler = (
  deps: ControlDeps,
  params: Record<string, string>,
  body: unknown,
) => ControlResult;

const credentialValue = z.union([z.string(), z.number(), z.boolean()]);

const connectionPatch = z
  .strictObject({
    name: z.string(),
    description: z.string().nullable(),
    version: z.number().int(),
    projectId: z.string().nullable(),
    app: z.string(),
    method: z.string(),
    credentials: z.record(z.string(), credentialValue),
    isPlatformManagedCredentials: z.boolean(),
    gatewayId: z.string().nullable(),
    isAutoRotationEnabled: z.boolean(),
    rotation: z
      .strictObject({
        rotationInterval: z.number().int(),
        rotateAtUtc: z.strictObject({ hours: z.number().int(), minutes: z.number().int() }),
        rotationStatus: z.enum(['success', 'failed']),
        nextRotationAt: z.string().nullable(),
        lastRotationMessage: z.string().nullable(),
        lastRotatedAt: z.string().nullable(),
      })
      .partial()
      .nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .partial();

/** Accepts stored entries ({ipAddress,type,prefix?}) or API input ("10.0.0.0/8"). */
const trustedIpPatch = z
  .object({
    ipAddress: z.string(),
    type: z.enum(['ipv4', 'ipv6']).optional(),
    prefix: z.number().int().optional(),
  })
  .transform((ip, ctx): TrustedIp => {
    if (ip.type)
      return ip.prefix === undefined ? { ipAddress: ip.ipAddress, type: ip.type } : { ...ip, type: ip.type };
    const parsed = parseIp(ip.ipAddress);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: 'The IP is not a valid IPv4, IPv6, or CIDR block' });
      return z.NEVER;
    }
    return parsed;
  });

const azureAuthPatch = z
  .strictObject({
    tenantId: z.string(),
    resource: z.string(),
    allowedServicePrincipalIds: z.string(),
    accessTokenTTL: z.number().int(),
    accessTokenMaxTTL: z.number().int(),
    accessTokenNumUsesLimit: z.number().int(),
    accessTokenTrustedIps: z.array(trustedIpPatch),
    accessTokenPeriod: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .partial();

const DEFAULT_ROTATION: RotationRecord = {
  rotationInterval: 30,
  rotateAtUtc: { hours: 0, minutes: 0 },
  rotationStatus: 'success',
  nextRotationAt: null,
  lastRotationMessage: null,
  lastRotatedAt: null,
};

const patchConnection: ControlHandler = ({ env }, params, body) => {
  const patch = parseOr422(connectionPatch, body ?? {});
  const c = env.state.connections.find((x) => x.id === params.id);
  if (!c) throw notFound(`Could not find App Connection with ID ${params.id}`);
  const { credentials, rotation, version, updatedAt, ...fields } = patch;
  Object.assign(c, fields);
  if (credentials) c.credentials = { ...c.credentials, ...credentials };
  if (rotation === null) c.rotation = null;
  else if (rotation) {
    const merged = { ...(c.rotation ?? DEFAULT_ROTATION), ...rotation };
    c.rotation = { ...merged, rotateAtUtc: { ...merged.rotateAtUtc } };
  }
  c.version = version ?? c.version + 1;
  c.updatedAt = updatedAt ?? nextTimestamp(env, c.updatedAt);
  env.commit();
  return { body: { connection: c } };
};

const patchAzureAuth: ControlHandler = ({ env }, params, body) => {
  const patch = parseOr422(azureAuthPatch, body ?? {});
  const record = env.state.azureAuths.find((a) => a.identityId === params.identityId);
  if (!record) throw notFound(`Identity ${params.identityId} has no Azure Auth`);
  const { updatedAt, ...fields } = patch;
  Object.assign(record, fields);
  record.updatedAt = updatedAt ?? nextTimestamp(env, record.updatedAt);
  env.commit();
  return { body: { identityAzureAuth: record } };
};

const addFault: ControlHandler = ({ faults }, _params, body) => {
  const rule: FaultRule = parseOr422(faultRuleSchema, body);
  faults.add(rule);
  return { body: { faults: faults.list() } };
};

export const controlRoutes: { method: string; pattern: string; handler: ControlHandler }[] = [
  {
    method: 'GET',
    pattern: '/__sandbox/faults',
    handler: ({ faults }) => ({ body: { faults: faults.list() } }),
  },
  { method: 'POST', pattern: '/__sandbox/faults', handler: addFault },
  {
    method: 'DELETE',
    pattern: '/__sandbox/faults',
    handler: ({ faults }) => {
      faults.clear();
      return { body: { faults: [] } };
    },
  },
  { method: 'GET', pattern: '/__sandbox/requests', handler: ({ requests }) => ({ body: { requests } }) },
  {
    method: 'DELETE',
    pattern: '/__sandbox/requests',
    handler: ({ requests }) => {
      requests.length = 0;
      return { body: { requests: [] } };
    },
  },
  {
    method: 'POST',
    pattern: '/__sandbox/reset',
    handler: (deps) => {
      deps.reset();
      return { body: { ok: true } };
    },
  },
  { method: 'GET', pattern: '/__sandbox/state', handler: ({ env }) => ({ body: env.state }) },
  { method: 'PATCH', pattern: '/__sandbox/connections/:id', handler: patchConnection },
  { method: 'PATCH', pattern: '/__sandbox/azure-auth/:identityId', handler: patchAzureAuth },
  {
    method: 'POST',
    pattern: '/__sandbox/expire-tokens',
    handler: ({ env }) => {
      const expired = expireUniversalAuthTokens(env.state, env.now());
      env.commit();
      return { body: { expired } };
    },
  },
];
