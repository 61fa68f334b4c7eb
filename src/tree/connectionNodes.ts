import * as vscode from 'vscode';
import { AZURE_CLIENT_SECRETS_APP, type ConnectionCapabilities, connectionCapabilities } from '../core/azure';
import type { AppConnection } from '../core/schemas/appConnection';
import type { Project } from '../core/schemas/project';
import { appendPlain, type MessageNode, safeMarkdown } from './base';
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
    /** The project whose connections these are; none for the organization's. */
    readonly scope?: ProjectNode,
  ) {
    super(
      appName(app),
      app === AZURE ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    this.id = scope ? `group:${scope.project.id}:${app}` : `group:${app}`;
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
    this.id = `showMore:${group.id}:${group.shown}`;
    this.iconPath = new vscode.ThemeIcon('more');
    this.tooltip = `${rest} more ${appName(group.app)} connection${rest === 1 ? '' : 's'}. "Go to Connection…" searches them all.`;
    this.command = { command: 'infisical.showMoreConnections', title: 'Show more', arguments: [this] };
    this.contextValue = 'showMore';
  }
}

/**
 * The projects the identity can see, after the organization's connections. Collapsed: the list
 * loads when it is expanded, so an organization without projects pays nothing at first paint.
 */
export class ProjectsNode extends vscode.TreeItem {
  readonly type = 'projects' as const;
  constructor() {
    super('Projects', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = 'projects';
    this.iconPath = new vscode.ThemeIcon('folder-library');
    this.description = 'project-scoped connections';
    this.tooltip =
      'Connections created inside a project are visible only there. Expand to list the projects this identity can see; each project loads its connections when expanded.';
    this.contextValue = 'projects';
    // Else a string tooltip becomes the row's accessible name.
    this.accessibilityInformation = { label: 'Projects, project-scoped connections' };
  }
}

/** One project: its connections load (one request) when it is expanded, grouped by app. */
export class ProjectNode extends vscode.TreeItem {
  readonly type = 'project' as const;
  /** Its app groups, once asked for. */
  children?: Promise<ConnectionTreeNode[]>;
  constructor(
    readonly project: Project,
    readonly parent: ProjectsNode,
  ) {
    super(project.name, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `project:${project.id}`;
    this.iconPath = new vscode.ThemeIcon('project');
    this.description = project.type ?? undefined;
    const md = safeMarkdown();
    md.appendMarkdown('### ');
    appendPlain(md, project.name);
    md.appendMarkdown('\n\n');
    for (const [label, value] of [
      ['Slug', project.slug],
      ['Type', project.type],
      ['Description', project.description],
      ['ID', project.id],
    ] as const) {
      if (!value) continue;
      md.appendMarkdown(`**${label}:** `);
      appendPlain(md, value);
      md.appendMarkdown('  \n');
    }
    this.tooltip = md;
    this.contextValue = 'project';
    this.accessibilityInformation = { label: `${project.name}, project` };
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

export type ConnectionTreeNode =
  | AppGroupNode
  | ConnectionNode
  | ShowMoreNode
  | ProjectsNode
  | ProjectNode
  | MessageNode;
