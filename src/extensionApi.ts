import type * as vscode from 'vscode';
import type { Prompter } from './accounts/signInSteps';
import type { CommandDeps } from './commands/deps';

/**
 * What `activate()` returns: for extension-host tests and for other extensions that automate
 * this one. Everything behind a call loads on that call.
 */
export function extensionApi(deps: CommandDeps, commandIds: () => Promise<string[]>) {
  const { ext, trees, views, documents, workspaceFiles } = deps;
  return {
    ext,
    trees,
    views,
    documents,
    workspaceFiles,
    /** Signs in with `args`, or asks `prompter` (a scripted person) what args do not give. */
    signIn: async (args?: unknown, prompter?: Prompter) =>
      (await import('./accounts/signIn.js')).signIn(ext, args, prompter),
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
    commandIds,
  };
}
