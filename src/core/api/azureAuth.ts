import {
  type AzureAuthAttach,
  type AzureAuthPatch,
  type IdentityAzureAuth,
  identityAzureAuthResponseSchema,
} from '../schemas/azureAuth';
import type { Call } from './appConnections';
import type { InfisicalClient } from './client';

const path = (identityId: string) => `/api/v1/auth/azure-auth/identities/${encodeURIComponent(identityId)}`;

export function azureAuthApi(client: InfisicalClient) {
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    identityId: string,
    opts: Call,
    body?: unknown,
  ): Promise<IdentityAzureAuth> => {
    const res = await client.request({
      method,
      path: path(identityId),
      body,
      schema: identityAzureAuthResponseSchema,
      signal: opts.signal,
    });
    return res.identityAzureAuth;
  };
  return {
    /** 400 `The identity does not have Azure Auth attached` when it has none. */
    get: (identityId: string, opts: Call = {}) => call('GET', identityId, opts),
    attach: (identityId: string, body: AzureAuthAttach, opts: Call = {}) =>
      call('POST', identityId, opts, body),
    /**
     * An empty body sends no PATCH: the Azure Auth is read and returned as it is (Infisical
     * answers a PATCH of `{}` with a 500, an SQL update of nothing).
     */
    async update(identityId: string, body: AzureAuthPatch, opts: Call = {}) {
      if (Object.keys(body).length === 0) return call('GET', identityId, opts);
      return call('PATCH', identityId, opts, body);
    },
    /** Also revokes every access token issued through Azure Auth. */
    revoke: (identityId: string, opts: Call = {}) => call('DELETE', identityId, opts),
  };
}
export type AzureAuthApi = ReturnType<typeof azureAuthApi>;
