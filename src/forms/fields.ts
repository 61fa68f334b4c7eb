import { connectionCapabilities } from '../core/azure';
import { toAzureAuthEdit } from '../core/edit/azureAuthPatch';
import { type ConnectionEditFields, toConnectionEdit } from '../core/edit/connectionPatch';
import { type AzureAuthEdit, azureAuthEditFields } from '../core/fields/azureAuth';
import { connectionEditFieldsSchema, connectionFieldsIn } from '../core/fields/connection';
import {
  type AppConnection,
  AZURE_CLIENT_SECRETS_APP,
  SECRET_CREDENTIAL_FIELDS,
} from '../core/schemas/appConnection';
import type { IdentityAzureAuth } from '../core/schemas/azureAuth';
import * as z from '../core/schemas/zod';
import type { FormMeta } from './protocol';

/**
 * What a form receives as `server`: the editable fields of the resource (toConnectionEdit /
 * toAzureAuthEdit), never the whole record. The webview turns these fields back into a
 * server-shaped object so it can run the very patch builders the host runs.
 */

export type AzureAuthEditFields = AzureAuthEdit;

export const connectionFieldsSchema = connectionEditFieldsSchema;

export const azureAuthFieldsSchema = z.object(
  azureAuthEditFields,
) satisfies z.ZodMiniType<AzureAuthEditFields>;

/**
 * A connection-shaped object whose toConnectionEdit is `fields` (what buildConnectionPatch reads).
 * Without `isAutoRotationEnabled` the server has no rotation, and neither do these fields.
 */
export function connectionAsServer(fields: ConnectionEditFields, method: string): AppConnection {
  const server: AppConnection = {
    id: '',
    app: AZURE_CLIENT_SECRETS_APP,
    method,
    // The plain fields are stored as the edit holds them (toEdit is the identity for them).
    ...Object.fromEntries(connectionFieldsIn('connection').map(([key]) => [key, fields[key]])),
    name: fields.name,
    credentials: { ...fields.credentials },
  };
  if (fields.isAutoRotationEnabled === undefined) return server;
  server.isAutoRotationEnabled = fields.isAutoRotationEnabled;
  server.rotation = fields.rotation
    ? { rotationInterval: fields.rotation.rotationInterval, rotateAtUtc: { ...fields.rotation.rotateAtUtc } }
    : null;
  return server;
}

/** An Azure Auth-shaped object whose toAzureAuthEdit is `fields` (what buildAzureAuthPatch reads). */
export function azureAuthAsServer(fields: AzureAuthEditFields): IdentityAzureAuth {
  return {
    identityId: '',
    ...fields,
    accessTokenTrustedIps: fields.accessTokenTrustedIps.map((ip) => ({ ipAddress: ip.ipAddress })),
  };
}

export function connectionFields(server: AppConnection): Record<string, unknown> {
  return { ...toConnectionEdit(server) };
}

export function azureAuthFields(server: IdentityAzureAuth): Record<string, unknown> {
  return { ...toAzureAuthEdit(server) };
}

/** Rotate now is offered where the tree offers it: client-secret connections with a schedule. */
export function canRotateNow(server: AppConnection): boolean {
  return connectionCapabilities(server).rotatable;
}

export function connectionTitle(server: AppConnection): string {
  return `Edit ${server.name}`;
}

export function azureAuthTitle(identityName: string): string {
  return `Azure Auth: ${identityName}`;
}

export function connectionMeta(server: AppConnection, profile: string): FormMeta {
  const meta: FormMeta = {
    resource: 'connection',
    title: connectionTitle(server),
    profile,
    method: server.method,
    canRotateNow: canRotateNow(server),
    serverRotation: connectionCapabilities(server).serverRotation,
  };
  if (server.updatedAt) meta.updatedAt = server.updatedAt;
  const r = server.rotation;
  if (r) {
    meta.rotation = {
      status: r.rotationStatus ?? null,
      nextRotationAt: r.nextRotationAt ?? null,
      lastRotationMessage: r.lastRotationMessage ?? null,
    };
  }
  return meta;
}

export function azureAuthMeta(server: IdentityAzureAuth, identityName: string, profile: string): FormMeta {
  const meta: FormMeta = {
    resource: 'azure-auth',
    title: azureAuthTitle(identityName),
    profile,
    identityName,
  };
  if (server.updatedAt) meta.updatedAt = server.updatedAt;
  return meta;
}

/** Every write-only credential field: never in webview state, drafts, logs or diff texts. */
export const SECRET_FIELDS: readonly string[] = [...new Set(Object.values(SECRET_CREDENTIAL_FIELDS).flat())];

/** A copy of an edit (PATCH-shaped) without any write-only credential value. */
export function withoutSecrets(edited: Record<string, unknown>): Record<string, unknown> {
  const credentials = edited.credentials;
  if (typeof credentials !== 'object' || credentials === null) return { ...edited };
  const kept = Object.entries(credentials).filter(([key]) => !SECRET_FIELDS.includes(key));
  return { ...edited, credentials: Object.fromEntries(kept) };
}
