import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PickItem } from '../../src/flows/pick';
import type { IdentityNode } from '../../src/tree/identities';
import { type Api, control, requests, signedInBeforeEach, waitFor } from './helpers';

/** Runs a palette command and accepts the row its picker preselects, as Enter would. */
async function acceptPreselected(command: string): Promise<void> {
  const done = vscode.commands.executeCommand(command);
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  // The picker fills from the tree (and the server); Enter before its rows exist does nothing.
  await waitFor(
    `${command} to act on its preselected row`,
    async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return vscode.window.activeTextEditor?.document.uri.scheme === 'infisical' || finished;
    },
    20_000,
  );
  await done;
}

const labels = (items: PickItem<unknown>[]) => items.map((i) => i.label);

describe('Palette pickers', () => {
  let a: Api;
  signedInBeforeEach((api) => {
    a = api;
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('"Edit Azure Auth as JSON" preselects an identity that has Azure Auth, and opens it', async () => {
    await acceptPreselected('infisical.editAzureAuthJson');
    const uri = vscode.window.activeTextEditor?.document.uri;
    assert.equal(uri?.scheme, 'infisical');
    const id = /\/identities\/([^/]+)\//.exec(uri?.path ?? '')?.[1];
    const state = await control<{ azureAuths: { identityId: string }[] }>('GET', 'state');
    assert.ok(
      state.azureAuths.some((x) => x.identityId === id),
      'the preselected identity has Azure Auth',
    );
  });

  it('identity rows: only those the command can act on, searched on the server as the user types', async () => {
    const pick = await a.pickers();
    const trees = a.trees as Parameters<typeof pick.identityItems>[1];
    const loaded = await pick.identityItems(a.ext, trees, 'withAzureAuth', '');
    assert.ok(loaded.length > 0 && loaded.every((i) => (i.node as IdentityNode).hasAzureAuth));
    await control('DELETE', 'requests');
    const withAzure = await pick.identityItems(a.ext, trees, 'withAzureAuth', '  data ');
    const without = await pick.identityItems(a.ext, trees, 'withoutAzureAuth', 'data');
    assert.deepEqual(labels(withAzure), ['data-factory-etl']);
    assert.deepEqual(labels(without), ['data-sync']);
    assert.ok(withAzure[0]?.node?.hasAzureAuth && !without[0]?.node?.hasAzureAuth);
    const searches = (await requests()).filter((r) => r.path.endsWith('/identity-memberships'));
    assert.deepEqual(
      searches.map((r) => [r.query.search, r.query.limit]),
      [
        ['data', '100'],
        ['data', '100'],
      ],
      'one server search per query, not the loaded page',
    );
  });

  it('an empty result says what to do, as a row that does it', async () => {
    const pick = await a.pickers();
    const trees = a.trees as Parameters<typeof pick.identityItems>[1];
    const none = await pick.identityItems(a.ext, trees, 'withAzureAuth', 'no-such-identity-x');
    assert.deepEqual(labels(none), [
      '$(info) No identity with Azure Auth matches "no-such-identity-x" — Attach Azure Auth…',
    ]);
    assert.equal(none[0]?.alwaysShow, true, 'the quick pick’s own filter never hides it');
    assert.equal(typeof none[0]?.run, 'function');
    assert.equal(none[0]?.node, undefined);
    const attach = await pick.identityItems(a.ext, trees, 'withoutAzureAuth', 'no-such-identity-x');
    assert.match(String(attach[0]?.label), /No identity without Azure Auth matches .* — Edit Azure Auth…/);
  });

  it('"Rotate Now" with nothing to rotate names a server without rotation instead of sending the user to set a schedule', async () => {
    const pick = await a.pickers();
    const trees = a.trees as Parameters<typeof pick.identityItems>[1];
    const listed = (await trees.connections.connections()).map((n) => n.connection);
    // As a current server lists them: the key present, whatever the value.
    const current = listed.map((c) => ({ ...c, isAutoRotationEnabled: c.isAutoRotationEnabled ?? false }));
    assert.equal(
      pick.noConnection('rotatable', 'zz', current).label,
      '$(info) No connection with a rotation schedule matches "zz" — Edit Connection… to set one',
    );
    // As a June 2025 server lists them: no rotation key at all (absent, not null).
    const older = listed.map(({ isAutoRotationEnabled: _e, rotation: _r, ...rest }) => rest);
    const row = pick.noConnection('rotatable', 'zz', older);
    assert.equal(
      row.label,
      '$(info) No connection can rotate: this server’s connections have no automatic rotation (the server is older than the feature)',
    );
    assert.equal(row.run, undefined, 'no way out that leads nowhere');
    assert.equal(row.alwaysShow, true);
  });

  it('"Edit Connection as JSON" offers editable connections only, project-scoped ones too', async () => {
    await control('DELETE', 'requests');
    await acceptPreselected('infisical.editConnectionJson');
    assert.match(
      vscode.window.activeTextEditor?.document.uri.path ?? '',
      /\/connections\/azure-client-secrets\//,
    );
    // The picker stops loading projects once a row is chosen; what it loaded is never asked again.
    await a.trees.connections.loadAll(() => undefined);
    const loaded = a.trees.connections.loaded();
    const names = loaded.map((n) => n.connection.name);
    assert.ok(names.includes('edge-acme-entra') && names.includes('payments-entra'), names.join(', '));
    const log = (await requests()).filter((r) =>
      ['/api/v1/app-connections', '/api/v1/projects'].includes(r.path),
    );
    const projects = (await control<{ projects: { orgId: string }[] }>('GET', 'state')).projects.filter(
      (p) => p.orgId === a.ext.profiles.org('Contoso')?.id,
    );
    assert.equal(log.length, 2 + projects.length, 'the organization, the project list, one per project');
    assert.equal(new Set(log.map((r) => JSON.stringify([r.path, r.query]))).size, log.length, 'none twice');
  });

  it('"Go to Connection…" finds a project-scoped connection and reveals it in its project', async () => {
    await a.trees.connections.loadAll(() => undefined);
    const node = a.trees.connections.loaded().find((n) => n.connection.name === 'gateway-entra');
    assert.ok(node);
    await vscode.commands.executeCommand('infisical.revealConnection', node);
    const group = a.trees.connections.getParent(node);
    assert.equal(group?.type, 'group');
    const project = group && a.trees.connections.getParent(group);
    assert.equal(project?.label, 'Identity Gateway');
  });
});
