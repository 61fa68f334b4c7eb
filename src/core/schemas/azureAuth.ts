import * as z from 'zod';
import { parseTrustedIp } from '../edit/ip';
import { GUID_PATTERN, guid, intRange, nonEmpty, objectError, refuseInvisible, str } from './common';

// ── Response: tolerant ──

export const storedTrustedIpSchema = z.looseObject({
  ipAddress: z.string(),
  type: z.string().optional(),
  prefix: z.number().nullable().optional(),
});

export const identityAzureAuthSchema = z.looseObject({
  id: z.string().optional(),
  identityId: z.string(),
  tenantId: z.string(),
  resource: z.string(),
  allowedServicePrincipalIds: z.string().nullable().optional(),
  accessTokenTTL: z.number(),
  accessTokenMaxTTL: z.number(),
  accessTokenNumUsesLimit: z.number(),
  accessTokenTrustedIps: z.array(storedTrustedIpSchema).nullable().optional(),
  accessTokenPeriod: z.number().nullable().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type IdentityAzureAuth = z.infer<typeof identityAzureAuthSchema>;
export const identityAzureAuthResponseSchema = z.looseObject({ identityAzureAuth: identityAzureAuthSchema });

// ── Requests: strict ──

export const MAX_TTL_SECONDS = 315_360_000;
export const DEFAULT_TTL_SECONDS = 2_592_000;
export const DEFAULT_RESOURCE = 'https://management.azure.com/';
export const DEFAULT_TRUSTED_IPS = ['0.0.0.0/0', '::/0'] as const;

const tenantId = guid('tenantId').meta({
  description: 'The tenant ID for the Azure AD organization (the Directory (tenant) GUID).',
  examples: ['00000000-0000-0000-0000-000000000000'],
});

const resource = nonEmpty('resource')
  .max(2048, { error: 'resource must be at most 2048 characters' })
  .meta({
    description: 'The resource URL (audience) for the application registered in Azure AD.',
    default: DEFAULT_RESOURCE,
    examples: [DEFAULT_RESOURCE],
  });

const allowedServicePrincipalIds = str('allowedServicePrincipalIds', 'a string of comma-separated ids')
  .meta({
    description:
      'The comma-separated list of Azure AD service principal IDs that are allowed to authenticate with Infisical. Empty = any service principal of the tenant.',
    default: '',
    examples: ['', '00000000-0000-0000-0000-000000000000, 11111111-1111-1111-1111-111111111111'],
  })
  .superRefine(refuseInvisible('allowedServicePrincipalIds'))
  .superRefine((value, ctx) => {
    if (value.trim() === '') return;
    for (const part of value.split(',').map((p) => p.trim())) {
      if (!GUID_PATTERN.test(part)) {
        ctx.addIssue({
          code: 'custom',
          message:
            part === ''
              ? 'allowedServicePrincipalIds has an empty entry between commas'
              : `allowedServicePrincipalIds: "${part}" is not a GUID (service principal object ids are GUIDs)`,
        });
      }
    }
  })
  .transform(normalizePrincipalIds);

/** Trims the parts and joins them with ", " as the server stores them. */
export function normalizePrincipalIds(text: string): string {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(', ');
}

const trustedIp = z.strictObject(
  {
    ipAddress: str('ipAddress')
      .trim()
      .superRefine(refuseInvisible('ipAddress'))
      .superRefine((value, ctx) => {
        const parsed = parseTrustedIp(value);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `ipAddress ${parsed.reason}` });
      })
      .meta({
        description: 'An IPv4 or IPv6 address, or a CIDR block such as 10.0.0.0/8 or 2001:db8::/32.',
        examples: ['0.0.0.0/0', '::/0', '10.0.0.0/8'],
      }),
  },
  objectError('each accessTokenTrustedIps entry', '{ "ipAddress": "…" }'),
);

const trustedIps = z
  .array(trustedIp, { error: 'accessTokenTrustedIps must be a list of { "ipAddress": "…" }' })
  .min(1, { error: 'accessTokenTrustedIps needs at least one entry (0.0.0.0/0 and ::/0 allow any address)' })
  .meta({
    description:
      'The IPs or CIDR ranges that access tokens can be used from. Anything but 0.0.0.0/0 and ::/0 needs a paid Infisical plan.',
    default: DEFAULT_TRUSTED_IPS.map((ipAddress) => ({ ipAddress })),
    examples: [[{ ipAddress: '0.0.0.0/0' }, { ipAddress: '::/0' }]],
  });

const ttl = intRange('accessTokenTTL', 0, MAX_TTL_SECONDS).meta({
  description: 'The lifetime for an access token in seconds (0–315360000).',
  default: DEFAULT_TTL_SECONDS,
  examples: [DEFAULT_TTL_SECONDS, 3600],
});
const maxTtl = intRange('accessTokenMaxTTL', 0, MAX_TTL_SECONDS).meta({
  description: 'The maximum lifetime for an access token in seconds (0 = no maximum).',
  default: DEFAULT_TTL_SECONDS,
  examples: [DEFAULT_TTL_SECONDS],
});
const numUses = intRange('accessTokenNumUsesLimit', 0).meta({
  description: 'The maximum number of times that an access token can be used (0 = unlimited).',
  default: 0,
  examples: [0, 10],
});

const fields = {
  tenantId,
  resource,
  allowedServicePrincipalIds,
  accessTokenTrustedIps: trustedIps,
  accessTokenTTL: ttl,
  accessTokenMaxTTL: maxTtl,
  accessTokenNumUsesLimit: numUses,
};

/** TTL ≤ MaxTTL unless MaxTTL is 0 (no maximum); checked when both are known. */
export function ttlWithinMax(ttlSeconds: number, maxTtlSeconds: number): boolean {
  return maxTtlSeconds === 0 || ttlSeconds <= maxTtlSeconds;
}

function checkTtls(body: { accessTokenTTL?: number; accessTokenMaxTTL?: number }, ctx: z.RefinementCtx) {
  const { accessTokenTTL: t, accessTokenMaxTTL: m } = body;
  if (t !== undefined && m !== undefined && !ttlWithinMax(t, m)) {
    ctx.addIssue({
      code: 'custom',
      path: ['accessTokenTTL'],
      message: `accessTokenTTL (${t} s) must not exceed accessTokenMaxTTL (${m} s) unless accessTokenMaxTTL is 0`,
    });
  }
}

/** PATCH body; also what the JSON editor holds (no Azure Auth field is write-only). */
export const azureAuthPatchSchema = z
  .strictObject(fields, objectError('The document'))
  .partial()
  .superRefine(checkTtls);
export type AzureAuthPatch = z.output<typeof azureAuthPatchSchema>;
export type AzureAuthPatchInput = z.input<typeof azureAuthPatchSchema>;

/** POST (attach) body: tenant and resource required, the rest defaulted by the server. */
export const azureAuthAttachSchema = z
  .strictObject(fields, objectError('The Azure Auth settings'))
  .partial({
    allowedServicePrincipalIds: true,
    accessTokenTrustedIps: true,
    accessTokenTTL: true,
    accessTokenMaxTTL: true,
    accessTokenNumUsesLimit: true,
  })
  .superRefine(checkTtls);
export type AzureAuthAttach = z.output<typeof azureAuthAttachSchema>;
export type AzureAuthAttachInput = z.input<typeof azureAuthAttachSchema>;
