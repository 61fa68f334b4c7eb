import type { FieldIssue } from '../api/errors';
import type * as z from '../schemas/zod';
import { escapeInvisible, findInvisible } from '../text';

export type PatchResult<T> = { ok: true; body: T; changes: Change[] } | { ok: false; issues: FieldIssue[] };

/** One field that a PATCH changes, for the "what will change" summary. */
export interface Change {
  field: string;
  before: string;
  after: string;
  /** A list's entries the change adds and removes: what a reviewer reads, not both whole lists. */
  added?: string[];
  removed?: string[];
}

/** The entries `after` has that `before` has not, and the reverse; undefined when neither has any. */
export function listDiff(
  before: readonly string[],
  after: readonly string[],
): Pick<Change, 'added' | 'removed'> | undefined {
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  return added.length + removed.length ? { added, removed } : undefined;
}

export function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      // One issue per unknown key, at the key itself, so an editor can underline it.
      return issue.keys.map((key) => ({
        path: [...path, key],
        code: issue.code,
        message: `"${escapeInvisible(key)}" is not a field Infisical accepts here${
          findInvisible(key) ? ' (its name holds a character that cannot be seen)' : ''
        }`,
      }));
    }
    return [{ path, code: issue.code, message: issue.message }];
  });
}

/** Shows a value in a change summary; write-only values never appear. */
export function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value);
}
