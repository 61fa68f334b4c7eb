import type * as vscode from 'vscode';
import type { LazyWorkspaceFiles } from '../config/lazy';
import type { Ext } from '../context';
import type { LazyFileSystem } from '../jsonEditor/lazy';
import type { ConnectionNode, ConnectionTreeNode } from '../tree/connectionNodes';
import type { IdentityTreeNode } from '../tree/identities';
import type { Trees } from '../tree/index';
import type { LazyTrees } from '../tree/lazy';

/** What every command handler gets besides the arguments VS Code passes. */
export interface CommandDeps {
  ext: Ext;
  trees: Trees;
  /** The `infisical:` documents (and the credentials held in memory for them). */
  documents: LazyFileSystem;
  /** Shows a connection in the App Connections view (its group's page grows to include it). */
  revealConnection(node: ConnectionNode): Promise<void>;
  /** The two views (selection, reveal). */
  views: { connections: vscode.TreeView<ConnectionTreeNode>; identities: vscode.TreeView<IdentityTreeNode> };
  /** Workspace files (`*.infisical-azure.json`): plans, applies, exports. */
  workspaceFiles: LazyWorkspaceFiles;
}

/** The same as activation holds it: the trees' code not loaded yet (the command table loads it). */
export interface ActivationDeps extends Omit<CommandDeps, 'trees'> {
  trees: LazyTrees;
}
