import * as z from 'zod';
import { GUID_PATTERN } from './common';

export const accessTokenResponseSchema = z.looseObject({
  accessToken: z.string().min(1),
  expiresIn: z.number(),
  accessTokenMaxTTL: z.number().optional(),
  tokenType: z.string().optional(),
});
export type AccessTokenResponse = z.infer<typeof accessTokenResponseSchema>;

export const organizationSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  slug: z.string().optional(),
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
    .trim()
    .regex(GUID_PATTERN, { error: 'Client ID must be a GUID like 00000000-0000-0000-0000-000000000000' }),
  clientSecret: z.string().trim().min(1, { error: 'Client secret must not be empty' }),
});
export type UniversalAuthCredentials = z.infer<typeof universalAuthCredentialsSchema>;
