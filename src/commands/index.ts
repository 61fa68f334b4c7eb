import * as vscode from 'vscode';
import { webAppUrl } from '../auth/profiles';
import type { Ext } from '../context';
import { documentUri } from '../documents/uris';
import type { ConnectionNode, ConnectionsTree, ShowMoreNode } from '../tree/connections';
import { AuthMethodNode, type IdentitiesTree, IdentityNode } from '../tree/identities';
import { readonlyUri } from '../views/readonly';
import { pickProfile, signOutProfile } from './profiles';
import { reportError, UserError, withProgress } from './run';

export interface Trees {
  connections: ConnectionsTree;
  identities: IdentitiesTree;
}

export type CommandHandler = (...args: never[]) => Promise<unknown>;

/**
 * Every command's handler, each wrapped so that it reports errors once and logs them. This
 * module loads on the first command: activation registers the ids only (src/extension.ts).
 */
export function commandHandlers(ext: Ext, trees: Trees): Map<string, CommandHandler> {
  const signIn = async (args?: unknown): Promise<string | undefined> => {
    const { signIn: run } = await import('../auth/signIn.js');
    const profile = await run(ext, args);
    if (profile) {
      vscode.window.showInformationMessage(
        `Signed in to Infisical as profile "${profile.name}" (${ext.profiles.org(profile.name)?.name ?? ''}).`,
      );
    }
    return profile?.name;
  };
  const actions = {
    signIn: () => vscode.commands.executeCommand('infisical.signIn'),
    refresh: () => ext.refreshAll(),
  };
  const command = (
    id: string,
    title: string,
    handler: (...args: never[]) => unknown,
  ): [string, CommandHandler] => [
    id,
    async (...args: never[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        await reportError(ext.log, title, error, actions);
        return undefined;
      }
    },
  ];

  const pickConnection = async (node: unknown, filter: (n: ConnectionNode) => boolean = () => true) => {
    if (node && (node as ConnectionNode).kind === 'connection') return node as ConnectionNode;
    const all = (await trees.connections.connections()).filter(filter);
    if (all.length === 0)
      throw new UserError(
        'No matching app connection is loaded: sign in, or refresh the App Connections view.',
      );
    const pick = await vscode.window.showQuickPick(
      all.map((n) => ({ label: n.connection.name, description: String(n.description ?? ''), node: n })),
      { title: 'Choose an app connection', matchOnDescription: true },
    );
    return pick?.node;
  };
  const pickIdentity = async (node: unknown): Promise<IdentityNode | undefined> => {
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
  };
  const isEditable = (n: ConnectionNode) => /\beditable\b/.test(n.contextValue ?? '');
  /** An identity that has Azure Auth, from the node or a quick pick. */
  const pickAzureAuthIdentity = async (node: unknown) => {
    const n = await pickIdentity(node);
    if (n && !n.membership.identity.authMethods?.includes('azure-auth')) {
      throw new UserError(`"${n.membership.identity.name}" has no Azure Auth: attach it first.`);
    }
    return n;
  };
  const activeProfile = () => {
    const profile = ext.profiles.active();
    if (!profile) throw new UserError('Not signed in to Infisical.');
    return profile;
  };
  const orgId = () => ext.profiles.org(activeProfile().name)?.id ?? '';

  return new Map([
    command('infisical.signIn', 'Sign in to Infisical', signIn),
    command('infisical.signOut', 'Sign out', async (name?: string) => {
      const profile = await pickProfile(ext, 'Sign out of which profile?', name);
      if (profile) await signOutProfile(ext, profile.name);
    }),
    command('infisical.switchProfile', 'Switch profile', async (name?: string) => {
      const profile = await pickProfile(ext, 'Switch to profile', name);
      if (!profile) return;
      await ext.profiles.setActive(profile.name);
      if (!(await ext.profiles.isSignedIn(profile))) {
        const choice = await vscode.window.showWarningMessage(
          `Profile "${profile.name}" is signed out.`,
          'Sign In',
        );
        if (choice) await signIn();
      }
    }),
    command('infisical.removeProfile', 'Remove profile', async (name?: string) => {
      const profile = await pickProfile(ext, 'Remove which profile?', name);
      if (!profile) return;
      const ok = await vscode.window.showWarningMessage(
        `Remove profile "${profile.name}"? Its credentials are deleted from this machine.`,
        { modal: true },
        'Remove',
      );
      if (ok) {
        await signOutProfile(ext, profile.name);
        await ext.profiles.remove(profile.name);
      }
    }),
    command('infisical.showLogs', 'Show logs', () => ext.log.show()),

    // App connections
    command('infisical.refreshConnections', 'Refresh app connections', () => trees.connections.reset()),
    command('infisical.goToConnection', 'Go to connection', async () => {
      const node = await pickConnection(undefined);
      if (node) await vscode.commands.executeCommand('infisical.revealConnection', node);
    }),
    command('infisical.copyConnectionId', 'Copy ID', async (node?: ConnectionNode) => {
      const picked = await pickConnection(node);
      if (picked) await copy(picked.connection.id, `connection ID of ${picked.connection.name}`);
    }),
    command('infisical.viewConnectionJson', 'View connection as JSON', async (node?: ConnectionNode) => {
      const n = await pickConnection(node);
      if (!n) return;
      const c = n.connection;
      const doc = await vscode.workspace.openTextDocument(
        readonlyUri.connection(n.profileName, c.app, c.id, c.name, c.projectId),
      );
      await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    command('infisical.openConnectionInWebApp', 'Open in Infisical', async (node?: ConnectionNode) => {
      const n = await pickConnection(node);
      if (!n) return;
      const profile = activeProfile();
      const c = n.connection;
      const path = c.projectId
        ? `/organizations/${orgId()}/projects/secret-management/${c.projectId}/app-connections`
        : `/organizations/${orgId()}/app-connections`;
      await vscode.env.openExternal(vscode.Uri.parse(webAppUrl(profile.siteUrl, path)));
    }),
    command('infisical.reauthorizeConnection', 'Re-authorize', async (node?: ConnectionNode) => {
      const n = await pickConnection(node, (x) => x.connection.method === 'oauth');
      if (!n) return;
      const choice = await vscode.window.showInformationMessage(
        `"${n.connection.name}" uses OAuth. Microsoft sends the authorization code to Infisical's web app, so it can only be re-authorized there: open the connection in the web app and choose "Reconnect".`,
        'Open in Infisical',
      );
      if (choice) await vscode.commands.executeCommand('infisical.openConnectionInWebApp', n);
    }),
    command('infisical.rotateConnection', 'Rotate credentials', async (node?: ConnectionNode) => {
      const n = await pickConnection(node, (x) => /\brotatable\b/.test(x.contextValue ?? ''));
      if (!n) return;
      const ok = await vscode.window.showWarningMessage(
        `Rotate the client secret of "${n.connection.name}" now? Infisical creates a new secret in Entra ID and retires the old one.`,
        { modal: true },
        'Rotate Now',
      );
      if (!ok) return;
      const profile = activeProfile();
      await withProgress(
        `Rotating ${n.connection.name}…`,
        async (signal) => {
          const session = (await ext.services()).session(profile);
          await session.api.connections.rotateAzureClientSecrets(n.connection.id, { signal });
        },
        () => trees.connections.reset(),
      );
      vscode.window.showInformationMessage(`Rotated the credentials of "${n.connection.name}".`);
      trees.connections.reset();
    }),

    command('infisical.editConnection', 'Edit connection', async (node?: ConnectionNode) => {
      const n = await pickConnection(node, isEditable);
      if (!n) return;
      const { openForm } = await import('../forms/panel.js');
      await openForm(ext, {
        kind: 'connection',
        profile: n.profileName,
        id: n.connection.id,
        label: n.connection.name,
      });
    }),
    command('infisical.editConnectionJson', 'Edit connection as JSON', async (node?: ConnectionNode) => {
      const n = await pickConnection(node, isEditable);
      if (!n) return;
      const c = n.connection;
      const uri = documentUri({
        kind: 'connection',
        profile: n.profileName,
        id: c.id,
        method: c.method,
        label: c.name,
      });
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    }),

    // Machine identities
    command('infisical.refreshIdentities', 'Refresh machine identities', () => trees.identities.reset()),
    command('infisical.loadMoreIdentities', 'Load more identities', () => trees.identities.loadMore()),
    command('infisical.showMoreConnections', 'Show more connections', async (node?: ShowMoreNode) => {
      if (node?.kind === 'showMore') trees.connections.showMore(node);
    }),
    command('infisical.filterIdentities', 'Filter identities', async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter machine identities (server-side search by name)',
        value: trees.identities.filter,
        prompt: 'Leave empty to show all',
      });
      if (text !== undefined) trees.identities.setFilter(text);
    }),
    command('infisical.clearIdentityFilter', 'Clear filter', () => trees.identities.setFilter('')),
    command('infisical.copyIdentityId', 'Copy ID', async (node?: IdentityNode | AuthMethodNode) => {
      const n = await pickIdentity(node);
      if (n) await copy(n.identityId, `identity ID of ${n.membership.identity.name}`);
    }),
    command('infisical.openIdentityInWebApp', 'Open in Infisical', async (node?: IdentityNode) => {
      const n = await pickIdentity(node);
      if (!n) return;
      const url = webAppUrl(activeProfile().siteUrl, `/organizations/${orgId()}/identities/${n.identityId}`);
      await vscode.env.openExternal(vscode.Uri.parse(url));
    }),
    command('infisical.viewAuthMethod', 'View auth method', async (node?: AuthMethodNode) => {
      if (!(node instanceof AuthMethodNode))
        throw new UserError('Choose an auth method in the Machine Identities view.');
      const id = node.identity;
      const uri = readonlyUri.authMethod(
        id.profileName,
        id.identityId,
        id.membership.identity.name,
        node.method,
      );
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    command('infisical.editAzureAuth', 'Edit Azure Auth', async (node?: IdentityNode | AuthMethodNode) => {
      const n = await pickAzureAuthIdentity(node);
      if (!n) return;
      const { openForm } = await import('../forms/panel.js');
      await openForm(ext, {
        kind: 'azure-auth',
        profile: n.profileName,
        id: n.identityId,
        label: n.membership.identity.name,
      });
    }),
    command(
      'infisical.editAzureAuthJson',
      'Edit Azure Auth as JSON',
      async (node?: IdentityNode | AuthMethodNode) => {
        const n = await pickAzureAuthIdentity(node);
        if (!n) return;
        const uri = documentUri({
          kind: 'azure-auth',
          profile: n.profileName,
          id: n.identityId,
          label: n.membership.identity.name,
        });
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), {
          preview: false,
        });
      },
    ),
    command('infisical.attachAzureAuth', 'Attach Azure Auth', async (node?: IdentityNode) => {
      const n = await pickIdentity(node);
      if (!n) return;
      const { attachAzureAuth } = await import('./azureAuth.js');
      if (await attachAzureAuth(ext, activeProfile(), n, () => trees.identities.reset()))
        trees.identities.reset();
    }),
    command(
      'infisical.revokeAzureAuth',
      'Revoke Azure Auth',
      async (node?: IdentityNode | AuthMethodNode) => {
        const n = await pickIdentity(node);
        if (!n) return;
        const ok = await vscode.window.showWarningMessage(
          `Revoke Azure Auth from "${n.membership.identity.name}"?`,
          {
            modal: true,
            detail:
              'Workloads can no longer sign in with Azure Auth, and every access token already issued through it is revoked too.',
          },
          'Revoke Azure Auth',
        );
        if (!ok) return;
        const profile = activeProfile();
        await withProgress(
          `Revoking Azure Auth from ${n.membership.identity.name}…`,
          async (signal) => {
            const session = (await ext.services()).session(profile);
            await session.api.azureAuth.revoke(n.identityId, { signal });
          },
          () => trees.identities.reset(),
        );
        vscode.window.showInformationMessage(`Revoked Azure Auth from "${n.membership.identity.name}".`);
        trees.identities.reset();
      },
    ),
  ]);
}

async function copy(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied the ${what}`, 3000);
}
