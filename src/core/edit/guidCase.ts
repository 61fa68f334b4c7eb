/**
 * GUIDs Azure Auth logins compare exactly. Azure writes the tenant ID (in the issuer and `tid`)
 * and the object ID (`oid`) of its tokens in lower case, and Infisical's Azure Auth login checks
 * the issuer against `https://sts.windows.net/${tenantId}/`, `tid === tenantId` and `oid`
 * against each allowed service principal ID, none ignoring case
 * (backend/src/services/identity-azure-auth/identity-azure-auth-fns.ts and -service.ts). Infisical stores
 * whatever case it is sent, so a GUID pasted in upper case (as Azure's portal and PowerShell
 * often show them) is accepted and then refuses every login. A warning, not an error: the server
 * takes it, and the user decides.
 */

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const hasUpper = (id: string) => GUID.test(id) && /[A-F]/.test(id);

export function tenantIdCaseWarning(value: unknown): string | undefined {
  if (typeof value !== 'string' || !hasUpper(value.trim())) return undefined;
  return 'tenantId has upper-case letters: Azure writes the tenant ID in lower case in its tokens (their issuer and tid), and Infisical compares both exactly, so every login would be refused. Write it in lower case';
}

/** For one service principal ID, or a comma-separated list of them (as the API takes them). */
export function principalCaseWarning(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value
    .split(',')
    .map((s) => s.trim())
    .filter(hasUpper);
  if (upper.length === 0) return undefined;
  const which = upper.map((id) => `"${id}"`).join(', ');
  return `allowedServicePrincipalIds: ${which} ${upper.length === 1 ? 'has' : 'have'} upper-case letters: Azure sends the object ID (oid) in lower case and Infisical compares it exactly, so ${upper.length === 1 ? 'that service principal' : 'those service principals'} could never log in. Write ${upper.length === 1 ? 'it' : 'them'} in lower case`;
}
