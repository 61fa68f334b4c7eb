import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SandboxState } from '../sandbox/types';
import {
  type Api,
  api,
  control,
  DEMO,
  openEditor,
  resetAll,
  signInDemo,
  waitFor,
  writeConnectionFile,
} from './helpers';

const canary = (label: string) => `canary${label}${randomBytes(8).toString('hex')}`;
const [major = 0, minor = 0] = vscode.version.split('.').map(Number);
/** The document paste API is final from VS Code 1.97; before, only the typed path guards a paste. */
const PASTE_API = major > 1 || minor >= 97;
/** VS Code's delay before it backs up a dirty text (workingCopyBackupTracker, 'default'). */
const BACKUP_DELAY_MS = 1000;
/**
 * The paste command run from here is not a person's Ctrl+V: in the browser VS Code cannot make the
 * page paste, so the command types the clipboard's text into the editor without asking paste
 * providers (code-server 4.139's registerExecCommandImpl, "Paste handling on web"). It lands, and
 * the typed path takes it out with the next change. The UI scenario (test/e2e/keep-out.test.mjs)
 * presses Ctrl+V, which the paste provider rewrites before it lands.
 */

async function clientSecretDoc(): Promise<{ id: string; uri: vscode.Uri }> {
  const state = await control<SandboxState>('GET', 'state');
  const c = state.connections.find(
    (x) =>
      x.orgId === DEMO.orgId &&
      x.app === 'azure-client-secrets' &&
      x.method === 'client-secret' &&
      !x.isAutoRotationEnabled &&
      /^[a-z0-9-]+$/.test(x.name),
  );
  assert.ok(c);
  const path = `/Contoso/connections/azure-client-secrets/client-secret/${c.id}/${c.name}.jsonc`;
  return { id: c.id, uri: vscode.Uri.from({ scheme: 'infisical', path }) };
}

/** Every text the document held after each change, and when. */
function textsOf(uri: vscode.Uri): { texts: { text: string; at: number }[]; dispose(): void } {
  const texts: { text: string; at: number }[] = [];
  const listener = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document.uri.toString() === uri.toString())
      texts.push({ text: e.document.getText(), at: Date.now() });
  });
  return { texts, dispose: () => listener.dispose() };
}

/**
 * How long the text held `secret`: from the first change that put it in to the first that took it
 * out. VS Code backs a dirty text up one second after its last change (two with auto-save after a
 * delay): well under that, and the backup only ever sees the placeholder.
 */
function heldFor(texts: readonly { text: string; at: number }[], secret: string): number {
  const first = texts.findIndex((t) => t.text.includes(secret));
  assert.ok(first >= 0, 'the paste landed in the text');
  const gone = texts.slice(first).find((t) => !t.text.includes(secret));
  assert.ok(gone, 'and left it');
  return gone.at - (texts[first]?.at ?? 0);
}

/** Puts the cursor just after the first `needle` of the editor's text. */
function cursorAfter(editor: vscode.TextEditor, needle: string): void {
  const at = editor.document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} is in the text`);
  const pos = editor.document.positionAt(at + needle.length);
  editor.selection = new vscode.Selection(pos, pos);
}

async function paste(editor: vscode.TextEditor, text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  assert.equal(await vscode.env.clipboard.readText(), text, 'the clipboard holds the text');
  await vscode.window.showTextDocument(editor.document, { preview: false });
  await vscode.commands.executeCommand('editor.action.clipboardPasteAction');
}

describe('a secret pasted or typed into a document or a workspace file never stays in the text', () => {
  let a: Api;
  before(async () => {
    a = await api();
  });
  beforeEach(async () => {
    await resetAll(a);
    await signInDemo(a);
  });

  it('an infisical: document: a pasted client secret leaves the text at once, held in memory behind the marker; the save sends it', async () => {
    const { id, uri } = await clientSecretDoc();
    const editor = await openEditor(uri);
    const guard = await a.documents.secretGuard();
    assert.equal(guard.pasteRewritten, PASTE_API, `VS Code ${vscode.version}`);
    const secret = canary('pasted');
    const seen = textsOf(uri);
    try {
      cursorAfter(editor, '"credentials": {');
      await paste(editor, `\n    "clientSecret": "${secret}",`);
      const held = await a.documents.credentials();
      await waitFor('the value held', () => held.get(uri)?.clientSecret === secret || undefined);
      await waitFor(
        'the marker in the text',
        () =>
          /\/\/ clientSecret: new client secret held in memory/.test(editor.document.getText()) || undefined,
      );
      assert.ok(!editor.document.getText().includes(secret), 'the text does not hold it');
      // VS Code backs a dirty text up 1 s after its last change: out before that, the backup
      // only ever sees the marker (on a busy machine the edit takes longer than on an idle one).
      const ms = heldFor(seen.texts, secret);
      assert.ok(ms < BACKUP_DELAY_MS, `in the text for ${ms} ms`);
      assert.ok(await editor.document.save());
      const stored = (await control<SandboxState>('GET', 'state')).connections.find((c) => c.id === id);
      assert.equal(stored?.credentials.clientSecret, secret, 'the save sent the held value');
    } finally {
      seen.dispose();
      // A failure above must not leave its held value or dirty editor to the next test.
      (await a.documents.credentials()).forget(uri);
      if (editor.document.isDirty) {
        await vscode.window.showTextDocument(editor.document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    }
  });

  it('an infisical: document: a value typed key by key stays while the cursor is in it, and leaves when the closing quote is typed', async () => {
    const { uri } = await clientSecretDoc();
    const editor = await openEditor(uri);
    cursorAfter(editor, '"credentials": {');
    const type = async (text: string) => {
      for (const ch of text) await vscode.commands.executeCommand('type', { text: ch });
    };
    await vscode.commands.executeCommand('type', { text: '\n' });
    await type('"clientSecret": "');
    const secret = canary('typed');
    await type(secret);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(
      editor.document.getText().includes(`"clientSecret": "${secret}"`),
      'still being typed: left alone',
    );
    const held = await a.documents.credentials();
    assert.equal(held.get(uri), undefined);
    await type('"'); // steps over the closing quote VS Code added
    await waitFor('the value held', () => held.get(uri)?.clientSecret === secret || undefined);
    await waitFor(
      'the value gone from the text',
      () => !editor.document.getText().includes(secret) || undefined,
    );
    assert.match(editor.document.getText(), /\/\/ clientSecret: new client secret held in memory/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a workspace file: a pasted client secret leaves the text at once for SecretStorage; the file gets { "env": NAME }', async () => {
    const uri = await writeConnectionFile('paste-guard.infisical-azure.json', 'paste-guard');
    const files = await a.workspaceFiles.get();
    assert.equal(files.secretGuard.pasteRewritten, PASTE_API);
    const editor = await openEditor(uri);
    const secret = canary('file');
    const name = 'PASTE_GUARD_CLIENT_SECRET';
    await a.ext.context.secrets.delete(`infisical/reference/${name}`);
    const seen = textsOf(uri);
    try {
      cursorAfter(editor, '"credentials": {');
      await paste(editor, ` "clientSecret": "${secret}" `);
      await waitFor(
        'the reference in the text',
        () => editor.document.getText().includes(`"clientSecret": { "env": "${name}" }`) || undefined,
      );
      assert.ok(!editor.document.getText().includes(secret));
      const ms = heldFor(seen.texts, secret);
      assert.ok(ms < BACKUP_DELAY_MS, `in the text for ${ms} ms`);
    } finally {
      seen.dispose();
    }
    assert.equal(await a.ext.context.secrets.get(`infisical/reference/${name}`), secret);
    assert.ok(await editor.document.save());
    const saved = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.ok(!saved.includes(secret), 'the file on disk never held it');
    await a.ext.context.secrets.delete(`infisical/reference/${name}`);
    await vscode.workspace.fs.delete(uri);
  });

  it('a workspace file: a second secret of the same connection gets the next free name, NAME_2, never one standing for another value', async () => {
    const uri = await writeConnectionFile('paste-guard-2.infisical-azure.json', 'paste-guard');
    await a.workspaceFiles.get();
    const editor = await openEditor(uri);
    const name = 'PASTE_GUARD_CLIENT_SECRET';
    const earlier = canary('earlier');
    await a.ext.context.secrets.store(`infisical/reference/${name}`, earlier);
    await a.ext.context.secrets.delete(`infisical/reference/${name}_2`);
    const secret = canary('second');
    try {
      cursorAfter(editor, '"credentials": {');
      await paste(editor, ` "clientSecret": "${secret}" `);
      await waitFor(
        'the next free name in the text',
        () => editor.document.getText().includes(`"clientSecret": { "env": "${name}_2" }`) || undefined,
      );
      assert.equal(await a.ext.context.secrets.get(`infisical/reference/${name}`), earlier, 'the first kept');
      assert.equal(await a.ext.context.secrets.get(`infisical/reference/${name}_2`), secret);
    } finally {
      for (const n of [name, `${name}_2`]) await a.ext.context.secrets.delete(`infisical/reference/${n}`);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
