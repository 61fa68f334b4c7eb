import * as z from 'zod';
import {
  type AccessTokenResponse,
  accessTokenResponseSchema,
  identityDetailsSchema,
  type Organization,
  type UniversalAuthCredentials,
  userOrganizationsSchema,
} from '../schemas/auth';
import type { Call } from './appConnections';
import type { InfisicalClient } from './client';

export function authApi(client: InfisicalClient) {
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

    /** The organization of an identity token. */
    async identityOrganization(opts: Call = {}): Promise<Organization> {
      const res = await client.request({
        method: 'GET',
        path: '/api/v1/identities/details',
        schema: identityDetailsSchema,
        signal: opts.signal,
      });
      return res.identityDetails.organization;
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
