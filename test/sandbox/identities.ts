/** Machine identity routes: the organization's memberships (paged, searched) and one identity. */
import { type ApiRoute, actorOf, type RouteContext } from './context';
import { forbidden, notFound, parseOr422 } from './http';
import type { Actor } from './tokens';
import type { IdentityRecord, SandboxState } from './types';
import { identityMembershipsQuery } from './validation';

/** An identity of the caller's organization, or 404 (other organizations' identities are invisible). */
export function findIdentity(state: SandboxState, actor: Actor, identityId: string): IdentityRecord {
  const identity = state.identities.find((i) => i.id === identityId && i.orgId === actor.orgId);
  if (!identity) throw notFound(`Failed to find identity with ID ${identityId}`);
  return identity;
}

function membership(identity: IdentityRecord): Record<string, unknown> {
  return {
    id: identity.membershipId,
    role: identity.role,
    roleId: null,
    customRole: null,
    orgId: identity.orgId,
    lastLoginAuthMethod: identity.lastLoginAuthMethod,
    lastLoginTime: identity.lastLoginTime,
    createdAt: identity.createdAt,
    updatedAt: identity.updatedAt,
  };
}

const compareNames = (a: IdentityRecord, b: IdentityRecord): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1;

function listMemberships(ctx: RouteContext) {
  const actor = actorOf(ctx);
  const orgId = ctx.params.orgId ?? '';
  if (orgId !== actor.orgId) throw forbidden('You are not allowed to access this organization');
  const query = parseOr422(identityMembershipsQuery, ctx.query);
  const needle = query.search?.toLowerCase();
  const matching = ctx.env.state.identities.filter(
    (i) => i.orgId === orgId && (!needle || i.name.toLowerCase().includes(needle)),
  );
  matching.sort(compareNames);
  if (query.orderDirection === 'desc') matching.reverse();
  const page = matching.slice(query.offset, query.offset + query.limit);
  return {
    body: {
      identityMemberships: page.map((i) => ({
        ...membership(i),
        identity: { id: i.id, name: i.name, orgId: i.orgId, authMethods: [...i.authMethods] },
      })),
      totalCount: matching.length,
    },
  };
}

export const identityRoutes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/api/v2/organizations/:orgId/identity-memberships',
    auth: 'any',
    handle: listMemberships,
  },
  {
    method: 'GET',
    pattern: '/api/v1/identities/:identityId',
    auth: 'any',
    handle: (ctx) => {
      const i = findIdentity(ctx.env.state, actorOf(ctx), ctx.params.identityId ?? '');
      return {
        body: {
          identity: {
            ...membership(i),
            identity: {
              id: i.id,
              name: i.name,
              orgId: i.orgId,
              authMethods: [...i.authMethods],
              hasDeleteProtection: i.hasDeleteProtection,
              createdAt: i.createdAt,
              updatedAt: i.updatedAt,
            },
          },
        },
      };
    },
  },
];
