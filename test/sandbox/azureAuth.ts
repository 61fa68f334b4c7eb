/** Azure Auth of a machine identity: GET, POST (attach), PATCH (with the server's TTL quirk), DELETE. */
import {
  type ApiResult,
  type ApiRoute,
  actorOf,
  isoNow,
  nextTimestamp,
  type RouteContext,
  requireWrite,
} from './context';
import { badRequest, parseOr422 } from './http';
import { findIdentity } from './identities';
import type { AzureAuthRecord, OrgRecord, SandboxState, TrustedIp } from './types';
import { attachAzureAuthBody, parseIp, updateAzureAuthBody } from './validation';

const AZURE_AUTH = 'azure-auth';
const SUBJECT = 'identity';
const TTL_MESSAGE = 'Access token TTL cannot be greater than max TTL';

/** The server's order: plan restriction first, then the address check; stored as {ipAddress,type,prefix?}. */
function trustedIps(org: OrgRecord | undefined, input: { ipAddress: string }[]): TrustedIp[] {
  return input.map(({ ipAddress }) => {
    if (org?.plan === 'free' && ipAddress !== '0.0.0.0/0' && ipAddress !== '::/0') {
      throw badRequest(
        'Failed to add IP access range to access token due to plan restriction. Upgrade plan to add IP access range.',
      );
    }
    const parsed = parseIp(ipAddress);
    if (!parsed) throw badRequest('The IP is not a valid IPv4, IPv6, or CIDR block');
    return parsed;
  });
}

function context(ctx: RouteContext) {
  const actor = actorOf(ctx);
  const { state } = ctx.env;
  const identity = findIdentity(state, actor, ctx.params.identityId ?? '');
  const org = state.orgs.find((o) => o.id === identity.orgId);
  const stored = state.azureAuths.find((a) => a.identityId === identity.id);
  const attached = identity.authMethods.includes(AZURE_AUTH) && stored !== undefined;
  return { actor, state, identity, org, stored: attached ? stored : undefined };
}

const answer = (record: AzureAuthRecord): ApiResult => ({ body: { identityAzureAuth: { ...record } } });

function attach(ctx: RouteContext): ApiResult {
  const body = parseOr422(attachAzureAuthBody, ctx.body);
  const { actor, state, identity, org, stored } = context(ctx);
  requireWrite(actor, 'create', SUBJECT);
  if (stored) throw badRequest('Failed to add Azure Auth to already configured identity');
  const now = isoNow(ctx.env);
  const record: AzureAuthRecord = {
    id: ctx.env.newId(),
    identityId: identity.id,
    tenantId: body.tenantId,
    resource: body.resource,
    allowedServicePrincipalIds: body.allowedServicePrincipalIds,
    accessTokenTTL: body.accessTokenTTL,
    accessTokenMaxTTL: body.accessTokenMaxTTL,
    accessTokenNumUsesLimit: body.accessTokenNumUsesLimit,
    accessTokenTrustedIps: trustedIps(org, body.accessTokenTrustedIps),
    accessTokenPeriod: 0,
    createdAt: now,
    updatedAt: now,
  };
  removeAzureAuth(state, identity.id);
  state.azureAuths.push(record);
  if (!identity.authMethods.includes(AZURE_AUTH)) identity.authMethods.push(AZURE_AUTH);
  identity.updatedAt = now;
  ctx.env.commit();
  return answer(record);
}

function update(ctx: RouteContext): ApiResult {
  const body = parseOr422(updateAzureAuthBody, ctx.body);
  const { actor, org, stored } = context(ctx);
  requireWrite(actor, 'edit', SUBJECT);
  if (!stored) throw badRequest('Failed to update Azure Auth');
  // Replicates the server: with no TTL in the body, the STORED MaxTTL stands in for the TTL, so
  // lowering accessTokenMaxTTL alone can answer 400 although the stored TTL would fit.
  const maxTtl = body.accessTokenMaxTTL || stored.accessTokenMaxTTL;
  const ttl = body.accessTokenTTL || stored.accessTokenMaxTTL;
  if (maxTtl > 0 && ttl > maxTtl) throw badRequest(TTL_MESSAGE);
  const ips = body.accessTokenTrustedIps ? trustedIps(org, body.accessTokenTrustedIps) : undefined;

  if (body.tenantId !== undefined) stored.tenantId = body.tenantId;
  if (body.resource !== undefined) stored.resource = body.resource;
  if (body.allowedServicePrincipalIds !== undefined)
    stored.allowedServicePrincipalIds = body.allowedServicePrincipalIds;
  if (body.accessTokenTTL !== undefined) stored.accessTokenTTL = body.accessTokenTTL;
  if (body.accessTokenMaxTTL !== undefined) stored.accessTokenMaxTTL = body.accessTokenMaxTTL;
  if (body.accessTokenNumUsesLimit !== undefined)
    stored.accessTokenNumUsesLimit = body.accessTokenNumUsesLimit;
  if (ips) stored.accessTokenTrustedIps = ips;
  stored.updatedAt = nextTimestamp(ctx.env, stored.updatedAt);
  ctx.env.commit();
  return answer(stored);
}

/** In place, so references tests hold on `state.azureAuths` stay live. */
function removeAzureAuth(state: SandboxState, identityId: string): void {
  const index = state.azureAuths.findIndex((a) => a.identityId === identityId);
  if (index !== -1) state.azureAuths.splice(index, 1);
}

function revoke(ctx: RouteContext): ApiResult {
  const { actor, state, identity, stored } = context(ctx);
  requireWrite(actor, 'revoke-auth', SUBJECT);
  if (!stored) throw badRequest('The identity does not have azure auth');
  removeAzureAuth(state, identity.id);
  identity.authMethods = identity.authMethods.filter((m) => m !== AZURE_AUTH);
  identity.updatedAt = isoNow(ctx.env);
  for (const token of state.tokens) {
    if (token.identityId === identity.id && token.authMethod === AZURE_AUTH) token.revoked = true;
  }
  ctx.env.commit();
  return answer(stored);
}

const PATTERN = '/api/v1/auth/azure-auth/identities/:identityId';

export const azureAuthRoutes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: PATTERN,
    auth: 'any',
    handle: (ctx) => {
      const { stored } = context(ctx);
      if (!stored) throw badRequest('The identity does not have Azure Auth attached');
      return answer(stored);
    },
  },
  { method: 'POST', pattern: PATTERN, auth: 'any', handle: attach },
  { method: 'PATCH', pattern: PATTERN, auth: 'any', handle: update },
  { method: 'DELETE', pattern: PATTERN, auth: 'any', handle: revoke },
];
