import * as vscode from 'vscode';
import type { ProfileSession } from '../auth/session';
import type { Ext } from '../context';
import { describeError } from '../ui/errors';

/** A node that only says something: loading failed, nothing found. */
export class MessageNode extends vscode.TreeItem {
  readonly type = 'message' as const;
  constructor(label: string, icon: string, command?: vscode.Command, tooltip?: string) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon(icon);
    this.command = command;
    this.tooltip = tooltip ?? label;
    this.contextValue = 'message';
  }
}

/** Appends server text to a tooltip as text: no markdown, no HTML, no links, whatever it holds. */
export function appendPlain(md: vscode.MarkdownString, text: string): void {
  md.appendText(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** A tooltip that never trusts its content. */
export function safeMarkdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

export function errorNode(error: unknown, retryCommand: string): MessageNode {
  const text = describeError(error);
  return new MessageNode(
    `Could not load: ${text}`,
    'error',
    { command: retryCommand, title: 'Retry' },
    `${text}\n\nClick to retry.`,
  );
}

/** Says that some items of a list answer could not be read (a newer server, a broken record). */
export function unreadableNode(reasons: string[], one: string, many: string): MessageNode {
  const count = reasons.length;
  return new MessageNode(
    `${count} ${count === 1 ? one : many} could not be read`,
    'warning',
    { command: 'infisical.showLogs', title: 'Show Logs' },
    `The server sent ${count === 1 ? `a ${one}` : `${count} ${many}`} of a shape this version cannot read; the others are shown.\n\n${reasons.slice(0, 5).join('\n')}${count > 5 ? `\n… and ${count - 5} more (see the logs)` : ''}`,
  );
}

/**
 * The part every tree shares: which profile it shows, and a generation that changes with the
 * profile so an answer for the old one is dropped and its request aborted.
 */
export abstract class ProfileTree<T extends vscode.TreeItem>
  implements vscode.TreeDataProvider<T>, vscode.Disposable
{
  protected readonly changed = new vscode.EventEmitter<T | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  protected generation = 0;
  protected controller = new AbortController();
  private readonly subscription: vscode.Disposable;

  constructor(protected readonly ext: Ext) {
    this.subscription = ext.profiles.onDidChange(() => this.reset());
  }

  abstract getTreeItem(element: T): vscode.TreeItem;
  abstract getChildren(element?: T): vscode.ProviderResult<T[]>;

  /** Forgets everything loaded, aborts what is in flight, and redraws. */
  reset(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.generation += 1;
    this.clear();
    this.changed.fire(undefined);
  }

  protected abstract clear(): void;

  /** The active profile's session, or undefined (the welcome view shows) when signed out. */
  protected async activeSession(): Promise<ProfileSession | undefined> {
    const profile = this.ext.profiles.active();
    if (!profile || !(await this.ext.profiles.isSignedIn(profile))) return undefined;
    return this.ext.session(profile);
  }

  /** Runs a load for the current generation; undefined if the profile changed meanwhile. */
  protected async load<R>(
    work: (session: ProfileSession, signal: AbortSignal) => Promise<R>,
  ): Promise<R | undefined> {
    const generation = this.generation;
    const signal = this.controller.signal;
    const stale = () => {
      // The view may have asked again while this load ran, and a refresh fired during its
      // fetch can be lost: ask it to fetch once more, from the current generation.
      setTimeout(() => this.changed.fire(undefined), 0);
      return undefined;
    };
    const session = await this.activeSession();
    if (generation !== this.generation) return stale();
    if (!session) return undefined;
    try {
      const result = await work(session, signal);
      return generation === this.generation ? result : stale();
    } catch (error) {
      // A load for a profile that is no longer shown: its failure (often "Cancelled") is moot.
      if (generation !== this.generation) return stale();
      throw error;
    }
  }

  dispose(): void {
    this.controller.abort();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
