import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AppGroupNode } from '../../src/tree/connections';
import type { AuthMethodNode, IdentityNode } from '../../src/tree/identities';
import {
  type AnyNode,
  type Api,
  api,
  control,
  DEMO,
  requests,
  resetAll,
  setSetting,
  signInDemo,
} from './helpers';

// Tree nodes come from the bundled extension, not from out/: compare by shape, not instanceof.
const nodeType = (n: AnyNode) => n.type;

describe('Trees', () => {
  let a: Api;
  before(async () => {
    a = await api();
  });
  beforeEach(async () => {
    await resetAll(a);
    await setSetting('identities.pageSize', 10);
  });
  after(async () => {
    await setSetting('identities.pageSize', undefined);
  });

  it('signed out, both trees are empty so the welcome view shows', async () => {
    assert.deepEqual(await a.trees.connections.getChildren(), []);
    assert.deepEqual(await a.trees.identities.getChildren(), []);
  });

  it('connections are grouped by app, Azure Client Secrets first, with method, scope and rotation', async () => {
    await signInDemo(a);
    const groups = ((await a.trees.connections.getChildren()) ?? []) as AppGroupNode[];
    assert.ok(groups.length >= 3);
    assert.equal(groups[0]?.label, 'Azure Client Secrets');
    const azure = groups[0]?.connections ?? [];
    assert.ok(azure.length >= 3);
    const failed = azure.find((n) => /rotation failed/.test(String(n.description)));
    assert.ok(failed, 'a failed rotation is marked');
    assert.equal((failed.iconPath as vscode.ThemeIcon).id, 'error');
    const tooltip = (failed.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Last rotation message/);
    assert.ok(azure.every((n) => /\b(organization|project|[A-Z])/.test(String(n.description))));
    assert.ok(azure.some((n) => /\boauth\b/.test(n.contextValue ?? '')));
    assert.ok(azure.some((n) => /\brotatable\b/.test(n.contextValue ?? '')));
    const other = groups.find((g) => g.app !== 'azure-client-secrets');
    assert.ok(other?.connections.every((n) => /\breadonly\b/.test(n.contextValue ?? '')));
  });

  it('server text is plain text in tooltips (no HTML, no command links)', async () => {
    await signInDemo(a);
    const groups = ((await a.trees.connections.getChildren()) ?? []) as AppGroupNode[];
    const xss = groups
      .flatMap((g) => g.connections)
      .find((n) => (n.connection.description ?? '').includes('<img'));
    assert.ok(xss, 'the demo data has an XSS description');
    const md = xss.tooltip as vscode.MarkdownString;
    assert.equal(md.isTrusted, false);
    assert.equal(md.supportHtml, false);
    assert.ok(!md.value.includes('<img'), `the payload is escaped: ${md.value}`);
  });

  it('a connection group shows a page of rows and "Show more…"; a reveal shows the row it needs', async () => {
    await setSetting('connections.pageSize', 10);
    try {
      await signInDemo(a);
      const groups = ((await a.trees.connections.getChildren()) ?? []) as AppGroupNode[];
      const azure = groups[0];
      assert.ok(azure && azure.connections.length > 10, `the demo Azure group has more than a page`);
      assert.equal(azure.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
      assert.ok(
        groups.slice(1).every((g) => g.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed),
        'read-only apps start collapsed',
      );
      const rows = (await a.trees.connections.getChildren(azure)) as AnyNode[];
      assert.equal(rows.filter((n) => nodeType(n) === 'connection').length, 10);
      const more = rows.at(-1);
      assert.equal(nodeType(more as AnyNode), 'showMore');
      assert.match(String(more?.label), new RegExp(`Show more… \\(10 of ${azure.connections.length}\\)`));
      await vscode.commands.executeCommand('infisical.showMoreConnections', more);
      const next = (await a.trees.connections.getChildren(azure)) as AnyNode[];
      assert.equal(
        next.filter((n) => nodeType(n) === 'connection').length,
        Math.min(20, azure.connections.length),
      );
      const last = azure.connections.at(-1);
      assert.ok(last);
      await vscode.commands.executeCommand('infisical.revealConnection', last);
      const all = (await a.trees.connections.getChildren(azure)) as AnyNode[];
      assert.equal(all.filter((n) => nodeType(n) === 'connection').length, azure.connections.length);
      assert.ok(!all.some((n) => nodeType(n) === 'showMore'));
    } finally {
      await setSetting('connections.pageSize', undefined);
    }
  });

  it('identities load one page at a time, and "Load more" fetches the next', async () => {
    await signInDemo(a);
    await control('DELETE', 'requests');
    const first = (await a.trees.identities.getChildren()) as AnyNode[];
    assert.equal(first.filter((n) => nodeType(n) === 'identity').length, 10);
    const more = first.at(-1);
    assert.equal(nodeType(more as AnyNode), 'loadMore');
    assert.match(String(more?.label), /Load more… \(10 of \d+\)/);
    await vscode.commands.executeCommand('infisical.loadMoreIdentities');
    const second = (await a.trees.identities.getChildren()) as AnyNode[];
    assert.equal(second.filter((n) => nodeType(n) === 'identity').length, 20);
    assert.equal(a.trees.identities.loadedCount, 20, 'only the pages loaded are held');
    const pages = (await requests()).filter((r) => r.path.endsWith('/identity-memberships'));
    assert.deepEqual(
      pages.map((r) => [r.query.offset, r.query.limit]),
      [
        ['0', '10'],
        ['10', '10'],
      ],
    );
  });

  it('each identity lists its auth methods, Azure Auth first and editable', async () => {
    await signInDemo(a);
    await a.trees.identities.setFilter('');
    let withAzure: IdentityNode | undefined;
    for (let i = 0; i < 10 && !withAzure; i++) {
      const nodes = (await a.trees.identities.getChildren()) as AnyNode[];
      withAzure = nodes.find(
        (n) => nodeType(n) === 'identity' && /hasAzureAuth/.test(n.contextValue ?? ''),
      ) as IdentityNode;
      if (!withAzure) await a.trees.identities.loadMore();
    }
    assert.ok(withAzure, 'an identity with Azure Auth is found');
    const methods = (await a.trees.identities.getChildren(withAzure)) as AuthMethodNode[];
    assert.equal(methods[0]?.method, 'azure-auth');
    assert.equal(methods[0]?.contextValue, 'authMethod azureAuth');
    assert.ok(methods.slice(1).every((m) => m.contextValue === 'authMethod other'));
  });

  it('filtering searches on the server', async () => {
    await signInDemo(a);
    await control('DELETE', 'requests');
    a.trees.identities.setFilter('  deploy ');
    const nodes = (await a.trees.identities.getChildren()) as AnyNode[];
    const names = nodes.filter((n) => nodeType(n) === 'identity').map((n) => String(n.label).toLowerCase());
    assert.ok(names.length > 0 && names.every((n) => n.includes('deploy')), names.join(', '));
    const last = (await requests()).filter((r) => r.path.endsWith('/identity-memberships')).at(-1);
    assert.equal(last?.query.search, 'deploy');
  });

  it('switching profile replaces both trees with the other organization', async () => {
    await signInDemo(a, 'Contoso');
    const before = ((await a.trees.connections.getChildren()) ?? []) as AppGroupNode[];
    await signInDemo(a, 'Fabrikam', DEMO.second);
    const after = ((await a.trees.connections.getChildren()) ?? []) as AppGroupNode[];
    const names = (gs: AppGroupNode[]) =>
      new Set(gs.flatMap((g) => (g.connections ?? []).map((c) => c.connection.orgId)));
    assert.deepEqual(names(before), new Set([DEMO.orgId]));
    assert.deepEqual(names(after), new Set([DEMO.second.orgId]));
    const ids = ((await a.trees.identities.getChildren()) as IdentityNode[]).filter(
      (n) => nodeType(n) === 'identity',
    );
    assert.ok(ids.every((n) => n.membership.identity.orgId === DEMO.second.orgId));
    await vscode.commands.executeCommand('infisical.switchProfile', 'Contoso');
    const back = ((await a.trees.connections.getChildren()) ?? []) as AppGroupNode[];
    assert.deepEqual(names(back), new Set([DEMO.orgId]));
  });

  it('a failed load shows an error node with Retry, and Retry works once the fault is gone', async () => {
    await signInDemo(a);
    await control('POST', 'faults', { path: '/api/v1/app-connections', status: 500 });
    a.trees.connections.reset();
    const nodes = (await a.trees.connections.getChildren()) as AnyNode[];
    assert.equal(nodes.length, 1);
    assert.match(String(nodes[0]?.label), /^Could not load: .*server error \(500\)/);
    assert.equal(nodes[0]?.command?.command, 'infisical.refreshConnections');
    await control('DELETE', 'faults');
    await vscode.commands.executeCommand('infisical.refreshConnections');
    const groups = (await a.trees.connections.getChildren()) as AnyNode[];
    assert.ok(groups.length >= 3 && groups.every((g) => nodeType(g) === 'group'));
  });

  it('a switch during a slow load never writes the old profile into the tree', async () => {
    await signInDemo(a, 'Contoso');
    await signInDemo(a, 'Fabrikam', DEMO.second);
    await vscode.commands.executeCommand('infisical.switchProfile', 'Contoso');
    await control('POST', 'faults', { path: '/api/v1/app-connections', latencyMs: 1500, times: 1 });
    a.trees.connections.reset();
    const slow = a.trees.connections.getChildren();
    await new Promise((r) => setTimeout(r, 200));
    await vscode.commands.executeCommand('infisical.switchProfile', 'Fabrikam');
    assert.deepEqual(await slow, [], 'the old load resolves to nothing');
    const groups = ((await a.trees.connections.getChildren()) ?? []) as AppGroupNode[];
    const orgs = new Set(groups.flatMap((g) => (g.connections ?? []).map((c) => c.connection.orgId)));
    assert.deepEqual(orgs, new Set([DEMO.second.orgId]));
  });
});
