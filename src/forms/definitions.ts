import type { ProfileSession } from '../auth/session';
import type { Ext } from '../context';
import {
  azureAuthAdapter,
  connectionAdapter,
  type ResourceAdapter,
  type ResourceRef,
} from '../core/edit/adapters';
import type { ResourceType } from '../core/resourceTypes';
import type { AppConnection } from '../core/schemas/appConnection';
import type { IdentityAzureAuth } from '../core/schemas/azureAuth';
import { connectionActions } from './connectionActions';
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
import type { FormMeta, ReplyResult } from './protocol';

/** What an action of a form (beyond save) gets from its panel. */
export interface FormActionContext<S> {
  ext: Ext;
  target: ResourceRef;
  base: S;
  /** Reads the resource again, in a session the action opened. */
  fetch(session: ProfileSession, signal: AbortSignal): Promise<S>;
  /** Shows the form again, on `fresh` when given. */
  rebase(fresh: S | undefined): void;
}

/** Actions only some kinds have; the page offers them where its meta says so. */
export interface FormActions<S> {
  rotateNow?(ctx: FormActionContext<S>): Promise<ReplyResult>;
  reauthorize?(ctx: FormActionContext<S>): Promise<ReplyResult>;
}

/** What a form panel needs to know about the resource it edits, beyond its ResourceAdapter. */
export interface FormDefinition<S> {
  actions?: FormActions<S>;
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
  actions: connectionActions,
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

/** The form of each resource kind (a kind without one does not compile). */
// biome-ignore lint/suspicious/noExplicitAny: definitions of resources with different server types
export const FORM_DEFINITIONS: Record<ResourceType, FormDefinition<any>> = {
  'azure-auth': azureAuthForm,
  connection: connectionForm,
};

/** The write-only values an edit carries, so the log can redact them. */
export function secretValues(edited: Record<string, unknown>): string[] {
  const credentials = edited.credentials;
  if (typeof credentials !== 'object' || credentials === null) return [];
  return Object.entries(credentials)
    .filter(([key, value]) => SECRET_FIELDS.includes(key) && typeof value === 'string')
    .map(([, value]) => value as string);
}
