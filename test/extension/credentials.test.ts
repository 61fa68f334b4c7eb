import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SandboxState } from '../sandbox/types';
import {
  type Api,
  api,
  control,
  DEMO,
  openEditor,
  requests,
  resetAll,
  setSetting,
  signInDemo,
  waitFor,
} from './helpers';

/** Every file under a folder, with its text (latin1: bytes as they are). */
async function* files(dir: string): AsyncGenerator<[string, string]> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && (await stat(path)).size < 5_000_000)
      yield [path, await readFile(path, 'latin1')];
  }
}

const canary = (label: string) => `canary-${label}-${randomBytes(8).toString('hex')}`;

/** A demo-org Azure Client Secrets connection of a method, and its document URI. */
async function connectionDoc(method: 'client-secret' | 'certificate') {
  const state = await control<SandboxState>('GET', 'state');
  const c = state.connections.find(
    (x) =>
      x.orgId === DEMO.orgId &&
      x.app === 'azure-client-secrets' &&
      x.method === method &&
      !x.isAutoRotationEnabled &&
      /^[a-z0-9-]+$/.test(x.name),
  );
  assert.ok(c, `the demo org has a ${method} connection without rotation`);
  const uri = vscode.Uri.from({
    scheme: 'infisical',
    path: `/Contoso/connections/azure-client-secrets/${method}/${c.id}/${c.name}.jsonc`,
  });
  return { id: c.id, uri };
}

const stored = async (id: string) =>
  (await control<SandboxState>('GET', 'state')).connections.find((c) => c.id === id)?.credentials ?? {};

const lensTitles = async (uri: vscode.Uri) =>
  waitFor('code lenses', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      uri,
    );
    const titles = (lenses ?? []).map((l) => l.command?.title ?? '');
    return titles.length ? titles : undefined;
  });

describe('Replace credentials (write-only values held in memory)', () => {
  let a: Api;
  let userData: string;
  before(async () => {
    a = await api();
    userData = join(a.ext.context.globalStorageUri.fsPath, '..', '..', '..');
  });
  beforeEach(async () => {
    await resetAll(a);
    await signInDemo(a);
  });

  it('holds a client secret in memory, never in the text or a backup, and sends it on save', async () => {
    const { id, uri } = await connectionDoc('client-secret');
    const editor = await openEditor(uri);
    assert.deepEqual(await lensTitles(uri), ['$(key) Replace credentials…']);
    assert.doesNotMatch(editor.document.getText(), /"clientSecret":/);

    const secret = canary('held');
    const asked: string[] = [];
    assert.ok(
      await a.replaceCredentials(uri, async (field) => {
        asked.push(field);
        return secret;
      }),
    );
    assert.deepEqual(asked, ['clientSecret']);
    const doc = editor.document;
    await waitFor('the document is dirty', () => doc.isDirty);
    assert.match(doc.getText(), /\/\/ clientSecret: new client secret held in memory/);
    assert.ok(!doc.getText().includes(secret), 'the secret is not in the text');
    const titles = await waitFor('the held lens', async () => {
      const t = await lensTitles(uri);
      return t.some((x) => x.includes('held in memory')) ? t : undefined;
    });
    assert.deepEqual(titles, [
      '$(lock) client secret: new value held in memory — sent on save (lost on close or reload)',
      'Forget',
    ]);
    // Diagnostics check the edit with the held value: nothing to complain about.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error),
      [],
    );

    // VS Code backs the dirty document up (hot exit): the backup holds the marker, not the secret.
    const backup = await waitFor(
      'a backup of the dirty document',
      async () => {
        for await (const [file, text] of files(join(userData, 'User', 'Backups')))
          if (text.includes('held in memory (not in this text)')) return file;
        return undefined;
      },
      15_000,
    );
    for await (const [file, text] of files(userData))
      assert.ok(!text.includes(secret), `${file} holds the secret`);

    // A failed save keeps the document dirty and the secret held (still only in memory).
    await control('POST', 'faults', {
      method: 'PATCH',
      path: `/api/v1/app-connections/azure-client-secrets/${id}`,
      status: 500,
      times: 1,
    });
    assert.equal(await doc.save(), false, 'the failed save is reported');
    assert.ok(doc.isDirty);
    assert.equal((await a.documents.credentials()).get(uri)?.clientSecret, secret);
    assert.ok(!(await readFile(backup, 'latin1')).includes(secret));

    // The next save sends it, then forgets it; the document reloads without the marker.
    assert.equal(await doc.save(), true);
    assert.equal((await stored(id)).clientSecret, secret, 'the PATCH carried the held secret');
    assert.equal((await a.documents.credentials()).get(uri), undefined, 'forgotten after the save');
    await waitFor('the marker is gone', () => !doc.getText().includes('held in memory') && !doc.isDirty);
    assert.deepEqual(await lensTitles(uri), ['$(key) Replace credentials…']);
    const patches = (await requests()).filter((r) => r.method === 'PATCH' && r.path.endsWith(id));
    assert.equal(
      patches.length,
      2,
      'the failed PATCH and the one that saved; removing the markers sent nothing',
    );
  });

  it('a secret typed into the text is an error, and the save sends nothing', async () => {
    // With infisical.secrets.keepOutOfText off: on, the value would leave the text (keepOut.test.ts).
    await setSetting('secrets.keepOutOfText', false);
    const { id, uri } = await connectionDoc('client-secret');
    const editor = await openEditor(uri);
    const at = editor.document.getText().indexOf('"credentials": {') + '"credentials": {'.length;
    await editor.edit((b) =>
      b.insert(editor.document.positionAt(at), '\n    "clientSecret": "typed-by-hand",'),
    );
    const error = await waitFor('the write-only diagnostic', () =>
      vscode.languages.getDiagnostics(uri).find((d) => /write-only/.test(d.message)),
    );
    assert.match(
      error.message,
      /never typed into a document, which VS Code backs up to disk.*Replace credentials…/,
    );
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    const before = (await requests()).filter((r) => r.method === 'PATCH' && r.path.endsWith(id)).length;
    assert.equal(await editor.document.save(), false);
    const after = (await requests()).filter((r) => r.method === 'PATCH' && r.path.endsWith(id)).length;
    assert.equal(after, before, 'nothing was sent');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await setSetting('secrets.keepOutOfText', undefined);
  });

  it('a certificate connection asks for the certificate and the private key; Forget drops them', async () => {
    const { id, uri } = await connectionDoc('certificate');
    const editor = await openEditor(uri);
    const body = randomBytes(96).toString('base64');
    const key = `-----BEGIN PRIVATE KEY-----${body}-----END PRIVATE KEY-----`; // pasted on one line
    const cert = `-----BEGIN CERTIFICATE-----${randomBytes(48).toString('base64')}-----END CERTIFICATE-----`;
    const answers: Record<string, string> = { certificateBody: cert, privateKey: key };
    const answer = async (field: string) => answers[field];
    assert.ok(await a.replaceCredentials(uri, answer));
    const held = await a.documents.credentials();
    assert.deepEqual(Object.keys(held.get(uri) ?? {}), ['certificateBody', 'privateKey']);
    assert.ok(!editor.document.getText().includes(body));

    await vscode.commands.executeCommand('infisical.forgetCredentials', uri);
    assert.equal(held.get(uri), undefined);
    await waitFor('the markers are gone', () => !editor.document.getText().includes('held in memory'));

    assert.ok(await a.replaceCredentials(uri, answer));
    assert.equal(await editor.document.save(), true);
    const saved = await stored(id);
    assert.equal(saved.privateKey, held.get(uri)?.privateKey ?? saved.privateKey);
    assert.match(
      String(saved.privateKey),
      /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PRIVATE KEY-----$/,
    );
    assert.equal(String(saved.privateKey).replace(/-----[A-Z ]+-----|\n/g, ''), body);
  });
});
