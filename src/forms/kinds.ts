import { azureAuthKind, connectionKind, type EditableKind } from '../core/edit/resources';
import type { AppConnection } from '../core/schemas/appConnection';
import type { IdentityAzureAuth } from '../core/schemas/azureAuth';
import { azureAuthEditText, connectionEditText } from './diff';
import type { FormMeta } from './protocol';
import {
  azureAuthMeta,
  azureAuthTitle,
  azureAuthView,
  connectionMeta,
  connectionTitle,
  connectionView,
  SECRET_FIELDS,
} from './views';

export interface FormTarget {
  kind: 'connection' | 'azure-auth';
  profile: string;
  id: string;
  /** The connection's or the identity's name, as the tree shows it. */
  label: string;
}

/** What a form panel needs to know about the resource it edits, beyond the shared EditableKind. */
export interface FormKind<S> {
  editable: EditableKind<S, unknown>;
  view(server: S): Record<string, unknown>;
  meta(server: S, target: FormTarget): FormMeta;
  /** The panel title (and the name used in notifications). */
  title(server: S, target: FormTarget): string;
  /** How saveEdit's prompts name the resource. */
  subject(server: S, target: FormTarget): string;
  /** The "your edit" side of a diff (never holds a secret). */
  editText(current: S, edited: Record<string, unknown>, target: FormTarget): string;
}

export const connectionForm: FormKind<AppConnection> = {
  editable: connectionKind as EditableKind<AppConnection, unknown>,
  view: connectionView,
  meta: (server, target) => connectionMeta(server, target.profile),
  title: (server) => connectionTitle(server),
  subject: (server) => `"${server.name}"`,
  editText: (current, edited, target) => connectionEditText(current, edited, target.profile),
};

export const azureAuthForm: FormKind<IdentityAzureAuth> = {
  editable: azureAuthKind as EditableKind<IdentityAzureAuth, unknown>,
  view: azureAuthView,
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
