import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID } from './helpers';

describe('Commands', () => {
  it('every command the manifest contributes is registered, under category "Infisical"', async () => {
    await api();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { commands: { command: string; category?: string }[] };
    };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands
      .filter((c) => !registered.has(c.command))
      .map((c) => c.command);
    assert.deepEqual(missing, []);
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'Infisical'));
  });
});
