import * as vscode from 'vscode';
import type { Log } from '../ui/log';
import { formHtml, makeNonce } from './html';
import { type ToHost, type ToWebview, toHost, toWebview } from './protocol';

/** The view type of form panels; its serializer restores them after a reload. */
export const FORM_VIEW_TYPE = 'infisical.form';

/**
 * A form's webview panel and its page: the HTML (no data in it), the typed messages both ways
 * (checked with zod), and the ready handshake. It is opened before the resource has loaded, so
 * the page boots meanwhile; the page says "ready" each time it (re)boots, and whoever handles
 * it hears of a "ready" that came before it subscribed.
 */
export class FormWebview implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private ready = false;
  private onReady?: () => void;
  private onMessage?: (message: Exclude<ToHost, { type: 'ready' }>) => void;
  private closed = false;
  private readonly closedListeners: (() => void)[] = [];

  /** Opens a new panel, or takes over one VS Code restored after a reload (`revived`). */
  constructor(
    private readonly log: Log,
    extensionUri: vscode.Uri,
    title: string,
    revived?: vscode.WebviewPanel,
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const options = { enableScripts: true, localResourceRoots: [media] };
    if (revived) {
      this.panel = revived;
      this.panel.webview.options = options;
    } else {
      this.panel = vscode.window.createWebviewPanel(FORM_VIEW_TYPE, title, vscode.ViewColumn.Active, options);
    }
    this.panel.iconPath = vscode.Uri.joinPath(media, 'infisical.svg');
    const webview = this.panel.webview;
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(media, name)).toString();
    webview.html = formHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      script: asset('form.js'),
      style: asset('form.css'),
      codicons: asset('codicon.css'),
    });
    webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    this.panel.onDidDispose(() => {
      this.closed = true;
      for (const listener of this.closedListeners) listener();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  set title(title: string) {
    if (!this.closed) this.panel.title = title;
  }

  get title(): string {
    return this.panel.title;
  }

  /** Runs `listener` when the user closes the panel (or it is disposed). */
  onClosed(listener: () => void): void {
    this.closedListeners.push(listener);
  }

  /**
   * Hands the page over to its form: `ready` runs now if the page booted already, and again
   * whenever it boots anew; `message` gets every other message, parsed.
   */
  connect(ready: () => void, message: (message: Exclude<ToHost, { type: 'ready' }>) => void): void {
    this.onReady = ready;
    this.onMessage = message;
    if (this.ready) ready();
  }

  private receive(raw: unknown): void {
    const parsed = toHost.safeParse(raw);
    if (!parsed.success) {
      // Never log the message itself: a save carries write-only values.
      const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String(raw.type) : typeof raw;
      this.log.warn(`form ${this.panel.title}: ignored an invalid "${type}" message from the webview`);
      return;
    }
    if (parsed.data.type === 'ready') {
      this.ready = true;
      this.onReady?.();
    } else {
      this.onMessage?.(parsed.data);
    }
  }

  post(message: ToWebview): void {
    if (this.closed) return;
    const checked = toWebview.safeParse(message);
    if (!checked.success) {
      this.log.error(`form ${this.panel.title}: not sending a malformed "${message.type}" message`);
      return;
    }
    void this.panel.webview.postMessage(checked.data);
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.panel.dispose();
  }
}
