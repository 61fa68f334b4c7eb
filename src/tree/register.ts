import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { ResourceType } from '../core/edit/adapters';
import type { ConnectionNode, ConnectionTreeNode } from './connectionNodes';
import { ConnectionsTree } from './connections';
import { IdentitiesTree, type IdentityTreeNode } from './identities';
import type { Trees } from './index';

/** The two views and their data providers, as activation hands them to commands and accounts. */
export interface TreeViews {
  trees: Trees;
  views: { connections: vscode.TreeView<ConnectionTreeNode>; identities: vscode.TreeView<IdentityTreeNode> };
  /** Shows a connection in the App Connections view (its group's page grows to include it). */
  revealConnection(node: ConnectionNode): Promise<void>;
  refreshAll(): void;
  refreshAfterChange(resource: ResourceType): void;
}

/** Creates the App Connections and Machine Identities views; nothing loads until one is shown. */
export function registerTrees(ext: Ext): TreeViews {
  const pageSize = (view: 'identities' | 'connections') => () =>
    vscode.workspace.getConfiguration('infisical').get<number>(`${view}.pageSize`, 100);
  const trees: Trees = {
    connections: new ConnectionsTree(ext, pageSize('connections')),
    identities: new IdentitiesTree(ext, pageSize('identities')),
  };
  const views = {
    connections: vscode.window.createTreeView('infisical.connections', {
      treeDataProvider: trees.connections,
      showCollapseAll: true,
      canSelectMany: true,
    }),
    identities: vscode.window.createTreeView('infisical.identities', {
      treeDataProvider: trees.identities,
      showCollapseAll: true,
      canSelectMany: true,
    }),
  };
  ext.context.subscriptions.push(trees.connections, trees.identities, views.connections, views.identities);
  return {
    trees,
    views,
    revealConnection: async (node) => {
      if (node.parent) trees.connections.showMore(node.parent, node);
      await views.connections.reveal(node, { select: true, focus: true });
    },
    refreshAll: () => {
      trees.connections.reset();
      trees.identities.reset();
    },
    refreshAfterChange: (resource) => {
      // What each kind's change shows in the views: a connection's name and description are in
      // its tree; the identities tree shows no Azure Auth setting.
      const refresh: Record<ResourceType, () => void> = {
        'azure-auth': () => {},
        connection: () => trees.connections.reset(),
      };
      refresh[resource]();
    },
  };
}
