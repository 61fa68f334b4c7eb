import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { IdentityMembership } from '../core/schemas/identity';
import { appendPlain, errorNode, MessageNode, ProfileTree, safeMarkdown, unreadableNode } from './base';
import { authMethodName } from './labels';

export class IdentityNode extends vscode.TreeItem {
  readonly type = 'identity' as const;
  /** Whether Azure Auth is attached: edit and revoke, or attach. */
  readonly hasAzureAuth: boolean;
  constructor(
    readonly membership: IdentityMembership,
    readonly profileName: string,
  ) {
    const identity = membership.identity;
    const methods = identity.authMethods ?? [];
    super(
      identity.name,
      methods.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    this.id = `identity:${identity.id}`;
    this.description = methods.length ? methods.map(authMethodName).join(', ') : 'no auth methods';
    this.iconPath = new vscode.ThemeIcon('robot');
    const tooltip = safeMarkdown();
    tooltip.appendMarkdown('**');
    appendPlain(tooltip, identity.name);
    tooltip.appendMarkdown('**  \n');
    appendPlain(tooltip, `ID: ${identity.id}`);
    if (membership.role) appendPlain(tooltip, `\nRole: ${membership.role}`);
    this.tooltip = tooltip;
    this.hasAzureAuth = methods.includes('azure-auth');
    this.contextValue = `identity ${this.hasAzureAuth ? 'hasAzureAuth' : 'noAzureAuth'}`;
  }

  get identityId(): string {
    return this.membership.identity.id;
  }
}

export class AuthMethodNode extends vscode.TreeItem {
  readonly type = 'authMethod' as const;
  constructor(
    readonly identity: IdentityNode,
    readonly method: string,
  ) {
    super(authMethodName(method), vscode.TreeItemCollapsibleState.None);
    const azure = method === 'azure-auth';
    this.id = `auth:${identity.identityId}:${method}`;
    this.description = azure ? 'editable' : undefined;
    this.iconPath = new vscode.ThemeIcon(azure ? 'azure' : 'shield');
    this.tooltip = azure
      ? `${this.label} of ${identity.membership.identity.name}: edit its tenant, audience, principals, token TTLs and trusted IPs`
      : `${this.label} of ${identity.membership.identity.name} (shown for information)`;
    this.contextValue = azure ? 'authMethod azureAuth' : 'authMethod other';
    this.command = azure
      ? { command: 'infisical.editAzureAuth', title: 'Edit', arguments: [identity] }
      : { command: 'infisical.viewAuthMethod', title: 'View', arguments: [this] };
  }
}

export class LoadMoreNode extends vscode.TreeItem {
  readonly type = 'loadMore' as const;
  constructor(loaded: number, total: number | undefined) {
    super(
      `Load more… (${loaded} ${total === undefined ? 'loaded' : `of ${total}`})`,
      vscode.TreeItemCollapsibleState.None,
    );
    this.id = `loadMore:${loaded}`;
    this.iconPath = new vscode.ThemeIcon('more');
    this.command = { command: 'infisical.loadMoreIdentities', title: 'Load more' };
    this.contextValue = 'loadMore';
  }
}

export type IdentityTreeNode = IdentityNode | AuthMethodNode | LoadMoreNode | MessageNode;

interface Paging {
  items: IdentityNode[];
  /** The server's count; unknown when it did not say. */
  total?: number;
  /** Where the next page starts: what the server sent so far, unreadable memberships included. */
  nextOffset: number;
  /** Whether the server has more (from `total`, or a full page when it gave none). */
  more: boolean;
  unreadable: string[];
  error?: unknown;
}

/**
 * Machine identities, one page at a time from the server (never the whole organization), with
 * server-side search. Each identity's children are its auth methods.
 */
export class IdentitiesTree extends ProfileTree<IdentityTreeNode> {
  private paging?: Paging;
  private loading?: Promise<void>;
  private search = '';

  constructor(
    ext: Ext,
    private readonly pageSize: () => number,
  ) {
    super(ext);
  }

  get filter(): string {
    return this.search;
  }

  /** Sets the server-side search and reloads from the first page. */
  setFilter(text: string): void {
    this.search = text.trim();
    this.reset();
  }

  getTreeItem(element: IdentityTreeNode): vscode.TreeItem {
    return element;
  }

  getParent(element: IdentityTreeNode): IdentityTreeNode | undefined {
    return element instanceof AuthMethodNode ? element.identity : undefined;
  }

  async getChildren(element?: IdentityTreeNode): Promise<IdentityTreeNode[]> {
    if (element instanceof IdentityNode) {
      const methods = [...(element.membership.identity.authMethods ?? [])].sort((a, b) =>
        a === 'azure-auth' ? -1 : b === 'azure-auth' ? 1 : a.localeCompare(b),
      );
      return methods.map((m) => new AuthMethodNode(element, m));
    }
    if (element) return [];
    if (!this.paging) await this.loadNextPage();
    const paging = this.paging;
    if (!paging) return [];
    const nodes: IdentityTreeNode[] = [...paging.items];
    if (paging.unreadable.length)
      nodes.push(unreadableNode(paging.unreadable, 'machine identity', 'machine identities'));
    if (paging.error) nodes.push(errorNode(paging.error, 'infisical.loadMoreIdentities'));
    else if (paging.more) nodes.push(new LoadMoreNode(paging.items.length, paging.total));
    else if (paging.items.length === 0) {
      nodes.push(
        new MessageNode(
          this.search ? `No identity matches "${this.search}"` : 'No machine identities',
          'info',
        ),
      );
    }
    return nodes;
  }

  /** Loads the next page (or the first); concurrent calls share one request. */
  loadNextPage(): Promise<void> {
    if (!this.loading) {
      // A load a refresh left behind must not clear the flag of the one that replaced it, or
      // the next call would fetch the same page again and append it twice.
      const loading: Promise<void> = this.fetchPage().finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  /** Number of identities held in memory: the pages loaded, not the organization. */
  get loadedCount(): number {
    return this.paging?.items.length ?? 0;
  }

  private async fetchPage(): Promise<void> {
    const before = this.paging;
    const offset = before?.nextOffset ?? 0;
    const limit = this.pageSize();
    const generation = this.generation;
    try {
      const page = await this.load(async (session, signal) => {
        const org = this.ext.profiles.org(session.profile.name);
        if (!org)
          throw new Error(`the organization of profile "${session.profile.name}" is unknown: sign in again`);
        const res = await session.api.identities.listPage(org.id, {
          offset,
          limit,
          search: this.search || undefined,
          signal,
        });
        return { res, profile: session.profile.name };
      });
      if (!page || generation !== this.generation || this.paging !== before) return;
      const { res } = page;
      // An identity created or deleted between two pages shifts the offsets: one already shown
      // can come again. Tree items need unique ids, and a person needs each identity once.
      const seen = new Set(before?.items.map((n) => n.identityId));
      const fresh = res.identityMemberships.filter(
        (m) => !seen.has(m.identity.id) && seen.add(m.identity.id),
      );
      const unreadable = res.unreadable.map((u) => `#${offset + u.index + 1}: ${u.reason}`);
      if (unreadable.length) this.ext.log.warn(`identities: could not read ${unreadable.join('; ')}`);
      const nextOffset = offset + res.received;
      this.paging = {
        items: [...(before?.items ?? []), ...fresh.map((m) => new IdentityNode(m, page.profile))],
        total: res.totalCount,
        nextOffset,
        more: res.totalCount !== undefined ? nextOffset < res.totalCount : res.received >= limit,
        unreadable: [...(before?.unreadable ?? []), ...unreadable],
      };
    } catch (error) {
      if (generation !== this.generation) return;
      this.ext.log.warn(`identities: ${this.ext.log.redact((error as Error).message)}`);
      this.paging = {
        items: before?.items ?? [],
        total: before?.total,
        nextOffset: offset,
        more: before?.more ?? true,
        unreadable: before?.unreadable ?? [],
        error,
      };
    }
  }

  protected clear(): void {
    this.paging = undefined;
    this.loading = undefined;
  }

  /** "Load more" after an error retries the failed page. */
  async loadMore(): Promise<void> {
    if (this.paging?.error) this.paging.error = undefined;
    await this.loadNextPage();
    this.changed.fire(undefined);
  }
}
