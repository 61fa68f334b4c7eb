import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { ResourceType } from '../core/edit/adapters';
import type { ConnectionNode, ConnectionTreeNode } from './connectionNodes';
import type { IdentityTreeNode } from './identities';
import { type LazyTrees, lazyTrees } from './lazy';

/** The two views and their data providers, as activation hands them to commands and accounts. */
export interface TreeViews {
  trees: LazyTrees;
  views: { connections: vscode.TreeView<ConnectionTreeNode>; identities: vscode.TreeView<IdentityTreeNode> };
  /** Shows a connection in the App Connections view (its group's page grows to include it). */
  revealConnection(node: ConnectionNode): Promise<void>;
  refreshAll(): void;
  refreshAfterChange(resource: ResourceType): void;
}

/**
 * Creates the App Connections and Machine Identities views; the trees' code loads when a view
 * first asks for rows (src/tree/lazy.ts), their data when a view is shown.
 */
export function registerTrees(ext: Ext): TreeViews {
  const pageSize = (view: 'identities' | 'connections') => () =>
    vscode.workspace.getConfiguration('infisical').get<number>(`${view}.pageSize`, 100);
  const trees = lazyTrees(async () => {
    const created = (await import('./create.js')).createTrees(ext, pageSize);
    ext.context.subscriptions.push(created.connections, created.identities);
    return created;
  });
  const { fronts } = trees;
  const views = {
    connections: vscode.window.createTreeView('infisical.connections', {
      treeDataProvider: fronts.connections,
      showCollapseAll: true,
      canSelectMany: true,
    }),
    identities: vscode.window.createTreeView('infisical.identities', {
      treeDataProvider: fronts.identities,
      showCollapseAll: true,
      canSelectMany: true,
    }),
  };
  ext.context.subscriptions.push(fronts.connections, fronts.identities, views.connections, views.identities);
  return {
    trees,
    views,
    revealConnection: async (node) => {
      const { connections } = await trees.ready();
      if (node.parent) connections.showMore(node.parent, node);
      await views.connections.reveal(node, { select: true, focus: true });
    },
    // Trees whose code has not loaded hold nothing to forget.
    refreshAll: () => {
      trees.current?.connections.reset();
      trees.current?.identities.reset();
    },
    refreshAfterChange: (resource) => {
      // What each kind's change shows in the views: a connection's name and description are in
      // its tree; the identities tree shows no Azure Auth setting.
      const refresh: Record<ResourceType, () => void> = {
        'azure-auth': () => {},
        connection: () => trees.current?.connections.reset(),
      };
      refresh[resource]();
    },
  };
}
