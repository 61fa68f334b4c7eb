import type { Ext } from '../context';
import type { ResourceRef } from '../core/edit/adapters';
import type { AppConnection } from '../core/schemas/appConnection';
import { rotateConnection } from '../flows/rotate';
import { reauthorizeConnection } from '../flows/webApp';
import { describeError, isCancellation } from '../ui/errors';
import type { FormDefinition } from './definitions';
import { canRotateNow, SECRET_FIELDS } from './fields';
import type { ReplyResult, ToHost } from './protocol';
import { errorReply } from './replies';
import { saveForm } from './save';
import type { FormWebview } from './webview';

/** A form's typed values, kept (without write-only values) to restore it. */
export interface Draft {
  dirty: boolean;
  values: Record<string, unknown>;
}

/** What a closed form leaves behind, so it can be offered again. */
export interface ClosedForm<S> {
  base: S;
  title: string;
  draft?: Draft;
}

/**
 * One resource's form in its panel: answers the page's requests (save, rotate now,
 * re-authorize) one at a time, each with exactly one reply, and keeps the page's draft.
 */
export class FormPanel<S> {
  private busy = false;

  constructor(
    private readonly ext: Ext,
    private readonly target: ResourceRef,
    private readonly form: FormDefinition<S>,
    private base: S,
    private readonly webview: FormWebview,
    private draft: Draft | undefined,
    onClosed: (closed: ClosedForm<S>) => void,
  ) {
    webview.title = this.title;
    webview.onClosed(() => onClosed({ base: this.base, title: this.title, draft: this.draft }));
    webview.connect(
      () => this.postInit(),
      (message) => void this.handle(message),
    );
  }

  reveal(): void {
    this.webview.reveal();
  }

  private get title(): string {
    return this.form.title(this.base, this.target);
  }

  private async handle(message: Exclude<ToHost, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
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
      this.reply(id, errorReply(error, this.target.resource, describeError));
    } finally {
      this.busy = false;
    }
  }

  private async save(edited: Record<string, unknown>): Promise<ReplyResult> {
    const saved = await saveForm(this.ext, this.form, this.target, this.base, edited);
    if (saved.base !== undefined) {
      this.rebase(saved.base);
      if (saved.reply.status === 'unchanged') this.postInit();
    }
    return saved.reply;
  }

  private async rotateNow(): Promise<ReplyResult> {
    const connection = this.base as AppConnection;
    if (this.target.resource !== 'connection' || !canRotateNow(connection)) {
      return { status: 'error', message: 'Rotation is not configured for this connection.' };
    }
    let fresh: S | undefined;
    const rotated = await rotateConnection(
      this.ext,
      { profile: this.target.profile, id: this.target.id, name: connection.name },
      async (session, signal, report) => {
        report('loading the new state…');
        fresh = await this.form.adapter.fetch(session.api, this.target.id, signal);
      },
    );
    if (!rotated) return { status: 'not-sent', reason: 'cancelled' };
    if (fresh !== undefined) this.rebase(fresh);
    this.postInit();
    return { status: 'done' };
  }

  private async reauthorize(): Promise<ReplyResult> {
    if (this.target.resource !== 'connection')
      return { status: 'error', message: 'Only connections are re-authorized.' };
    // Not awaited: it waits on a notification the user may leave open for long.
    void reauthorizeConnection(this.ext, this.target.profile, this.base as AppConnection).catch((error) =>
      this.ext.log.error(`re-authorize ${this.target.id}: ${this.ext.log.redact(describeError(error))}`),
    );
    return { status: 'done' };
  }

  private rebase(server: S): void {
    this.base = server;
    this.webview.title = this.title;
  }

  private postInit(): void {
    const draft = this.draft?.dirty ? this.draft.values : undefined;
    this.webview.post({
      type: 'init',
      target: this.target,
      meta: this.form.meta(this.base, this.target),
      server: this.form.fields(this.base),
      ...(draft ? { draft } : {}),
    });
  }

  private reply(id: number, result: ReplyResult): void {
    this.webview.post({ type: 'reply', id, result });
  }
}

/** Drafts never hold a write-only value; the webview leaves them out, and so does the host. */
export function withoutSecretKeys(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET_FIELDS.includes(key)));
}
