import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionRecord, SandboxState } from '../sandbox/types';
import {
  type Api,
  control,
  DEMO,
  LEGACY,
  openEditor,
  requests,
  sandboxUrl,
  signedInBeforeEach,
  waitFor,
} from './helpers';

/**
 * What a server lacks, said where the user is: a connection whose server has no rotation (June
 * 2025: its connections carry no rotation keys and it drops them from a PATCH with a 200), and a
 * PATCH answered 200 without a field it was sent. On the 2025-06 profile the sandbox is that
 * server; on the current one, faults answer one connection as it would (its GET without the
 * rotation keys, the list without it, so a plan reads it by id).
 */

const ACS = '/api/v1/app-connections/azure-client-secrets';

/** A connection as the June 2025 server answers it: no project, gateway or rotation keys. */
function legacyAnswer(
  c: ConnectionRecord,
  without: string[] = [],
  updatedAt = c.updatedAt,
): Record<string, unknown> {
  const answer: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    app: c.app,
    method: c.method,
    description: c.description,
    version: c.version,
    orgId: c.orgId,
    createdAt: c.createdAt,
    updatedAt,
    credentials: { tenantId: c.credentials.tenantId },
    isPlatformManagedCredentials: false,
  };
  for (const key of without) delete answer[key];
  return answer;
}

/** The demo org's OAuth connection at organization level, answered as a server without rotation. */
async function withoutRotation(): Promise<ConnectionRecord> {
  const state = await control<SandboxState>('GET', 'state');
  const c = state.connections.find(
    (x) =>
      x.orgId === DEMO.orgId &&
      x.projectId === null &&
      x.app === 'azure-client-secrets' &&
      x.method === 'oauth' &&
      /^[a-z0-9-]+$/.test(x.name),
  );
  assert.ok(c, 'the demo org has an OAuth connection at organization level');
  if (!LEGACY) {
    await control('POST', 'faults', {
      method: 'GET',
      path: `${ACS}/${c.id}`,
      status: 200,
      body: { appConnection: legacyAnswer(c) },
    });
    await control('POST', 'faults', { method: 'GET', path: ACS, status: 200, body: { appConnections: [] } });
  }
  return c;
}

let opened = 0;
const documentOf = (c: ConnectionRecord) =>
  vscode.Uri.from({
    scheme: 'infisical',
    path: `/Contoso/connections/azure-client-secrets/${c.method}/${c.id}/${c.name}-f${++opened}.jsonc`,
  });

const writes = async () => (await requests()).filter((r) => r.method !== 'GET');

/** Every warning the extension logs while `work` runs (what the person is told, said again). */
async function warnings(a: Api, work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const log = a.ext.log;
  const warn = log.warn;
  log.warn = (message: string) => {
    seen.push(message);
    warn.call(log, message);
  };
  try {
    await work();
  } finally {
    log.warn = warn;
  }
  return seen;
}

async function workspaceFile(text: string, created: vscode.Uri[]): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the test window has a workspace folder');
  const uri = vscode.Uri.joinPath(folder, `features-${++opened}-${Date.now()}.infisical-azure.json`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  created.push(uri);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return uri;
}

const fileFor = (c: ConnectionRecord, fields: Record<string, unknown>) =>
  JSON.stringify(
    {
      site: sandboxUrl(),
      organization: { id: DEMO.orgId },
      connections: [{ name: c.name, id: c.id, ...fields }],
    },
    null,
    2,
  );

describe(`Server features (${LEGACY ? '2025-06' : 'current'} server): rotation absent, fields ignored`, function () {
  this.timeout(60_000);
  let a: Api;
  signedInBeforeEach((api) => {
    a = api;
  });
  // Its files leave the workspace with it: suites after it count and plan the workspace's files.
  const created: vscode.Uri[] = [];
  afterEach(async () => {
    // Closing a dirty editor would ask in a modal dialog that holds up the suites after this one.
    for (const doc of vscode.workspace.textDocuments) {
      if (!doc.isDirty) continue;
      if (doc.uri.scheme === 'file') await doc.save();
      else {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created.splice(0)) await vscode.workspace.fs.delete(uri);
  });

  it('JSON editor: no rotation keys shown; typing one is an error saying the server lacks rotation; the save sends nothing', async () => {
    const c = await withoutRotation();
    const editor = await openEditor(documentOf(c));
    const doc = editor.document;
    assert.doesNotMatch(doc.getText(), /isAutoRotationEnabled|"rotation"/);
    const at = doc.positionAt(doc.getText().indexOf('"credentials"'));
    assert.ok(await editor.edit((b) => b.insert(at, '"isAutoRotationEnabled": false,\n  ')));
    const error = await waitFor('the rotation diagnostic', () =>
      vscode.languages
        .getDiagnostics(doc.uri)
        .find((d) => d.source === 'Infisical' && /does not support rotation/.test(d.message)),
    );
    assert.equal(
      error.message,
      'rotation: this server does not support rotation of connections (the server is older than the feature): remove isAutoRotationEnabled or upgrade the server',
    );
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    await control('DELETE', 'requests');
    assert.equal(await doc.save(), false, 'the save is refused');
    assert.deepEqual(await writes(), [], 'nothing is sent');
    assert.ok(doc.isDirty, 'the edit stays for the person to remove');
  });

  it('JSON editor: a save answered 200 without a sent field says what was not saved; a revert shows the server’s answer', async () => {
    const c = await withoutRotation();
    const editor = await openEditor(documentOf(c));
    const doc = editor.document;
    const m = /"description": ("[^"]*"|null)/.exec(doc.getText());
    assert.ok(m, 'the document has a description');
    const range = new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length));
    assert.ok(await editor.edit((b) => b.replace(range, '"description": "Dropped by the server."')));
    // A server that drops the key it was sent: its answer holds no description.
    await control('POST', 'faults', {
      method: 'PATCH',
      path: `${ACS}/${c.id}`,
      times: 1,
      status: 200,
      body: { appConnection: legacyAnswer(c, ['description'], new Date().toISOString()) },
    });
    await control('DELETE', 'requests');
    const said = await warnings(a, async () => assert.equal(await doc.save(), true));
    assert.equal((await writes()).length, 1, 'one PATCH');
    assert.deepEqual(said, [
      `save connection ${c.id}: the server ignored description: it does not support it`,
    ]);
    // VS Code keeps the saved text in the editor; what the document stands on is the answer,
    // which a revert shows: not what was typed.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the document to show the server’s answer', () =>
      /Dropped by the server/.test(doc.getText()) ? undefined : true,
    );
  });

  it('workspace file: rotation set for such a server is a plan problem at that key, naming the site; nothing is sent', async () => {
    const c = await withoutRotation();
    const uri = await workspaceFile(
      fileFor(c, { isAutoRotationEnabled: true, rotation: { rotationInterval: 30, rotateAtUtc: '02:00' } }),
      created,
    );
    const files = await a.workspaceFiles.get();
    await control('DELETE', 'requests');
    const plan = await files.plan(uri, { show: false });
    assert.ok(plan);
    const [resource] = plan.resources;
    assert.equal(resource?.action, 'blocked');
    const host = new URL(sandboxUrl()).host;
    const message = `rotation: ${host} does not support rotation of connections (the server is older than the feature): remove isAutoRotationEnabled and rotation or upgrade the server`;
    assert.deepEqual(resource?.problems, [{ message, path: ['connections', 0, 'isAutoRotationEnabled'] }]);
    const problem = await waitFor('the plan’s diagnostic', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'infisical plan'),
    );
    assert.equal(problem.message, message);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.lineAt(problem.range.start.line).text, /"isAutoRotationEnabled"/, 'on the key it names');
    assert.deepEqual(await writes(), [], 'a plan only reads');
  });

  it('workspace file: an apply answered 200 without a sent field is partial, not applied, and its lens says why', async () => {
    const c = await withoutRotation();
    const uri = await workspaceFile(fileFor(c, { description: 'Changed in git.' }), created);
    const files = await a.workspaceFiles.get();
    const plan = await files.plan(uri, { show: false });
    assert.equal(plan?.resources[0]?.action, 'update');
    await control('POST', 'faults', {
      method: 'PATCH',
      path: `${ACS}/${c.id}`,
      times: 1,
      status: 200,
      body: { appConnection: legacyAnswer(c, ['description'], new Date().toISOString()) },
    });
    const report = await files.apply(uri, { confirm: false });
    assert.deepEqual(report?.counts, { applied: 0, partial: 1, failed: 0, refused: 0, skipped: 0 });
    assert.equal(report?.results[0]?.message, 'the server ignored description: it does not support it');
    const titles = await waitFor('the apply’s lens', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
      );
      const all = lenses.map((l) => l.command?.title ?? '');
      return all.some((t) => t.includes('partially applied')) ? all : undefined;
    });
    assert.ok(
      titles.includes(
        '$(warning) partially applied; not applied: the server ignored description: it does not support it',
      ),
      titles.join(' | '),
    );
  });
});
