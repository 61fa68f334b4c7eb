import * as z from 'zod';

/** Any GUID (Azure's ids are GUIDs of any version), all-zero included. */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Infisical's slug rule for names. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A string whose type error says whether it is missing or of the wrong type. */
export function str(what: string, expected = 'a string') {
  return z.string({
    error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be ${expected}`),
  });
}

/** A GUID, trimmed first (the server checks the format before it trims, so we trim for it). */
export function guid(what: string) {
  return str(what)
    .trim()
    .regex(GUID_PATTERN, { error: `${what} must be a GUID like 00000000-0000-0000-0000-000000000000` });
}

/** A trimmed string that must not be empty. */
export function nonEmpty(what: string) {
  return str(what)
    .trim()
    .min(1, { error: `${what} must not be empty` });
}

/** An integer within [min, max], with a message that says so. */
export function intRange(what: string, min: number, max?: number) {
  const range = max === undefined ? `≥ ${min}` : `between ${min} and ${max}`;
  const base = z
    .number({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a number`),
    })
    .int({ error: `${what} must be a whole number` })
    .min(min, { error: `${what} must be ${range}` });
  return max === undefined ? base : base.max(max, { error: `${what} must be ${range}` });
}

/** Infisical's error body: `{ reqId, statusCode, message, error }`; a 422's message is an issue array. */
export const apiErrorBodySchema = z.looseObject({
  reqId: z.string().optional(),
  statusCode: z.number().optional(),
  error: z.string().optional(),
  message: z
    .union([
      z.string(),
      z.array(
        z.looseObject({
          code: z.string().optional(),
          message: z.string().optional(),
          path: z.array(z.union([z.string(), z.number()])).optional(),
        }),
      ),
    ])
    .optional(),
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** A string-or-null field servers sometimes omit. */
export const optionalNullableString = z.string().nullable().optional();
