import { configFileSchema, SECRET_REF_SCHEMAS } from '../config/schema';
import { AZURE_METHODS, connectionDocumentSchema } from './appConnection';
import { azureAuthPatchSchema } from './azureAuth';
import * as z from './zod';

/**
 * JSON Schemas (draft-07, input side) for the documents the JSON editor serves, generated from
 * the same zod schemas that validate every PATCH. Written to `schemas/` by esbuild.mjs and
 * contributed through `contributes.jsonValidation`.
 */
export function buildJsonSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {
    'azure-auth.schema.json': document(
      azureAuthPatchSchema,
      'Azure Auth of an Infisical machine identity',
      'Saving (Ctrl+S) sends these fields to Infisical as a PATCH: only the fields you changed.',
    ),
  };
  for (const method of AZURE_METHODS) {
    out[`azure-client-secrets.${method}.schema.json`] = document(
      connectionDocumentSchema(method),
      `Infisical Azure Client Secrets app connection (${method})`,
      'Saving (Ctrl+S) sends the changed fields to Infisical as a PATCH. Credentials are sent only with new write-only values, which "Replace credentials…" holds in memory (never in the text).',
    );
  }
  out['infisical-azure.schema.json'] = {
    ...z.toJSONSchema(configFileSchema, {
      target: 'draft-7',
      io: 'input',
      unrepresentable: 'any',
      // A secret written as text is the validator's to report, once, at the value and with its
      // quick fix: the JSON language server's "Incorrect type. Expected "object"." there would be
      // a second message (in the Problems view and the hover) with no way out.
      override: ({ zodSchema, jsonSchema }) => {
        if (writtenSecretAllowed.has(zodSchema)) jsonSchema.type = ['object', 'string'];
      },
    }),
    title: 'Infisical Azure access (*.infisical-azure.json)',
    description:
      'Identities\' Azure Auth and Azure Client Secrets connections of one Infisical organization, by name. Absent fields are left as the server has them; nothing is ever deleted. Secrets are never written here: write-only credentials are references { "env": "NAME" }.',
  };
  return out;
}

const writtenSecretAllowed = new Set<unknown>(Object.values(SECRET_REF_SCHEMAS));

function document(schema: z.ZodMiniType, title: string, description: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
    // zod drops the examples and default of a schema that transforms, taking them for output
    // values; ours are what a document holds (the input), which is what completion should offer.
    override: ({ zodSchema, jsonSchema }) => {
      const meta = z.globalRegistry.get(zodSchema);
      if (meta?.examples !== undefined) jsonSchema.examples = meta.examples as unknown[];
      if (meta?.default !== undefined) jsonSchema.default = meta.default;
    },
  }) as Record<string, unknown>;
  // The documents start with a comment that says what Ctrl+S does; the save reads them as
  // JSONC, trailing commas included, so the editor must not flag either.
  return { ...json, title, description, allowComments: true, allowTrailingCommas: true };
}
