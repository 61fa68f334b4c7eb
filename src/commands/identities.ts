import * as vscode from 'vscode';
import { attachAzureAuth } from '../flows/attach';
import { pickIdentity } from '../flows/pick';
import { openIdentityInWebApp } from '../flows/webApp';
import { documentUri } from '../jsonEditor/uris';
import { openReadonly, readonlyUri } from '../readonly/provider';
import { AuthMethodNode, type IdentityNode } from '../tree/identities';
import { copyToClipboard } from '../ui/clipboard';
import { UserError } from '../ui/errors';
import { withProgress } from '../ui/progress';
import type { CommandDeps } from './deps';

/** Commands of the Machine Identities view (and the palette, which picks an identity). */

type IdentityArg = IdentityNode | AuthMethodNode;

export function refresh({ trees }: CommandDeps): void {
  trees.identities.reset();
}

export function loadMore({ trees }: CommandDeps): Promise<void> {
  return trees.identities.loadMore();
}

export async function filter({ trees }: CommandDeps): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: 'Filter machine identities (server-side search by name)',
    value: trees.identities.filter,
    prompt: 'Leave empty to show all',
  });
  if (text !== undefined) trees.identities.setFilter(text);
}

export function clearFilter({ trees }: CommandDeps): void {
  trees.identities.setFilter('');
}

export async function copyId({ ext, trees }: CommandDeps, node?: IdentityArg): Promise<void> {
  const n = await pickIdentity(ext, trees, node);
  if (n) await copyToClipboard(n.identityId, `identity ID of ${n.membership.identity.name}`);
}

export async function openInWebApp({ ext, trees }: CommandDeps, node?: IdentityNode): Promise<void> {
  const n = await pickIdentity(ext, trees, node);
  if (n) await openIdentityInWebApp(ext, n.profileName, n.identityId);
}

export async function viewAuthMethod(_deps: CommandDeps, node?: AuthMethodNode): Promise<void> {
  if (!(node instanceof AuthMethodNode))
    throw new UserError('Choose an auth method in the Machine Identities view.');
  const id = node.identity;
  await openReadonly(
    readonlyUri.authMethod(id.profileName, id.identityId, id.membership.identity.name, node.method),
  );
}

export async function editAzureAuth({ ext, trees }: CommandDeps, node?: IdentityArg): Promise<void> {
  const n = await pickIdentity(ext, trees, node, 'withAzureAuth', 'Edit the Azure Auth of an identity');
  if (!n) return;
  const { openForm } = await import('../forms/open.js');
  await openForm(ext, {
    resource: 'azure-auth',
    profile: n.profileName,
    id: n.identityId,
    label: n.membership.identity.name,
  });
}

export async function editAzureAuthJson({ ext, trees }: CommandDeps, node?: IdentityArg): Promise<void> {
  const n = await pickIdentity(
    ext,
    trees,
    node,
    'withAzureAuth',
    'Edit the Azure Auth of an identity as JSON',
  );
  if (!n) return;
  const uri = documentUri({
    resource: 'azure-auth',
    profile: n.profileName,
    id: n.identityId,
    label: n.membership.identity.name,
  });
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

export async function attach({ ext, trees }: CommandDeps, node?: IdentityNode): Promise<void> {
  const n = await pickIdentity(ext, trees, node, 'withoutAzureAuth', 'Attach Azure Auth to an identity');
  if (!n) return;
  if (await attachAzureAuth(ext, n, () => trees.identities.reset())) trees.identities.reset();
}

export async function revoke({ ext, trees }: CommandDeps, node?: IdentityArg): Promise<void> {
  const n = await pickIdentity(ext, trees, node, 'withAzureAuth', 'Revoke the Azure Auth of an identity');
  if (!n) return;
  const name = n.membership.identity.name;
  const ok = await vscode.window.showWarningMessage(
    `Revoke Azure Auth from "${name}"?`,
    {
      modal: true,
      detail:
        'Workloads can no longer sign in with Azure Auth, and every access token already issued through it is revoked too.',
    },
    'Revoke Azure Auth',
  );
  if (!ok) return;
  const session = await ext.session(n.profileName);
  await withProgress(
    `Revoking Azure Auth from ${name}…`,
    (signal) => session.api.azureAuth.revoke(n.identityId, { signal }),
    () => trees.identities.reset(),
  );
  vscode.window.showInformationMessage(`Revoked Azure Auth from "${name}".`);
  trees.identities.reset();
}
