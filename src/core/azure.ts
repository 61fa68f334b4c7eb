/**
 * The Azure Client Secrets app and its methods, without zod: the trees need them at activation,
 * where the schemas (and zod) are not loaded yet.
 */
export const AZURE_CLIENT_SECRETS_APP = 'azure-client-secrets';
export const AZURE_METHODS = ['oauth', 'client-secret', 'certificate'] as const;
export type AzureMethod = (typeof AZURE_METHODS)[number];

export function isAzureMethod(method: string): method is AzureMethod {
  return (AZURE_METHODS as readonly string[]).includes(method);
}
