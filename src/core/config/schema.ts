import * as z from 'zod';
import { AZURE_METHODS } from '../azure';
import { parseDuration } from '../edit/duration';
import { parseTrustedIp } from '../edit/ip';
import { connectionDescriptionSchema, connectionNameSchema } from '../schemas/appConnection';
import { MAX_TTL_SECONDS } from '../schemas/azureAuth';
import { GUID_PATTERN, guid, intRange, nonEmpty, objectError, refuseInvisible, str } from '../schemas/common';
import { describeType } from '../text';

/**
 * A workspace file `*.infisical-azure.json`: the Azure access settings a team keeps in git. Field
 * names are those of the PATCH bodies; values are written the way people think (durations, CIDR
 * strings, lists, "02:00"). Anything absent is unmanaged: left as the server has it.
 */

export const CONFIG_FILE_SUFFIX = '.infisical-azure.json';

/** `{ "env": "NAME" }`: where a write-only value comes from. Never the value itself. */
export const secretRefSchema = z
  .strictObject(
    {
      env: str('env')
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
          error: 'env must be an environment variable name: letters, digits and _, not starting with a digit',
        })
        .meta({
          description: 'The environment variable (or, in VS Code, the stored secret) holding the value.',
        }),
    },
    objectError('a write-only value', '{ "env": "NAME" } (a reference, never the secret itself)'),
  )
  .meta({
    description:
      'A reference to the write-only value: { "env": "AZURE_PROD_SECRET" }. In CI it is read from the environment; in VS Code from the environment, or asked for once and kept in SecretStorage.',
    examples: [{ env: 'AZURE_PROD_CLIENT_SECRET' }],
  });
export type SecretRef = z.infer<typeof secretRefSchema>;

/** Seconds as a number, or a duration such as "30d", "12h", "1h 30m". */
const duration = (what: string) =>
  z
    .union(
      [
        intRange(what, 0, MAX_TTL_SECONDS),
        str(what).superRefine((text, ctx) => {
          const seconds = parseDuration(text);
          if (seconds === undefined)
            ctx.addIssue({
              code: 'custom',
              message: `${what} "${text}" is not a duration: write seconds (3600) or units d, h, m, s ("30d", "1h 30m")`,
            });
          else if (seconds > MAX_TTL_SECONDS)
            ctx.addIssue({
              code: 'custom',
              message: `${what} must be at most ${MAX_TTL_SECONDS} seconds (3650d)`,
            });
        }),
      ],
      {
        // Neither branch fits (1.5, true, null, a list): say both ways to write it.
        error: (issue) =>
          issue.code === 'invalid_union'
            ? `${what} must be seconds (a whole number such as 3600) or a duration such as "30d" or "1h 30m", not ${typeof issue.input === 'number' ? issue.input : describeType(issue.input)}`
            : undefined,
      },
    )
    .transform((v) => (typeof v === 'number' ? v : (parseDuration(v) ?? 0)));

const trustedIpText = str('accessTokenTrustedIps entry', 'a string such as "10.0.0.0/8"')
  .superRefine(refuseInvisible('accessTokenTrustedIps entry'))
  .superRefine((value, ctx) => {
    const parsed = parseTrustedIp(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `accessTokenTrustedIps entry ${parsed.reason}` });
  })
  .transform((v) => v.trim());

export const azureAuthDeclSchema = z
  .strictObject(
    {
      tenantId: guid('tenantId').meta({
        description: 'The Directory (tenant) GUID of the Azure AD organization.',
      }),
      resource: nonEmpty('resource')
        .max(2048, { error: 'resource must be at most 2048 characters' })
        .meta({
          description:
            'The audience URL. https://management.azure.com/ (with the slash, the web UI default) and https://management.azure.com are different audiences.',
          examples: ['https://management.azure.com/'],
        }),
      allowedServicePrincipalIds: z
        .array(
          guid('allowedServicePrincipalIds entry').meta({
            description: 'A service principal object id (GUID).',
          }),
          { error: 'allowedServicePrincipalIds must be a list of GUIDs ([] = any principal of the tenant)' },
        )
        .meta({
          description:
            'The service principals allowed to log in; [] = any principal of the tenant. Order does not matter.',
          examples: [[], ['00000000-0000-0000-0000-000000000000']],
        }),
      accessTokenTrustedIps: z
        .array(trustedIpText, {
          error: 'accessTokenTrustedIps must be a list of strings such as "10.0.0.0/8"',
        })
        .min(1, {
          error: 'accessTokenTrustedIps needs at least one entry (0.0.0.0/0 and ::/0 allow any address)',
        })
        .meta({
          description:
            'Addresses or CIDR blocks access tokens can be used from. Anything but 0.0.0.0/0 and ::/0 needs a paid Infisical plan. Order does not matter.',
          examples: [['0.0.0.0/0', '::/0'], ['10.0.0.0/8']],
        }),
      accessTokenTTL: duration('accessTokenTTL').meta({
        description: 'Lifetime of an access token: seconds, or a duration such as "1h" or "30d".',
        examples: ['30d', 3600],
      }),
      accessTokenMaxTTL: duration('accessTokenMaxTTL').meta({
        description: 'Maximum lifetime of an access token (0 = no maximum): seconds or a duration.',
        examples: ['30d'],
      }),
      accessTokenNumUsesLimit: intRange('accessTokenNumUsesLimit', 0).meta({
        description: 'How many times an access token can be used (0 = unlimited).',
      }),
    },
    objectError('azureAuth', '{ "tenantId": …, "resource": … }'),
  )
  .partial()
  .meta({
    description: "The identity's Azure Auth settings. Absent fields are left as the server has them.",
  });
export type AzureAuthDecl = z.output<typeof azureAuthDeclSchema>;

const resourceName = nonEmpty('name').max(64, { error: 'name must be at most 64 characters' });
const resourceId = str('id')
  .trim()
  .regex(GUID_PATTERN, { error: 'id must be a GUID like 00000000-0000-0000-0000-000000000000' });

export const identityDeclSchema = z.strictObject(
  {
    name: resourceName.meta({
      description: 'The machine identity, by name (names are labels: pin "id" when two share one).',
    }),
    id: resourceId
      .optional()
      .meta({ description: "The identity's id: pins it when names are ambiguous or change." }),
    azureAuth: azureAuthDeclSchema,
  },
  objectError('each identities entry', '{ "name": …, "azureAuth": { … } }'),
);
export type IdentityDecl = z.output<typeof identityDeclSchema>;

const rotateAt = str('rotation.rotateAtUtc', 'a time "HH:MM" (UTC)')
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
    error: 'rotation.rotateAtUtc must be a UTC time "HH:MM", 00:00 to 23:59',
  })
  .meta({
    description: 'The time of day, in UTC, at which Infisical rotates the secret: "HH:MM".',
    examples: ['02:00'],
  });

export const rotationDeclSchema = z.strictObject(
  {
    rotationInterval: intRange('rotation.rotationInterval', 1, 365).meta({
      description: 'How often to rotate the client secret, in days (1–365).',
      examples: [30],
    }),
    rotateAtUtc: rotateAt,
  },
  objectError('rotation', '{ "rotationInterval": 30, "rotateAtUtc": "02:00" }'),
);

const guidField = (what: string, description: string) => guid(what).meta({ description });

export const credentialsDeclSchema = z
  .strictObject(
    {
      tenantId: str('credentials.tenantId')
        .trim()
        .min(1, { error: 'credentials.tenantId must not be empty' })
        .meta({ description: 'The Directory (tenant) ID of the Entra ID tenant.' }),
      clientId: guidField('credentials.clientId', 'The Application (client) ID of the app registration.'),
      clientSecretKeyId: guidField(
        'credentials.clientSecretKeyId',
        'The Secret ID of the client secret in Entra ID (needed for automatic rotation).',
      ),
      clientSecret: secretRefSchema,
      certificateBody: secretRefSchema,
      privateKey: secretRefSchema,
    },
    objectError('credentials'),
  )
  .partial()
  .meta({
    description:
      'Non-secret fields are compared with the server. Write-only fields are references ({ "env": "NAME" }), sent only when the credentials are replaced.',
  });
export type CredentialsDecl = z.output<typeof credentialsDeclSchema>;

export const connectionDeclSchema = z
  .strictObject(
    {
      name: connectionNameSchema,
      id: resourceId
        .optional()
        .meta({ description: 'The connection\'s id: pins it, so changing "name" renames it.' }),
      project: nonEmpty('project').optional().meta({
        description:
          'The project (slug, name or id) of a project-scoped connection; absent = organization level.',
      }),
      method: z
        .enum(AZURE_METHODS, { error: `method must be one of ${AZURE_METHODS.join(', ')}` })
        .optional()
        .meta({ description: 'The connection method, checked against the server (it can never change).' }),
      description: connectionDescriptionSchema.optional(),
      credentials: credentialsDeclSchema.optional(),
      isAutoRotationEnabled: z
        .boolean({ error: 'isAutoRotationEnabled must be true or false' })
        .optional()
        .meta({ description: 'Whether Infisical rotates the client secret automatically.' }),
      rotation: rotationDeclSchema.optional().meta({ description: 'The automatic rotation schedule.' }),
    },
    objectError('each connections entry', '{ "name": …, … }'),
  )
  .superRefine((c, ctx) => {
    const tenant = c.credentials?.tenantId;
    if (c.method !== 'oauth' && tenant !== undefined && !GUID_PATTERN.test(tenant))
      ctx.addIssue({
        code: 'custom',
        path: ['credentials', 'tenantId'],
        message: 'credentials.tenantId must be a GUID like 00000000-0000-0000-0000-000000000000',
      });
  });
export type ConnectionDecl = z.output<typeof connectionDeclSchema>;

export const configFileSchema = z.strictObject(
  {
    $schema: z
      .string()
      .optional()
      .meta({ description: 'The JSON Schema of this file (for editors and CI).' }),
    site: str('site')
      .trim()
      .url({ error: 'site must be the URL of the Infisical server, e.g. https://eu.infisical.com' })
      .meta({
        description: 'The Infisical server this file belongs to.',
        examples: ['https://us.infisical.com', 'https://eu.infisical.com'],
      }),
    organization: z
      .strictObject(
        {
          id: str('organization.id').trim().min(1, { error: 'organization.id must not be empty' }).meta({
            description: "The organization's id: a plan refuses a profile of another organization.",
          }),
          name: z
            .string()
            .optional()
            .meta({ description: "The organization's name, for people (not checked)." }),
        },
        objectError('organization', '{ "id": "…", "name": "…" }'),
      )
      .meta({ description: 'The organization this file belongs to.' }),
    identities: z
      .array(identityDeclSchema, { error: 'identities must be a list' })
      .optional()
      .meta({ description: "Machine identities' Azure Auth settings." }),
    connections: z
      .array(connectionDeclSchema, { error: 'connections must be a list' })
      .optional()
      .meta({ description: 'Azure Client Secrets app connections (organization- or project-scoped).' }),
  },
  objectError('The file', '{ "site": …, "organization": …, "identities": [ … ], "connections": [ … ] }'),
);
export type ConfigFile = z.output<typeof configFileSchema>;
