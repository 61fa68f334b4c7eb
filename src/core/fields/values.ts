import { formatDuration, parseDuration } from '../edit/duration';
import { parseTrustedIp } from '../edit/ip';
import { intRange, objectError, refuseInvisible, str } from '../schemas/common';
import * as z from '../schemas/zod';
import { describeType } from '../text';

/** Values and rules of Azure Auth fields that more than one entry (or surface) shares. */

export const MAX_TTL_SECONDS = 315_360_000;
export const DEFAULT_TTL_SECONDS = 2_592_000;
export const DEFAULT_RESOURCE = 'https://management.azure.com/';
export const DEFAULT_TRUSTED_IPS = ['0.0.0.0/0', '::/0'] as const;

export const GUID_EXAMPLE = '00000000-0000-0000-0000-000000000000';

/** TTL ≤ MaxTTL unless MaxTTL is 0 (no maximum). */
export function ttlWithinMax(ttlSeconds: number, maxTtlSeconds: number): boolean {
  return maxTtlSeconds === 0 || ttlSeconds <= maxTtlSeconds;
}

/** The one wording of the TTL ≤ Max TTL rule, on every surface. */
export function ttlOverMaxMessage(ttl: number, max: number): string {
  const both = (s: number) => `${s} s = ${formatDuration(s)}`;
  return `accessTokenTTL (${both(ttl)}) must not exceed accessTokenMaxTTL (${both(max)}) unless accessTokenMaxTTL is 0`;
}

/** Seconds from "3600", "30d", "2h 30m" as typed in a form; else what is wrong. */
export function typedSeconds(typed: string | string[]): { value: unknown } | { message: string } {
  const t = String(typed).trim();
  if (t === '') return { message: 'Enter seconds or a duration such as 30d, 12h or 2h 30m.' };
  const seconds = parseDuration(t) ?? typedNumber(t);
  return typeof seconds === 'number'
    ? { value: seconds }
    : { message: `"${t}" is not a duration: enter seconds or e.g. 30d, 12h, 2h 30m.` };
}

/** A number where the text is one; the text otherwise (the schema then says what is wrong). */
export function typedNumber(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

export const rows = (typed: string | string[]) => (Array.isArray(typed) ? typed : [typed]);
export const text = {
  kind: 'text',
  fromEdit: (v: string) => v,
  toEdit: (t: string | string[]) => ({ value: t }),
} as const;

/** Seconds in a file: a number, or a duration such as "30d", "12h", "1h 30m". */
export const fileDuration = (what: string) =>
  z.pipe(
    z.union(
      [
        intRange(what, 0, MAX_TTL_SECONDS),
        str(what).check(
          z.superRefine((value, ctx) => {
            const seconds = parseDuration(value);
            if (seconds === undefined)
              ctx.addIssue({
                code: 'custom',
                message: `${what} "${value}" is not a duration: write seconds (3600) or units d, h, m, s ("30d", "1h 30m")`,
              });
            else if (seconds > MAX_TTL_SECONDS)
              ctx.addIssue({
                code: 'custom',
                message: `${what} must be at most ${MAX_TTL_SECONDS} seconds (3650d)`,
              });
          }),
        ),
      ],
      {
        // Neither branch fits (1.5, true, null, a list): say both ways to write it.
        error: (issue) =>
          issue.code === 'invalid_union'
            ? `${what} must be seconds (a whole number such as 3600) or a duration such as "30d" or "1h 30m", not ${typeof issue.input === 'number' ? issue.input : describeType(issue.input)}`
            : undefined,
      },
    ),
    z.transform((v) => (typeof v === 'number' ? v : (parseDuration(v) ?? 0))),
  );

/** Seconds as a person writes them: "30d", "1h", "1d 12h"; 0 stays 0 (no maximum / no limit). */
export function durationText(seconds: number): string | number {
  return seconds === 0 ? 0 : formatDuration(seconds);
}

/** One trusted IP in a PATCH body: { "ipAddress": "10.0.0.0/8" }. */
export const storedIpEntry = z.strictObject(
  {
    ipAddress: z.meta(
      str('ipAddress').check(
        z.trim(),
        z.superRefine(refuseInvisible('ipAddress')),
        z.superRefine((value, ctx) => {
          const parsed = parseTrustedIp(value);
          if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `ipAddress ${parsed.reason}` });
        }),
      ),
      {
        description: 'An IPv4 or IPv6 address, or a CIDR block such as 10.0.0.0/8 or 2001:db8::/32.',
        examples: ['0.0.0.0/0', '::/0', '10.0.0.0/8'],
      },
    ),
  },
  objectError('each accessTokenTrustedIps entry', '{ "ipAddress": "…" }'),
);

/** One trusted IP in a workspace file: "10.0.0.0/8". */
export const fileIpEntry = z.pipe(
  str('accessTokenTrustedIps entry', 'a string such as "10.0.0.0/8"').check(
    z.superRefine(refuseInvisible('accessTokenTrustedIps entry')),
    z.superRefine((value, ctx) => {
      const parsed = parseTrustedIp(value);
      if (!parsed.ok)
        ctx.addIssue({ code: 'custom', message: `accessTokenTrustedIps entry ${parsed.reason}` });
    }),
  ),
  z.transform((v: string) => v.trim()),
);

/**
 * A JSON editor value that may also be written the way a workspace file writes it, so a person
 * moving between the two need not translate: the file's shape is checked by its own schema,
 * converted with the field's `fromDecl` and then held to every rule of the editor's own shape.
 */
export function orAsInFile<Req extends z.ZodMiniType, Decl extends z.ZodMiniType>(
  request: Req,
  decl: Decl,
  fromDecl: (value: z.output<Decl>) => z.input<Req>,
  { error }: { error: string },
) {
  // What fromDecl returns is what `request` reads: the generic bound cannot say so to pipe().
  const converted = z.pipe(
    z.pipe(decl, z.transform(fromDecl)),
    request as unknown as z.ZodMiniType<z.output<Req>, Awaited<z.input<Req>>>,
  );
  return z.union([request, converted], {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      // A refused value stops a transform, so zod counts both shapes as failed: the shape the
      // value was written in is the one whose types fit (best at the top, then in the entries).
      const misfit = (branch: { code: string; path: PropertyKey[] }[]): number =>
        branch.some((i) => i.code === 'invalid_type' && i.path.length === 0)
          ? 2
          : branch.some((i) => i.code === 'invalid_type')
            ? 1
            : 0;
      const scores = issue.errors.map(misfit);
      const best = Math.min(...scores);
      const meant =
        scores.filter((s) => s === best).length === 1 ? issue.errors[scores.indexOf(best)] : undefined;
      const first = meant?.[0];
      if (first)
        return first.path.length ? `${first.message} (entry ${Number(first.path[0]) + 1})` : first.message;
      return Array.isArray(issue.input) ? error : `${error}, not ${describeType(issue.input)}`;
    },
  });
}
