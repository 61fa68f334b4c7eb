import type { IdentityAzureAuth } from '../schemas/azureAuth';
import { intRange } from '../schemas/common';
import * as z from '../schemas/zod';
import { field } from './field';
import { DEFAULT_TTL_SECONDS, durationText, fileDuration, MAX_TTL_SECONDS, typedSeconds } from './values';

/** The two TTL fields of Azure Auth: alike but for their wording; the pair's rule is the builder's. */
export function ttlField<const V extends string>(key: 'accessTokenTTL' | 'accessTokenMaxTTL', value: V) {
  const max = key === 'accessTokenMaxTTL';
  return field({
    label: max ? 'Access token max TTL' : 'Access token TTL',
    help: max
      ? 'Seconds or a duration; 0 means no maximum. Must not be below the TTL.'
      : 'Seconds, or a duration such as 30d, 12h or 2h 30m.',
    section: 'tokens',
    request: z.meta(intRange(key, 0, MAX_TTL_SECONDS), {
      description: max
        ? 'The maximum lifetime for an access token in seconds (0 = no maximum).'
        : 'The lifetime for an access token in seconds (0–315360000).',
      default: DEFAULT_TTL_SECONDS,
      examples: max ? [DEFAULT_TTL_SECONDS] : [DEFAULT_TTL_SECONDS, 3600],
    }),
    decl: z.meta(fileDuration(key), {
      description: max
        ? 'Maximum lifetime of an access token (0 = no maximum): seconds or a duration.'
        : 'Lifetime of an access token: seconds, or a duration such as "1h" or "30d".',
      examples: max ? ['30d'] : ['30d', 3600],
    }),
    edit: z.number(),
    toEdit: (s: IdentityAzureAuth) => s[key],
    toDecl: (s: IdentityAzureAuth) => durationText(s[key]),
    fromDecl: (v: number) => v,
    declText: durationText,
    serverMessage: max
      ? { pattern: /max(imum)?[\s_-]*TTL/i, rank: 2 }
      : { pattern: /access token TTL|\baccessTokenTTL\b/i, rank: 1 },
    form: {
      value,
      kind: 'duration',
      order: max ? 4 : 3,
      fromEdit: (v: number) => String(v),
      toEdit: typedSeconds,
    },
  });
}
