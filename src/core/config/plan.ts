import type { InfisicalApi } from '../api';
import type { FieldIssue } from '../api/errors';
import { buildAzureAuthPatch } from '../edit/azureAuthPatch';
import { buildConnectionPatch } from '../edit/connectionPatch';
import { FREE_PLAN_TRUSTED_IPS } from '../edit/ip';
import type { Change } from '../edit/issues';
import { replaceableFields, WRITE_ONLY_FIELDS } from '../edit/writeOnly';
import { type AppConnection, AZURE_CLIENT_SECRETS_APP, isAzureMethod } from '../schemas/appConnection';
import { azureAuthAttachSchema, type IdentityAzureAuth } from '../schemas/azureAuth';
import type { Identity } from '../schemas/identity';
import type { Project } from '../schemas/project';
import { checkSiteUrl } from '../site';
import {
  azureAuthEdited,
  azureAuthToDecl,
  canonicalIp,
  connectionToDecl,
  declaredAzureAuth,
  parseRotateAt,
} from './normalize';
import { runPool } from './pool';
import type { AzureAuthDecl, ConfigFile, ConnectionDecl, IdentityDecl, SecretRef } from './schema';
import { didYouMean, suggester } from './suggest';

/**
 * A plan: what applying a workspace file would change, per resource and field, computed from one
 * read of the server. It is plain JSON (saved by the CLI, kept by the extension), holds no secret
 * (write-only values stay references), and carries what each resource looked like when planned,
 * so an apply refuses a resource that changed since rather than overwrite it.
 */

export const PLAN_FORMAT = 'infisical-azure-plan/v1';

import type { ResourceType } from '../edit/adapters';

export type { ResourceType };
export type PlanAction = 'none' | 'update' | 'attach' | 'blocked';

export interface PlanMessage {
  message: string;
  /** Where in the file it belongs. */
  path?: (string | number)[];
  /** Names the server has that a typo of the file's explains (an editor offers to write one). */
  suggestions?: string[];
}

export interface PlannedResource {
  type: ResourceType;
  /** Index in the file's `identities` or `connections`. */
  index: number;
  name: string;
  /** The server id it resolved to (the identity's id for Azure Auth). */
  id?: string;
  project?: string;
  action: PlanAction;
  changes: Change[];
  /** The PATCH (update) or POST (attach) body; write-only values as references. */
  body?: Record<string, unknown>;
  /** The method of a connection (how references are checked at apply). */
  method?: string;
  /** What the server had when planned. */
  guard?: { updatedAt?: string; version?: number; credentialsHash?: string | null };
  problems: PlanMessage[];
  notes: PlanMessage[];
  /** The server's state and the file's desired state, written as the file writes them. */
  current?: unknown;
  desired?: unknown;
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  createdAt: string;
  file: string;
  site: string;
  organization: { id: string; name?: string };
  /** Connections whose credentials the plan replaces on request (names), or "all". */
  replaceCredentials: string[] | 'all';
  resources: PlannedResource[];
}

export interface PlanSummary {
  update: number;
  attach: number;
  unchanged: number;
  blocked: number;
}

export function summarize(plan: Pick<Plan, 'resources'>): PlanSummary {
  const s: PlanSummary = { update: 0, attach: 0, unchanged: 0, blocked: 0 };
  for (const r of plan.resources) {
    if (r.action === 'update') s.update++;
    else if (r.action === 'attach') s.attach++;
    else if (r.action === 'blocked') s.blocked++;
    else s.unchanged++;
  }
  return s;
}

export function hasChanges(plan: Pick<Plan, 'resources'>): boolean {
  return plan.resources.some((r) => r.action === 'update' || r.action === 'attach');
}

// ── Which server and organization ──

const US_ALIASES = ['https://app.infisical.com', 'https://us.infisical.com'];

/** A site URL as compared: origin and path, the US cloud's legacy alias folded. */
export function siteKey(url: string): string {
  const checked = checkSiteUrl(url, { allowInsecureHttp: true });
  const text = (checked.ok ? checked.url : url.trim()).toLowerCase().replace(/\/+$/, '');
  return US_ALIASES.includes(text) ? (US_ALIASES[1] ?? text) : text;
}

/**
 * Why the file must not be planned with these credentials, or undefined: another site or
 * another organization. Checked before any request about the file's resources.
 */
export function targetMismatch(
  config: Pick<ConfigFile, 'site' | 'organization'>,
  target: { site: string; orgId?: string; orgName?: string },
): string | undefined {
  if (siteKey(config.site) !== siteKey(target.site))
    return `This file belongs to ${config.site}, but you are signed in to ${target.site}: switch to a profile of that site (nothing was sent).`;
  if (!target.orgId)
    return `The organization of these credentials is not known, so the file (organization ${config.organization.id}) cannot be checked against it: sign in again (nothing was sent).`;
  if (config.organization.id !== target.orgId) {
    const theirs = config.organization.name
      ? `"${config.organization.name}" (${config.organization.id})`
      : config.organization.id;
    const ours = target.orgName ? `"${target.orgName}" (${target.orgId})` : target.orgId;
    return `This file belongs to organization ${theirs}, but these credentials are for ${ours}: switch profile, or fix "organization" in the file (nothing was sent).`;
  }
  return undefined;
}

// ── Planning ──

export interface PlanOptions {
  api: InfisicalApi;
  file: string;
  /** The organization the credentials belong to (already checked with `targetMismatch`). */
  orgId: string;
  replaceCredentials?: string[] | 'all';
  signal?: AbortSignal;
  /** Requests in flight at most (default 4). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_CONCURRENCY = 4;
export const IDENTITY_PAGE = 1000;

export async function planConfig(config: ConfigFile, opts: PlanOptions): Promise<Plan> {
  const identities = config.identities ?? [];
  const connections = config.connections ?? [];
  const total = identities.length + connections.length;
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);
  const replace = opts.replaceCredentials ?? [];

  const [identityResults, connectionResults] = [
    identities.length ? await planIdentities(identities, opts, tick) : [],
    connections.length ? await planConnections(connections, opts, replace, tick) : [],
  ];
  return {
    format: PLAN_FORMAT,
    createdAt: new Date().toISOString(),
    file: opts.file,
    site: config.site,
    organization: { ...config.organization },
    replaceCredentials: replace,
    resources: [...identityResults, ...connectionResults],
  };
}

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

const blocked = (
  base: Omit<PlannedResource, 'action' | 'changes' | 'problems' | 'notes'>,
  message: string,
  path?: (string | number)[],
  suggestions?: string[],
): PlannedResource => ({
  ...base,
  action: 'blocked',
  changes: [],
  problems: [suggestions?.length ? { message, path, suggestions } : { message, path }],
  notes: [],
});

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
  at: (...rest: (string | number)[]) => (string | number)[],
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

/** A PATCH issue path as the file writes it (`rotation.rotateAtUtc.hours` → `rotation.rotateAtUtc`). */
function filePath(path: (string | number)[]): (string | number)[] {
  if (path[0] === 'rotation' && path[1] === 'rotateAtUtc') return path.slice(0, 2);
  if (path[0] === 'accessTokenTrustedIps') return path.slice(0, 2);
  return path;
}

/** Whether any range is beyond the free plan's, however it is written (`0::/0` is `::/0`). */
function needsPaidPlan(ips: readonly string[]): boolean {
  const free = new Set(FREE_PLAN_TRUSTED_IPS.map(canonicalIp));
  return ips.some((ip) => !free.has(canonicalIp(ip)));
}

// ── Connections ──

interface ConnectionScope {
  org: AppConnection[];
  projects: Map<string, { project: Project; connections: AppConnection[] }>;
  projectOf: (ref: string) => Project | undefined;
}

/** The project a `"project"` value names: its id, else its slug, else its name. */
export function projectNamed(projects: Project[], ref: string): Project | undefined {
  return (
    projects.find((p) => p.id === ref) ??
    projects.find((p) => p.slug === ref) ??
    projects.find((p) => p.name === ref)
  );
}

async function listConnections(decls: ConnectionDecl[], opts: PlanOptions): Promise<ConnectionScope> {
  const call = { signal: opts.signal };
  const needOrg = decls.some((d) => !d.project);
  const projectRefs = [...new Set(decls.flatMap((d) => (d.project ? [d.project] : [])))];
  const projects = projectRefs.length ? await opts.api.projects.list(call) : [];
  const projectOf = (ref: string) => projectNamed(projects, ref);
  const wanted = [...new Set(projectRefs.map(projectOf).filter((p): p is Project => !!p))];
  // One list per scope, no more of them in flight than the plan's concurrency.
  const [org, ...perProject] = await runPool(
    [undefined, ...wanted],
    opts.concurrency ?? DEFAULT_CONCURRENCY,
    (p) =>
      p
        ? opts.api.connections.listAzureClientSecrets({ ...call, projectId: p.id })
        : needOrg
          ? opts.api.connections.listAzureClientSecrets(call)
          : Promise.resolve([]),
    opts.signal,
  );
  return {
    org: org ?? [],
    projects: new Map(wanted.map((p, i) => [p.id, { project: p, connections: perProject[i] ?? [] }])),
    projectOf,
  };
}

async function planConnections(
  decls: ConnectionDecl[],
  opts: PlanOptions,
  replace: string[] | 'all',
  tick: () => void,
): Promise<PlannedResource[]> {
  const scope = await listConnections(decls, opts);
  const suggest = suggester();
  return runPool(
    decls.map((decl, index) => ({ decl, index })),
    opts.concurrency ?? DEFAULT_CONCURRENCY,
    async ({ decl, index }) => {
      try {
        return await planConnection(
          decl,
          index,
          scope,
          opts,
          replace === 'all' || replace.includes(decl.name),
          suggest,
        );
      } finally {
        tick();
      }
    },
    opts.signal,
  );
}

/** Where else the file's lists hold a connection of that exact name: a wrong or missing "project". */
function elsewhere(decl: ConnectionDecl, scope: ConnectionScope, project: Project | undefined): string {
  if (project && scope.org.some((c) => c.name === decl.name))
    return ' One is at organization level: remove "project".';
  for (const { project: p, connections } of scope.projects.values())
    if (p.id !== project?.id && connections.some((c) => c.name === decl.name))
      return ` One is in project "${p.name}": "project": ${JSON.stringify(p.slug ?? p.id)}.`;
  return '';
}

async function planConnection(
  decl: ConnectionDecl,
  index: number,
  scope: ConnectionScope,
  opts: PlanOptions,
  replaceRequested: boolean,
  suggest: (name: string, names: Iterable<string>) => string[],
): Promise<PlannedResource> {
  const base = { type: 'connection' as const, index, name: decl.name, project: decl.project };
  const at = (...rest: (string | number)[]) => ['connections', index, ...rest];
  const project = decl.project ? scope.projectOf(decl.project) : undefined;
  if (decl.project && !project)
    return blocked(
      base,
      `No project "${decl.project}" visible to these credentials (by id, slug or name).`,
      at('project'),
    );
  const list = project ? (scope.projects.get(project.id)?.connections ?? []) : scope.org;
  const where = project ? `in project "${project.name}"` : 'at organization level';

  let server: AppConnection | undefined;
  if (decl.id) {
    const id = decl.id.toLowerCase();
    server = [...scope.org, ...[...scope.projects.values()].flatMap((p) => p.connections)].find(
      (c) => c.id.toLowerCase() === id,
    );
    if (!server) {
      try {
        server = await opts.api.connections.getAzureClientSecrets(decl.id, { signal: opts.signal });
      } catch (error) {
        if (isCancelled(error)) throw error;
        return blocked(
          base,
          `No Azure Client Secrets connection with id ${decl.id}: ${messageOf(error)}`,
          at('id'),
        );
      }
    }
    if ((server.projectId ?? undefined) !== (project?.id ?? undefined))
      return blocked(
        { ...base, id: server.id },
        `The connection with id ${decl.id} is ${server.projectId ? `in project ${server.project?.name ?? server.projectId}` : 'at organization level'}, not ${where}: a connection's project never changes.`,
        at(decl.project ? 'project' : 'id'),
      );
  } else {
    server = list.find((c) => c.name === decl.name);
    if (!server) {
      const similar = suggest(
        decl.name,
        list.map((c) => c.name),
      );
      return blocked(
        base,
        `No Azure Client Secrets connection named "${decl.name}" ${where}.${elsewhere(decl, scope, project)}${didYouMean(similar)}`,
        at('name'),
        similar,
      );
    }
  }
  const withId = { ...base, id: server.id, method: server.method };
  if (server.app !== AZURE_CLIENT_SECRETS_APP)
    return blocked(
      withId,
      `"${server.name}" is a ${server.app} connection, not Azure Client Secrets.`,
      at('name'),
    );
  if (!isAzureMethod(server.method))
    return blocked(withId, `Its method "${server.method}" is not one this version can plan.`, at('name'));
  if (decl.method && decl.method !== server.method)
    return blocked(
      withId,
      `Its method is ${server.method} on the server, not ${decl.method}: a connection's method can never change.`,
      at('method'),
    );

  const current = connectionToDecl(server, decl.project);
  const desired = desiredConnection(current, decl);
  const guard = {
    updatedAt: server.updatedAt,
    version: server.version,
    credentialsHash: server.credentialsHash,
  };
  const notes = rotationNotes(server, decl, at);
  const planned = diffConnection(server, decl, replaceRequested);
  if (!planned.ok)
    return {
      ...withId,
      action: 'blocked',
      changes: [],
      guard,
      problems: planned.issues.map((i) => ({ message: i.message, path: at(...filePath(i.path)) })),
      notes,
      current,
      desired,
    };
  const has = Object.keys(planned.body).length > 0;
  return {
    ...withId,
    action: has ? 'update' : 'none',
    changes: planned.changes,
    body: has ? planned.body : undefined,
    guard,
    problems: [],
    notes,
    current,
    desired,
  };
}

function desiredConnection(current: ReturnType<typeof connectionToDecl>, decl: ConnectionDecl): unknown {
  const out: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(decl)) {
    if (v === undefined || k === 'credentials') continue;
    out[k] = v;
  }
  if (decl.credentials) out.credentials = { ...current.credentials, ...decl.credentials };
  return out;
}

/** Stand-ins for write-only values while planning: valid in shape, never sent. */
const PLACEHOLDER: Record<string, string> = {
  clientSecret: 'planned-reference',
  certificateBody: '-----BEGIN CERTIFICATE-----\nplanned-reference\n-----END CERTIFICATE-----',
  privateKey: '-----BEGIN PRIVATE KEY-----\nplanned-reference\n-----END PRIVATE KEY-----',
};

/**
 * The PATCH that makes the server's connection match the declared fields. Credentials are sent
 * only when a non-secret credential field differs or a replacement was asked for; then the file
 * must give every write-only field as a reference, and the body carries the references.
 */
export function diffConnection(
  server: AppConnection,
  decl: ConnectionDecl,
  replaceRequested: boolean,
): { ok: true; body: Record<string, unknown>; changes: Change[] } | { ok: false; issues: FieldIssue[] } {
  const method = isAzureMethod(server.method) ? server.method : 'client-secret';
  const edited: Record<string, unknown> = {};
  if (decl.id && decl.name !== server.name) edited.name = decl.name;
  if (decl.description !== undefined) edited.description = decl.description;
  if (decl.isAutoRotationEnabled !== undefined) edited.isAutoRotationEnabled = decl.isAutoRotationEnabled;
  if (decl.rotation)
    edited.rotation = {
      rotationInterval: decl.rotation.rotationInterval,
      rotateAtUtc: parseRotateAt(decl.rotation.rotateAtUtc),
    };

  const given = decl.credentials ?? {};
  const refs = Object.entries(given).filter(([k]) => WRITE_ONLY_FIELDS.includes(k)) as [string, SecretRef][];
  const plain = Object.fromEntries(
    Object.entries(given).filter(([k]) => !WRITE_ONLY_FIELDS.includes(k)),
  ) as Record<string, string>;
  const shown = connectionToDecl(server).credentials ?? {};
  const differing = Object.entries(plain)
    .filter(([k, v]) => shown[k] !== v)
    .map(([k]) => k);
  const needed = replaceableFields(method);
  const replacing = differing.length > 0 || (replaceRequested && refs.length > 0);
  if (replacing) {
    if (method === 'oauth')
      return fail(
        ['credentials', differing[0] ?? 'tenantId'],
        'OAuth connections are re-authorized in the Infisical web app: a file can change their other fields only.',
      );
    const missing = needed.filter((k) => !refs.some(([r]) => r === k));
    if (missing.length)
      return fail(
        ['credentials', missing[0] as string],
        `${differing.length ? `credentials.${differing.join(', credentials.')} differ${differing.length === 1 ? 's' : ''} from the server, and credentials` : 'Credentials'} are replaced as a whole: give ${missing.map((k) => `credentials.${k}`).join(' and ')} as a reference such as { "env": "NAME" }.`,
      );
    // The PATCH replaces the whole object: what the file leaves out is kept as the server has it.
    edited.credentials = {
      ...shown,
      ...plain,
      ...Object.fromEntries(needed.map((k) => [k, PLACEHOLDER[k]])),
    };
  }
  const built = buildConnectionPatch(server, edited);
  if (!built.ok) return built;
  const body = { ...built.body } as Record<string, unknown>;
  if (body.credentials) {
    const creds = { ...(body.credentials as Record<string, unknown>) };
    for (const [k, ref] of refs) if (k in creds) creds[k] = { env: ref.env };
    body.credentials = creds;
  }
  const changes = built.changes.map((c) =>
    c.field === 'credentials'
      ? {
          ...c,
          after: `replaced (${Object.keys(body.credentials as object).join(', ')}; write-only values from ${refs.map(([k, r]) => `${k} ← env ${r.env}`).join(', ')})`,
        }
      : c,
  );
  return { ok: true, body, changes };
}

function fail(path: (string | number)[], message: string): { ok: false; issues: FieldIssue[] } {
  return { ok: false, issues: [{ path, message, code: 'custom' }] };
}

function rotationNotes(
  server: AppConnection,
  decl: ConnectionDecl,
  at: (...rest: (string | number)[]) => (string | number)[],
): PlanMessage[] {
  const refs = decl.credentials && Object.keys(decl.credentials).some((k) => k === 'clientSecret');
  if (!server.isAutoRotationEnabled || !refs) return [];
  const next = server.rotation?.nextRotationAt ? ` (next ${server.rotation.nextRotationAt})` : '';
  return [
    {
      message: `Infisical rotates this client secret itself${next}. A rotation is not a change to revert: the file's reference is sent only when the credentials are replaced.`,
      path: at('credentials', 'clientSecret'),
    },
  ];
}

// ── Shared ──

export function isCancelled(error: unknown): boolean {
  return (
    (error as { kind?: string })?.kind === 'cancelled' || (error as { name?: string })?.name === 'AbortError'
  );
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
