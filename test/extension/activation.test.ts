import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'secretsops.infisical-access';

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(
    ext,
    `${EXTENSION_ID} is not installed; found: ${vscode.extensions.all.map((e) => e.id).join(', ')}`,
  );
  return ext;
}

describe('Activation', () => {
  it('the extension is present and activates', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('its activity-bar container and both views can be focused', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'workbench.view.extension.infisical',
      'infisical.connections.focus',
      'infisical.identities.focus',
    ]) {
      assert.ok(commands.includes(id), `command ${id} is not registered`);
      await vscode.commands.executeCommand(id);
    }
  });

  it('the extension host reaches the sandbox server', async () => {
    const url = process.env.INFISICAL_SANDBOX_URL;
    assert.ok(url, 'INFISICAL_SANDBOX_URL is not set in the extension host');
    const res = await fetch(new URL('/api/v1/app-connections/options', url));
    assert.ok(res.status >= 200 && res.status < 500, `sandbox answered ${res.status} ${res.statusText}`);
  });
});
