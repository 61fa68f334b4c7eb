import * as vscode from 'vscode';
import { Profiles } from './auth/profiles';
import { AUTH_PROVIDER_ID, InfisicalAuthProvider } from './auth/provider';
import type { CommandHandler } from './commands';
import type { Ext } from './context';
import { LazyFileSystem } from './documents/lazy';
import { Snapshots } from './documents/snapshots';
import { EDIT_SCHEME, SNAPSHOT_SCHEME } from './documents/uris';
import { Log } from './log';
import type { Services } from './services';
import { type ConnectionNode, ConnectionsTree } from './tree/connections';
import { IdentitiesTree } from './tree/identities';
import { READONLY_SCHEME, ReadonlyJsonProvider } from './views/readonly';

/**
 * Builds the services and registers every contribution. No network I/O and nothing that can
 * wait: the API layer (and zod) loads when a view first needs data.
 */
export function activate(context: vscode.ExtensionContext) {
  const log = new Log();
  const profiles = new Profiles(context.globalState, context.secrets);
  let services: Promise<Services> | undefined;
  const userAgent = `infisical-access-vscode/${context.extension.packageJSON.version}`;
  const ext: Ext = {
    context,
    log,
    profiles,
    services: () => {
      services ??= import('./services.js').then((m) => new m.Services(profiles, log, userAgent));
      return services;
    },
    refreshAll: () => {
      trees.connections.reset();
      trees.identities.reset();
    },
    refreshAfterSave: (kind) => {
      if (kind === 'connection') trees.connections.reset();
    },
    snapshots: new Snapshots(),
  };
  const documents = new LazyFileSystem(ext);
  const pageSize = (view: 'identities' | 'connections') => () =>
    vscode.workspace.getConfiguration('infisical').get<number>(`${view}.pageSize`, 100);
  const trees = {
    connections: new ConnectionsTree(ext, pageSize('connections')),
    identities: new IdentitiesTree(ext, pageSize('identities')),
  };
  const connectionsView = vscode.window.createTreeView('infisical.connections', {
    treeDataProvider: trees.connections,
    showCollapseAll: true,
  });
  const identitiesView = vscode.window.createTreeView('infisical.identities', {
    treeDataProvider: trees.identities,
    showCollapseAll: true,
  });

  const status = vscode.window.createStatusBarItem('infisical.profile', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Infisical profile';
  status.command = 'infisical.switchProfile';
  const describe = () => {
    const profile = profiles.active();
    const org = profile ? profiles.org(profile.name) : undefined;
    status.text = profile
      ? `$(shield) ${profile.name}${org ? ` · ${org.name}` : ''}`
      : '$(shield) Infisical: sign in';
    status.tooltip = profile
      ? `Infisical profile "${profile.name}" on ${profile.siteUrl}${org ? `, organization ${org.name}` : ''}. Click to switch.`
      : 'Sign in to Infisical';
    status.command = profile ? 'infisical.switchProfile' : 'infisical.signIn';
    connectionsView.description = org?.name;
    identitiesView.description = [
      org?.name,
      trees.identities.filter && `filter: "${trees.identities.filter}"`,
    ]
      .filter(Boolean)
      .join(' · ');
    void vscode.commands.executeCommand(
      'setContext',
      'infisical.identities.filtered',
      !!trees.identities.filter,
    );
    status.show();
  };
  describe();

  const authProvider = new InfisicalAuthProvider(
    ext,
    async () => vscode.commands.executeCommand<string | undefined>('infisical.signIn'),
    async (name) => (await import('./commands/profiles.js')).signOutProfile(ext, name),
  );

  // Commands are registered by id; their handlers (src/commands) load on the first command.
  let handlers: Promise<Map<string, CommandHandler>> | undefined;
  const handler = async (id: string) => {
    handlers ??= import('./commands/index.js').then((m) => m.commandHandlers(ext, trees));
    const found = (await handlers).get(id);
    if (!found) throw new Error(`command ${id} has no handler`);
    return found;
  };
  const contributed: { command: string }[] = context.extension.packageJSON.contributes?.commands ?? [];
  const commands = contributed
    .map((c) => c.command)
    .filter((id) => id !== 'infisical.revealConnection')
    .map((id) =>
      vscode.commands.registerCommand(id, async (...args: never[]) => (await handler(id))(...args)),
    );

  context.subscriptions.push(
    log,
    profiles,
    trees.connections,
    trees.identities,
    connectionsView,
    identitiesView,
    status,
    authProvider,
    profiles.onDidChange(describe),
    trees.identities.onDidChangeTreeData(describe),
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Infisical', authProvider, {
      supportsMultipleAccounts: true,
    }),
    vscode.workspace.registerTextDocumentContentProvider(READONLY_SCHEME, new ReadonlyJsonProvider(ext)),
    ext.snapshots,
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, ext.snapshots),
    documents,
    vscode.workspace.registerFileSystemProvider(EDIT_SCHEME, documents, { isCaseSensitive: true }),
    vscode.commands.registerCommand('infisical.revealConnection', (node: ConnectionNode) => {
      if (node.parent) trees.connections.showMore(node.parent, node);
      return connectionsView.reveal(node, { select: true, focus: true });
    }),
    connectionsView.onDidChangeVisibility((e) => {
      if (e.visible) void demoSignIn(ext);
    }),
    ...commands,
  );
  if (connectionsView.visible) void demoSignIn(ext);
  // For extension-host tests and for other extensions that automate this one.
  return {
    ext,
    trees,
    documents,
    signIn: async (args: unknown) => (await import('./auth/signIn.js')).signIn(ext, args),
  };
}

/**
 * `npm start` (the demo) passes the sandbox's demo credentials in INFISICAL_DEMO_PROFILE; they
 * are stored in SecretStorage like any sign-in, once, when the view is first shown.
 */
let demoTried = false;
async function demoSignIn(ext: Ext): Promise<void> {
  const raw = process.env.INFISICAL_DEMO_PROFILE;
  if (demoTried || !raw || ext.profiles.all().length > 0) return;
  demoTried = true;
  try {
    await vscode.commands.executeCommand('infisical.signIn', JSON.parse(raw));
  } catch (error) {
    ext.log.warn(`demo sign-in failed: ${(error as Error).message}`);
  }
}

export function deactivate(): void {}
