import {
  absentIfNull,
  guid,
  nonEmpty,
  objectError,
  optionalNullableString,
  readableItems,
  str,
} from './common';
import * as z from './zod';

// ── Responses: tolerant. Unknown fields are kept; unknown apps and methods are accepted. ──

export const rotationSchema = z.looseObject({
  rotationInterval: absentIfNull(z.number()),
  rotateAtUtc: z.optional(z.nullable(z.looseObject({ hours: z.number(), minutes: z.number() }))),
  rotationStatus: z.optional(z.nullable(z.string())),
  nextRotationAt: optionalNullableString,
  lastRotationMessage: optionalNullableString,
  lastRotationAttemptedAt: optionalNullableString,
});
export type Rotation = z.infer<typeof rotationSchema>;

export const projectRefSchema = z.looseObject({
  id: z.string(),
  name: absentIfNull(z.string()),
  slug: absentIfNull(z.string()),
  type: absentIfNull(z.string()),
});

export const appConnectionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  app: z.string(),
  method: z.string(),
  description: optionalNullableString,
  version: absentIfNull(z.number()),
  orgId: absentIfNull(z.string()),
  projectId: optionalNullableString,
  project: z.optional(z.nullable(projectRefSchema)),
  createdAt: absentIfNull(z.string()),
  updatedAt: absentIfNull(z.string()),
  credentials: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  isPlatformManagedCredentials: z.optional(z.nullable(z.boolean())),
  gatewayId: optionalNullableString,
  isAutoRotationEnabled: z.optional(z.nullable(z.boolean())),
  credentialsHash: optionalNullableString,
  rotation: z.optional(z.nullable(rotationSchema)),
});
export type AppConnection = z.infer<typeof appConnectionSchema>;

/** A list answer: connections that cannot be read are set aside in `unreadable`. */
export const appConnectionListSchema = z.pipe(
  z.looseObject({ appConnections: z.array(z.unknown()) }),
  z.transform((res) => {
    const { items, unreadable } = readableItems(appConnectionSchema, res.appConnections);
    return { ...res, appConnections: items, unreadable };
  }),
);
export const appConnectionResponseSchema = z.looseObject({ appConnection: appConnectionSchema });

export const appConnectionOptionSchema = z.looseObject({
  name: z.string(),
  app: z.string(),
  methods: z.array(z.string()),
  oauthClientId: optionalNullableString,
});
export type AppConnectionOption = z.infer<typeof appConnectionOptionSchema>;
export const appConnectionOptionsSchema = z.looseObject({
  appConnectionOptions: z.array(appConnectionOptionSchema),
});

// ── Requests: strict, every server rule of the contract. ──

import { AZURE_CLIENT_SECRETS_APP, AZURE_METHODS, type AzureMethod, isAzureMethod } from '../azure';
import { optionalPart } from '../fields/connection';
import { writeOnlyCredentials } from '../fields/credentials';

export { AZURE_CLIENT_SECRETS_APP, AZURE_METHODS, type AzureMethod, isAzureMethod };

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;
const PEM_PKCS8_KEY = /-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/;

const tenantId = z.meta(guid('credentials.tenantId'), {
  description: 'The Directory (tenant) ID of the Microsoft Entra ID tenant.',
  examples: ['00000000-0000-0000-0000-000000000000'],
});
const clientId = z.meta(guid('credentials.clientId'), {
  description: 'The Application (client) ID of the Entra ID app registration.',
});
const clientSecret = z.meta(
  str('credentials.clientSecret').check(
    z.trim(),
    z.minLength(1, { error: 'credentials.clientSecret must not be empty' }),
    z.maxLength(50, { error: 'credentials.clientSecret must be at most 50 characters' }),
  ),
  { description: 'The client secret value (write-only: Infisical never returns it).' },
);
const clientSecretKeyId = z.meta(guid('credentials.clientSecretKeyId'), {
  description: 'The Secret ID of the client secret in Entra ID; needed for automatic rotation.',
});
const certificateBody = z.meta(
  str('credentials.certificateBody').check(
    z.trim(),
    z.regex(PEM_CERTIFICATE, {
      error: 'credentials.certificateBody must be a PEM certificate (-----BEGIN CERTIFICATE----- …)',
    }),
  ),
  { description: 'The certificate in PEM format (write-only).' },
);
const privateKey = z.meta(
  str('credentials.privateKey').check(
    z.trim(),
    z.regex(PEM_PKCS8_KEY, {
      error:
        'credentials.privateKey must be a PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert with `openssl pkcs8 -topk8 -nocrypt`',
    }),
  ),
  { description: 'The private key in PKCS#8 PEM format (write-only).' },
);
const oauthCode = z.meta(nonEmpty('credentials.code'), {
  description: 'The OAuth code from Microsoft’s consent redirect (only Infisical’s web app can obtain it).',
});
const oauthTenantId = z.meta(nonEmpty('credentials.tenantId'), {
  description: 'The Directory (tenant) ID of the Microsoft Entra ID tenant.',
});

/** Full credentials as a PATCH must carry them, per method. */
export const credentialsSchemas = {
  oauth: z.strictObject({ code: oauthCode, tenantId: oauthTenantId }),
  'client-secret': z.strictObject({
    clientId,
    clientSecret,
    tenantId,
    clientSecretKeyId: z.optional(clientSecretKeyId),
  }),
  certificate: z.strictObject({ tenantId, clientId, certificateBody, privateKey }),
} as const;

/** The write-only fields of each method: what the server never returns. */
export const SECRET_CREDENTIAL_FIELDS = Object.fromEntries(
  AZURE_METHODS.map((m) => [m, writeOnlyCredentials(m)]),
) as Record<AzureMethod, readonly string[]>;

function connectionBody<C extends z.ZodMiniType>(credentials: C) {
  return z.strictObject(
    {
      ...optionalPart('connection', 'request'),
      credentials: z.optional(credentials),
      isPlatformManagedCredentials: z.optional(
        z.literal(false, { error: 'isPlatformManagedCredentials can only be false' }),
      ),
      gatewayId: z.optional(z.null({ error: 'gatewayId can only be null' })),
      ...optionalPart('rotation', 'request'),
    },
    objectError('The document'),
  );
}

/** The PATCH body for a connection of the given method (credentials can never change method). */
export function connectionPatchSchema(method: AzureMethod) {
  return connectionBody(
    z.meta(credentialsSchemas[method], { description: 'The credentials used to connect with Azure.' }),
  );
}
export type ConnectionPatch = z.infer<ReturnType<typeof connectionPatchSchema>>;

/**
 * What the JSON editor shows: the PATCH fields, with the write-only credential fields optional
 * (they are absent until the user types new ones).
 */
export function connectionEditSchema(method: AzureMethod) {
  const full = credentialsSchemas[method];
  const optional = Object.fromEntries(SECRET_CREDENTIAL_FIELDS[method].map((k) => [k, true])) as Record<
    string,
    true
  >;
  const credentials = z.meta(z.partial(full as z.ZodMiniObject, optional), {
    description: `The ${method} credentials. Write-only fields (${SECRET_CREDENTIAL_FIELDS[method].join(', ')}) are never returned: add them to replace the credentials.`,
  });
  return z.omit(connectionBody(credentials), { isPlatformManagedCredentials: true, gatewayId: true });
}
export type ConnectionEdit = z.infer<ReturnType<typeof connectionEditSchema>>;

/**
 * What a JSON document may hold: the edit without write-only credential fields, which are never
 * typed into a text VS Code backs up to disk ("Replace credentials…" holds them in memory). The
 * JSON Schemas come from this, so completion never offers them.
 */
export function connectionDocumentSchema(method: AzureMethod) {
  const edit = connectionEditSchema(method);
  const omit = Object.fromEntries(SECRET_CREDENTIAL_FIELDS[method].map((k) => [k, true])) as Record<
    string,
    true
  >;
  const credentials = z.meta(z.omit(credentialsSchemas[method] as z.ZodMiniObject, omit), {
    description: `The ${method} credentials. Write-only fields (${SECRET_CREDENTIAL_FIELDS[method].join(', ')}) are never returned and never typed here: "Replace credentials…" asks for them and holds them in memory until the save.`,
  });
  return z.extend(edit, { credentials: z.optional(credentials) });
}
