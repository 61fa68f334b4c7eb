import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AppGroupNode, ConnectionNode, ProjectNode, ProjectsNode } from '../../src/tree/connectionNodes';
import type { AuthMethodNode, IdentityNode } from '../../src/tree/identities';
import {
  type AnyNode,
  type Api,
  api,
  control,
  DEMO,
  openEditor,
  requests,
  resetAll,
  setSetting,
  setText,
  signInDemo,
  waitFor,
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

  describe('project-scoped connections', () => {
    const projectsOf = async () => {
      const root = ((await a.trees.connections.getChildren()) ?? []) as AnyNode[];
      const projects = root.at(-1) as ProjectsNode;
      assert.equal(projects.type, 'projects', 'the projects come after the organization’s groups');
      return { root, projects };
    };

    it('the first paint asks for the organization’s connections only; Projects loads on expand', async () => {
      await signInDemo(a);
      await control('DELETE', 'requests');
      a.trees.connections.reset();
      const { root, projects } = await projectsOf();
      assert.equal(projects.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      assert.ok(root.slice(0, -1).every((n) => nodeType(n) === 'group'));
      const connectionsAndProjects = async () =>
        (await requests())
          .filter((r) => /^\/api\/v1\/(app-connections|projects)/.test(r.path))
          .map((r) => `${r.path} ${JSON.stringify(r.query)}`);
      assert.deepEqual(await connectionsAndProjects(), ['/api/v1/app-connections {}']);
      const nodes = ((await a.trees.connections.getChildren(projects)) ?? []) as ProjectNode[];
      assert.deepEqual(
        nodes.map((n) => [n.label, n.description]),
        [
          ['Archive', 'secret-manager'],
          ['Edge Certificates', 'cert-manager'],
          ['Identity Gateway', 'secret-manager'],
          ['Payments API', 'secret-manager'],
          ['Plateforme Données – Europe', 'secret-manager'],
        ],
      );
      assert.ok(nodes.every((n) => n.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed));
      assert.deepEqual(await connectionsAndProjects(), ['/api/v1/app-connections {}', '/api/v1/projects {}']);
    });

    it('a project loads its connections on expand, once, grouped by app and editable like the organization’s', async () => {
      await signInDemo(a);
      const { projects } = await projectsOf();
      const nodes = ((await a.trees.connections.getChildren(projects)) ?? []) as ProjectNode[];
      const payments = nodes.find((n) => n.label === 'Payments API');
      const archive = nodes.find((n) => n.label === 'Archive');
      assert.ok(payments && archive);
      await control('DELETE', 'requests');
      const groups = ((await a.trees.connections.getChildren(payments)) ?? []) as AppGroupNode[];
      await a.trees.connections.getChildren(payments);
      assert.deepEqual(
        (await requests()).map((r) => `${r.path} ${r.query.projectId}`),
        [`/api/v1/app-connections ${payments.project.id}`],
        'one request, however often the node is expanded',
      );
      assert.deepEqual(
        groups.map((g) => [g.label, g.id]),
        [
          ['Azure Client Secrets', `group:${payments.project.id}:azure-client-secrets`],
          ['AWS', `group:${payments.project.id}:aws`],
        ],
      );
      const azure = groups[0]?.connections ?? [];
      assert.deepEqual(
        azure.map((n) => [n.connection.name, n.contextValue]),
        [
          ['payments-cert', 'connection editable'],
          ['payments-entra', 'connection editable rotatable'],
          ['payments-oauth', 'connection editable oauth'],
        ],
      );
      assert.ok(azure.every((n) => String(n.description).includes('Payments API')));
      assert.equal(a.trees.connections.getParent(groups[0] as AppGroupNode), payments);
      assert.equal(a.trees.connections.getParent(payments), projects);
      const empty = (await a.trees.connections.getChildren(archive)) as AnyNode[];
      assert.deepEqual(
        empty.map((n) => n.label),
        ['No app connections in this project'],
      );
    });

    it('a project-scoped connection is edited in the JSON editor with the same PATCH route', async () => {
      await signInDemo(a);
      const { projects } = await projectsOf();
      const edge = (((await a.trees.connections.getChildren(projects)) ?? []) as ProjectNode[]).find(
        (n) => n.label === 'Edge Certificates',
      );
      assert.ok(edge);
      const [group] = ((await a.trees.connections.getChildren(edge)) ?? []) as AppGroupNode[];
      const node = group?.connections[0] as ConnectionNode;
      assert.equal(node.connection.name, 'edge-acme-entra');
      await control('DELETE', 'requests');
      await vscode.commands.executeCommand('infisical.editConnectionJson', node);
      const opened = await waitFor(
        'the connection document',
        () => vscode.window.activeTextEditor?.document.uri,
      );
      assert.match(
        opened.path,
        new RegExp(`/connections/azure-client-secrets/client-secret/${node.connection.id}/`),
      );
      // A label no earlier test used: VS Code opens a fresh document (see helpers.azureAuthUri).
      const editor = await openEditor(
        opened.with({ path: opened.path.replace(/\.jsonc$/, `-t${Date.now()}.jsonc`) }),
      );
      const text = editor.document.getText();
      await setText(
        editor,
        text.replace(/"description": "[^"]*"/, '"description": "Edited in its project."'),
      );
      assert.ok(await editor.document.save(), 'saved');
      const patch = (await requests()).find((r) => r.method === 'PATCH');
      assert.equal(patch?.path, `/api/v1/app-connections/azure-client-secrets/${node.connection.id}`);
      assert.deepEqual(patch?.body, { description: 'Edited in its project.' });
      const state = await control<{ connections: { id: string; description: string; projectId: string }[] }>(
        'GET',
        'state',
      );
      const stored = state.connections.find((c) => c.id === node.connection.id);
      assert.equal(stored?.description, 'Edited in its project.');
      assert.equal(stored?.projectId, edge.project.id);
    });

    it('a failed project list shows an error row under Projects; the organization’s groups stay', async () => {
      await signInDemo(a);
      await control('POST', 'faults', { path: '/api/v1/projects', status: 503 });
      const { root, projects } = await projectsOf();
      assert.ok(root.length >= 4);
      const rows = (await a.trees.connections.getChildren(projects)) as AnyNode[];
      assert.equal(rows.length, 1);
      assert.match(String(rows[0]?.label), /^Could not load: .*server error \(503\)/);
      await control('DELETE', 'faults');
      const again = (await a.trees.connections.getChildren(projects)) as AnyNode[];
      assert.equal(again.filter((n) => nodeType(n) === 'project').length, 5, 'the next expand retries');
    });
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
    assert.deepEqual(nodes.map(nodeType), ['message', 'projects'], 'the projects do not depend on it');
    assert.match(String(nodes[0]?.label), /^Could not load: .*server error \(500\)/);
    assert.equal(nodes[0]?.command?.command, 'infisical.refreshConnections');
    await control('DELETE', 'faults');
    await vscode.commands.executeCommand('infisical.refreshConnections');
    const groups = (await a.trees.connections.getChildren()) as AnyNode[];
    assert.equal(nodeType(groups.at(-1) as AnyNode), 'projects');
    assert.ok(groups.length >= 4 && groups.slice(0, -1).every((g) => nodeType(g) === 'group'));
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
