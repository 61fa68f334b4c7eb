import { azureAuthRequestFields, ttlOverMaxMessage, ttlWithinMax } from '../fields/azureAuth';
import { objectError } from './common';
import * as z from './zod';

// ── Response: tolerant ──

export const storedTrustedIpSchema = z.looseObject({
  ipAddress: z.string(),
  type: z.optional(z.string()),
  prefix: z.optional(z.nullable(z.number())),
});

export const identityAzureAuthSchema = z.looseObject({
  id: z.optional(z.string()),
  identityId: z.string(),
  tenantId: z.string(),
  resource: z.string(),
  allowedServicePrincipalIds: z.optional(z.nullable(z.string())),
  accessTokenTTL: z.number(),
  accessTokenMaxTTL: z.number(),
  accessTokenNumUsesLimit: z.number(),
  accessTokenTrustedIps: z.optional(z.nullable(z.array(storedTrustedIpSchema))),
  accessTokenPeriod: z.optional(z.nullable(z.number())),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
});
export type IdentityAzureAuth = z.infer<typeof identityAzureAuthSchema>;
export const identityAzureAuthResponseSchema = z.looseObject({ identityAzureAuth: identityAzureAuthSchema });

// ── Requests: strict, derived from the field table (core/fields/azureAuth) ──

export { normalizePrincipalIds } from '../edit/equivalence';
export {
  DEFAULT_RESOURCE,
  DEFAULT_TRUSTED_IPS,
  DEFAULT_TTL_SECONDS,
  MAX_TTL_SECONDS,
  ttlWithinMax,
} from '../fields/azureAuth';

function checkTtls(
  body: { accessTokenTTL?: number; accessTokenMaxTTL?: number },
  ctx: z.core.$RefinementCtx<unknown>,
) {
  const { accessTokenTTL: t, accessTokenMaxTTL: m } = body;
  if (t !== undefined && m !== undefined && !ttlWithinMax(t, m)) {
    ctx.addIssue({ code: 'custom', path: ['accessTokenTTL'], message: ttlOverMaxMessage(t, m) });
  }
}

/** PATCH body; also what the JSON editor holds (no Azure Auth field is write-only). */
export const azureAuthPatchSchema = z
  .partial(z.strictObject(azureAuthRequestFields, objectError('The document')))
  .check(z.superRefine(checkTtls));
export type AzureAuthPatch = z.output<typeof azureAuthPatchSchema>;
export type AzureAuthPatchInput = z.input<typeof azureAuthPatchSchema>;

/** POST (attach) body: tenant and resource required, the rest defaulted by the server. */
export const azureAuthAttachSchema = z
  .extend(z.partial(z.strictObject(azureAuthRequestFields, objectError('The Azure Auth settings'))), {
    tenantId: azureAuthRequestFields.tenantId,
    resource: azureAuthRequestFields.resource,
  })
  .check(z.superRefine(checkTtls));
export type AzureAuthAttach = z.output<typeof azureAuthAttachSchema>;
export type AzureAuthAttachInput = z.input<typeof azureAuthAttachSchema>;
