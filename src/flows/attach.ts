import * as vscode from 'vscode';
import type { Ext } from '../context';
import { formatDuration } from '../core/edit/duration';
import { azureAuthAttachSchema, DEFAULT_RESOURCE, DEFAULT_TTL_SECONDS } from '../core/schemas/azureAuth';
import type { IdentityNode } from '../tree/identities';
import { withProgress } from '../ui/progress';

/** Field-level check of one attach field, with the same zod schema the request uses. */
function check(
  field: 'tenantId' | 'resource' | 'allowedServicePrincipalIds',
  value: string,
): string | undefined {
  const probe = {
    tenantId: '00000000-0000-0000-0000-000000000000',
    resource: DEFAULT_RESOURCE,
    [field]: value,
  };
  const r = azureAuthAttachSchema.safeParse(probe);
  return r.success ? undefined : r.error.issues.find((i) => i.path[0] === field)?.message;
}

/** A short input flow: tenant, audience, allowed principals; the contract's defaults for the rest. */
export async function attachAzureAuth(
  ext: Ext,
  node: IdentityNode,
  onCancelled?: () => void,
): Promise<boolean> {
  const name = node.membership.identity.name;
  const title = `Attach Azure Auth to ${name}`;
  const tenantId = await vscode.window.showInputBox({
    title: `${title} (1/3): tenant`,
    prompt: 'The Directory (tenant) ID of your Microsoft Entra ID tenant',
    placeHolder: '00000000-0000-0000-0000-000000000000',
    ignoreFocusOut: true,
    validateInput: (v) => check('tenantId', v),
  });
  if (tenantId === undefined) return false;
  const resource = await vscode.window.showInputBox({
    title: `${title} (2/3): resource / audience`,
    value: DEFAULT_RESOURCE,
    prompt: 'The audience the Azure access token is issued for',
    ignoreFocusOut: true,
    validateInput: (v) => check('resource', v),
  });
  if (resource === undefined) return false;
  const principals = await vscode.window.showInputBox({
    title: `${title} (3/3): allowed service principals`,
    prompt: 'Comma-separated service principal object IDs; empty allows any principal of the tenant',
    ignoreFocusOut: true,
    validateInput: (v) => check('allowedServicePrincipalIds', v),
  });
  if (principals === undefined) return false;
  const body = azureAuthAttachSchema.parse({ tenantId, resource, allowedServicePrincipalIds: principals });
  const ok = await vscode.window.showInformationMessage(
    `Attach Azure Auth to "${name}"?`,
    {
      modal: true,
      detail: `Tenant ${body.tenantId}\nAudience ${body.resource}\nPrincipals: ${body.allowedServicePrincipalIds || 'any in the tenant'}\nDefaults: token TTL and max TTL ${formatDuration(DEFAULT_TTL_SECONDS)}, unlimited uses, any IP (0.0.0.0/0, ::/0). Edit them afterwards.`,
    },
    'Attach',
  );
  if (!ok) return false;
  await withProgress(
    `Attaching Azure Auth to ${name}…`,
    async (signal) => {
      const session = await ext.session(node.profileName);
      await session.api.azureAuth.attach(node.identityId, body, { signal });
    },
    onCancelled,
  );
  vscode.window.showInformationMessage(`Azure Auth attached to "${name}".`);
  return true;
}
