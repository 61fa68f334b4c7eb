import * as vscode from 'vscode';
import type { Ext } from '../context';
import { AZURE_CLIENT_SECRETS_APP, type ConnectionCapabilities, connectionCapabilities } from '../core/azure';
import type { AppConnection } from '../core/schemas/appConnection';
import { appendPlain, errorNode, MessageNode, ProfileTree, safeMarkdown, unreadableNode } from './base';
import { appName, shortDate } from './labels';

const AZURE = AZURE_CLIENT_SECRETS_APP;

/**
 * One app's connections. The list endpoint is not paged, but the view is: a group shows its
 * first page and a "Show more…" row, so a 2,000-connection organization sends VS Code a page
 * of rows, not every row. Only Azure Client Secrets (what this extension edits) starts open.
 */
export class AppGroupNode extends vscode.TreeItem {
  readonly type = 'group' as const;
  /** How many rows the group shows. */
  shown: number;
  constructor(
    readonly app: string,
    readonly connections: ConnectionNode[],
    pageSize: number,
  ) {
    super(
      appName(app),
      app === AZURE ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    this.id = `group:${app}`;
    this.description = String(connections.length);
    this.iconPath = new vscode.ThemeIcon(app.startsWith('azure') ? 'azure' : 'plug');
    this.contextValue = 'appGroup';
    this.shown = Math.min(pageSize, connections.length);
  }
}

/** The last row of a group that has more connections than it shows. */
export class ShowMoreNode extends vscode.TreeItem {
  readonly type = 'showMore' as const;
  constructor(readonly group: AppGroupNode) {
    const rest = group.connections.length - group.shown;
    super(`Show more… (${group.shown} of ${group.connections.length})`, vscode.TreeItemCollapsibleState.None);
    this.id = `showMore:${group.app}:${group.shown}`;
    this.iconPath = new vscode.ThemeIcon('more');
    this.tooltip = `${rest} more ${appName(group.app)} connection${rest === 1 ? '' : 's'}. "Go to Connection…" searches them all.`;
    this.command = { command: 'infisical.showMoreConnections', title: 'Show more', arguments: [this] };
    this.contextValue = 'showMore';
  }
}

export class ConnectionNode extends vscode.TreeItem {
  readonly type = 'connection' as const;
  /** What the commands may do with it; `contextValue` says the same to package.json's menus. */
  readonly can: ConnectionCapabilities;
  parent?: AppGroupNode;
  constructor(
    readonly connection: AppConnection,
    readonly profileName: string,
  ) {
    super(connection.name, vscode.TreeItemCollapsibleState.None);
    const c = connection;
    this.can = connectionCapabilities(c);
    const rotation = c.rotation ?? undefined;
    const failed = rotation?.rotationStatus === 'failed';
    const scope = c.project?.name ?? (c.projectId ? `project ${c.projectId}` : 'organization');
    this.id = `connection:${c.id}`;
    const parts = [c.method, scope];
    if (c.isAutoRotationEnabled && rotation) {
      parts.push(
        failed ? 'rotation failed' : `next rotation ${shortDate(rotation.nextRotationAt) ?? 'pending'}`,
      );
    }
    this.description = parts.join(' · ');
    this.iconPath = failed
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
      : new vscode.ThemeIcon(c.app === AZURE ? 'key' : 'plug');
    this.tooltip = connectionTooltip(c, scope);
    const tags = ['connection', this.can.editable ? 'editable' : 'readonly'];
    if (this.can.oauth) tags.push('oauth');
    if (this.can.rotatable) tags.push('rotatable');
    this.contextValue = tags.join(' ');
    this.command = this.can.editable
      ? { command: 'infisical.editConnection', title: 'Edit', arguments: [this] }
      : { command: 'infisical.viewConnectionJson', title: 'View', arguments: [this] };
    this.accessibilityInformation = { label: `${c.name}, ${appName(c.app)} connection, ${this.description}` };
  }
}

/** Server text goes in as plain text: a name or description can never become a link or command. */
function connectionTooltip(c: AppConnection, scope: string): vscode.MarkdownString {
  const md = safeMarkdown();
  const line = (label: string, value: string | undefined | null) => {
    if (value === undefined || value === null || value === '') return;
    md.appendMarkdown(`**${label}:** `);
    appendPlain(md, value);
    md.appendMarkdown('  \n');
  };
  md.appendMarkdown('### ');
  appendPlain(md, c.name);
  md.appendMarkdown('\n\n');
  line('App', appName(c.app));
  line('Method', c.method);
  line('Scope', scope);
  line('Description', c.description);
  line('ID', c.id);
  const r = c.rotation;
  if (r) {
    line('Auto-rotation', c.isAutoRotationEnabled ? 'enabled' : 'disabled');
    if (r.rotationInterval !== undefined) line('Rotates every', `${r.rotationInterval} days`);
    line('Rotation status', r.rotationStatus);
    line('Next rotation', shortDate(r.nextRotationAt));
    line('Last rotation message', r.lastRotationMessage);
  }
  line('Updated', shortDate(c.updatedAt));
  return md;
}

export type ConnectionTreeNode = AppGroupNode | ConnectionNode | ShowMoreNode | MessageNode;

/** App connections of the active profile's organization, grouped by app, Azure Client Secrets first. */
export class ConnectionsTree extends ProfileTree<ConnectionTreeNode> {
  private groups?: Promise<ConnectionTreeNode[]>;
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
    return element instanceof ShowMoreNode ? element.group : undefined;
  }

  getChildren(element?: ConnectionTreeNode): vscode.ProviderResult<ConnectionTreeNode[]> {
    if (element instanceof AppGroupNode) {
      const rows: ConnectionTreeNode[] = element.connections.slice(0, element.shown);
      if (element.shown < element.connections.length) rows.push(new ShowMoreNode(element));
      return rows;
    }
    if (element) return [];
    this.groups ??= this.loadGroups();
    return this.groups;
  }

  protected clear(): void {
    this.groups = undefined;
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

  /** Every loaded connection (for "Go to connection…"); loads them if needed. */
  async connections(): Promise<ConnectionNode[]> {
    await this.getChildren();
    return [...this.byId.values()];
  }

  private async loadGroups(): Promise<ConnectionTreeNode[]> {
    try {
      const loaded = await this.load(async (session, signal) => {
        let unreadable: string[] = [];
        const list = await session.api.connections.listAll({
          signal,
          onUnreadable: (items) => {
            unreadable = items.map((u) => `#${u.index + 1}: ${u.reason}`);
          },
        });
        return { list, unreadable, profile: session.profile.name };
      });
      if (!loaded) return [];
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
      if (byApp.size === 0)
        return [...unreadable, new MessageNode('No app connections in this organization', 'info')];
      const pageSize = this.pageSize();
      const groups = [...byApp.entries()]
        .map(([app, nodes]) => new AppGroupNode(app, nodes, pageSize))
        .sort((a, b) =>
          a.app === AZURE ? -1 : b.app === AZURE ? 1 : String(a.label).localeCompare(String(b.label)),
        );
      for (const g of groups) for (const n of g.connections) n.parent = g;
      return [...groups, ...unreadable];
    } catch (error) {
      this.ext.log.warn(`connections: ${this.ext.log.redact((error as Error).message)}`);
      this.groups = undefined; // the next expand retries
      return [errorNode(error, 'infisical.refreshConnections')];
    }
  }
}
