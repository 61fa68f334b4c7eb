import { toConnectionEdit } from '../edit/connectionPatch';
import { azureAuthFields } from '../fields/azureAuth';
import { connectionFieldsIn } from '../fields/connection';
import type { AppConnection } from '../schemas/appConnection';
import type { IdentityAzureAuth } from '../schemas/azureAuth';
import type { AzureAuthDecl, ConnectionDecl } from './schema';

export { canonicalIp, principalList, sameIpSet, samePrincipals } from '../edit/equivalence';
export { durationText } from '../fields/azureAuth';

export { parseRotateAt, rotateAtText } from '../fields/connection';

/** An identity's Azure Auth written the way the file writes it (every field managed). */
export function azureAuthToDecl(server: IdentityAzureAuth): Required<AzureAuthDeclText> {
  return Object.fromEntries(
    azureAuthFields.map(([k, f]) => [k, f.toDecl(server)]),
  ) as Required<AzureAuthDeclText>;
}

/**
 * What a declaration asks of the PATCH builder: each declared field in the builder's shape, except
 * where it means what the server has though written otherwise (sets of IPs or principals).
 */
export function azureAuthEdited(server: IdentityAzureAuth, decl: AzureAuthDecl): Record<string, unknown> {
  const edited: Record<string, unknown> = {};
  for (const [key, f] of azureAuthFields) {
    const value = decl[key];
    if (value === undefined || f.sameAsServer?.(server, value)) continue;
    edited[key] = f.fromDecl(value);
  }
  return edited;
}

/** The declared fields only, as the file writes them (for the diff view). */
export function declaredAzureAuth(decl: AzureAuthDecl): Record<string, unknown> {
  const out: Record<string, unknown> = { ...decl };
  for (const [key, f] of azureAuthFields) {
    const value = decl[key];
    if (value !== undefined && f.declText) out[key] = f.declText(value);
  }
  return out;
}

/** The file's text form of Azure Auth: durations stay as written. */
export type AzureAuthDeclText = Omit<AzureAuthDecl, 'accessTokenTTL' | 'accessTokenMaxTTL'> & {
  accessTokenTTL?: string | number;
  accessTokenMaxTTL?: string | number;
};

/** A connection written the way the file writes it: non-secret fields only, rotation as "HH:MM". */
export function connectionToDecl(server: AppConnection, project?: string): ConnectionDeclText {
  const decl: Record<string, unknown> = { name: server.name, id: server.id };
  if (project) decl.project = project;
  decl.method = server.method;
  // A server without rotation sends no such keys, and a file written from it holds none.
  const write = (section: 'connection' | 'rotation') => {
    for (const [key, f] of connectionFieldsIn(section)) {
      const value = f.toDecl(server);
      if (key !== 'name' && value !== undefined) decl[key] = value;
    }
  };
  write('connection');
  decl.credentials = { ...toConnectionEdit(server).credentials };
  write('rotation');
  return decl as ConnectionDeclText;
}

export type ConnectionDeclText = Omit<ConnectionDecl, 'credentials'> & {
  credentials?: Record<string, string | { env: string }>;
};
