import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AppGroupNode } from '../../src/tree/connectionNodes';
import type { IdentityNode } from '../../src/tree/identities';
import {
  type AnyNode,
  type Api,
  api,
  azureAuthDoc,
  azureAuthRequests,
  azureAuthUri,
  control,
  DEMO,
  openEditor,
  requests,
  resetAll,
  setSetting,
  signedInBeforeEach,
  signInDemo,
  storedAzureAuth,
  waitFor,
} from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sets a top-level number field of a document (open in an editor or not), as a user types it. */
async function setNumber(
  target: vscode.TextEditor | vscode.TextDocument,
  field: string,
  value: number,
): Promise<void> {
  const doc = 'document' in target ? target.document : target;
  const match = new RegExp(`("${field}":\\s*)(-?\\d+)`).exec(doc.getText());
  assert.ok(match, `${field} is in the document`);
  const start = doc.positionAt(match.index + (match[1]?.length ?? 0));
  const end = doc.positionAt(match.index + match[0].length);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(start, end), String(value));
  assert.ok(await vscode.workspace.applyEdit(edit));
}

const slowPatch = (identityId: string, latencyMs: number) =>
  control('POST', 'faults', {
    method: 'PATCH',
    path: `/api/v1/auth/azure-auth/identities/${identityId}`,
    latencyMs,
    times: 1,
  });

describe('Concurrency: saves', () => {
  let a: Api;
  signedInBeforeEach((api) => {
    a = api;
  });

  it('two editors of the same resource saving at once: one PATCH, the other is told the server changed', async () => {
    const t = await azureAuthDoc();
    const first = (await openEditor(t.uri)).document;
    const second = (await openEditor(azureAuthUri('Contoso', t.identityId, t.name))).document;
    assert.notEqual(first.uri.toString(), second.uri.toString());
    await setNumber(first, 'accessTokenNumUsesLimit', 11);
    await setNumber(second, 'accessTokenNumUsesLimit', 22);
    const typed = new Map([
      [first, first.getText()],
      [second, second.getText()],
    ]);
    await control('DELETE', 'requests');
    await slowPatch(t.identityId, 800);
    const results = await Promise.all([first.save(), second.save()]);
    const patches = (await azureAuthRequests(t.identityId)).filter((r) => r.method === 'PATCH');
    assert.equal(patches.length, 1, 'the later save saw the earlier one’s result, not the state before it');
    assert.deepEqual([...results].sort(), [false, true], 'one saved, one refused');
    const [saved, refused] = results[0] ? [first, second] : [second, first];
    const uses = saved === first ? 11 : 22;
    assert.deepEqual(patches[0]?.body, { accessTokenNumUsesLimit: uses });
    assert.equal((await storedAzureAuth(t.identityId)).accessTokenNumUsesLimit, uses);
    // The refused editor was asked about the conflict (this host refuses dialogs): it keeps its text.
    assert.equal(refused.isDirty, true);
    assert.equal(refused.getText(), typed.get(refused));
    // The later save's conflict check ran after the earlier PATCH was answered.
    const log = (await azureAuthRequests(t.identityId)).map((r) => r.method);
    assert.deepEqual(log, ['GET', 'PATCH', 'GET'], log.join(', '));
  });

  it('a revert while a save is in flight ends with the server’s new state, and the next save is not a false conflict', async () => {
    const t = await azureAuthDoc();
    const editor = await openEditor(t.uri);
    await setNumber(editor, 'accessTokenNumUsesLimit', 33);
    await slowPatch(t.identityId, 1000);
    const saving = editor.document.save();
    await sleep(300);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await saving;
    assert.equal((await storedAzureAuth(t.identityId)).accessTokenNumUsesLimit, 33);
    await waitFor('the document to show the server’s state', () =>
      !editor.document.isDirty && /"accessTokenNumUsesLimit": 33\b/.test(editor.document.getText())
        ? true
        : undefined,
    );
    await setNumber(editor, 'accessTokenNumUsesLimit', 44);
    await control('DELETE', 'requests');
    assert.equal(await editor.document.save(), true, 'no "changed on the server" prompt');
    assert.equal((await storedAzureAuth(t.identityId)).accessTokenNumUsesLimit, 44);
  });

  it('a save in flight during a profile switch goes to its own profile; the trees show only the new one', async () => {
    await signInDemo(a, 'Fabrikam', DEMO.second);
    await vscode.commands.executeCommand('infisical.switchProfile', 'Contoso');
    const t = await azureAuthDoc('Contoso');
    const editor = await openEditor(t.uri);
    await setNumber(editor, 'accessTokenNumUsesLimit', 55);
    await control('DELETE', 'requests');
    await slowPatch(t.identityId, 1200);
    const saving = editor.document.save();
    await sleep(300);
    await vscode.commands.executeCommand('infisical.switchProfile', 'Fabrikam');
    assert.equal(await saving, true);
    const writes = (await requests()).filter((r) => r.method !== 'GET');
    assert.deepEqual(
      writes.map((r) => [r.method, r.path, r.orgId]),
      [['PATCH', `/api/v1/auth/azure-auth/identities/${t.identityId}`, DEMO.orgId]],
      'one PATCH, with the first profile’s token, to its identity',
    );
    assert.equal((await storedAzureAuth(t.identityId)).accessTokenNumUsesLimit, 55);
    assert.equal(editor.document.isDirty, false);
    assert.match(editor.document.getText(), /"accessTokenNumUsesLimit": 55\b/);
    assert.match(editor.document.getText(), /profile "Contoso"/);
    assert.equal(a.ext.profiles.active()?.name, 'Fabrikam');
    const groups = ((await a.trees.connections.getChildren()) ?? []) as AppGroupNode[];
    const orgs = new Set(groups.flatMap((g) => (g.connections ?? []).map((c) => c.connection.orgId)));
    assert.deepEqual(orgs, new Set([DEMO.second.orgId]));
    const identities = ((await a.trees.identities.getChildren()) as AnyNode[]).filter(
      (n) => n.type === 'identity',
    ) as IdentityNode[];
    assert.ok(identities.length > 0);
    assert.ok(identities.every((n) => n.membership.identity.orgId === DEMO.second.orgId));
  });
});

describe('Concurrency: trees', () => {
  let a: Api;
  before(async () => {
    a = await api();
    await setSetting('identities.pageSize', 10);
  });
  after(async () => {
    await setSetting('identities.pageSize', undefined);
  });
  beforeEach(async () => {
    await resetAll(a);
    await signInDemo(a);
  });

  it('a refresh while a page loads: the stale page is dropped, nothing is duplicated, counts are right', async () => {
    const first = (await a.trees.identities.getChildren()) as AnyNode[];
    assert.equal(first.filter((n) => n.type === 'identity').length, 10);
    const total = Number(/of (\d+)\)/.exec(String(first.at(-1)?.label))?.[1]);
    assert.ok(total > 20, `the demo org has ${total} identities`);
    await control('DELETE', 'requests');
    await control('POST', 'faults', {
      method: 'GET',
      path: `/api/v2/organizations/${DEMO.orgId}/identity-memberships`,
      latencyMs: 800,
      times: 3,
    });
    const more = vscode.commands.executeCommand('infisical.loadMoreIdentities');
    await sleep(200);
    // The view asks for its children again whenever the tree says it changed, as VS Code does.
    const asked: Thenable<unknown>[] = [];
    const sub = a.trees.identities.onDidChangeTreeData(() => asked.push(a.trees.identities.getChildren()));
    try {
      await vscode.commands.executeCommand('infisical.refreshIdentities');
      asked.push(a.trees.identities.getChildren());
      await sleep(100);
      asked.push(a.trees.identities.getChildren());
      await more;
      await Promise.all(asked);
      await sleep(100);
      await Promise.all(asked);
    } finally {
      sub.dispose();
    }
    const nodes = (await a.trees.identities.getChildren()) as AnyNode[];
    const ids = nodes.filter((n) => n.type === 'identity').map((n) => (n as IdentityNode).identityId);
    assert.equal(new Set(ids).size, ids.length, `no duplicates: ${ids.join(', ')}`);
    assert.equal(ids.length, 10, 'only the first page, reloaded');
    assert.equal(a.trees.identities.loadedCount, 10);
    assert.equal(String(nodes.at(-1)?.label), `Load more… (10 of ${total})`);
    const pages = (await requests()).filter((r) => r.path.endsWith('/identity-memberships'));
    assert.deepEqual(
      pages.map((r) => [r.query.offset, r.aborted ?? false]),
      [
        ['10', true],
        ['0', false],
      ],
      'the stale page’s request was stopped, and the first page asked for once',
    );
    await vscode.commands.executeCommand('infisical.loadMoreIdentities');
    const after = ((await a.trees.identities.getChildren()) as AnyNode[]).filter(
      (n) => n.type === 'identity',
    );
    assert.equal(new Set(after.map((n) => (n as IdentityNode).identityId)).size, 20);
  });
});
