import type { InfisicalApi } from '../api';
import { InfisicalError } from '../api/errors';
import type { ResourceType } from '../edit/adapters';
import type { Change } from '../edit/issues';
import type { ConfigFile } from './schema';

/**
 * A plan: what applying a workspace file would change, per resource and field, computed from one
 * read of the server. It is plain JSON (saved by the CLI, kept by the extension), holds no secret
 * (write-only values stay references), and carries what each resource looked like when planned,
 * so an apply refuses a resource that changed since rather than overwrite it.
 */

export const PLAN_FORMAT = 'infisical-azure-plan/v1';

export type { ResourceType };
export type PlanAction = 'none' | 'update' | 'attach' | 'blocked';

export interface PlanMessage {
  message: string;
  /** Where in the file it belongs. */
  path?: (string | number)[];
  /** Names the server has that a typo of the file's explains (an editor offers to write one). */
  suggestions?: string[];
}

/**
 * A list the plan needed and could not read (the organization's connections, one project's, …):
 * the resources it would have found are not planned, the others are.
 */
export interface ScopeFailure {
  /** What could not be read, as a sentence names it ("the organization's machine identities"). */
  scope: string;
  /** Why: the client's message (the status, what to do). */
  message: string;
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
  /**
   * Set when the resource is not planned because its scope could not be read: blocked (nothing
   * is sent for it), but about the server, not the file.
   */
  notPlanned?: ScopeFailure;
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
  /** Blocked by a problem (the file's, or the server's answer about the resource). */
  blocked: number;
  /** Not planned: their scope could not be read. */
  unplanned: number;
}

export function summarize(plan: Pick<Plan, 'resources'>): PlanSummary {
  const s: PlanSummary = { update: 0, attach: 0, unchanged: 0, blocked: 0, unplanned: 0 };
  for (const r of plan.resources) {
    if (r.action === 'update') s.update++;
    else if (r.action === 'attach') s.attach++;
    else if (r.notPlanned) s.unplanned++;
    else if (r.action === 'blocked') s.blocked++;
    else s.unchanged++;
  }
  return s;
}

/** The scopes a plan could not read, each once, in the order their resources come. */
export function failedScopes(plan: Pick<Plan, 'resources'>): ScopeFailure[] {
  const seen = new Map<string, ScopeFailure>();
  for (const r of plan.resources) if (r.notPlanned) seen.set(r.notPlanned.scope, r.notPlanned);
  return [...seen.values()];
}

/**
 * A failure to read one scope's list that leaves the other scopes plannable (the server or the
 * network failed there); undefined for a cancel or anything else, which stops the plan.
 */
export function scopeFailure(scope: string, error: unknown): ScopeFailure | undefined {
  if (!InfisicalError.is(error) || error.kind === 'cancelled' || error.kind === 'not-signed-in')
    return undefined;
  return { scope, message: error.message };
}

export function hasChanges(plan: Pick<Plan, 'resources'>): boolean {
  return plan.resources.some((r) => r.action === 'update' || r.action === 'attach');
}

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

/**
 * Plans one section of a workspace file: one planner per resource kind, so another kind is
 * another planner, not another branch in `planConfig`.
 */
export interface ResourcePlanner {
  /** The list of the file it plans, one planned resource per entry, in order. */
  section: keyof Pick<ConfigFile, 'identities' | 'connections'>;
  /** Called with a non-empty section; `tick` once per entry planned (progress). */
  plan(config: ConfigFile, opts: PlanOptions, tick: () => void): Promise<PlannedResource[]>;
}

export function isCancelled(error: unknown): boolean {
  return (
    (error as { kind?: string })?.kind === 'cancelled' || (error as { name?: string })?.name === 'AbortError'
  );
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
