import * as vscode from 'vscode';
import { describeError, isCancellation, reportError, UserError, withProgress } from '../commands/run';
import type { Ext } from '../context';
import { InfisicalError } from '../core/api/errors';
import type { AppConnection } from '../core/schemas/appConnection';
import { saveEdit } from '../documents/save';
import { formHtml, makeNonce } from './html';
import { azureAuthForm, connectionForm, type FormKind, type FormTarget, secretValues } from './kinds';
import { type ReplyResult, type ToHost, type ToWebview, toHost, toWebview } from './protocol';
import { errorReply, outcomeReply } from './replies';
import { canRotateNow, SECRET_FIELDS } from './views';

export type { FormTarget } from './kinds';

interface Draft {
  dirty: boolean;
  values: Record<string, unknown>;
}

/** Open form panels, one per resource and profile. */
const panels = new Map<string, { reveal(): void }>();

const keyOf = (t: FormTarget) => JSON.stringify([t.kind, t.profile, t.id]);

/**
 * Opens the "Edit…" form of a connection or of an identity's Azure Auth, or reveals the one
 * already open. The panel opens at once (its page boots while the resource loads); a failed or
 * cancelled load closes it and reports why, so no broken form is left behind. Closing the panel
 * while it loads cancels the request.
 */
export async function openForm(ext: Ext, target: FormTarget): Promise<void> {
  if (target.kind === 'connection') await open(ext, target, connectionForm);
  else await open(ext, target, azureAuthForm);
}

async function open<S>(ext: Ext, target: FormTarget, kind: FormKind<S>, restore?: { base: S; draft: Draft }) {
  const key = keyOf(target);
  const existing = panels.get(key);
  if (existing) {
    existing.reveal();
    return;
  }
  const closing = new AbortController();
  if (restore) {
    const shell = new Shell(ext, target.label, closing);
    panels.set(
      key,
      new FormPanel(ext, target, kind, restore.base, restore.draft, () => panels.delete(key), shell),
    );
    return;
  }
  let shell: Shell | undefined;
  let base: S;
  panels.set(key, { reveal: () => shell?.reveal() });
  try {
    const profile = ext.profiles.get(target.profile);
    if (!profile) throw new UserError(`Profile "${target.profile}" no longer exists: sign in again.`);
    const loading = Promise.resolve(
      withProgress(`Loading ${target.label} from Infisical…`, async (signal) => {
        const session = (await ext.services()).session(profile);
        return kind.editable.fetch(session.api, target.id, AbortSignal.any([signal, closing.signal]));
      }),
    );
    loading.catch(() => undefined); // awaited below, after the panel exists
    // The load's first message (the token, from SecretStorage) goes before the panel's: the
    // window is busy for a while creating a webview, and would answer it only after.
    await new Promise((resolve) => setImmediate(resolve));
    shell = new Shell(ext, target.label, closing);
    base = await loading;
  } catch (error) {
    shell?.dispose();
    // Not awaited: the toast waits for the user, and the caller should not.
    if (!closing.signal.aborted) void reportError(ext.log, `Open ${target.label}`, error);
    return;
  } finally {
    panels.delete(key);
  }
  if (shell.closed) return;
  panels.set(key, new FormPanel(ext, target, kind, base, undefined, () => panels.delete(key), shell));
}

/**
 * The webview panel and its page, opened before the resource has loaded. It remembers whether
 * the page said "ready" meanwhile, so the form can be sent as soon as it exists.
 */
class Shell {
  readonly panel: vscode.WebviewPanel;
  ready = false;
  closed = false;
  private readonly listeners: vscode.Disposable[];

  /** `closing` is aborted when the user closes the panel. */
  constructor(
    ext: Ext,
    label: string,
    private readonly closing: AbortController,
  ) {
    const media = vscode.Uri.joinPath(ext.context.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel('infisical.form', label, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
    });
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
    this.listeners = [
      webview.onDidReceiveMessage((raw: unknown) => {
        if (toHost.safeParse(raw).data?.type === 'ready') this.ready = true;
      }),
      this.panel.onDidDispose(() => {
        this.closed = true;
        this.closing.abort();
      }),
    ];
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Hands the panel over to its form. */
  release(): vscode.WebviewPanel {
    for (const l of this.listeners) l.dispose();
    return this.panel;
  }

  dispose(): void {
    this.release();
    this.panel.dispose();
  }
}

class FormPanel<S> {
  private readonly panel: vscode.WebviewPanel;
  private busy = false;
  /** A save may finish after the panel closed: nothing is posted to a disposed webview. */
  private closed = false;

  constructor(
    private readonly ext: Ext,
    private readonly target: FormTarget,
    private readonly kind: FormKind<S>,
    private base: S,
    private draft: Draft | undefined,
    private readonly onClosed: () => void,
    shell: Shell,
  ) {
    const ready = shell.ready;
    this.panel = shell.release();
    this.panel.title = this.title;
    this.panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    this.panel.onDidDispose(() => this.disposed());
    // The page booted while the resource loaded: it will not say "ready" again.
    if (ready) this.postInit();
  }

  reveal(): void {
    this.panel.reveal();
  }

  private get title(): string {
    return this.kind.title(this.base, this.target);
  }

  private receive(raw: unknown): void {
    const parsed = toHost.safeParse(raw);
    if (!parsed.success) {
      // Never log the message itself: a save carries write-only values.
      const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String(raw.type) : typeof raw;
      this.ext.log.warn(`form ${this.title}: ignored an invalid "${type}" message from the webview`);
      return;
    }
    void this.handle(parsed.data);
  }

  private async handle(message: ToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.postInit();
        return;
      case 'draft':
        this.draft = { dirty: message.dirty, values: withoutSecretKeys(message.values) };
        return;
      case 'save':
        return this.exclusive(message.id, () => this.save(message.edited));
      case 'rotateNow':
        return this.exclusive(message.id, () => this.rotateNow());
      case 'reauthorize':
        return this.exclusive(message.id, () => this.reauthorize());
    }
  }

  /** One request at a time; every request gets exactly one reply. */
  private async exclusive(id: number, work: () => Promise<ReplyResult>): Promise<void> {
    if (this.busy) {
      this.reply(id, { status: 'error', message: 'The previous request of this form is still running.' });
      return;
    }
    this.busy = true;
    try {
      this.reply(id, await work());
    } catch (error) {
      if (isCancellation(error)) {
        this.reply(id, { status: 'not-sent', reason: 'cancelled' });
        return;
      }
      this.ext.log.error(`${this.title}: ${this.ext.log.redact(describeError(error))}`);
      if (InfisicalError.is(error)) this.ext.log.trace(error.detail);
      this.reply(id, errorReply(error, this.target.kind, describeError));
    } finally {
      this.busy = false;
    }
  }

  private async save(edited: Record<string, unknown>): Promise<ReplyResult> {
    for (const secret of secretValues(edited)) this.ext.log.addSecret(secret);
    const { kind, target } = this;
    const outcome = await saveEdit<S>(this.ext, {
      kind: kind.editable,
      profile: target.profile,
      id: target.id,
      title: kind.subject(this.base, target),
      base: this.base,
      edited,
      ui: {
        showDiff: (current) =>
          this.ext.snapshots.diff(
            kind.editable.render(current, { profile: target.profile, label: target.label }),
            kind.editText(current, edited, target),
            `${target.label}: Infisical ↔ your edit`,
            `${target.id}.jsonc`,
          ),
      },
    });
    if (outcome.status === 'saved') {
      this.rebase(outcome.server);
      this.ext.refreshAfterSave(target.kind);
      vscode.window.setStatusBarMessage(
        `$(check) Saved ${this.kind.subject(this.base, target)} to Infisical`,
        4000,
      );
    } else if (outcome.status === 'unchanged' && outcome.server !== this.base) {
      // The server already holds the edit: the form follows the server.
      this.rebase(outcome.server);
      this.postInit();
    }
    return outcomeReply(outcome, (server) => ({
      server: this.kind.view(server),
      meta: this.kind.meta(server, target),
    }));
  }

  private async rotateNow(): Promise<ReplyResult> {
    const connection = this.base as AppConnection;
    if (this.target.kind !== 'connection' || !canRotateNow(connection)) {
      return { status: 'error', message: 'Rotation is not configured for this connection.' };
    }
    const name = connection.name;
    const ok = await vscode.window.showWarningMessage(
      `Rotate the client secret of "${name}" now?`,
      {
        modal: true,
        detail: 'Infisical creates a new client secret in Entra ID and retires the old one.',
      },
      'Rotate Now',
    );
    if (!ok) return { status: 'not-sent', reason: 'cancelled' };
    const profile = this.ext.profiles.get(this.target.profile);
    if (!profile) throw new UserError(`Profile "${this.target.profile}" no longer exists: sign in again.`);
    const fresh = await withProgress(
      `Rotating ${name}…`,
      async (signal, report) => {
        const session = (await this.ext.services()).session(profile);
        await session.api.connections.rotateAzureClientSecrets(this.target.id, { signal });
        report('loading the new state…');
        return this.kind.editable.fetch(session.api, this.target.id, signal);
      },
      () => this.ext.refreshAfterSave('connection'),
    );
    this.ext.log.info(`rotated connection ${this.target.id} from its form`);
    this.rebase(fresh);
    this.ext.refreshAfterSave('connection');
    vscode.window.setStatusBarMessage(`$(check) Rotated the credentials of "${name}"`, 4000);
    this.postInit();
    return { status: 'done' };
  }

  private async reauthorize(): Promise<ReplyResult> {
    if (this.target.kind !== 'connection')
      return { status: 'error', message: 'Only connections are re-authorized.' };
    const node = {
      kind: 'connection',
      connection: this.base,
      profileName: this.target.profile,
      contextValue: 'connection editable oauth',
    };
    // Not awaited: the command waits on a notification the user may leave open for long.
    void vscode.commands.executeCommand('infisical.reauthorizeConnection', node);
    return { status: 'done' };
  }

  private rebase(server: S): void {
    this.base = server;
    if (!this.closed) this.panel.title = this.title;
  }

  private postInit(): void {
    const draft = this.draft?.dirty ? this.draft.values : undefined;
    this.post({
      type: 'init',
      meta: this.kind.meta(this.base, this.target),
      server: this.kind.view(this.base),
      ...(draft ? { draft } : {}),
    });
  }

  private reply(id: number, result: ReplyResult): void {
    this.post({ type: 'reply', id, result });
  }

  private post(message: ToWebview): void {
    if (this.closed) return;
    const checked = toWebview.safeParse(message);
    if (!checked.success) {
      this.ext.log.error(`form ${this.title}: not sending a malformed "${message.type}" message`);
      return;
    }
    void this.panel.webview.postMessage(checked.data);
  }

  private disposed(): void {
    this.closed = true;
    this.onClosed();
    const draft = this.draft;
    if (!draft?.dirty) return;
    const title = this.title;
    const base = this.base;
    void vscode.window
      .showWarningMessage(`You closed ${title} with unsaved changes.`, 'Reopen')
      .then(async (choice) => {
        if (choice === 'Reopen') await open(this.ext, this.target, this.kind, { base, draft });
      });
  }
}

/** Drafts never hold a write-only value; the webview leaves them out, and so does the host. */
function withoutSecretKeys(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET_FIELDS.includes(key)));
}
