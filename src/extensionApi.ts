import type * as vscode from 'vscode';
import type { Prompter } from './accounts/signInSteps';
import type { ActivationDeps } from './commands/deps';
import type { Trees } from './tree/index';

/**
 * What `activate()` returns: for extension-host tests and for other extensions that automate
 * this one. Everything behind a call loads on that call.
 */
export function extensionApi(deps: ActivationDeps, commandIds: () => Promise<string[]>) {
  const { ext, views, documents, workspaceFiles } = deps;
  const loaded = (): Trees => {
    const trees = deps.trees.current;
    if (!trees) throw new Error("the trees' code has not loaded: await api.trees.ready() first");
    return trees;
  };
  return {
    ext,
    /** The trees' data providers, once `ready()` (or a view or a command) has loaded them. */
    trees: {
      ready: deps.trees.ready,
      get connections() {
        return loaded().connections;
      },
      get identities() {
        return loaded().identities;
      },
    },
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
