/** The names of references to write-only values: the quick fix's suggestion and the schema's example. */

const REFERENCE_SUFFIX: Record<string, string> = {
  clientSecret: 'CLIENT_SECRET',
  certificateBody: 'CERTIFICATE',
  privateKey: 'PRIVATE_KEY',
};

/**
 * The name a reference `{ "env": … }` to a connection's write-only field is offered under: the
 * quick fix suggests it and the schema's examples show it, so both read the same.
 */
export function referenceName(connection: string | undefined, field: string): string {
  const base = connection?.trim() ? connection : 'AZURE';
  const suffix = REFERENCE_SUFFIX[field] ?? field;
  return `${base.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_${suffix.toUpperCase()}`;
}

/** The connection the schema's examples are about. */
export const EXAMPLE_CONNECTION = 'azure-prod';
