import * as vscode from 'vscode';
import type { ActivationDeps } from './deps';
import type { CommandHandler } from './table';

/**
 * Registers every command package.json contributes, by id; the table of handlers (src/commands
 * and all it imports) and the trees' code load on the first command. Returns the ids the table
 * has a handler for.
 */
export function registerCommands(deps: ActivationDeps): () => Promise<string[]> {
  const { ext } = deps;
  let table: Promise<Map<string, CommandHandler>> | undefined;
  const handlers = () => {
    table ??= Promise.all([import('./table.js'), deps.trees.ready()]).then(([m, trees]) =>
      m.commandTable({ ...deps, trees }),
    );
    return table;
  };
  const handler = async (id: string) => {
    const found = (await handlers()).get(id);
    if (!found) throw new Error(`command ${id} has no handler`);
    return found;
  };
  const contributed: { command: string }[] = ext.context.extension.packageJSON.contributes?.commands ?? [];
  ext.context.subscriptions.push(
    ...contributed.map(({ command: id }) =>
      vscode.commands.registerCommand(id, async (...args: never[]) => (await handler(id))(...args)),
    ),
  );
  return async () => [...(await handlers()).keys()];
}
