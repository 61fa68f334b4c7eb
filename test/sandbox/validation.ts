/**
 * The sandbox's own copy of the server's request rules (zod v4). Deliberately independent of
 * src/: it is the oracle the client's validators are tested against.
 *
 * Like the real server, uuid formats are checked BEFORE trimming, so a padded uuid is a 422.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import type { TrustedIp } from './types';

// ---- Shared pieces -------------------------------------------------------------------------

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const slug = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `${field} must be at least 1 character`)
    .max(64, `${field} must be 64 or fewer characters`)
    .regex(
      SLUG,
      `${field} must only contain lowercase letters, numbers and single hyphens (no leading or trailing hyphen)`,
    );

/** uuid checked on the raw value, then trimmed (the server's order). */
const uuid = (field: string) => z.string().guid(`${field} must be a valid uuid`).trim();

const required = (field: string) => z.string().trim().min(1, `${field} required`);

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+\r?\n-----END CERTIFICATE-----$/;
const PEM_PKCS8_KEY = /^-----BEGIN PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END PRIVATE KEY-----$/;

// ---- App connections: azure-client-secrets PATCH --------------------------------------------

export const AZURE_CLIENT_SECRETS_METHODS = ['oauth', 'client-secret', 'certificate'] as const;
export type AzureClientSecretsMethod = (typeof AZURE_CLIENT_SECRETS_METHODS)[number];

export const credentialSchemas = {
  oauth: z.object({
    code: required('OAuth code'),
    tenantId: required('Tenant ID'),
  }),
  'client-secret': z.object({
    clientId: uuid('Client ID'),
    clientSecret: z
      .string()
      .trim()
      .min(1, 'Client Secret required')
      .max(50, 'Client Secret must be at most 50 characters long'),
    tenantId: uuid('Tenant ID'),
    clientSecretKeyId: z.string().trim().min(1, 'Client Secret Key ID cannot be empty').optional(),
  }),
  certificate: z.object({
    tenantId: uuid('Tenant ID'),
    clientId: uuid('Client ID'),
    certificateBody: z
      .string()
      .trim()
      .min(1, 'Certificate body required')
      .regex(PEM_CERTIFICATE, 'Certificate body must be a PEM certificate (-----BEGIN CERTIFICATE-----)'),
    privateKey: z
      .string()
      .trim()
      .min(1, 'Private Key required')
      .regex(PEM_PKCS8_KEY, 'Private Key must be a PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----)'),
  }),
} as const;

export function isAzureClientSecretsMethod(method: string): method is AzureClientSecretsMethod {
  return (AZURE_CLIENT_SECRETS_METHODS as readonly string[]).includes(method);
}

const NOT_SUPPORTED = 'Not supported for Azure Client Secrets Connections';

const rotateAtUtcSchema = z.object({
  hours: z.number().int().min(0).max(23),
  minutes: z.number().int().min(0).max(59),
});

/** Top level only; `credentials` is checked against the connection's stored method afterwards. */
export const updateAzureClientSecretsBody = z.strictObject({
  name: slug('Name').optional(),
  description: z.string().trim().max(256, 'Description cannot exceed 256 characters').nullable().optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
  isPlatformManagedCredentials: z.literal(false, NOT_SUPPORTED).optional(),
  gatewayId: z.null(NOT_SUPPORTED).optional(),
  isAutoRotationEnabled: z.boolean().optional(),
  rotation: z
    .strictObject({
      rotationInterval: z.number().int().min(1).max(365).optional(),
      rotateAtUtc: rotateAtUtcSchema.optional(),
    })
    .optional(),
});
export type UpdateAzureClientSecretsBody = z.output<typeof updateAzureClientSecretsBody>;

export const connectionListQuery = z.object({
  projectId: z.string().trim().min(1).optional(),
});

// ---- Projects -------------------------------------------------------------------------------

/** Infisical's project types (an unknown one is a 422, as its nativeEnum query makes it). */
export const PROJECT_TYPES = [
  'secret-manager',
  'cert-manager',
  'kms',
  'ssh',
  'secret-scanning',
  'pam',
] as const;

export const projectListQuery = z.object({
  type: z.enum(PROJECT_TYPES).optional(),
  includeRoles: z.enum(['true', 'false']).optional(),
});

// ---- Machine identities ---------------------------------------------------------------------

export const identityMembershipsQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(20000).default(100),
  orderBy: z.enum(['name']).default('name'),
  orderDirection: z.enum(['asc', 'desc']).default('asc'),
  search: z.string().trim().optional(),
});

// ---- Azure Auth -----------------------------------------------------------------------------

const MAX_TTL_SECONDS = 315360000;
const ttl = () => z.number().int().min(0).max(MAX_TTL_SECONDS);
const TTL_REFINE_MESSAGE = 'Access Token TTL cannot be greater than Access Token Max TTL.';

/** Trimmed parts re-joined with ", " ("" = any principal of the tenant). */
const servicePrincipalIds = z
  .string()
  .trim()
  .transform((value) =>
    value === ''
      ? ''
      : value
          .split(',')
          .map((part) => part.trim())
          .join(', '),
  );

const trustedIpsInput = z.array(z.strictObject({ ipAddress: z.string().trim() })).min(1);

const DEFAULT_TRUSTED_IPS = [{ ipAddress: '0.0.0.0/0' }, { ipAddress: '::/0' }];

export const attachAzureAuthBody = z
  .strictObject({
    tenantId: z.string().trim(),
    resource: z.string().trim(),
    allowedServicePrincipalIds: servicePrincipalIds.default(''),
    accessTokenTrustedIps: trustedIpsInput.default(DEFAULT_TRUSTED_IPS),
    accessTokenTTL: ttl().default(2592000),
    accessTokenMaxTTL: ttl().default(2592000),
    accessTokenNumUsesLimit: z.number().int().min(0).default(0),
  })
  .refine(
    (body) => body.accessTokenMaxTTL === 0 || body.accessTokenTTL <= body.accessTokenMaxTTL,
    TTL_REFINE_MESSAGE,
  );

export const updateAzureAuthBody = z
  .strictObject({
    tenantId: z.string().trim().optional(),
    resource: z.string().trim().optional(),
    allowedServicePrincipalIds: servicePrincipalIds.optional(),
    accessTokenTrustedIps: trustedIpsInput.optional(),
    accessTokenTTL: ttl().optional(),
    accessTokenMaxTTL: ttl().optional(),
    accessTokenNumUsesLimit: z.number().int().min(0).optional(),
  })
  // The router only compares when both are sent and non-zero; the service compares again (quirk).
  .refine(
    (body) =>
      body.accessTokenMaxTTL && body.accessTokenTTL ? body.accessTokenTTL <= body.accessTokenMaxTTL : true,
    TTL_REFINE_MESSAGE,
  );

// ---- Auth -----------------------------------------------------------------------------------

export const universalAuthLoginBody = z.object({
  clientId: z.string().trim(),
  clientSecret: z.string().trim(),
});

export const accessTokenBody = z.object({
  accessToken: z.string().trim(),
});

// ---- IP addresses ---------------------------------------------------------------------------

/** "10.0.0.0/8" → { ipAddress: '10.0.0.0', type: 'ipv4', prefix: 8 }; undefined if invalid. */
export function parseIp(value: string): TrustedIp | undefined {
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!type) return undefined;
  if (slash === -1) return { ipAddress: address, type };
  const prefixText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (type === 'ipv4' ? 32 : 128)) return undefined;
  return { ipAddress: address, type, prefix };
}
