import {
  azureAuthAdapter,
  connectionAdapter,
  type ResourceAdapter,
  type ResourceRef,
} from '../core/edit/adapters';
import type { AppConnection } from '../core/schemas/appConnection';
import type { IdentityAzureAuth } from '../core/schemas/azureAuth';
import { azureAuthEditText, connectionEditText } from './diff';
import {
  azureAuthFields,
  azureAuthMeta,
  azureAuthTitle,
  connectionFields,
  connectionMeta,
  connectionTitle,
  SECRET_FIELDS,
} from './fields';
import type { FormMeta } from './protocol';

/** What a form panel needs to know about the resource it edits, beyond its ResourceAdapter. */
export interface FormDefinition<S> {
  adapter: ResourceAdapter<S, unknown>;
  /** What the page gets as `server`: the editable fields. */
  fields(server: S): Record<string, unknown>;
  meta(server: S, target: ResourceRef): FormMeta;
  /** The panel title (and the name used in notifications). */
  title(server: S, target: ResourceRef): string;
  /** How the save's prompts name the resource. */
  subject(server: S, target: ResourceRef): string;
  /** The "your edit" side of a diff (never holds a secret). */
  editText(current: S, edited: Record<string, unknown>, target: ResourceRef): string;
}

export const connectionForm: FormDefinition<AppConnection> = {
  adapter: connectionAdapter as ResourceAdapter<AppConnection, unknown>,
  fields: connectionFields,
  meta: (server, target) => connectionMeta(server, target.profile),
  title: (server) => connectionTitle(server),
  subject: (server) => `"${server.name}"`,
  editText: (current, edited, target) => connectionEditText(current, edited, target.profile),
};

export const azureAuthForm: FormDefinition<IdentityAzureAuth> = {
  adapter: azureAuthAdapter as ResourceAdapter<IdentityAzureAuth, unknown>,
  fields: azureAuthFields,
  meta: (server, target) => azureAuthMeta(server, target.label, target.profile),
  title: (_server, target) => azureAuthTitle(target.label),
  subject: (_server, target) => `Azure Auth of "${target.label}"`,
  editText: (current, edited, target) => azureAuthEditText(current, edited, target.label, target.profile),
};

/** The write-only values an edit carries, so the log can redact them. */
export function secretValues(edited: Record<string, unknown>): string[] {
  const credentials = edited.credentials;
  if (typeof credentials !== 'object' || credentials === null) return [];
  return Object.entries(credentials)
    .filter(([key, value]) => SECRET_FIELDS.includes(key) && typeof value === 'string')
    .map(([, value]) => value as string);
}
