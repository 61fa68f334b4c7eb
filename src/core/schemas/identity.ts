import { absentIfNull, optionalNullableString, readableItems } from './common';
import * as z from './zod';

export const identitySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  orgId: absentIfNull(z.string()),
  /** Methods this version does not know are kept (shown by their id); non-strings are dropped. */
  authMethods: z.optional(
    z.nullable(
      z.pipe(
        z.array(z.unknown()),
        z.transform((methods) => methods.filter((m): m is string => typeof m === 'string')),
      ),
    ),
  ),
  hasDeleteProtection: z.optional(z.nullable(z.boolean())),
});
export type Identity = z.infer<typeof identitySchema>;

export const identityMembershipSchema = z.looseObject({
  id: absentIfNull(z.string()),
  role: optionalNullableString,
  orgId: absentIfNull(z.string()),
  createdAt: absentIfNull(z.string()),
  updatedAt: absentIfNull(z.string()),
  identity: identitySchema,
});
export type IdentityMembership = z.infer<typeof identityMembershipSchema>;

/**
 * One page of memberships. Memberships that cannot be read are set aside in `unreadable`; they
 * still count towards the page's length, which is what the next page's offset follows.
 */
export const identityMembershipPageSchema = z.pipe(
  z.looseObject({
    identityMemberships: z.array(z.unknown()),
    totalCount: absentIfNull(z.number()),
  }),
  z.transform((res) => {
    const { items, unreadable } = readableItems(identityMembershipSchema, res.identityMemberships);
    return { ...res, identityMemberships: items, unreadable, received: res.identityMemberships.length };
  }),
);
export type IdentityMembershipPage = z.infer<typeof identityMembershipPageSchema>;

export const identityResponseSchema = z.looseObject({ identity: identityMembershipSchema });
