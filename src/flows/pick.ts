import * as vscode from 'vscode';
import { ConnectionNode } from '../tree/connections';
import { AuthMethodNode, IdentityNode } from '../tree/identities';
import type { Trees } from '../tree/index';
import { UserError } from '../ui/errors';

/**
 * The node a command acts on: the one it was invoked on in a view, or, from the palette, one
 * the user picks among those the command can act on.
 */

export async function pickConnection(
  trees: Trees,
  node: unknown,
  fits: (n: ConnectionNode) => boolean = () => true,
): Promise<ConnectionNode | undefined> {
  if (node instanceof ConnectionNode) return node;
  const all = (await trees.connections.connections()).filter(fits);
  if (all.length === 0)
    throw new UserError(
      'No matching app connection is loaded: sign in, or refresh the App Connections view.',
    );
  const pick = await vscode.window.showQuickPick(
    all.map((n) => ({ label: n.connection.name, description: String(n.description ?? ''), node: n })),
    { title: 'Choose an app connection', matchOnDescription: true },
  );
  return pick?.node;
}

export async function pickIdentity(trees: Trees, node: unknown): Promise<IdentityNode | undefined> {
  if (node instanceof IdentityNode) return node;
  if (node instanceof AuthMethodNode) return node.identity;
  const loaded = (await trees.identities.getChildren()).filter(
    (n): n is IdentityNode => n instanceof IdentityNode,
  );
  if (loaded.length === 0)
    throw new UserError('No machine identity is loaded: sign in, or refresh the Machine Identities view.');
  const pick = await vscode.window.showQuickPick(
    loaded.map((n) => ({
      label: n.membership.identity.name,
      description: String(n.description ?? ''),
      node: n,
    })),
    {
      title: 'Choose a machine identity (the loaded page; use Filter to search the server)',
      matchOnDescription: true,
    },
  );
  return pick?.node;
}

/** An identity that has Azure Auth, from the node or a quick pick. */
export async function pickAzureAuthIdentity(trees: Trees, node: unknown): Promise<IdentityNode | undefined> {
  const n = await pickIdentity(trees, node);
  if (n && !n.hasAzureAuth) {
    throw new UserError(`"${n.membership.identity.name}" has no Azure Auth: attach it first.`);
  }
  return n;
}
