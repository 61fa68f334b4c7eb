import type { InfisicalApi } from '../api';
import type { AppConnection, ConnectionPatch } from '../schemas/appConnection';
import type { AzureAuthPatch, IdentityAzureAuth } from '../schemas/azureAuth';
import { buildAzureAuthPatch } from './azureAuthPatch';
import { buildConnectionPatch } from './connectionPatch';
import { renderAzureAuthDocument, renderConnectionDocument } from './document';
import type { PatchResult } from './issues';

/**
 * What the JSON editor and the forms need to know about a resource they edit, so one save
 * path (validate → conflict check → confirm → PATCH) serves both kinds.
 */
export interface EditableKind<S, B> {
  kind: 'connection' | 'azure-auth';
  fetch(api: InfisicalApi, id: string, signal?: AbortSignal): Promise<S>;
  render(server: S, ctx: { profile: string; label: string }): string;
  build(server: S, edited: unknown): PatchResult<B>;
  send(api: InfisicalApi, id: string, body: B, signal?: AbortSignal): Promise<S>;
  version(server: S): { updatedAt?: string; version?: number };
  label(server: S): string;
}

export const connectionKind: EditableKind<AppConnection, ConnectionPatch> = {
  kind: 'connection',
  fetch: (api, id, signal) => api.connections.getAzureClientSecrets(id, { signal }),
  render: (server, ctx) => renderConnectionDocument(server, ctx.profile),
  build: buildConnectionPatch,
  send: (api, id, body, signal) => api.connections.updateAzureClientSecrets(id, body, { signal }),
  version: (s) => ({ updatedAt: s.updatedAt, version: s.version }),
  label: (s) => s.name,
};

export const azureAuthKind: EditableKind<IdentityAzureAuth, AzureAuthPatch> = {
  kind: 'azure-auth',
  fetch: (api, id, signal) => api.azureAuth.get(id, { signal }),
  render: (server, ctx) => renderAzureAuthDocument(server, ctx.label, ctx.profile),
  build: buildAzureAuthPatch,
  send: (api, id, body, signal) => api.azureAuth.update(id, body, { signal }),
  version: (s) => ({ updatedAt: s.updatedAt }),
  label: (s) => s.identityId,
};

// biome-ignore lint/suspicious/noExplicitAny: a registry of kinds with different type parameters
export type AnyEditableKind = EditableKind<any, any>;
