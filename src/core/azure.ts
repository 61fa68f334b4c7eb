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

/** What this extension can do with an app connection (the trees' menus and the forms agree). */
export interface ConnectionCapabilities {
  /** An Azure Client Secrets connection of a method this version knows: form and JSON editor. */
  editable: boolean;
  /** A client-secret connection with a rotation schedule: "Rotate now". */
  rotatable: boolean;
  /** An OAuth connection: re-authorized in Infisical's web app only. */
  oauth: boolean;
}

export function connectionCapabilities(c: {
  app: string;
  method: string;
  rotation?: { rotationInterval?: number } | null;
}): ConnectionCapabilities {
  // A method this version does not know (a newer server) is shown, but not edited blindly.
  const editable = c.app === AZURE_CLIENT_SECRETS_APP && isAzureMethod(c.method);
  return {
    editable,
    rotatable: editable && c.method === 'client-secret' && c.rotation?.rotationInterval !== undefined,
    oauth: editable && c.method === 'oauth',
  };
}
