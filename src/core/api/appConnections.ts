import * as z from 'zod';
import {
  type AppConnection,
  type AppConnectionOption,
  AZURE_CLIENT_SECRETS_APP,
  appConnectionListSchema,
  appConnectionOptionsSchema,
  appConnectionResponseSchema,
  type ConnectionPatch,
} from '../schemas/appConnection';
import type { UnreadableItem } from '../schemas/common';
import type { InfisicalClient } from './client';

export interface Call {
  signal?: AbortSignal;
}

export interface ListCall extends Call {
  projectId?: string;
  /** Told about items of the answer that could not be read (they are left out of the list). */
  onUnreadable?: (items: UnreadableItem[]) => void;
}

const BASE = '/api/v1/app-connections';
const AZURE = `${BASE}/${AZURE_CLIENT_SECRETS_APP}`;
const enc = encodeURIComponent;

export function appConnectionsApi(client: InfisicalClient) {
  const list = async (path: string, opts: ListCall): Promise<AppConnection[]> => {
    const res = await client.request({
      method: 'GET',
      path,
      query: { projectId: opts.projectId },
      schema: appConnectionListSchema,
      signal: opts.signal,
    });
    if (res.unreadable.length) opts.onUnreadable?.(res.unreadable);
    return res.appConnections;
  };
  return {
    /** Every app's connections; no projectId = organization-level connections. */
    listAll: (opts: ListCall = {}) => list(BASE, opts),
    listAzureClientSecrets: (opts: ListCall = {}) => list(AZURE, opts),

    async getAzureClientSecrets(connectionId: string, opts: Call = {}): Promise<AppConnection> {
      const res = await client.request({
        method: 'GET',
        path: `${AZURE}/${enc(connectionId)}`,
        schema: appConnectionResponseSchema,
        signal: opts.signal,
      });
      return res.appConnection;
    },

    async getAzureClientSecretsByName(name: string, opts: Call & { projectId?: string } = {}) {
      const res = await client.request({
        method: 'GET',
        path: `${AZURE}/connection-name/${enc(name)}`,
        query: { projectId: opts.projectId },
        schema: appConnectionResponseSchema,
        signal: opts.signal,
      });
      return res.appConnection;
    },

    async options(opts: Call = {}): Promise<AppConnectionOption[]> {
      const res = await client.request({
        method: 'GET',
        path: `${BASE}/options`,
        schema: appConnectionOptionsSchema,
        signal: opts.signal,
      });
      return res.appConnectionOptions;
    },

    /** Sends a PATCH body built by `buildConnectionPatch` (already validated). */
    async updateAzureClientSecrets(connectionId: string, body: ConnectionPatch, opts: Call = {}) {
      const creds = body.credentials as Record<string, unknown> | undefined;
      const res = await client.request({
        method: 'PATCH',
        path: `${AZURE}/${enc(connectionId)}`,
        body,
        schema: appConnectionResponseSchema,
        signal: opts.signal,
        timeoutMs: creds ? client.credentialTimeoutMs : undefined,
        secrets: creds ? Object.values(creds).map((v) => (typeof v === 'string' ? v : undefined)) : undefined,
      });
      return res.appConnection;
    },

    /** Rotate now; the server answers 404 when rotation is not configured. */
    async rotateAzureClientSecrets(connectionId: string, opts: Call = {}) {
      const res = await client.request({
        method: 'POST',
        path: `${AZURE}/${enc(connectionId)}/rotate-credentials`,
        body: {},
        schema: z.looseObject({ appConnection: appConnectionResponseSchema.shape.appConnection.optional() }),
        signal: opts.signal,
        timeoutMs: client.credentialTimeoutMs,
      });
      return res.appConnection;
    },
  };
}
export type AppConnectionsApi = ReturnType<typeof appConnectionsApi>;
