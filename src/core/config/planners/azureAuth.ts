import { buildAzureAuthPatch } from '../../edit/azureAuthPatch';
import { FREE_PLAN_TRUSTED_IPS } from '../../edit/ip';
import { azureAuthAttachSchema, type IdentityAzureAuth } from '../../schemas/azureAuth';
import type { Identity } from '../../schemas/identity';
import { azureAuthEdited, azureAuthToDecl, canonicalIp, declaredAzureAuth } from '../normalize';
import {
  DEFAULT_CONCURRENCY,
  isCancelled,
  messageOf,
  type PlanMessage,
  type PlannedResource,
  type PlanOptions,
  type ResourcePlanner,
} from '../planModel';
import { runPool } from '../pool';
import type { AzureAuthDecl, IdentityDecl } from '../schema';
import { didYouMean, suggester } from '../suggest';
import { type At, blocked, filePath } from './common';

/** A file's `identities`: each identity's Azure Auth, updated in place or attached. */
export const azureAuthPlanner: ResourcePlanner = {
  section: 'identities',
  plan: (config, opts, tick) => planIdentities(config.identities ?? [], opts, tick),
};

export const IDENTITY_PAGE = 1000;

/** Every identity of the organization, a page of IDENTITY_PAGE at a time (plan and pull). */
export async function listIdentities(
  opts: Pick<PlanOptions, 'api' | 'orgId' | 'signal'>,
): Promise<Identity[]> {
  const all: Identity[] = [];
  for (let offset = 0; ; ) {
    const page = await opts.api.identities.listPage(opts.orgId, {
      offset,
      limit: IDENTITY_PAGE,
      signal: opts.signal,
    });
    all.push(...page.identityMemberships.map((m) => m.identity));
    offset += page.received;
    const total = page.totalCount ?? Number.POSITIVE_INFINITY;
    if (page.received === 0 || page.received < IDENTITY_PAGE || offset >= total) return all;
  }
}

async function planIdentities(
  decls: IdentityDecl[],
  opts: PlanOptions,
  tick: () => void,
): Promise<PlannedResource[]> {
  const listed = await listIdentities(opts);
  const byId = new Map(listed.map((i) => [i.id.toLowerCase(), i]));
  const byName = new Map<string, Identity[]>();
  for (const i of listed) byName.set(i.name, [...(byName.get(i.name) ?? []), i]);
  const suggest = suggester();

  return runPool(
    decls.map((decl, index) => ({ decl, index })),
    opts.concurrency ?? DEFAULT_CONCURRENCY,
    async ({ decl, index }) => {
      try {
        return await planIdentity(decl, index, { byId, byName, suggest }, opts);
      } finally {
        tick();
      }
    },
    opts.signal,
  );
}

async function planIdentity(
  decl: IdentityDecl,
  index: number,
  found: {
    byId: Map<string, Identity>;
    byName: Map<string, Identity[]>;
    suggest: (name: string, names: Iterable<string>) => string[];
  },
  opts: PlanOptions,
): Promise<PlannedResource> {
  const base = { type: 'azure-auth' as const, index, name: decl.name };
  const at = (...rest: (string | number)[]) => ['identities', index, ...rest];
  let identity: Identity | undefined;
  const notes: PlanMessage[] = [];
  if (decl.id) {
    identity = found.byId.get(decl.id.toLowerCase());
    if (!identity)
      return blocked(base, `No machine identity with id ${decl.id} in this organization.`, at('id'));
    if (identity.name !== decl.name)
      notes.push({
        message: `It is named "${identity.name}" on the server (the file says "${decl.name}"): the pinned id decides.`,
        path: at('name'),
      });
  } else {
    const candidates = found.byName.get(decl.name) ?? [];
    if (candidates.length === 0) {
      const similar = found.suggest(decl.name, found.byName.keys());
      return blocked(
        base,
        `No machine identity named "${decl.name}" in this organization (names match exactly).${didYouMean(similar)}`,
        at('name'),
        similar,
      );
    }
    if (candidates.length > 1)
      return blocked(
        base,
        `${candidates.length} machine identities are named "${decl.name}" (ids ${candidates.map((c) => c.id).join(', ')}): pin one with "id".`,
        at('name'),
      );
    identity = candidates[0] as Identity;
  }
  const withId = { ...base, id: identity.id };
  if (!(identity.authMethods ?? []).includes('azure-auth')) return planAttach(withId, decl.azureAuth, at);

  let server: IdentityAzureAuth;
  try {
    server = await opts.api.azureAuth.get(identity.id, { signal: opts.signal });
  } catch (error) {
    if (isCancelled(error)) throw error;
    return blocked(withId, `Could not read its Azure Auth: ${messageOf(error)}`);
  }
  const result = diffAzureAuth(server, decl.azureAuth);
  const current = azureAuthToDecl(server);
  const desired = { ...current, ...declaredAzureAuth(decl.azureAuth) };
  const guard = { updatedAt: server.updatedAt };
  if (!result.ok)
    return {
      ...withId,
      action: 'blocked',
      changes: [],
      guard,
      problems: result.issues.map((i) => ({
        message: i.message,
        path: at('azureAuth', ...filePath(i.path)),
      })),
      notes,
      current,
      desired,
    };
  const ips = (result.body as { accessTokenTrustedIps?: { ipAddress: string }[] }).accessTokenTrustedIps;
  if (ips && needsPaidPlan(ips.map((ip) => ip.ipAddress)))
    notes.push({
      message:
        'Trusted IPs other than 0.0.0.0/0 and ::/0 need a paid Infisical plan: on a free plan the server refuses this change.',
      path: at('azureAuth', 'accessTokenTrustedIps'),
    });
  return {
    ...withId,
    action: Object.keys(result.body).length ? 'update' : 'none',
    changes: result.changes,
    body: Object.keys(result.body).length ? (result.body as Record<string, unknown>) : undefined,
    guard,
    problems: [],
    notes,
    current,
    desired,
  };
}

/** The PATCH that makes the server's Azure Auth match the declared fields, equivalent values ignored. */
export function diffAzureAuth(server: IdentityAzureAuth, decl: AzureAuthDecl) {
  return buildAzureAuthPatch(server, azureAuthEdited(server, decl));
}

function planAttach(
  base: { type: 'azure-auth'; index: number; name: string; id: string },
  decl: AzureAuthDecl,
  at: At,
): PlannedResource {
  if (decl.tenantId === undefined || decl.resource === undefined)
    return blocked(
      base,
      `"${base.name}" has no Azure Auth. Attaching it (a POST, its own step) needs "tenantId" and "resource" in the file.`,
      at('azureAuth'),
    );
  const body: Record<string, unknown> = { ...decl };
  if (decl.allowedServicePrincipalIds)
    body.allowedServicePrincipalIds = decl.allowedServicePrincipalIds.join(', ');
  if (decl.accessTokenTrustedIps)
    body.accessTokenTrustedIps = decl.accessTokenTrustedIps.map((ipAddress) => ({ ipAddress }));
  const checked = azureAuthAttachSchema.safeParse(body);
  if (!checked.success) return blocked(base, checked.error.issues[0]?.message ?? 'invalid', at('azureAuth'));
  const desired = declaredAzureAuth(decl);
  return {
    ...base,
    action: 'attach',
    changes: Object.entries(desired).map(([field, value]) => ({
      field,
      before: '(no Azure Auth)',
      after: JSON.stringify(value),
    })),
    body: checked.data as Record<string, unknown>,
    problems: [],
    notes: [
      {
        message:
          'Attaching Azure Auth is a POST that lets Azure workloads log in as this identity: it is applied only when attaching is allowed (confirmed in VS Code, --attach in the CLI).',
        path: at('azureAuth'),
      },
    ],
    current: null,
    desired,
  };
}

/** Whether any range is beyond the free plan's, however it is written (`0::/0` is `::/0`). */
function needsPaidPlan(ips: readonly string[]): boolean {
  const free = new Set(FREE_PLAN_TRUSTED_IPS.map(canonicalIp));
  return ips.some((ip) => !free.has(canonicalIp(ip)));
}
