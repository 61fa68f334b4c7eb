import type { FieldIssue } from '../api/errors';
import {
  type AzureAuthEdit,
  azureAuthFields,
  TTL_PAIR,
  toAzureAuthEditFields,
  ttlOverMaxMessage,
  ttlWithinMax,
} from '../fields/azureAuth';
import { type AzureAuthPatch, azureAuthPatchSchema, type IdentityAzureAuth } from '../schemas/azureAuth';
import { formatDuration } from './duration';
import { type Change, listDiff, type PatchResult, show, toFieldIssues } from './issues';

/** The editable fields of an identity's Azure Auth, in the order a document shows them. */
export function toAzureAuthEdit(server: IdentityAzureAuth): AzureAuthEdit {
  return toAzureAuthEditFields(server);
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
    const issue: FieldIssue = { path: [field], code: 'custom', message: ttlOverMaxMessage(ttl, maxTtl) };
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
  const note = (field: string, from: unknown, to: unknown, entries?: Pick<Change, 'added' | 'removed'>) =>
    changes.push({ field, before: show(from), after: show(to), ...entries });

  const sent = body as Record<string, unknown>;
  for (const [key, f] of azureAuthFields) {
    if (key === 'accessTokenTTL' && ttlsChange) {
      // Both together whenever either changes: the server compares a lone Max TTL with the stored one.
      body.accessTokenTTL = ttl;
      body.accessTokenMaxTTL = maxTtl;
      if (ttl !== server.accessTokenTTL)
        changes.push(ttlChange('accessTokenTTL', server.accessTokenTTL, ttl));
      if (maxTtl !== server.accessTokenMaxTTL)
        changes.push(ttlChange('accessTokenMaxTTL', server.accessTokenMaxTTL, maxTtl));
    }
    const after = (e as Record<string, unknown>)[key];
    if (after === undefined || TTL_PAIR.includes(key)) continue;
    const was = before[key];
    if (f.editEquals ? f.editEquals(was, after) : was === after) continue;
    sent[key] = after;
    const text = f.changeText ?? ((v: unknown) => v);
    // A list's change is read as its entries added and removed (the form's rows are its entries).
    const entries =
      f.form.kind === 'list'
        ? listDiff(f.form.fromEdit(was) as string[], f.form.fromEdit(after) as string[])
        : undefined;
    note(key, text(was), text(after), entries);
  }
  return { ok: true, body, changes };
}

function ttlChange(field: string, from: number, to: number): Change {
  return { field, before: `${from} (${formatDuration(from)})`, after: `${to} (${formatDuration(to)})` };
}
