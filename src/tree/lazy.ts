import * as vscode from 'vscode';
import type { Trees } from './index';

/** The trees as activation holds them: their code loads on first use, then the same two instances. */
export interface LazyTrees {
  /** The trees, loading their code if nothing has yet (a view's first rows, commands, the test API). */
  ready(): Promise<Trees>;
  /** The trees if their code has loaded, else undefined (nothing shown yet, nothing to refresh). */
  readonly current: Trees | undefined;
  /** The views' data providers: fronts that hand every call and event to the loaded trees. */
  readonly fronts: { [K in keyof Trees]: TreeFront<TreeElement<Trees[K]>> };
}

type TreeElement<P> = P extends vscode.TreeDataProvider<infer T> ? T : never;

export function lazyTrees(create: () => Promise<Trees>): LazyTrees {
  let current: Trees | undefined;
  let loading: Promise<Trees> | undefined;
  const ready = () => {
    loading ??= create().then((trees) => {
      current = trees;
      fronts.connections.attach(trees.connections);
      fronts.identities.attach(trees.identities);
      return trees;
    });
    return loading;
  };
  const fronts = {
    connections: new TreeFront<TreeElement<Trees['connections']>>(async () => (await ready()).connections),
    identities: new TreeFront<TreeElement<Trees['identities']>>(async () => (await ready()).identities),
  };
  return {
    ready,
    get current() {
      return current;
    },
    fronts,
  };
}

/**
 * What VS Code holds as a view's data provider at activation. The tree's code (its nodes, labels,
 * loading and error rows: about 40% of what activation would otherwise read) loads when the view
 * first asks for rows, or when a command or the status bar needs the tree. VS Code asks for an
 * element's item or parent only after `getChildren` gave it, so by then the tree is attached.
 */
export class TreeFront<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private tree?: vscode.TreeDataProvider<T>;
  private forwarding?: vscode.Disposable;

  constructor(private readonly load: () => Promise<vscode.TreeDataProvider<T>>) {}

  /** From now on every call goes to `tree`, and its changes are this provider's. */
  attach(tree: vscode.TreeDataProvider<T>): void {
    this.tree = tree;
    this.forwarding = tree.onDidChangeTreeData?.((e) => this.changed.fire(e as T | undefined));
  }

  private attached(): vscode.TreeDataProvider<T> {
    if (!this.tree) throw new Error('a tree element was asked for before its tree loaded');
    return this.tree;
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.attached().getTreeItem(element);
  }

  getParent(element: T): vscode.ProviderResult<T> {
    return this.attached().getParent?.(element);
  }

  async getChildren(element?: T): Promise<T[] | null | undefined> {
    return (this.tree ?? (await this.load())).getChildren(element);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
