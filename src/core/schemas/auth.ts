import { GUID_PATTERN } from './common';
import * as z from './zod';

export const accessTokenResponseSchema = z.looseObject({
  accessToken: z.string().check(z.minLength(1)),
  expiresIn: z.number(),
  accessTokenMaxTTL: z.optional(z.number()),
  tokenType: z.optional(z.string()),
});
export type AccessTokenResponse = z.infer<typeof accessTokenResponseSchema>;

export const organizationSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  slug: z.optional(z.string()),
});
export type Organization = z.infer<typeof organizationSchema>;

export const identityDetailsSchema = z.looseObject({
  identityDetails: z.looseObject({ organization: organizationSchema }),
});
export const userOrganizationsSchema = z.looseObject({ organizations: z.array(organizationSchema) });

/** What the sign-in flow accepts for universal auth, checked before any request. */
export const universalAuthCredentialsSchema = z.strictObject({
  clientId: z
    .string()
    .check(
      z.trim(),
      z.regex(GUID_PATTERN, { error: 'Client ID must be a GUID like 00000000-0000-0000-0000-000000000000' }),
    ),
  clientSecret: z.string().check(z.trim(), z.minLength(1, { error: 'Client secret must not be empty' })),
});
export type UniversalAuthCredentials = z.infer<typeof universalAuthCredentialsSchema>;
