import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID } from './helpers';

describe('Commands', () => {
  const manifest = () =>
    vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { commands: { command: string; category?: string }[] };
    };

  it('every contributed command has a handler in the command table, and every handler a contributed command', async () => {
    // The ids come from src/commands/table.ts, not from the list activation registers from
    // package.json: a contributed command whose handler is missing fails here, not when
    // someone runs it.
    const handled = (await (await api()).commandIds()).sort();
    const contributed = manifest()
      .contributes.commands.map((c) => c.command)
      .sort();
    assert.deepEqual(
      contributed.filter((id) => !handled.includes(id)),
      [],
      'contributed without a handler',
    );
    assert.deepEqual(
      handled.filter((id) => !contributed.includes(id)),
      [],
      'a handler nobody can run',
    );
  });

  it('every contributed command is registered with VS Code, under category "Infisical"', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const commands = manifest().contributes.commands;
    assert.deepEqual(
      commands.filter((c) => !registered.has(c.command)).map((c) => c.command),
      [],
    );
    assert.ok(commands.every((c) => c.category === 'Infisical'));
  });
});
