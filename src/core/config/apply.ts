import type { InfisicalApi } from '../api';
import { ignoredFields } from '../api/ignored';
import { serverChanged } from '../edit/conflict';
import { checkWriteOnly, normalizeWriteOnly, writeOnlyLabel } from '../edit/writeOnly';
import { adapterOf } from '../resources';
import { type AzureMethod, isAzureMethod } from '../schemas/appConnection';
import type { AzureAuthAttach } from '../schemas/azureAuth';
import { DEFAULT_CONCURRENCY, isCancelled, messageOf, type Plan, type PlannedResource } from './plan';
import { runPool } from './pool';
import type { SecretRef } from './schema';

/**
 * Applies a plan: exactly the bodies it holds, never a fresh plan. Each resource is read once
 * more first; one that changed on the server since the plan is refused, not overwritten. A
 * failure on one resource neither stops nor undoes the others. Write-only references are
 * resolved just before their PATCH and never kept.
 */

/** `partial`: sent and answered 200, but the answer does not hold some fields (the server ignored them). */
export type ApplyOutcome = 'applied' | 'partial' | 'failed' | 'refused' | 'skipped';

export interface ApplyResult {
  type: PlannedResource['type'];
  index: number;
  name: string;
  id?: string;
  action: 'update' | 'attach';
  outcome: ApplyOutcome;
  /** Why it failed, was refused or skipped; what the server ignored when partial. */
  message?: string;
  /** The fields changed (when partial: those the server's answer holds). */
  fields: string[];
}

export interface ApplyReport {
  results: ApplyResult[];
  counts: Record<ApplyOutcome, number>;
}

export interface ApplyOptions {
  api: InfisicalApi;
  /** The value of a reference, or undefined when it is not available. */
  resolveSecret: (ref: SecretRef, field: string, resource: PlannedResource) => Promise<string | undefined>;
  /** Attach Azure Auth (a POST) where the plan says so; otherwise those are skipped. */
  allowAttach?: boolean;
  signal?: AbortSignal;
  concurrency?: number;
  /** Told just before a resource's write is sent, and after it settles (a journal for crashes). */
  onSend?: (resource: PlannedResource) => void | Promise<void>;
  onResult?: (result: ApplyResult, done: number, total: number) => void;
}

export const CHANGED_SINCE_PLAN = 'changed on the server since the plan: plan again (nothing was sent)';

export async function applyPlan(plan: Plan, opts: ApplyOptions): Promise<ApplyReport> {
  const todo = plan.resources.filter(
    (r): r is PlannedResource & { action: 'update' | 'attach' } =>
      r.action === 'update' || r.action === 'attach',
  );
  let done = 0;
  const results = await runPool(todo, opts.concurrency ?? DEFAULT_CONCURRENCY, async (resource) => {
    const result = await applyOne(resource, opts);
    opts.onResult?.(result, ++done, todo.length);
    return result;
  });
  const counts: Record<ApplyOutcome, number> = { applied: 0, partial: 0, failed: 0, refused: 0, skipped: 0 };
  for (const r of results) counts[r.outcome]++;
  return { results, counts };
}

async function applyOne(
  resource: PlannedResource & { action: 'update' | 'attach' },
  opts: ApplyOptions,
): Promise<ApplyResult> {
  const result = (outcome: ApplyOutcome, message?: string): ApplyResult => ({
    type: resource.type,
    index: resource.index,
    name: resource.name,
    id: resource.id,
    action: resource.action,
    outcome,
    message,
    fields: resource.changes.map((c) => c.field),
  });
  if (opts.signal?.aborted) return result('skipped', 'cancelled before it was sent');
  if (!resource.id || !resource.body) return result('failed', 'the plan has no body for it: plan again');
  if (resource.action === 'attach' && !opts.allowAttach)
    return result('skipped', 'attaching Azure Auth (a POST) was not allowed for this apply');

  try {
    const adapter = adapterOf(resource.type);
    if (resource.action === 'update') {
      const now = await adapter.fetch(opts.api, resource.id, opts.signal);
      const guard = resource.guard ?? {};
      const hashChanged =
        guard.credentialsHash !== undefined &&
        (now as { credentialsHash?: string | null }).credentialsHash !== undefined &&
        (now as { credentialsHash?: string | null }).credentialsHash !== guard.credentialsHash;
      if (serverChanged(guard, adapter.version(now)) || hashChanged)
        return result('refused', CHANGED_SINCE_PLAN);
    }
    const body = await withSecrets(resource, opts);
    if (typeof body === 'string') return result('failed', body);
    if (opts.signal?.aborted) return result('skipped', 'cancelled before it was sent');
    await opts.onSend?.(resource);
    // The write itself is not cancelled once sent: a PATCH cut off mid-way may still land.
    if (resource.action === 'attach') await opts.api.azureAuth.attach(resource.id, body as AzureAuthAttach);
    else {
      const answer = (await adapter.send(opts.api, resource.id, body)) as object;
      const ignored = ignoredFields(body, answer);
      if (ignored.length) {
        const lost = new Set(ignored.map((i) => i.field));
        const kept = resource.changes.map((c) => c.field).filter((f) => !lost.has(f));
        return { ...result('partial', ignored.map((i) => i.message).join('; ')), fields: kept };
      }
    }
    return result('applied');
  } catch (error) {
    if (isCancelled(error)) return result('skipped', 'cancelled before it was sent');
    return result('failed', messageOf(error));
  }
}

/** The body with each reference replaced by its value, checked; or why it cannot be sent. */
async function withSecrets(
  resource: PlannedResource,
  opts: ApplyOptions,
): Promise<Record<string, unknown> | string> {
  const body = resource.body as Record<string, unknown>;
  const creds = body.credentials as Record<string, unknown> | undefined;
  if (!creds) return body;
  const method: AzureMethod =
    resource.method && isAzureMethod(resource.method) ? resource.method : 'client-secret';
  const out: Record<string, unknown> = { ...creds };
  for (const [field, value] of Object.entries(creds)) {
    if (typeof value !== 'object' || value === null) continue;
    const ref = value as SecretRef;
    const secret = await opts.resolveSecret(ref, field, resource);
    if (secret === undefined || secret.trim() === '')
      return `credentials.${field} comes from ${ref.env}, which is not set: set it (the ${writeOnlyLabel(field)}) and apply again`;
    const wrong = checkWriteOnly(method, field, secret);
    if (wrong) return `credentials.${field} from ${ref.env}: ${wrong}`;
    out[field] = normalizeWriteOnly(field, secret);
  }
  return { ...body, credentials: out };
}
