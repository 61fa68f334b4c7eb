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
  /**
   * Its server has automatic rotation of connections: the answer carries the rotation keys,
   * whatever their values. A server older than the feature (June 2025) sends neither and drops
   * both from a PATCH with a 200, so nothing may offer or send them there.
   */
  serverRotation: boolean;
}

export function connectionCapabilities(c: {
  app: string;
  method: string;
  isAutoRotationEnabled?: boolean | null;
  rotation?: { rotationInterval?: number } | null;
}): ConnectionCapabilities {
  // A method this version does not know (a newer server) is shown, but not edited blindly.
  const editable = c.app === AZURE_CLIENT_SECRETS_APP && isAzureMethod(c.method);
  return {
    editable,
    rotatable: editable && c.method === 'client-secret' && c.rotation?.rotationInterval !== undefined,
    oauth: editable && c.method === 'oauth',
    serverRotation: 'isAutoRotationEnabled' in c || 'rotation' in c,
  };
}

/** The keys of a connection's rotation, in the order a document shows them. */
export const ROTATION_KEYS = ['isAutoRotationEnabled', 'rotation'] as const;

/**
 * Rotation set where the server has none: a problem at every surface (document, form, plan),
 * never a PATCH the server answers 200 without changing anything.
 */
export function rotationUnsupported(site: string, keys: readonly string[]): string {
  return `rotation: ${site} does not support rotation of connections (the server is older than the feature): remove ${keys.join(' and ')} or upgrade the server`;
}
