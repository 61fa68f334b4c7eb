import { AZURE_METHODS } from '../azure';
import { azureAuthDeclFields } from '../fields/azureAuth';
import { CONNECTION_FIELDS, optionalPart } from '../fields/connection';
import { CREDENTIAL_FIELDS, type CredentialField, type CredentialKey } from '../fields/credentials';
import { GUID_PATTERN, nonEmpty, objectError, str } from '../schemas/common';
import * as z from '../schemas/zod';
import { EXAMPLE_CONNECTION, referenceName } from './names';

/**
 * A workspace file `*.infisical-azure.json`: the Azure access settings a team keeps in git. Field
 * names are those of the PATCH bodies; values are written the way people think (durations, CIDR
 * strings, lists, "02:00"). Anything absent is unmanaged: left as the server has it.
 */

export const CONFIG_FILE_SUFFIX = '.infisical-azure.json';

const envName = z.meta(
  str('env').check(
    z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
      error: 'env must be an environment variable name: letters, digits and _, not starting with a digit',
    }),
  ),
  { description: 'The environment variable (or, in VS Code, the stored secret) holding the value.' },
);

/**
 * `{ "env": "NAME" }`: where a write-only value comes from. Never the value itself. Its example
 * is the name the quick fix suggests for a connection named EXAMPLE_CONNECTION.
 */
function secretRef(field: string) {
  const example = referenceName(EXAMPLE_CONNECTION, field);
  return z.meta(
    z.strictObject(
      { env: envName },
      objectError('a write-only value', '{ "env": "NAME" } (a reference, never the secret itself)'),
    ),
    {
      description: `A reference to the write-only value: { "env": "${example}" }. In CI it is read from the environment; in VS Code from the environment, or asked for once and kept in SecretStorage.`,
      examples: [{ env: example }],
    },
  );
}

/**
 * The references to write-only credentials. A value written as text instead is reported by the
 * validator (at the value, with a quick fix), so the JSON Schema accepts text there too: see
 * buildJsonSchemas.
 */
export const SECRET_REF_SCHEMAS = {
  clientSecret: secretRef('clientSecret'),
  certificateBody: secretRef('certificateBody'),
  privateKey: secretRef('privateKey'),
};
export type SecretRef = z.infer<typeof SECRET_REF_SCHEMAS.clientSecret>;

export const azureAuthDeclSchema = z.meta(
  z.partial(
    z.strictObject(azureAuthDeclFields, objectError('azureAuth', '{ "tenantId": …, "resource": … }')),
  ),
  { description: "The identity's Azure Auth settings. Absent fields are left as the server has them." },
);
export type AzureAuthDecl = z.output<typeof azureAuthDeclSchema>;

const resourceName = nonEmpty('name').check(z.maxLength(64, { error: 'name must be at most 64 characters' }));
const resourceId = str('id').check(
  z.trim(),
  z.regex(GUID_PATTERN, { error: 'id must be a GUID like 00000000-0000-0000-0000-000000000000' }),
);

export const identityDeclSchema = z.strictObject(
  {
    name: z.meta(resourceName, {
      description: 'The machine identity, by name (names are labels: pin "id" when two share one).',
    }),
    id: z.meta(z.optional(resourceId), {
      description: "The identity's id: pins it when names are ambiguous or change.",
    }),
    azureAuth: azureAuthDeclSchema,
  },
  objectError('each identities entry', '{ "name": …, "azureAuth": { … } }'),
);
export type IdentityDecl = z.output<typeof identityDeclSchema>;

/** Plain credential fields as the file writes them; write-only ones as references. OAuth's code never. */
const fileCredentials = Object.fromEntries(
  Object.entries(CREDENTIAL_FIELDS as Record<string, CredentialField>).flatMap(([k, f]) =>
    f.neverTyped ? [] : [[k, f.writeOnly ? secretRefOf(k) : (f.decl as z.ZodMiniType<string>)]],
  ),
) as {
  [K in Exclude<CredentialKey, 'code'>]: (typeof CREDENTIAL_FIELDS)[K]['writeOnly'] extends true
    ? SecretRefSchema
    : z.ZodMiniType<string>;
};

type SecretRefSchema = (typeof SECRET_REF_SCHEMAS)[keyof typeof SECRET_REF_SCHEMAS];

/** A write-only credential's reference schema; a write-only field without one is a build error. */
function secretRefOf(field: string): SecretRefSchema {
  const schema = (SECRET_REF_SCHEMAS as Record<string, SecretRefSchema | undefined>)[field];
  if (!schema) throw new Error(`credentials.${field} is write-only but has no entry in SECRET_REF_SCHEMAS`);
  return schema;
}

export const credentialsDeclSchema = z.meta(
  z.partial(z.strictObject(fileCredentials, objectError('credentials'))),
  {
    description:
      'Non-secret fields are compared with the server. Write-only fields are references ({ "env": "NAME" }), sent only when the credentials are replaced.',
  },
);
export type CredentialsDecl = z.output<typeof credentialsDeclSchema>;

// The name identifies the entry: required in a file, where the PATCH has it optional.
const { name: _name, ...plainDecl } = optionalPart('connection', 'decl');

export const connectionDeclSchema = z
  .strictObject(
    {
      name: CONNECTION_FIELDS.name.decl,
      id: z.meta(z.optional(resourceId), {
        description: 'The connection\'s id: pins it, so changing "name" renames it.',
      }),
      project: z.meta(z.optional(nonEmpty('project')), {
        description:
          'The project (slug, name or id) of a project-scoped connection; absent = organization level.',
      }),
      method: z.meta(
        z.optional(z.enum(AZURE_METHODS, { error: `method must be one of ${AZURE_METHODS.join(', ')}` })),
        { description: 'The connection method, checked against the server (it can never change).' },
      ),
      ...plainDecl,
      credentials: z.optional(credentialsDeclSchema),
      ...optionalPart('rotation', 'decl'),
    },
    objectError('each connections entry', '{ "name": …, … }'),
  )
  .check(
    z.superRefine((c, ctx) => {
      const tenant = c.credentials?.tenantId;
      if (c.method !== 'oauth' && tenant !== undefined && !GUID_PATTERN.test(tenant))
        ctx.addIssue({
          code: 'custom',
          path: ['credentials', 'tenantId'],
          message: 'credentials.tenantId must be a GUID like 00000000-0000-0000-0000-000000000000',
        });
    }),
  );
export type ConnectionDecl = z.output<typeof connectionDeclSchema>;

export const configFileSchema = z.strictObject(
  {
    $schema: z.meta(z.optional(z.string()), {
      description: 'The JSON Schema of this file (for editors and CI).',
    }),
    site: z.meta(
      str('site').check(
        z.trim(),
        z.url({ error: 'site must be the URL of the Infisical server, e.g. https://eu.infisical.com' }),
      ),
      {
        description: 'The Infisical server this file belongs to.',
        examples: ['https://us.infisical.com', 'https://eu.infisical.com'],
      },
    ),
    organization: z.meta(
      z.strictObject(
        {
          id: z.meta(
            str('organization.id').check(
              z.trim(),
              z.minLength(1, { error: 'organization.id must not be empty' }),
            ),
            { description: "The organization's id: a plan refuses a profile of another organization." },
          ),
          name: z.meta(z.optional(z.string()), {
            description: "The organization's name, for people (not checked).",
          }),
        },
        objectError('organization', '{ "id": "…", "name": "…" }'),
      ),
      { description: 'The organization this file belongs to.' },
    ),
    identities: z.meta(z.optional(z.array(identityDeclSchema, { error: 'identities must be a list' })), {
      description: "Machine identities' Azure Auth settings.",
    }),
    connections: z.meta(z.optional(z.array(connectionDeclSchema, { error: 'connections must be a list' })), {
      description: 'Azure Client Secrets app connections (organization- or project-scoped).',
    }),
  },
  objectError('The file', '{ "site": …, "organization": …, "identities": [ … ], "connections": [ … ] }'),
);
export type ConfigFile = z.output<typeof configFileSchema>;
