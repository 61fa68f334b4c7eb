import type { InfisicalApi } from '../api';
import type { ResourceType } from '../resourceTypes';
import type { AppConnection, ConnectionPatch } from '../schemas/appConnection';
import type { AzureAuthPatch, IdentityAzureAuth } from '../schemas/azureAuth';
import { buildAzureAuthPatch } from './azureAuthPatch';
import { buildConnectionPatch } from './connectionPatch';
import { renderAzureAuthDocument, renderConnectionDocument } from './document';
import type { PatchResult } from './issues';

export type { ResourceType };

/** One editable resource, as every editor (JSON document or form) refers to it. */
export interface ResourceRef {
  resource: ResourceType;
  profile: string;
  /** The connection's id, or the identity's id for its Azure Auth. */
  id: string;
  /** The connection's or the identity's name, as the tree shows it. */
  label: string;
}

/**
 * What the JSON editor and the forms need to know about a resource they edit, so one save
 * path (validate → conflict check → confirm → PATCH) serves both.
 */
export interface ResourceAdapter<S, B> {
  resource: ResourceType;
  fetch(api: InfisicalApi, id: string, signal?: AbortSignal): Promise<S>;
  render(server: S, ctx: { profile: string; label: string }): string;
  build(server: S, edited: unknown): PatchResult<B>;
  send(api: InfisicalApi, id: string, body: B, signal?: AbortSignal): Promise<S>;
  version(server: S): { updatedAt?: string; version?: number };
}

export const connectionAdapter: ResourceAdapter<AppConnection, ConnectionPatch> = {
  resource: 'connection',
  fetch: (api, id, signal) => api.connections.getAzureClientSecrets(id, { signal }),
  render: (server, ctx) => renderConnectionDocument(server, ctx.profile),
  build: buildConnectionPatch,
  send: (api, id, body, signal) => api.connections.updateAzureClientSecrets(id, body, { signal }),
  version: (s) => ({ updatedAt: s.updatedAt, version: s.version }),
};

export const azureAuthAdapter: ResourceAdapter<IdentityAzureAuth, AzureAuthPatch> = {
  resource: 'azure-auth',
  fetch: (api, id, signal) => api.azureAuth.get(id, { signal }),
  render: (server, ctx) => renderAzureAuthDocument(server, ctx.label, ctx.profile),
  build: buildAzureAuthPatch,
  send: (api, id, body, signal) => api.azureAuth.update(id, body, { signal }),
  version: (s) => ({ updatedAt: s.updatedAt }),
};

// biome-ignore lint/suspicious/noExplicitAny: adapters of resources with different type parameters
export type AnyResourceAdapter = ResourceAdapter<any, any>;
