import * as z from 'zod';
import {
  absentIfNull,
  guid,
  intRange,
  nonEmpty,
  objectError,
  optionalNullableString,
  readableItems,
  refuseInvisible,
  SLUG_PATTERN,
  str,
} from './common';

// ── Responses: tolerant. Unknown fields are kept; unknown apps and methods are accepted. ──

export const rotationSchema = z.looseObject({
  rotationInterval: absentIfNull(z.number()),
  rotateAtUtc: z.looseObject({ hours: z.number(), minutes: z.number() }).nullable().optional(),
  rotationStatus: z.string().nullable().optional(),
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
  project: projectRefSchema.nullable().optional(),
  createdAt: absentIfNull(z.string()),
  updatedAt: absentIfNull(z.string()),
  credentials: z.record(z.string(), z.unknown()).nullable().optional(),
  isPlatformManagedCredentials: z.boolean().nullable().optional(),
  gatewayId: optionalNullableString,
  isAutoRotationEnabled: z.boolean().nullable().optional(),
  credentialsHash: optionalNullableString,
  rotation: rotationSchema.nullable().optional(),
});
export type AppConnection = z.infer<typeof appConnectionSchema>;

/** A list answer: connections that cannot be read are set aside in `unreadable`. */
export const appConnectionListSchema = z
  .looseObject({ appConnections: z.array(z.unknown()) })
  .transform((res) => {
    const { items, unreadable } = readableItems(appConnectionSchema, res.appConnections);
    return { ...res, appConnections: items, unreadable };
  });
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

export { AZURE_CLIENT_SECRETS_APP, AZURE_METHODS, type AzureMethod, isAzureMethod };

export const connectionNameSchema = str('name')
  .trim()
  .superRefine(refuseInvisible('name'))
  .min(1, { error: 'name must not be empty' })
  .max(64, { error: 'name must be at most 64 characters' })
  .regex(SLUG_PATTERN, {
    error:
      'name must be a slug: lowercase letters, digits and single hyphens, not starting or ending with a hyphen',
  })
  .meta({
    description: 'The name to update the Azure Client Secrets Connection to.',
    examples: ['azure-prod'],
  });

export const connectionDescriptionSchema = str('description', 'a string or null')
  .trim()
  .max(255, { error: 'description must be at most 255 characters (the database column is varchar(255))' })
  .nullable()
  .meta({ description: 'An optional description for the Azure Client Secrets Connection (null clears it).' });

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;
const PEM_PKCS8_KEY = /-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/;

const tenantId = guid('credentials.tenantId').meta({
  description: 'The Directory (tenant) ID of the Microsoft Entra ID tenant.',
  examples: ['00000000-0000-0000-0000-000000000000'],
});
const clientId = guid('credentials.clientId').meta({
  description: 'The Application (client) ID of the Entra ID app registration.',
});
const clientSecret = str('credentials.clientSecret')
  .trim()
  .min(1, { error: 'credentials.clientSecret must not be empty' })
  .max(50, { error: 'credentials.clientSecret must be at most 50 characters' })
  .meta({ description: 'The client secret value (write-only: Infisical never returns it).' });
const clientSecretKeyId = guid('credentials.clientSecretKeyId').meta({
  description: 'The Secret ID of the client secret in Entra ID; needed for automatic rotation.',
});
const certificateBody = str('credentials.certificateBody')
  .trim()
  .regex(PEM_CERTIFICATE, {
    error: 'credentials.certificateBody must be a PEM certificate (-----BEGIN CERTIFICATE----- …)',
  })
  .meta({ description: 'The certificate in PEM format (write-only).' });
const privateKey = str('credentials.privateKey')
  .trim()
  .regex(PEM_PKCS8_KEY, {
    error:
      'credentials.privateKey must be a PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert with `openssl pkcs8 -topk8 -nocrypt`',
  })
  .meta({ description: 'The private key in PKCS#8 PEM format (write-only).' });
const oauthCode = nonEmpty('credentials.code').meta({
  description: 'The OAuth code from Microsoft’s consent redirect (only Infisical’s web app can obtain it).',
});
const oauthTenantId = nonEmpty('credentials.tenantId').meta({
  description: 'The Directory (tenant) ID of the Microsoft Entra ID tenant.',
});

/** Full credentials as a PATCH must carry them, per method. */
export const credentialsSchemas = {
  oauth: z.strictObject({ code: oauthCode, tenantId: oauthTenantId }),
  'client-secret': z.strictObject({
    clientId,
    clientSecret,
    tenantId,
    clientSecretKeyId: clientSecretKeyId.optional(),
  }),
  certificate: z.strictObject({ tenantId, clientId, certificateBody, privateKey }),
} as const;

/** The write-only fields of each method: what the server never returns. */
export const SECRET_CREDENTIAL_FIELDS: Record<AzureMethod, readonly string[]> = {
  oauth: ['code'],
  'client-secret': ['clientSecret'],
  certificate: ['certificateBody', 'privateKey'],
};

export const rotationInputSchema = z
  .strictObject({
    rotationInterval: intRange('rotation.rotationInterval', 1, 365).meta({
      description: 'How often to rotate the client secret, in days (1–365).',
      examples: [30],
    }),
    rotateAtUtc: z
      .strictObject({
        hours: intRange('rotation.rotateAtUtc.hours', 0, 23).meta({
          description: 'Hour of day, UTC (0–23).',
        }),
        minutes: intRange('rotation.rotateAtUtc.minutes', 0, 59).meta({ description: 'Minute, UTC (0–59).' }),
      })
      .meta({ description: 'The time of day, in UTC, at which to rotate.' }),
  })
  .meta({ description: 'The automatic rotation schedule.' });
export type RotationInput = z.infer<typeof rotationInputSchema>;

const autoRotation = z
  .boolean({ error: 'isAutoRotationEnabled must be true or false' })
  .meta({ description: 'Whether Infisical rotates the client secret automatically.' });

function connectionBody<C extends z.ZodType>(credentials: C) {
  return z.strictObject(
    {
      name: connectionNameSchema.optional(),
      description: connectionDescriptionSchema.optional(),
      credentials: credentials.optional(),
      isPlatformManagedCredentials: z
        .literal(false, { error: 'isPlatformManagedCredentials can only be false' })
        .optional(),
      gatewayId: z.null({ error: 'gatewayId can only be null' }).optional(),
      isAutoRotationEnabled: autoRotation.optional(),
      rotation: rotationInputSchema.optional(),
    },
    objectError('The document'),
  );
}

/** The PATCH body for a connection of the given method (credentials can never change method). */
export function connectionPatchSchema(method: AzureMethod) {
  return connectionBody(
    credentialsSchemas[method].meta({ description: 'The credentials used to connect with Azure.' }),
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
  const credentials = (full as z.ZodObject).partial(optional).meta({
    description: `The ${method} credentials. Write-only fields (${SECRET_CREDENTIAL_FIELDS[method].join(', ')}) are never returned: add them to replace the credentials.`,
  });
  return connectionBody(credentials).omit({ isPlatformManagedCredentials: true, gatewayId: true });
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
  const credentials = (credentialsSchemas[method] as z.ZodObject).omit(omit).meta({
    description: `The ${method} credentials. Write-only fields (${SECRET_CREDENTIAL_FIELDS[method].join(', ')}) are never returned and never typed here: "Replace credentials…" asks for them and holds them in memory until the save.`,
  });
  return edit.extend({ credentials: credentials.optional() });
}
