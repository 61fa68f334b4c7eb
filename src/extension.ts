import * as vscode from 'vscode';
import { AUTH_PROVIDER_ID, InfisicalAuthProvider } from './accounts/provider';
import { profileStatus } from './accounts/statusBar';
import { Profiles } from './auth/profiles';
import type { Sessions } from './auth/sessions';
import type { CommandHandler } from './commands/table';
import { LazyWorkspaceFiles } from './config/lazy';
import type { Ext } from './context';
import { InfisicalError } from './core/api/errors';
import { LazyFileSystem } from './jsonEditor/lazy';
import { EDIT_SCHEME } from './jsonEditor/uris';
import { READONLY_SCHEME, ReadonlyJsonProvider } from './readonly/provider';
import type { ConnectionNode } from './tree/connectionNodes';
import { ConnectionsTree } from './tree/connections';
import { IdentitiesTree } from './tree/identities';
import type { Trees } from './tree/index';
import { Log } from './ui/log';
import { SNAPSHOT_SCHEME, Snapshots } from './ui/snapshots';

/**
 * Builds the services and registers every contribution. No network I/O and nothing that can
 * wait: the API layer (and zod) loads when a view first needs data, the command handlers on
 * the first command.
 */
export function activate(context: vscode.ExtensionContext) {
  const log = new Log();
  const profiles = new Profiles(context.globalState, context.secrets);
  let sessions: Promise<Sessions> | undefined;
  const userAgent = `infisical-access-vscode/${context.extension.packageJSON.version}`;
  const ext: Ext = {
    context,
    log,
    profiles,
    sessions: () => {
      sessions ??= import('./auth/sessions.js').then((m) => new m.Sessions(profiles, log, userAgent));
      return sessions;
    },
    session: async (given) => {
      const profile = typeof given === 'string' ? profiles.get(given) : given;
      if (!profile)
        throw new InfisicalError({
          kind: 'not-signed-in',
          message: `Profile "${String(given)}" no longer exists: sign in again.`,
        });
      return (await ext.sessions()).session(profile);
    },
    refreshAll: () => {
      trees.connections.reset();
      trees.identities.reset();
    },
    refreshAfterChange: (resource) => {
      if (resource === 'connection') trees.connections.reset();
    },
    snapshots: new Snapshots(),
  };
  const documents = new LazyFileSystem(ext);
  const pageSize = (view: 'identities' | 'connections') => () =>
    vscode.workspace.getConfiguration('infisical').get<number>(`${view}.pageSize`, 100);
  const trees: Trees = {
    connections: new ConnectionsTree(ext, pageSize('connections')),
    identities: new IdentitiesTree(ext, pageSize('identities')),
  };
  const views = {
    connections: vscode.window.createTreeView('infisical.connections', {
      treeDataProvider: trees.connections,
      showCollapseAll: true,
      canSelectMany: true,
    }),
    identities: vscode.window.createTreeView('infisical.identities', {
      treeDataProvider: trees.identities,
      showCollapseAll: true,
      canSelectMany: true,
    }),
  };
  const revealConnection = async (node: ConnectionNode) => {
    if (node.parent) trees.connections.showMore(node.parent, node);
    await views.connections.reveal(node, { select: true, focus: true });
  };
  const workspaceFiles = new LazyWorkspaceFiles(ext);

  // Every contributed command is registered by id; the table of handlers (src/commands) loads
  // on the first command.
  let table: Promise<Map<string, CommandHandler>> | undefined;
  const handlers = () => {
    table ??= import('./commands/table.js').then((m) =>
      m.commandTable({ ext, trees, views, documents, revealConnection, workspaceFiles }),
    );
    return table;
  };
  const handler = async (id: string) => {
    const found = (await handlers()).get(id);
    if (!found) throw new Error(`command ${id} has no handler`);
    return found;
  };
  const contributed: { command: string }[] = context.extension.packageJSON.contributes?.commands ?? [];
  const commands = contributed.map(({ command: id }) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      // The demo's profile also comes from "Sign In" (the button of a "sign in first" error).
      if (id === 'infisical.signIn' && args.length === 0 && (await demoSignIn(ext))) return undefined;
      return (await handler(id))(...args);
    }),
  );

  const authProvider = new InfisicalAuthProvider(
    ext,
    async () => vscode.commands.executeCommand<string | undefined>('infisical.signIn'),
    async (name) => (await import('./accounts/profiles.js')).signOutProfile(ext, name),
  );

  context.subscriptions.push(
    log,
    profiles,
    trees.connections,
    trees.identities,
    views.connections,
    views.identities,
    profileStatus(ext, views, trees.identities),
    authProvider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Infisical', authProvider, {
      supportsMultipleAccounts: true,
    }),
    vscode.workspace.registerTextDocumentContentProvider(READONLY_SCHEME, new ReadonlyJsonProvider(ext)),
    ext.snapshots,
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, ext.snapshots),
    documents,
    workspaceFiles,
    vscode.workspace.registerFileSystemProvider(EDIT_SCHEME, documents, { isCaseSensitive: true }),
    // Forms open when the window reloaded come back with their unsaved values (src/forms loads then).
    vscode.window.registerWebviewPanelSerializer('infisical.form', {
      deserializeWebviewPanel: async (panel, state) =>
        (await import('./forms/open.js')).restoreForm(ext, panel, state),
    }),
    views.connections.onDidChangeVisibility((e) => {
      if (e.visible) void demoSignIn(ext);
    }),
    ...commands,
  );
  if (views.connections.visible) void demoSignIn(ext);
  // For extension-host tests and for other extensions that automate this one.
  return {
    ext,
    trees,
    views,
    documents,
    workspaceFiles,
    signIn: async (args: unknown) => (await import('./accounts/signIn.js')).signIn(ext, args),
    /** The palette pickers' row sources (host tests search through them as a person types). */
    pickers: () => import('./flows/pick.js'),
    /** "Replace credentials…" with the answers given by `ask` instead of password boxes. */
    replaceCredentials: async (uri: vscode.Uri, ask: (field: string) => Promise<string | undefined>) =>
      (await import('./jsonEditor/credentials.js')).replaceCredentials(
        ext,
        await documents.credentials(),
        uri,
        ask,
      ),
    /** The ids the command table has a handler for (a test compares them with package.json). */
    commandIds: async () => [...(await handlers()).keys()],
  };
}

/**
 * `npm start` (the demo) passes the sandbox's demo credentials in INFISICAL_DEMO_PROFILE; they
 * are stored in SecretStorage like any sign-in, once per window, when the view is first shown or
 * "Sign In" is first run without arguments (a palette command's "sign in first" error offers
 * it): when there is no profile yet, or when the demo profile has no secret here (code-server
 * keeps SecretStorage per browser: a second browser starts without it). The sign-in finds the
 * demo profile by its site and client ID and refreshes it. Returns whether it signed in.
 */
let demoTried = false;
async function demoSignIn(ext: Ext): Promise<boolean> {
  const raw = process.env.INFISICAL_DEMO_PROFILE;
  if (demoTried || !raw) return false;
  try {
    const args = JSON.parse(raw) as Record<string, unknown>;
    const demo =
      (typeof args.name === 'string' ? ext.profiles.get(args.name) : undefined) ??
      (typeof args.siteUrl === 'string' && args.auth === 'universal-auth' && typeof args.clientId === 'string'
        ? ext.profiles.sameAccount({ siteUrl: args.siteUrl, auth: args.auth, clientId: args.clientId }, '')
        : undefined);
    const needed =
      ext.profiles.all().length === 0 || (demo !== undefined && !(await ext.profiles.isSignedIn(demo)));
    if (!needed || demoTried) return false;
    demoTried = true;
    await vscode.commands.executeCommand('infisical.signIn', args);
    return true;
  } catch (error) {
    demoTried = true;
    ext.log.warn(`demo sign-in failed: ${(error as Error).message}`);
    return false;
  }
}

export function deactivate(): void {}
