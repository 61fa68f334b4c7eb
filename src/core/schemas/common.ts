import { describeType, findInvisible } from '../text';
import * as z from './zod';

/** Any GUID (Azure's ids are GUIDs of any version), all-zero included. */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Infisical's slug rule for names. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A string whose type error says whether it is missing or of the wrong type. */
export function str(what: string, expected = 'a string') {
  return z.string({
    error: (issue) =>
      issue.input === undefined
        ? `${what} is required`
        : `${what} must be ${expected}, not ${describeType(issue.input)}`,
  });
}

/**
 * Refuses characters nobody can see (NUL, bidirectional overrides, zero-width characters,
 * unpaired surrogates): in an id, an address or an audience they are always a mistake or a trick,
 * and the value would look right while never matching.
 */
export function refuseInvisible(what: string) {
  return (value: string, ctx: z.core.$RefinementCtx<string>) => {
    const found = findInvisible(value);
    if (!found) return;
    ctx.addIssue({
      code: 'custom',
      message: `${what} has a character that cannot be seen at position ${found.index + 1} (${found.code}, ${found.name}): remove it`,
      continue: false,
    });
  };
}

/** The type error of an object schema: what it must be, and what was given instead. */
export function objectError(what: string, shape = '{ … }') {
  return {
    error: (issue: { code?: string; input?: unknown }) =>
      issue.code === 'invalid_type'
        ? `${what} must be an object ${shape}, not ${describeType(issue.input)}`
        : undefined,
  };
}

/** A GUID, trimmed first (the server checks the format before it trims, so we trim for it). */
export function guid(what: string) {
  return str(what).check(
    z.trim(),
    z.superRefine(refuseInvisible(what)),
    z.regex(GUID_PATTERN, { error: `${what} must be a GUID like 00000000-0000-0000-0000-000000000000` }),
  );
}

/** A trimmed, visible string that must not be empty. */
export function nonEmpty(what: string) {
  return str(what).check(
    z.trim(),
    z.minLength(1, { error: `${what} must not be empty` }),
    z.superRefine(refuseInvisible(what)),
  );
}

/** An integer within [min, max], with a message that says so. */
export function intRange(what: string, min: number, max?: number) {
  const range = max === undefined ? `≥ ${min}` : `between ${min} and ${max}`;
  const base = z
    .number({
      error: (issue) => {
        if (issue.input === undefined) return `${what} is required`;
        const numeric = typeof issue.input === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(issue.input);
        return `${what} must be a number, not ${describeType(issue.input)}${numeric ? `: write ${String(issue.input).trim()} without quotes` : ''}`;
      },
    })
    .check(
      z.int({
        // z.int() also refuses integers beyond 2^53 - 1, which a JSON number cannot hold exactly.
        error: (issue) =>
          issue.code === 'too_big' || issue.code === 'too_small'
            ? `${what} must be ${max === undefined ? `between ${min} and ${Number.MAX_SAFE_INTEGER}` : range}`
            : `${what} must be a whole number`,
      }),
      z.gte(min, { error: `${what} must be ${range}` }),
    );
  return max === undefined ? base : base.check(z.lte(max, { error: `${what} must be ${range}` }));
}

/** Infisical's error body: `{ reqId, statusCode, message, error }`; a 422's message is an issue array. */
export const apiErrorBodySchema = z.looseObject({
  reqId: z.optional(z.string()),
  statusCode: z.optional(z.number()),
  error: z.optional(z.string()),
  message: z.optional(
    z.union([
      z.string(),
      z.array(
        z.looseObject({
          code: z.optional(z.string()),
          message: z.optional(z.string()),
          path: z.optional(z.array(z.union([z.string(), z.number()]))),
        }),
      ),
    ]),
  ),
  details: z.optional(z.unknown()),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** A string-or-null field servers sometimes omit. */
export const optionalNullableString = z.optional(z.nullable(z.string()));

/** An optional field that servers may also send as null: read as absent either way. */
export function absentIfNull<T extends z.ZodMiniType>(schema: T) {
  return z.pipe(
    // Typed as what `schema` reads: the value is only handed on, and `schema` checks it.
    z.transform((value: unknown) => (value === null ? undefined : value)) as z.ZodMiniTransform<
      z.input<T> | undefined
    >,
    z.optional(schema),
  );
}

/** An item of a list answer that could not be read, and why (paths and types, never values). */
export interface UnreadableItem {
  index: number;
  reason: string;
}

/**
 * The items of a list answer that fit `item`; the others are reported rather than failing the
 * whole list, so one odd record from a newer server does not hide all the others.
 */
export function readableItems<T extends z.ZodMiniType>(
  item: T,
  raw: unknown[],
): { items: z.output<T>[]; unreadable: UnreadableItem[] } {
  const items: z.output<T>[] = [];
  const unreadable: UnreadableItem[] = [];
  raw.forEach((value, index) => {
    const parsed = item.safeParse(value);
    if (parsed.success) items.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      unreadable.push({ index, reason: `${where}${issue?.message ?? 'invalid'}` });
    }
  });
  return { items, unreadable };
}
