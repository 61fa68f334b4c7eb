import type * as vscode from 'vscode';
import { signInDemoWhenShown } from './accounts/demo';
import { registerAccounts } from './accounts/register';
import { registerCommands } from './commands/lazy';
import { extensionApi } from './extensionApi';
import { registerProviders } from './providers';
import { createExt } from './services';
import { registerTrees } from './tree/register';

/**
 * Builds the services and registers every contribution. No network I/O and nothing that can
 * wait: the API layer (and zod) loads when a view first needs data, the command handlers on
 * the first command.
 */
export function activate(context: vscode.ExtensionContext) {
  // The views are built with the context, and a refresh of the context redraws the views.
  const ext = createExt(context, {
    refreshAll: () => tree.refreshAll(),
    refreshAfterChange: (resource) => tree.refreshAfterChange(resource),
  });
  const tree = registerTrees(ext);
  const { documents, workspaceFiles } = registerProviders(ext);
  registerAccounts(ext, tree);
  const { trees, views, revealConnection } = tree;
  const deps = { ext, trees, views, documents, workspaceFiles, revealConnection };
  const commandIds = registerCommands(deps);
  // Last: the demo's sign-in runs a command, so every command is registered by then.
  signInDemoWhenShown(ext, views.connections);
  return extensionApi(deps, commandIds);
}

export function deactivate(): void {}
