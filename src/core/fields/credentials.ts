import type { AzureMethod } from '../azure';
import { guid, str } from '../schemas/common';
import * as z from '../schemas/zod';
import { GUID_EXAMPLE } from './values';

/**
 * The credential fields of Azure Client Secrets connections, one entry each, across methods.
 * Credentials are replaced as a whole and hold write-only values (Infisical never returns
 * them), so they are a table of their own: which fields a document shows, which a save must be
 * given, how the form and prompts call them, and the workspace file's schema of the plain ones
 * are derived from it. The PATCH schemas per method stay in schemas/appConnection.ts (OAuth's
 * tenant rule differs, and each method's order is its JSON Schema's).
 */
export interface CredentialField {
  label: string;
  help: string;
  placeholder?: string;
  /** Never returned by the server: held in memory in documents, a `{ "env": … }` in files. */
  writeOnly: boolean;
  /** How the form's control shows it (a password box, a PEM text area rebuilt when pasted flat). */
  control?: 'password' | 'pem';
  /** Write-only but not a secret (a certificate is public): shown while typed. */
  notSecret?: true;
  /** How a prompt names a write-only field. */
  spoken?: string;
  /** A stand-in valid in shape for a write-only field while planning (never sent). */
  planned?: string;
  /** The workspace file's schema of a plain field (write-only ones are references there). */
  decl?: z.ZodMiniType<string>;
  /** Only Infisical's web app receives it: no form, prompt or file gives it. */
  neverTyped?: true;
  /** Server 400 sentences naming this field alone (rank as in the connection table). */
  serverMessage?: { pattern: RegExp; rank: number };
}

export const CREDENTIAL_FIELDS = {
  tenantId: {
    label: 'Tenant ID',
    help: 'The Directory (tenant) ID in Microsoft Entra ID.',
    placeholder: GUID_EXAMPLE,
    writeOnly: false,
    // A GUID but for OAuth connections: the entry's check knows the method.
    decl: z.meta(
      str('credentials.tenantId').check(
        z.trim(),
        z.minLength(1, { error: 'credentials.tenantId must not be empty' }),
      ),
      { description: 'The Directory (tenant) ID of the Entra ID tenant.' },
    ),
  },
  clientId: {
    label: 'Client ID',
    help: 'The Application (client) ID of the app registration.',
    placeholder: GUID_EXAMPLE,
    writeOnly: false,
    decl: z.meta(guid('credentials.clientId'), {
      description: 'The Application (client) ID of the app registration.',
    }),
  },
  clientSecretKeyId: {
    label: 'Client secret key ID',
    help: 'The Secret ID of the client secret in Entra ID; automatic rotation needs it.',
    placeholder: GUID_EXAMPLE,
    writeOnly: false,
    serverMessage: { pattern: /clientSecretKeyId|client secret key id/i, rank: 1 },
    decl: z.meta(guid('credentials.clientSecretKeyId'), {
      description: 'The Secret ID of the client secret in Entra ID (needed for automatic rotation).',
    }),
  },
  clientSecret: {
    label: 'Client secret',
    help: 'Leave blank to keep the current secret (Infisical never returns it). A new secret replaces the credentials as a whole; Infisical checks them with Microsoft before it saves.',
    placeholder: 'Unchanged',
    writeOnly: true,
    control: 'password',
    spoken: 'client secret',
    planned: 'planned-reference',
  },
  certificateBody: {
    label: 'Certificate',
    help: 'Leave blank to keep the current certificate. To replace the credentials, enter the certificate and its private key.',
    placeholder: '-----BEGIN CERTIFICATE-----',
    writeOnly: true,
    control: 'pem',
    notSecret: true,
    spoken: 'certificate',
    planned: '-----BEGIN CERTIFICATE-----\nplanned-reference\n-----END CERTIFICATE-----',
  },
  privateKey: {
    label: 'Private key',
    help: 'PKCS#8 PEM (convert with `openssl pkcs8 -topk8 -nocrypt`). Leave blank to keep the current key.',
    placeholder: '-----BEGIN PRIVATE KEY-----',
    writeOnly: true,
    control: 'pem',
    spoken: 'private key',
    planned: '-----BEGIN PRIVATE KEY-----\nplanned-reference\n-----END PRIVATE KEY-----',
  },
  code: {
    label: 'OAuth code',
    help: 'The code from Microsoft’s consent redirect, which only Infisical’s web app receives.',
    writeOnly: true,
    spoken: 'OAuth code',
    neverTyped: true,
  },
} as const satisfies Record<string, CredentialField>;

export type CredentialKey = keyof typeof CREDENTIAL_FIELDS;

/** Each method's credential fields, in the order documents and the form show them. */
export const METHOD_CREDENTIALS = {
  oauth: ['tenantId', 'code'],
  'client-secret': ['tenantId', 'clientId', 'clientSecret', 'clientSecretKeyId'],
  certificate: ['tenantId', 'clientId', 'certificateBody', 'privateKey'],
} as const satisfies Record<AzureMethod, readonly CredentialKey[]>;

const fieldsOf = (method: AzureMethod, writeOnly: boolean): readonly CredentialKey[] =>
  METHOD_CREDENTIALS[method].filter((k) => CREDENTIAL_FIELDS[k].writeOnly === writeOnly);

/** The write-only fields of a method: what the server never returns. */
export const writeOnlyCredentials = (method: AzureMethod) => fieldsOf(method, true);
/** The write-only fields a person gives to replace a method's credentials (none for OAuth). */
export const replaceableCredentials = (method: AzureMethod): readonly CredentialKey[] =>
  writeOnlyCredentials(method).filter((k) => !('neverTyped' in CREDENTIAL_FIELDS[k]));
/** The fields the form holds for a method: all it can type, and the shown ones. */
export const formCredentials = (method: AzureMethod): readonly CredentialKey[] =>
  METHOD_CREDENTIALS[method].filter((k) => !('neverTyped' in CREDENTIAL_FIELDS[k]));
/** Every field a form or prompt can type, in the table's order (all but OAuth's code). */
export type TypedCredentialKey = Exclude<CredentialKey, 'code'>;
export const TYPED_CREDENTIALS = (Object.keys(CREDENTIAL_FIELDS) as CredentialKey[]).filter(
  (k): k is TypedCredentialKey => !('neverTyped' in CREDENTIAL_FIELDS[k]),
);
/** The write-only fields a form or prompt can type: blank in every form, never in a draft. */
export type TypedWriteOnlyKey = {
  [K in TypedCredentialKey]: (typeof CREDENTIAL_FIELDS)[K]['writeOnly'] extends true ? K : never;
}[TypedCredentialKey];
export const TYPED_WRITE_ONLY = TYPED_CREDENTIALS.filter(
  (k): k is TypedWriteOnlyKey => CREDENTIAL_FIELDS[k].writeOnly,
);

/** The fields of a method a document shows (what the server returns), in order. */
export const shownCredentials = (method: AzureMethod) => fieldsOf(method, false);
