import type { Change } from '../../core/edit/issues';
import type { FormMeta, WireIssue } from '../../forms/protocol';

/** A message shown under one field of the form; field '' is the top of the form. */
export interface ShownIssue {
  field: string;
  message: string;
  fromServer: boolean;
}

export interface Validation {
  issues: ShownIssue[];
  /** What Save would change (empty when invalid or unchanged). */
  changes: Change[];
  /** What Save sends: only when valid, built with the host's own patch builder. */
  edited?: Record<string, unknown>;
}

export interface Restored<V> {
  values: V;
  /** Write-only fields the user had typed before the form was hidden or closed. */
  secretsDropped: string[];
}

/**
 * The DOM-free half of a form: the typed values, how they come from the server's editable
 * fields and from a draft, and how they are checked with the same patch builder the host runs
 * before it sends.
 */
export interface FormModel<V> {
  resource: FormMeta['resource'];
  fromServer(server: Record<string, unknown>, meta: FormMeta): V;
  restore(draft: unknown, fallback: V): Restored<V>;
  /** What may be kept (webview state, `draft` messages): never a write-only value. */
  toDraft(values: V): Record<string, unknown>;
  validate(server: Record<string, unknown>, meta: FormMeta, values: V): Validation;
  /** The form field a request-body path is about, or '' when none. */
  fieldOf(path: WireIssue['path'], meta: FormMeta, values: V): string;
}

/** The longest prefix of `path` that names a field, or '' (the top of the form). */
export function fieldOf(path: WireIssue['path'], isField: (key: string) => boolean): string {
  for (let n = path.length; n > 0; n -= 1) {
    const key = path.slice(0, n).join('.');
    if (isField(key)) return key;
  }
  return '';
}

/** Issues from the patch builder, except on fields whose own parsing already failed. */
export function mergeIssues(local: ShownIssue[], built: ShownIssue[]): ShownIssue[] {
  const parsedBadly = new Set(local.map((i) => i.field));
  return [...local, ...built.filter((i) => !parsedBadly.has(i.field))];
}

export function sameValues(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * After the server's state moved under an open form (rotation, a save elsewhere): fields the
 * user left alone follow the server; fields the user changed keep the typed value.
 */
export function rebase<V extends object>(oldInitial: V, newInitial: V, current: V): V {
  const out = { ...current };
  for (const key of Object.keys(newInitial) as (keyof V)[]) {
    if (sameValues(current[key], oldInitial[key])) out[key] = newInitial[key];
  }
  return out;
}

/** A number for the schema to check, or the text itself so the schema says it is not one. */
export function numberOrText(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** The live line next to Save: what it would do, or why it cannot. */
export function summarize(dirty: boolean, v: Validation): string {
  if (!dirty) return 'No changes';
  const problems = v.issues.length;
  if (problems > 0) return `${problems} problem${problems === 1 ? '' : 's'} to fix`;
  const n = v.changes.length;
  if (n === 0) return 'No changes to send';
  return `${n} change${n === 1 ? '' : 's'}: ${v.changes.map((c) => c.field).join(', ')}`;
}
