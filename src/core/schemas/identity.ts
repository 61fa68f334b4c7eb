import * as z from 'zod';
import { optionalNullableString } from './common';

export const identitySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  orgId: z.string().optional(),
  authMethods: z.array(z.string()).nullable().optional(),
  hasDeleteProtection: z.boolean().nullable().optional(),
});
export type Identity = z.infer<typeof identitySchema>;

export const identityMembershipSchema = z.looseObject({
  id: z.string().optional(),
  role: optionalNullableString,
  orgId: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  identity: identitySchema,
});
export type IdentityMembership = z.infer<typeof identityMembershipSchema>;

export const identityMembershipPageSchema = z.looseObject({
  identityMemberships: z.array(identityMembershipSchema),
  totalCount: z.number().optional(),
});
export type IdentityMembershipPage = z.infer<typeof identityMembershipPageSchema>;

export const identityResponseSchema = z.looseObject({ identity: identityMembershipSchema });
