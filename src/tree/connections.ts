import type * as vscode from 'vscode';
import type { Ext } from '../context';
import { AZURE_CLIENT_SECRETS_APP } from '../core/azure';
import type { AppConnection } from '../core/schemas/appConnection';
import { errorNode, MessageNode, ProfileTree, unreadableNode } from './base';
import {
  AppGroupNode,
  ConnectionNode,
  type ConnectionTreeNode,
  ProjectNode,
  ProjectsNode,
  ShowMoreNode,
} from './connectionNodes';

const AZURE = AZURE_CLIENT_SECRETS_APP;

/** How many projects "Go to Connection…" lists at once. */
const PROJECT_LOADS_AT_ONCE = 4;

/**
 * App connections of the active profile's organization by scope: the organization's, grouped by
 * app (Azure Client Secrets first), then "Projects", each project's grouped the same way.
 */
export class ConnectionsTree extends ProfileTree<ConnectionTreeNode> {
  private groups?: Promise<ConnectionTreeNode[]>;
  private projectsNode = new ProjectsNode();
  private projects?: Promise<ConnectionTreeNode[]>;
  private byId = new Map<string, ConnectionNode>();

  constructor(
    ext: Ext,
    private readonly pageSize: () => number,
  ) {
    super(ext);
  }

  getTreeItem(element: ConnectionTreeNode): vscode.TreeItem {
    return element;
  }

  getParent(element: ConnectionTreeNode): ConnectionTreeNode | undefined {
    if (element instanceof ConnectionNode) return element.parent;
    if (element instanceof AppGroupNode) return element.scope;
    if (element instanceof ProjectNode) return element.parent;
    return element instanceof ShowMoreNode ? element.group : undefined;
  }

  getChildren(element?: ConnectionTreeNode): vscode.ProviderResult<ConnectionTreeNode[]> {
    if (element instanceof AppGroupNode) {
      const rows: ConnectionTreeNode[] = element.connections.slice(0, element.shown);
      if (element.shown < element.connections.length) rows.push(new ShowMoreNode(element));
      return rows;
    }
    if (element instanceof ProjectsNode) {
      this.projects ??= this.loadProjects(element);
      return this.projects;
    }
    if (element instanceof ProjectNode) {
      element.children ??= this.loadProjectGroups(element);
      return element.children;
    }
    if (element) return [];
    this.groups ??= this.loadGroups();
    return this.groups;
  }

  protected clear(): void {
    this.groups = undefined;
    this.projects = undefined;
    this.projectsNode = new ProjectsNode();
    this.byId.clear();
  }

  /** Shows the group's next page (or enough of it to include `node`, for a reveal). */
  showMore(target: ShowMoreNode | AppGroupNode, node?: ConnectionNode): void {
    const group = target instanceof ShowMoreNode ? target.group : target;
    const wanted = node ? group.connections.indexOf(node) + 1 : group.shown + this.pageSize();
    const shown = Math.min(group.connections.length, Math.max(group.shown, wanted));
    if (shown === group.shown) return;
    group.shown = shown;
    this.changed.fire(group);
  }

  /** Every loaded connection, the organization's and those of the projects listed so far. */
  loaded(): ConnectionNode[] {
    return [...this.byId.values()];
  }

  /** The organization's connections (for pickers); loads them if needed. */
  async connections(): Promise<ConnectionNode[]> {
    await this.getChildren();
    return this.loaded();
  }

  /**
   * Loads what "Go to Connection…" searches: the organization's connections, the project list
   * and every project's connections, a few projects at a time — 2 + P requests the first time
   * (P projects), none once the tree holds them. `onLoaded` runs after each answer.
   */
  async loadAll(onLoaded: () => void, signal?: AbortSignal): Promise<void> {
    await this.getChildren();
    onLoaded();
    const projects = ((await this.getChildren(this.projectsNode)) ?? []).filter(
      (n): n is ProjectNode => n instanceof ProjectNode,
    );
    const queue = [...projects];
    const worker = async () => {
      for (let next = queue.shift(); next && !signal?.aborted; next = queue.shift()) {
        await this.getChildren(next);
        onLoaded();
      }
    };
    await Promise.all(Array.from({ length: PROJECT_LOADS_AT_ONCE }, worker));
  }

  private async loadGroups(): Promise<ConnectionTreeNode[]> {
    try {
      const loaded = await this.loadList();
      if (!loaded) return [];
      const nodes = this.toGroups(loaded);
      const empty = nodes.length === 0 || nodes.every((n) => n instanceof MessageNode);
      const none = empty ? [new MessageNode('No organization-level app connections', 'info')] : [];
      return [...nodes, ...none, this.projectsNode];
    } catch (error) {
      this.ext.log.warn(`connections: ${this.ext.log.redact((error as Error).message)}`);
      this.groups = undefined; // the next expand retries
      return [errorNode(error, 'infisical.refreshConnections'), this.projectsNode];
    }
  }

  private async loadProjects(parent: ProjectsNode): Promise<ConnectionTreeNode[]> {
    try {
      const loaded = await this.load(async (session, signal) => {
        let unreadable: string[] = [];
        const list = await session.api.projects.list({
          signal,
          onUnreadable: (items) => {
            unreadable = items.map((u) => `#${u.index + 1}: ${u.reason}`);
          },
        });
        return { list, unreadable };
      });
      if (!loaded) return [];
      if (loaded.unreadable.length)
        this.ext.log.warn(`projects: could not read ${loaded.unreadable.join('; ')}`);
      const nodes: ConnectionTreeNode[] = loaded.list.map((p) => new ProjectNode(p, parent));
      if (loaded.unreadable.length) nodes.push(unreadableNode(loaded.unreadable, 'project', 'projects'));
      if (loaded.list.length === 0)
        nodes.push(new MessageNode('No project visible to this identity', 'info'));
      return nodes;
    } catch (error) {
      this.ext.log.warn(`projects: ${this.ext.log.redact((error as Error).message)}`);
      if (parent === this.projectsNode) this.projects = undefined; // the next expand retries
      return [errorNode(error, 'infisical.refreshConnections')];
    }
  }

  private async loadProjectGroups(project: ProjectNode): Promise<ConnectionTreeNode[]> {
    try {
      const loaded = await this.loadList(project.project.id);
      if (!loaded) return [];
      const nodes = this.toGroups(loaded, project);
      return nodes.length ? nodes : [new MessageNode('No app connections in this project', 'info')];
    } catch (error) {
      this.ext.log.warn(
        `connections of project ${project.project.id}: ${this.ext.log.redact((error as Error).message)}`,
      );
      project.children = undefined; // the next expand retries
      return [errorNode(error, 'infisical.refreshConnections')];
    }
  }

  /** One scope's connections: the organization's, or a project's. */
  private loadList(projectId?: string) {
    return this.load(async (session, signal) => {
      let unreadable: string[] = [];
      const list = await session.api.connections.listAll({
        projectId,
        signal,
        onUnreadable: (items) => {
          unreadable = items.map((u) => `#${u.index + 1}: ${u.reason}`);
        },
      });
      return { list, unreadable, profile: session.profile.name };
    });
  }

  /** A scope's app groups, Azure Client Secrets first, then a note on what could not be read. */
  private toGroups(
    loaded: { list: AppConnection[]; unreadable: string[]; profile: string },
    scope?: ProjectNode,
  ): ConnectionTreeNode[] {
    if (loaded.unreadable.length)
      this.ext.log.warn(`connections: could not read ${loaded.unreadable.join('; ')}`);
    const unreadable = loaded.unreadable.length
      ? [unreadableNode(loaded.unreadable, 'app connection', 'app connections')]
      : [];
    const byApp = new Map<string, ConnectionNode[]>();
    for (const c of loaded.list) {
      const node = new ConnectionNode(c, loaded.profile);
      this.byId.set(c.id, node);
      const nodes = byApp.get(c.app);
      if (nodes) nodes.push(node);
      else byApp.set(c.app, [node]);
    }
    const pageSize = this.pageSize();
    const groups = [...byApp.entries()]
      .map(([app, nodes]) => new AppGroupNode(app, nodes, pageSize, scope))
      .sort((a, b) =>
        a.app === AZURE ? -1 : b.app === AZURE ? 1 : String(a.label).localeCompare(String(b.label)),
      );
    for (const g of groups) for (const n of g.connections) n.parent = g;
    return [...groups, ...unreadable];
  }
}
