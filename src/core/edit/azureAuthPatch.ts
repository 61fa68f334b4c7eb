import type { FieldIssue } from '../api/errors';
import {
  type AzureAuthPatch,
  type AzureAuthPatchInput,
  azureAuthPatchSchema,
  type IdentityAzureAuth,
  normalizePrincipalIds,
  ttlWithinMax,
} from '../schemas/azureAuth';
import { formatDuration } from './duration';
import { formatTrustedIp } from './ip';
import { type Change, type PatchResult, show, toFieldIssues } from './issues';

/** The editable fields of an identity's Azure Auth, in the order a document shows them. */
export function toAzureAuthEdit(server: IdentityAzureAuth): Required<AzureAuthPatchInput> {
  return {
    tenantId: server.tenantId,
    resource: server.resource,
    allowedServicePrincipalIds: normalizePrincipalIds(server.allowedServicePrincipalIds ?? ''),
    accessTokenTrustedIps: (server.accessTokenTrustedIps ?? []).map((ip) => ({
      ipAddress: formatTrustedIp(ip),
    })),
    accessTokenTTL: server.accessTokenTTL,
    accessTokenMaxTTL: server.accessTokenMaxTTL,
    accessTokenNumUsesLimit: server.accessTokenNumUsesLimit,
  };
}

/**
 * The minimal PATCH that turns `server` into `edited`: only changed fields, values trimmed,
 * and TTL with MaxTTL always together when either changes (a server quirk compares a lone
 * MaxTTL with the stored MaxTTL). Absent fields mean "unchanged".
 */
export function buildAzureAuthPatch(server: IdentityAzureAuth, edited: unknown): PatchResult<AzureAuthPatch> {
  const parsed = azureAuthPatchSchema.safeParse(edited);
  if (!parsed.success) return { ok: false, issues: toFieldIssues(parsed.error) };
  const e = parsed.data;
  const before = toAzureAuthEdit(server);

  const ttl = e.accessTokenTTL ?? server.accessTokenTTL;
  const maxTtl = e.accessTokenMaxTTL ?? server.accessTokenMaxTTL;
  if (!ttlWithinMax(ttl, maxTtl)) {
    const field = e.accessTokenTTL !== undefined ? 'accessTokenTTL' : 'accessTokenMaxTTL';
    const issue: FieldIssue = {
      path: [field],
      code: 'custom',
      message: `accessTokenTTL (${ttl} s = ${formatDuration(ttl)}) must not exceed accessTokenMaxTTL (${maxTtl} s = ${formatDuration(maxTtl)}) unless accessTokenMaxTTL is 0`,
    };
    return { ok: false, issues: [issue] };
  }

  const ttlsChange = ttl !== server.accessTokenTTL || maxTtl !== server.accessTokenMaxTTL;
  // Infisical checks `(TTL || stored Max TTL) ≤ (Max TTL || stored Max TTL)`: a 0 counts as
  // "not sent" there, so a TTL of 0 is compared as the stored Max TTL.
  const checkedTtl = ttl || server.accessTokenMaxTTL;
  const checkedMax = maxTtl || server.accessTokenMaxTTL;
  if (ttlsChange && checkedMax > 0 && checkedTtl > checkedMax) {
    const stored = `${server.accessTokenMaxTTL} s = ${formatDuration(server.accessTokenMaxTTL)}`;
    const issue: FieldIssue =
      maxTtl === 0
        ? {
            path: ['accessTokenMaxTTL'],
            code: 'custom',
            message: `Infisical would refuse this: it checks the TTL against the stored Max TTL (${stored}) when Max TTL is 0. Save Max TTL 0 with a TTL within the current maximum first, then raise the TTL.`,
          }
        : {
            path: ['accessTokenTTL'],
            code: 'custom',
            message: `Infisical would refuse this: it reads a TTL of 0 as the stored Max TTL (${stored}), which exceeds the new Max TTL (${maxTtl} s). Use a TTL above 0, or keep Max TTL at least ${server.accessTokenMaxTTL}.`,
          };
    return { ok: false, issues: [issue] };
  }

  const body: AzureAuthPatch = {};
  const changes: Change[] = [];
  const note = (field: string, from: unknown, to: unknown) =>
    changes.push({ field, before: show(from), after: show(to) });

  if (e.tenantId !== undefined && e.tenantId !== before.tenantId) {
    body.tenantId = e.tenantId;
    note('tenantId', before.tenantId, e.tenantId);
  }
  if (e.resource !== undefined && e.resource !== before.resource) {
    body.resource = e.resource;
    note('resource', before.resource, e.resource);
  }
  if (
    e.allowedServicePrincipalIds !== undefined &&
    e.allowedServicePrincipalIds !== before.allowedServicePrincipalIds
  ) {
    body.allowedServicePrincipalIds = e.allowedServicePrincipalIds;
    note('allowedServicePrincipalIds', before.allowedServicePrincipalIds, e.allowedServicePrincipalIds);
  }
  if (e.accessTokenTrustedIps !== undefined) {
    const was = before.accessTokenTrustedIps.map((ip) => ip.ipAddress);
    const now = e.accessTokenTrustedIps.map((ip) => ip.ipAddress);
    if (was.join('\n') !== now.join('\n')) {
      body.accessTokenTrustedIps = e.accessTokenTrustedIps;
      note('accessTokenTrustedIps', was.join(', '), now.join(', '));
    }
  }
  if (ttlsChange) {
    body.accessTokenTTL = ttl;
    body.accessTokenMaxTTL = maxTtl;
    if (ttl !== server.accessTokenTTL) {
      changes.push(ttlChange('accessTokenTTL', server.accessTokenTTL, ttl));
    }
    if (maxTtl !== server.accessTokenMaxTTL) {
      changes.push(ttlChange('accessTokenMaxTTL', server.accessTokenMaxTTL, maxTtl));
    }
  }
  if (
    e.accessTokenNumUsesLimit !== undefined &&
    e.accessTokenNumUsesLimit !== server.accessTokenNumUsesLimit
  ) {
    body.accessTokenNumUsesLimit = e.accessTokenNumUsesLimit;
    note('accessTokenNumUsesLimit', server.accessTokenNumUsesLimit, e.accessTokenNumUsesLimit);
  }
  return { ok: true, body, changes };
}

function ttlChange(field: string, from: number, to: number): Change {
  return { field, before: `${from} (${formatDuration(from)})`, after: `${to} (${formatDuration(to)})` };
}
