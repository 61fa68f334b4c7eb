import type { Ext } from '../context';
import type { ResourceRef } from '../core/edit/adapters';
import { describeError, isCancellation } from '../ui/errors';
import type { FormActions, FormDefinition } from './definitions';
import { SECRET_FIELDS } from './fields';
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
      case 'reauthorize':
        return this.exclusive(message.id, () => this.action(message.type));
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

  /** An action only some kinds have (a connection's rotate now, re-authorize): its definition says. */
  private async action(name: keyof FormActions<S>): Promise<ReplyResult> {
    const act = this.form.actions?.[name];
    if (!act)
      return {
        status: 'error',
        message: `This form has no ${name === 'rotateNow' ? 'rotation' : 're-authorization'}.`,
      };
    return act({
      ext: this.ext,
      target: this.target,
      base: this.base,
      fetch: (session, signal) => this.form.adapter.fetch(session.api, this.target.id, signal),
      rebase: (fresh) => {
        if (fresh !== undefined) this.rebase(fresh);
        this.postInit();
      },
    });
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
