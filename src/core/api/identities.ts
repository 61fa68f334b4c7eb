import {
  type IdentityMembershipPage,
  identityMembershipPageSchema,
  identityResponseSchema,
} from '../schemas/identity';
import type { Call } from './appConnections';
import type { InfisicalClient } from './client';

export interface IdentityPageQuery extends Call {
  offset?: number;
  limit?: number;
  search?: string;
  orderBy?: 'name';
  orderDirection?: 'asc' | 'desc';
}

export const DEFAULT_IDENTITY_PAGE = 100;

export function identitiesApi(client: InfisicalClient) {
  return {
    /** One page of the organization's machine identities (server-side search and paging). */
    async listPage(orgId: string, q: IdentityPageQuery = {}): Promise<IdentityMembershipPage> {
      const search = q.search?.trim();
      return client.request({
        method: 'GET',
        path: `/api/v2/organizations/${encodeURIComponent(orgId)}/identity-memberships`,
        query: {
          offset: q.offset ?? 0,
          limit: q.limit ?? DEFAULT_IDENTITY_PAGE,
          orderBy: q.orderBy ?? 'name',
          orderDirection: q.orderDirection ?? 'asc',
          search: search ? search : undefined,
        },
        schema: identityMembershipPageSchema,
        signal: q.signal,
      });
    },

    async get(identityId: string, opts: Call = {}) {
      const res = await client.request({
        method: 'GET',
        path: `/api/v1/identities/${encodeURIComponent(identityId)}`,
        schema: identityResponseSchema,
        signal: opts.signal,
      });
      return res.identity;
    },
  };
}
export type IdentitiesApi = ReturnType<typeof identitiesApi>;
