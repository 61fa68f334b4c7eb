import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SandboxState } from '../sandbox/types';
import {
  type Api,
  type AzureAuthDoc,
  api,
  azureAuthDoc,
  control,
  openEditor,
  requests,
  resetAll,
  signedInBeforeEach,
  signInDemo,
  waitFor,
} from './helpers';

/** Replaces the value of a top-level field in the editor (a real edit, as a user types it). */
async function setField(editor: vscode.TextEditor, field: string, value: string): Promise<void> {
  const text = editor.document.getText();
  const match = new RegExp(`("${field}":\\s*)([^,\\n]+)`).exec(text);
  assert.ok(match, `${field} is in the document`);
  const start = editor.document.positionAt(match.index + (match[1]?.length ?? 0));
  const end = editor.document.positionAt(match.index + match[0].length);
  await editor.edit((b) => b.replace(new vscode.Range(start, end), value));
}

const patches = async (identityId: string) =>
  (await requests()).filter(
    (r) => r.method === 'PATCH' && r.path.endsWith(`/azure-auth/identities/${identityId}`),
  );

/** Makes the next PATCH of an identity's Azure Auth meet a fault (status, body, latency). */
const faultNextPatch = (identityId: string, fault: Record<string, unknown>) =>
  control('POST', 'faults', {
    method: 'PATCH',
    path: `/api/v1/auth/azure-auth/identities/${identityId}`,
    times: 1,
    ...fault,
  });

const diagnosticsOf = (uri: vscode.Uri, source: string) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);

describe('JSON editor', () => {
  let a: Api;
  let t: AzureAuthDoc;
  signedInBeforeEach((api) => {
    a = api;
  });
  beforeEach(async () => {
    t = await azureAuthDoc();
  });

  it('opens with one request, says what Ctrl+S does, and stat carries the server’s updatedAt', async () => {
    await control('DELETE', 'requests');
    const editor = await openEditor(t.uri);
    const doc = editor.document;
    assert.equal(doc.languageId, 'infisical-jsonc', 'the language that keeps VS Code from auto-saving it');
    assert.match(doc.lineAt(1).text, /Ctrl\+S sends a PATCH to Infisical/);
    const gets = (await requests()).filter((r) => r.path.endsWith(`/azure-auth/identities/${t.identityId}`));
    assert.equal(gets.length, 1, 'stat and readFile share one GET');
    const state = await control<SandboxState>('GET', 'state');
    const stored = state.azureAuths.find((x) => x.identityId === t.identityId);
    const st = await vscode.workspace.fs.stat(t.uri);
    assert.equal(st.mtime, Date.parse(String(stored?.updatedAt)));
    assert.equal(st.size, new TextEncoder().encode(doc.getText()).byteLength);
  });

  it('the JSON Schema gives completion, hover and unknown-key warnings in the infisical-jsonc language', async () => {
    const editor = await openEditor(t.uri);
    const doc = editor.document;
    const ttlAt = doc.positionAt(doc.getText().indexOf('"accessTokenTTL"') + 3);
    const hovers = await waitFor('hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        ttlAt,
      );
      return h.length ? h : undefined;
    });
    const hoverText = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n');
    assert.match(hoverText, /lifetime for an access token in seconds/);
    // Replace the body by an object with a comment, one unknown key and an empty line to complete
    // on (a trailing comma until something is typed there).
    const open_ = doc.getText().indexOf('{');
    await editor.edit((b) =>
      b.replace(
        new vscode.Range(doc.positionAt(open_), doc.positionAt(doc.getText().length)),
        '{\n  // a comment\n  "bogusField": 1,\n  \n}\n',
      ),
    );
    const at = new vscode.Position(doc.positionAt(open_).line + 3, 2);
    const labels = await waitFor('completion offering accessTokenTrustedIps', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        at,
      );
      const names = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return names.some((n) => n.includes('accessTokenTrustedIps')) ? names : undefined;
    });
    assert.ok(labels.some((n) => n.includes('accessTokenTTL')));
    const warning = await waitFor('unknown-key warning from the JSON schema', () =>
      vscode.languages
        .getDiagnostics(t.uri)
        .find((d) => d.source !== 'Infisical' && /not allowed/i.test(d.message)),
    );
    assert.equal(doc.getText(warning.range), '"bogusField"');
    // JSON with comments, as in a jsonc file: neither the comments nor the trailing comma are flagged.
    assert.deepEqual(
      vscode.languages
        .getDiagnostics(t.uri)
        .filter((d) => /comment|trailing/i.test(d.message))
        .map((d) => d.message),
      [],
    );
  });

  it('Toggle Line Comment (Ctrl+/) writes a // comment, as in a jsonc file', async () => {
    const editor = await openEditor(t.uri);
    const line = editor.document.lineAt(
      editor.document.positionAt(editor.document.getText().indexOf('"accessTokenNumUsesLimit"')).line,
    );
    editor.selection = new vscode.Selection(line.range.start, line.range.start);
    await vscode.commands.executeCommand('editor.action.commentLine');
    assert.match(editor.document.lineAt(line.lineNumber).text, /^\s*\/\/ "accessTokenNumUsesLimit"/);
  });

  it('live diagnostics from zod land on the offending value', async () => {
    const editor = await openEditor(t.uri);
    await setField(editor, 'accessTokenMaxTTL', '3600');
    await setField(editor, 'accessTokenTTL', '7200');
    const d = await waitFor('a TTL diagnostic', () =>
      diagnosticsOf(t.uri, 'Infisical').find((x) => /must not exceed/.test(x.message)),
    );
    assert.equal(editor.document.getText(d.range), '7200');
    await setField(editor, 'accessTokenTTL', '60');
    await waitFor('the diagnostic to clear', () =>
      diagnosticsOf(t.uri, 'Infisical').length === 0 ? true : undefined,
    );
  });

  it('an upper-case tenantId is a warning (logins compare it exactly), and the save is not refused for it', async () => {
    const editor = await openEditor(t.uri);
    const tenant = /"tenantId":\s*"([^"]+)"/.exec(editor.document.getText())?.[1];
    assert.ok(tenant);
    await setField(editor, 'tenantId', `"${tenant.toUpperCase()}"`);
    const d = await waitFor('a case warning', () =>
      diagnosticsOf(t.uri, 'Infisical').find((x) => /tenantId has upper-case letters/.test(x.message)),
    );
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(editor.document.getText(d.range), `"${tenant.toUpperCase()}"`);
    assert.equal(
      diagnosticsOf(t.uri, 'Infisical').filter((x) => x.severity === vscode.DiagnosticSeverity.Error).length,
      0,
      'no error: the server accepts it',
    );
    await setField(editor, 'tenantId', `"${tenant}"`);
    await waitFor('the warning to clear', () =>
      diagnosticsOf(t.uri, 'Infisical').length === 0 ? true : undefined,
    );
  });

  it('Ctrl+S sends exactly the minimal PATCH (TTL and MaxTTL together) and reloads from the answer', async () => {
    const editor = await openEditor(t.uri);
    await control('DELETE', 'requests');
    await setField(editor, 'accessTokenTTL', '1234');
    assert.equal(editor.document.isDirty, true);
    assert.equal(await editor.document.save(), true);
    const sent = await patches(t.identityId);
    assert.equal(sent.length, 1);
    const body = sent[0]?.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['accessTokenMaxTTL', 'accessTokenTTL']);
    assert.equal(body.accessTokenTTL, 1234);
    await waitFor('the document to reload from the answer', () =>
      editor.document.isDirty ? undefined : true,
    );
    const conflictChecks = (await requests()).filter(
      (r) => r.method === 'GET' && r.path.endsWith(t.identityId),
    );
    assert.equal(conflictChecks.length, 1, 'one conflict-check GET');
    assert.match(editor.document.getText(), /"accessTokenTTL": 1234/);
  });

  it('a save with errors is refused, names the problem, sends nothing and keeps the text', async () => {
    const editor = await openEditor(t.uri);
    await control('DELETE', 'requests');
    await setField(editor, 'tenantId', '"not-a-guid"');
    const typed = editor.document.getText();
    assert.equal(await editor.document.save(), false);
    assert.equal(editor.document.isDirty, true);
    assert.equal(editor.document.getText(), typed);
    assert.equal((await patches(t.identityId)).length, 0);
  });

  it('a 500 on PATCH leaves the document dirty with the user’s text, and the next save succeeds', async () => {
    const editor = await openEditor(t.uri);
    await faultNextPatch(t.identityId, { status: 500 });
    await setField(editor, 'resource', '"https://vault.azure.net"');
    const typed = editor.document.getText();
    assert.equal(await editor.document.save(), false);
    assert.equal(editor.document.isDirty, true);
    assert.equal(editor.document.getText(), typed);
    assert.equal(await editor.document.save(), true);
    const state = await control<SandboxState>('GET', 'state');
    assert.equal(
      state.azureAuths.find((x) => x.identityId === t.identityId)?.resource,
      'https://vault.azure.net',
    );
  });

  it('a 422 from the server lands on the field it names', async () => {
    const editor = await openEditor(t.uri);
    await faultNextPatch(t.identityId, {
      status: 422,
      body: {
        reqId: 'req-x',
        statusCode: 422,
        error: 'ValidationFailure',
        message: [{ code: 'custom', message: 'Resource is not allowed', path: ['resource'] }],
      },
    });
    await setField(editor, 'resource', '"https://graph.microsoft.com"');
    assert.equal(await editor.document.save(), false);
    const d = await waitFor('a server diagnostic', () => diagnosticsOf(t.uri, 'Infisical server')[0]);
    assert.equal(editor.document.getText(d.range), '"https://graph.microsoft.com"');
    assert.match(d.message, /Resource is not allowed/);
  });

  it('a change on the server since opening is detected and nothing is overwritten silently', async () => {
    const editor = await openEditor(t.uri);
    await control('PATCH', `azure-auth/${t.identityId}`, { resource: 'https://changed-elsewhere' });
    await control('DELETE', 'requests');
    await setField(editor, 'accessTokenNumUsesLimit', '5');
    // This test host refuses dialogs: the conflict prompt cannot be answered, so nothing is sent.
    assert.equal(await editor.document.save(), false);
    assert.equal((await patches(t.identityId)).length, 0);
    assert.equal(editor.document.isDirty, true);
  });

  it('saves that arrive while a PATCH is in flight are coalesced', async () => {
    const editor = await openEditor(t.uri);
    const base = editor.document.getText();
    await control('DELETE', 'requests');
    await faultNextPatch(t.identityId, { latencyMs: 800 });
    const write = (uses: number) =>
      a.documents.writeFile(
        t.uri,
        new TextEncoder().encode(base.replace(/("accessTokenNumUsesLimit":\s*)\d+/, `$1${uses}`)),
      );
    await Promise.all([write(1), write(2), write(3)]);
    const sent = await patches(t.identityId);
    assert.equal(sent.length, 2, 'the first PATCH, then one for the saves that waited');
    assert.equal(
      (sent[1]?.body as Record<string, unknown> | undefined)?.accessTokenNumUsesLimit,
      3,
      'the last text wins',
    );
  });

  it('a signed-out profile’s document says to sign in instead of failing obscurely', async () => {
    await vscode.commands.executeCommand('infisical.signOut', 'Contoso');
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.readFile(t.uri)),
      /Sign in to Infisical profile "Contoso"/,
    );
  });
  it('takes the workspace file\'s shapes too: lists of ids and of "10.0.0.0/8" save as the minimal PATCH', async () => {
    const editor = await openEditor(t.uri);
    const doc = editor.document;
    assert.match(
      doc.getText(),
      /^\/\/ A workspace file writes allowedServicePrincipalIds as \["<id>", …\] and accessTokenTrustedIps as \["10\.0\.0\.0\/8", …\]: both are accepted here too\.$/m,
    );
    const before = JSON.parse(doc.getText().replace(/^\/\/.*$/gm, '')) as {
      allowedServicePrincipalIds: string;
      accessTokenTrustedIps: { ipAddress: string }[];
    };
    const ids = before.allowedServicePrincipalIds
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const ips = [...before.accessTokenTrustedIps.map((ip) => ip.ipAddress), '192.0.2.0/24'];
    // As a person pastes the lists from a workspace file: the same principals, one more address.
    const replace = async (pattern: RegExp, value: unknown) => {
      const match = pattern.exec(doc.getText());
      assert.ok(match, String(pattern));
      const range = new vscode.Range(
        doc.positionAt(match.index),
        doc.positionAt(match.index + match[0].length),
      );
      assert.ok(await editor.edit((b) => b.replace(range, value as string)));
    };
    await replace(
      /"allowedServicePrincipalIds": "[^"]*"/,
      `"allowedServicePrincipalIds": ${JSON.stringify(ids)}`,
    );
    await replace(/"accessTokenTrustedIps": \[[^\]]*\]/, `"accessTokenTrustedIps": ${JSON.stringify(ips)}`);
    // Neither the JSON Schema nor our checks object to either shape.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(
      vscode.languages.getDiagnostics(t.uri).map((d) => `${d.source}: ${d.message}`),
      [],
    );
    await control('DELETE', 'requests');
    assert.equal(await doc.save(), true);
    const sent = await patches(t.identityId);
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]?.body, { accessTokenTrustedIps: ips.map((ipAddress) => ({ ipAddress })) });
    // The save keeps the person's text; reverted, the document shows the server's answer in the
    // editor's own shapes.
    await waitFor('the save to settle', () => (doc.isDirty ? undefined : true));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the server version in the editor', () =>
      /"ipAddress": "192\.0\.2\.0\/24"/.test(doc.getText()) ? true : undefined,
    );
    assert.match(doc.getText(), /"allowedServicePrincipalIds": "/);

    // An upper-case id in a list is warned about on that entry, as in a workspace file.
    const upper = 'AAAAAAAA-0000-4000-8000-000000000001';
    await replace(/"allowedServicePrincipalIds": "[^"]*"/, `"allowedServicePrincipalIds": ["${upper}"]`);
    const warning = await waitFor('the upper-case warning', () =>
      diagnosticsOf(t.uri, 'Infisical').find((d) => d.severity === vscode.DiagnosticSeverity.Warning),
    );
    assert.equal(doc.getText(warning.range), `"${upper}"`);
    assert.match(warning.message, /upper-case letters/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

describe('JSON editor after a server change', () => {
  it('revert picks up the server version, and the next save is not refused as "newer"', async () => {
    const a = await api();
    await resetAll(a);
    await signInDemo(a);
    const t = await azureAuthDoc();
    const editor = await openEditor(t.uri);
    await control('PATCH', `azure-auth/${t.identityId}`, { accessTokenNumUsesLimit: 42 });
    await setField(editor, 'accessTokenNumUsesLimit', '7');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the reverted text', () =>
      /"accessTokenNumUsesLimit": 42/.test(editor.document.getText()) ? true : undefined,
    );
    await setField(editor, 'accessTokenNumUsesLimit', '9');
    assert.equal(await editor.document.save(), true);
    const state = await control<SandboxState>('GET', 'state');
    assert.equal(state.azureAuths.find((x) => x.identityId === t.identityId)?.accessTokenNumUsesLimit, 9);
  });
});

describe('JSON editor and auto-save', () => {
  let a: Api;
  let t: AzureAuthDoc;
  const language = { languageId: 'infisical-jsonc' };
  signedInBeforeEach((api) => {
    a = api;
  });
  beforeEach(async () => {
    t = await azureAuthDoc();
  });
  afterEach(async () => {
    const files = vscode.workspace.getConfiguration('files', language);
    // Only what a test set: VS Code 1.87 throws "Can not delete in empty document" when removing
    // a language setting from a settings file that has none.
    for (const key of ['autoSave', 'autoSaveDelay']) {
      if (files.inspect(key)?.globalLanguageValue !== undefined)
        await files.update(key, undefined, vscode.ConfigurationTarget.Global, true);
    }
  });

  it('auto-save is off for infisical: documents by default, and only for them', async () => {
    const editor = await openEditor(t.uri);
    assert.equal(vscode.workspace.getConfiguration('files', editor.document).get('autoSave'), 'off');
    const files = vscode.workspace.getConfiguration('files');
    assert.equal(files.inspect('autoSave')?.globalValue, undefined, 'the user’s own setting is untouched');
    assert.equal(
      vscode.workspace.getConfiguration('files', { languageId: 'json' }).get('autoSave'),
      files.get('autoSave'),
      'other documents keep the auto-save the user has',
    );
  });

  it('an auto-save turned back on for the language sends nothing and keeps the document dirty; Ctrl+S sends', async () => {
    const files = vscode.workspace.getConfiguration('files', language);
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global, true);
    await files.update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global, true);
    const editor = await openEditor(t.uri);
    assert.equal(vscode.workspace.getConfiguration('files', editor.document).get('autoSave'), 'afterDelay');
    // Watch what VS Code's own save asked for and what the provider answered it.
    const reasons: vscode.TextDocumentSaveReason[] = [];
    const listener = vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.toString() === t.uri.toString()) reasons.push(e.reason);
    });
    const writes: string[] = [];
    const writeFile = a.documents.writeFile;
    a.documents.writeFile = async (uri, content) => {
      try {
        await writeFile.call(a.documents, uri, content);
        writes.push('written');
      } catch (error) {
        writes.push(String(error));
        throw error;
      }
    };
    try {
      await control('DELETE', 'requests');
      await setField(editor, 'accessTokenNumUsesLimit', '77');
      const typed = editor.document.getText();
      await waitFor('VS Code to auto-save', () => writes[0]);
      assert.deepEqual(reasons, [vscode.TextDocumentSaveReason.AfterDelay]);
      assert.match(writes[0] ?? '', /auto-save never sends to Infisical\. Press Ctrl\+S/);
      assert.equal((await patches(t.identityId)).length, 0, 'nothing was sent');
      assert.equal(editor.document.isDirty, true);
      assert.equal(editor.document.getText(), typed);

      assert.equal(await editor.document.save(), true);
      assert.deepEqual(reasons, [
        vscode.TextDocumentSaveReason.AfterDelay,
        vscode.TextDocumentSaveReason.Manual,
      ]);
      const sent = await patches(t.identityId);
      assert.deepEqual(
        sent.map((r) => r.body),
        [{ accessTokenNumUsesLimit: 77 }],
      );
    } finally {
      listener.dispose();
      a.documents.writeFile = writeFile;
    }
  });
});
