import * as z from 'zod';
import { azureAuthRequestFields, ttlOverMaxMessage, ttlWithinMax } from '../fields/azureAuth';
import { objectError } from './common';

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

// ── Requests: strict, derived from the field table (core/fields/azureAuth) ──

export { normalizePrincipalIds } from '../edit/equivalence';
export {
  DEFAULT_RESOURCE,
  DEFAULT_TRUSTED_IPS,
  DEFAULT_TTL_SECONDS,
  MAX_TTL_SECONDS,
  ttlWithinMax,
} from '../fields/azureAuth';

function checkTtls(body: { accessTokenTTL?: number; accessTokenMaxTTL?: number }, ctx: z.RefinementCtx) {
  const { accessTokenTTL: t, accessTokenMaxTTL: m } = body;
  if (t !== undefined && m !== undefined && !ttlWithinMax(t, m)) {
    ctx.addIssue({ code: 'custom', path: ['accessTokenTTL'], message: ttlOverMaxMessage(t, m) });
  }
}

/** PATCH body; also what the JSON editor holds (no Azure Auth field is write-only). */
export const azureAuthPatchSchema = z
  .strictObject(azureAuthRequestFields, objectError('The document'))
  .partial()
  .superRefine(checkTtls);
export type AzureAuthPatch = z.output<typeof azureAuthPatchSchema>;
export type AzureAuthPatchInput = z.input<typeof azureAuthPatchSchema>;

/** POST (attach) body: tenant and resource required, the rest defaulted by the server. */
export const azureAuthAttachSchema = z
  .strictObject(azureAuthRequestFields, objectError('The Azure Auth settings'))
  .partial()
  .extend({ tenantId: azureAuthRequestFields.tenantId, resource: azureAuthRequestFields.resource })
  .superRefine(checkTtls);
export type AzureAuthAttach = z.output<typeof azureAuthAttachSchema>;
export type AzureAuthAttachInput = z.input<typeof azureAuthAttachSchema>;
