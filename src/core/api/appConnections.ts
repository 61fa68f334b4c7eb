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
import * as z from '../schemas/zod';
import { connectionsShowRotation, type ServerCapabilities } from './capabilities';
import type { InfisicalClient } from './client';
import { InfisicalError } from './errors';
import * as messages from './messages';

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

export function appConnectionsApi(client: InfisicalClient, capabilities: ServerCapabilities) {
  // A connection's app never changes: once an answer showed an id is Azure Client Secrets', a
  // PATCH to it needs no other read first.
  const azureIds = new Set<string>();
  const seen = (connections: AppConnection[]): void => {
    for (const c of connections) if (c.app === AZURE_CLIENT_SECRETS_APP) azureIds.add(c.id);
    const rotation = connectionsShowRotation(connections.filter((c) => c.app === AZURE_CLIENT_SECRETS_APP));
    if (rotation !== undefined) capabilities.learn('rotation', rotation);
  };
  const list = async (path: string, opts: ListCall): Promise<AppConnection[]> => {
    const res = await client.request({
      method: 'GET',
      path,
      query: { projectId: opts.projectId },
      schema: appConnectionListSchema,
      signal: opts.signal,
    });
    if (res.unreadable.length) opts.onUnreadable?.(res.unreadable);
    seen(res.appConnections);
    if (opts.projectId === undefined) return res.appConnections;
    // Servers without project connections ignore `projectId` and answer the organization's.
    const inProject = res.appConnections.filter((c) => c.projectId === opts.projectId);
    if (inProject.length < res.appConnections.length) capabilities.learn('projectConnections', false);
    return inProject;
  };
  const getById = async (connectionId: string, opts: Call): Promise<AppConnection> => {
    const res = await client.request({
      method: 'GET',
      path: `${AZURE}/${enc(connectionId)}`,
      schema: appConnectionResponseSchema,
      signal: opts.signal,
    });
    seen([res.appConnection]);
    return res.appConnection;
  };
  return {
    /** Every app's connections; no projectId = organization-level connections. */
    listAll: (opts: ListCall = {}) => list(BASE, opts),
    listAzureClientSecrets: (opts: ListCall = {}) => list(AZURE, opts),

    /** Refused when the id is another app's connection, which some servers answer by this route. */
    async getAzureClientSecrets(connectionId: string, opts: Call = {}): Promise<AppConnection> {
      const connection = await getById(connectionId, opts);
      if (connection.app !== AZURE_CLIENT_SECRETS_APP) throw wrongApp(connection, 'GET');
      return connection;
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

    /**
     * Sends a PATCH body built by `buildConnectionPatch` (already validated). The connection's
     * app is known first (read now unless an earlier answer showed it): a server of June 2025
     * applies a PATCH by this route to another app's connection, answers 500, and keeps the
     * change. An empty body sends no PATCH: the connection is returned as it is.
     */
    async updateAzureClientSecrets(connectionId: string, body: ConnectionPatch, opts: Call = {}) {
      const empty = Object.keys(body).length === 0;
      if (empty || !azureIds.has(connectionId)) {
        const current = await getById(connectionId, opts).catch((error: unknown) => {
          throw otherApp(error, connectionId) ?? error;
        });
        if (current.app !== AZURE_CLIENT_SECRETS_APP) throw wrongApp(current, 'PATCH');
        if (empty) return current;
      }
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
      seen([res.appConnection]);
      return res.appConnection;
    },

    /** Rotate now; the server answers 404 when rotation is not configured. */
    async rotateAzureClientSecrets(connectionId: string, opts: Call = {}) {
      const res = await client.request({
        method: 'POST',
        path: `${AZURE}/${enc(connectionId)}/rotate-credentials`,
        body: {},
        schema: z.looseObject({ appConnection: z.optional(appConnectionResponseSchema.shape.appConnection) }),
        signal: opts.signal,
        timeoutMs: client.credentialTimeoutMs,
      });
      return res.appConnection;
    },
  };
}
/** Infisical's 400 "… is not for App …" to the read before a PATCH, as a refusal of the PATCH. */
function otherApp(error: unknown, id: string): InfisicalError | undefined {
  if (
    !InfisicalError.is(error, 'http') ||
    error.status !== 400 ||
    !/is not for App/.test(error.serverMessage ?? '')
  )
    return undefined;
  return new InfisicalError({
    kind: 'http',
    status: 400,
    method: 'PATCH',
    endpoint: `${AZURE}/${id}`,
    code: error.code,
    reqId: error.reqId,
    serverMessage: error.serverMessage,
    message: messages.notAzureConnection(id, error.serverMessage ?? ''),
  });
}

function wrongApp(connection: AppConnection, method: 'GET' | 'PATCH'): InfisicalError {
  return new InfisicalError({
    kind: 'http',
    status: 400,
    method,
    endpoint: `${AZURE}/${connection.id}`,
    message: messages.wrongApp(connection.name, connection.app, method === 'PATCH'),
  });
}

export type AppConnectionsApi = ReturnType<typeof appConnectionsApi>;
