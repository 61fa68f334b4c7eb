import * as assert from 'node:assert/strict';
import { join } from 'node:path';
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

  it('dist/extension.js is one module instance that the chunks read later load through', async () => {
    const ext = extension();
    await ext.activate();
    // Start-up chunks are inlined in dist/extension.js; the chunks that stay files require it
    // back for them (scripts/lib/cjsChunks.mjs). That is one instance only if the host loaded
    // the entry through Node's module cache: a second copy would duplicate every start-up module.
    const main = require.resolve(join(ext.extensionPath, 'dist', 'extension.js'));
    const cached = require.cache[main];
    assert.ok(cached?.loaded, `${main} is not in the extension host's module cache`);
    assert.equal(typeof (cached.exports as { __load?: unknown }).__load, 'function');
    assert.equal(require(main), cached.exports, 'a require of the entry returns the loaded module');
  });

  it("the trees' code is not read at activation; it loads when a view first asks for rows", async () => {
    const ext = extension();
    await ext.activate();
    // src/tree/lazy.ts: the views hold fronts; the chunk exporting createTrees (src/tree/create.ts)
    // is read on a view's first getChildren. Found by what it exports: chunk names are hashes.
    const chunks = join(ext.extensionPath, 'dist', 'chunks');
    const treesLoaded = () =>
      Object.entries(require.cache).some(
        ([file, m]) => file.startsWith(chunks) && 'createTrees' in ((m?.exports as object) ?? {}),
      );
    assert.equal(treesLoaded(), false, 'the trees were read at activation');
    await vscode.commands.executeCommand('infisical.identities.focus');
    await waitFor(() => treesLoaded() || undefined);
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

  it('activates when a JSON document opens, not by searching every workspace at startup', () => {
    const events: string[] = extension().packageJSON.activationEvents;
    assert.ok(events.includes('onLanguage:json'), events.join(', '));
    assert.equal(
      events.filter((e) => e.startsWith('workspaceContains')).join(', '),
      '',
      'workspaceContains makes VS Code search every opened workspace at startup',
    );
  });

  it('a workspace file opens as JSON and the JSON schema checks it', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test window has a workspace folder');
    const uri = vscode.Uri.joinPath(folder, `language-${Date.now()}.infisical-azure.json`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{ "site": 1 }\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    try {
      assert.equal(doc.languageId, 'json');
      // The JSON language server's own check (the schema says site is a URL string), not ours.
      const found = await waitFor(() =>
        vscode.languages.getDiagnostics(uri).find((d) => /Incorrect type/.test(d.message)),
      );
      assert.equal(doc.getText(found.range), '1', `the type error is on the site's value: ${found.message}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });
});

async function waitFor<T>(probe: () => T | undefined, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) return assert.fail(`nothing after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
