import {
  type AccessTokenResponse,
  accessTokenResponseSchema,
  identityDetailsSchema,
  type Organization,
  type UniversalAuthCredentials,
  userOrganizationsSchema,
} from '../schemas/auth';
import * as z from '../schemas/zod';
import type { Call } from './appConnections';
import { isMissingRoute, jwtPayload, type ServerCapabilities } from './capabilities';
import type { InfisicalClient } from './client';
import { InfisicalError } from './errors';
import type { IdentitiesApi } from './identities';
import * as messages from './messages';

export function authApi(
  client: InfisicalClient,
  capabilities: ServerCapabilities,
  identities: IdentitiesApi,
  token: () => string | undefined | Promise<string | undefined>,
) {
  /**
   * Without `/identities/details` (servers before it): the token names its identity, and the
   * identity's organization membership names the organization. An identity token cannot read
   * the organization's name there, so the id stands in for it.
   */
  const organizationOfIdentity = async (opts: Call): Promise<Organization> => {
    const payload = jwtPayload((await token()) ?? '');
    const identityId = typeof payload?.identityId === 'string' ? payload.identityId : undefined;
    // A 404 like the route's own: a user token is not an identity's, and callers then ask for
    // the organizations of a user.
    if (!identityId)
      throw new InfisicalError({
        kind: 'http',
        status: 404,
        method: 'GET',
        endpoint: '/api/v1/identities/details',
        message: messages.noIdentityInToken(client.host),
      });
    const membership = await identities.get(identityId, opts);
    const orgId = membership.orgId ?? membership.identity.orgId;
    if (!orgId)
      throw new InfisicalError({
        kind: 'invalid-response',
        method: 'GET',
        endpoint: `/api/v1/identities/${identityId}`,
        message: messages.invalidResponse(
          client.host,
          client.baseUrl,
          'GET',
          `/api/v1/identities/${identityId}`,
          messages.wrongShape('identity.orgId', undefined),
        ),
      });
    return { id: orgId, name: orgId };
  };

  return {
    /** Machine identity Universal Auth login: no bearer token, credentials in the body. */
    universalAuthLogin(creds: UniversalAuthCredentials, opts: Call = {}): Promise<AccessTokenResponse> {
      return client.request({
        method: 'POST',
        path: '/api/v1/auth/universal-auth/login',
        body: { clientId: creds.clientId, clientSecret: creds.clientSecret },
        schema: accessTokenResponseSchema,
        auth: false,
        secrets: [creds.clientSecret],
        signal: opts.signal,
      });
    },

    renew(accessToken: string, opts: Call = {}): Promise<AccessTokenResponse> {
      return client.request({
        method: 'POST',
        path: '/api/v1/auth/token/renew',
        body: { accessToken },
        schema: accessTokenResponseSchema,
        auth: false,
        secrets: [accessToken],
        signal: opts.signal,
      });
    },

    async revoke(accessToken: string, opts: Call = {}): Promise<void> {
      await client.request({
        method: 'POST',
        path: '/api/v1/auth/token/revoke',
        body: { accessToken },
        schema: z.unknown(),
        auth: false,
        secrets: [accessToken],
        signal: opts.signal,
      });
    },

    /**
     * The organization of an identity token: `/identities/details` where the server has it,
     * else from the identity the token names (remembered, so a profile asks once).
     */
    async identityOrganization(opts: Call = {}): Promise<Organization> {
      if (capabilities.get('identityDetails') === false) return organizationOfIdentity(opts);
      try {
        const res = await client.request({
          method: 'GET',
          path: '/api/v1/identities/details',
          schema: identityDetailsSchema,
          signal: opts.signal,
        });
        capabilities.learn('identityDetails', true);
        return res.identityDetails.organization;
      } catch (error) {
        if (!isMissingRoute(error)) throw error;
        capabilities.learn('identityDetails', false);
        return organizationOfIdentity(opts);
      }
    },

    /** The organizations of a user token. */
    async userOrganizations(opts: Call = {}): Promise<Organization[]> {
      const res = await client.request({
        method: 'GET',
        path: '/api/v1/organization',
        schema: userOrganizationsSchema,
        signal: opts.signal,
      });
      return res.organizations;
    },
  };
}
export type AuthApi = ReturnType<typeof authApi>;
