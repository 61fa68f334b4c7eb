import * as vscode from 'vscode';
import { pickConnection } from '../flows/pick';
import { rotateConnection } from '../flows/rotate';
import { openConnectionInWebApp, reauthorizeConnection } from '../flows/webApp';
import { forgetCredentials, replaceCredentials as replaceHeld } from '../jsonEditor/credentials';
import { documentUri } from '../jsonEditor/uris';
import { openReadonly, readonlyUri } from '../readonly/provider';
import type { ConnectionNode, ShowMoreNode } from '../tree/connectionNodes';
import { copyToClipboard } from '../ui/clipboard';
import type { CommandDeps } from './deps';

/** Commands of the App Connections view (and the palette, which picks a connection). */

export function refresh({ trees }: CommandDeps): void {
  trees.connections.reset();
}

export function showMore({ trees }: CommandDeps, node?: ShowMoreNode): void {
  if (node?.type === 'showMore') trees.connections.showMore(node);
}

export async function goTo(deps: CommandDeps): Promise<void> {
  const node = await pickConnection(deps.trees, undefined, 'any', 'Go to an app connection');
  if (node) await deps.revealConnection(node);
}

export function reveal(deps: CommandDeps, node: ConnectionNode): Promise<void> {
  return deps.revealConnection(node);
}

export async function copyId({ trees }: CommandDeps, node?: ConnectionNode): Promise<void> {
  const n = await pickConnection(trees, node);
  if (n) await copyToClipboard(n.connection.id, `connection ID of ${n.connection.name}`);
}

export async function viewJson({ trees }: CommandDeps, node?: ConnectionNode): Promise<void> {
  const n = await pickConnection(trees, node);
  if (!n) return;
  const c = n.connection;
  await openReadonly(readonlyUri.connection(n.profileName, c.app, c.id, c.name, c.projectId));
}

export async function openInWebApp({ ext, trees }: CommandDeps, node?: ConnectionNode): Promise<void> {
  const n = await pickConnection(trees, node);
  if (n) await openConnectionInWebApp(ext, n.profileName, n.connection);
}

export async function reauthorize({ ext, trees }: CommandDeps, node?: ConnectionNode): Promise<void> {
  const n = await pickConnection(trees, node, 'oauth', 'Re-authorize an OAuth connection');
  if (n) await reauthorizeConnection(ext, n.profileName, n.connection);
}

export async function rotate({ ext, trees }: CommandDeps, node?: ConnectionNode): Promise<void> {
  const n = await pickConnection(trees, node, 'rotatable', 'Rotate the credentials of a connection');
  if (n)
    await rotateConnection(ext, { profile: n.profileName, id: n.connection.id, name: n.connection.name });
}

export async function edit({ ext, trees }: CommandDeps, node?: ConnectionNode): Promise<void> {
  const n = await pickConnection(trees, node, 'editable', 'Edit a connection');
  if (!n) return;
  const { openForm } = await import('../forms/open.js');
  await openForm(ext, {
    resource: 'connection',
    profile: n.profileName,
    id: n.connection.id,
    label: n.connection.name,
  });
}

export async function editJson({ trees }: CommandDeps, node?: ConnectionNode): Promise<void> {
  const n = await pickConnection(trees, node, 'editable', 'Edit a connection as JSON');
  if (!n) return;
  const c = n.connection;
  const uri = documentUri({
    resource: 'connection',
    profile: n.profileName,
    id: c.id,
    method: c.method,
    label: c.name,
  });
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

/** The document a command from an editor's title, context menu or CodeLens acts on, else the active one. */
function documentOf(uri: unknown): vscode.Uri | undefined {
  return uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
}

export async function replaceCredentials({ ext, documents }: CommandDeps, uri?: vscode.Uri): Promise<void> {
  await replaceHeld(ext, await documents.credentials(), documentOf(uri));
}

export async function forgetHeldCredentials({ documents }: CommandDeps, uri?: vscode.Uri): Promise<void> {
  await forgetCredentials(await documents.credentials(), documentOf(uri));
}
