import type { FormMeta, FormState, FormTarget, ReplyResult, ToHost } from '../forms/protocol';
import { button, h, icon, issuesFor, renderIssues } from './dom';
import type { FormActions, FormDom } from './formDom';
import {
  type FormModel,
  rebase,
  type ShownIssue,
  sameValues,
  summarize,
  type Validation,
} from './model/shared';
import type { HostChannel } from './vscodeApi';

type Request = Exclude<ToHost, { type: 'ready' | 'draft' }>['type'];
type BannerKind = 'info' | 'success' | 'error';

const NOT_DONE: Record<Request, string> = {
  save: 'Not saved',
  rotateNow: 'Not rotated',
  reauthorize: 'Not re-authorized',
};

export interface FormInit {
  target: FormTarget;
  server: Record<string, unknown>;
  meta: FormMeta;
  draft?: Record<string, unknown>;
}

/** What main.ts needs of a running form, whatever its values' type. */
export interface RunningForm {
  reinit(server: Record<string, unknown>, meta: FormMeta): void;
  reply(id: number, result: ReplyResult): void;
}

/**
 * Runs one form: keeps the typed values, validates them as they change with the host's own
 * patch builder, shows every message under its field, keeps a secret-free draft in the
 * webview state and with the host, and talks to the host by request and reply.
 */
export class FormController<V extends object> implements RunningForm {
  private readonly dom: FormDom<V>;
  private readonly target: FormTarget;
  private server: Record<string, unknown>;
  private meta: FormMeta;
  private initial: V;
  private values: V;
  private validation: Validation = { issues: [], changes: [] };
  /** Messages from the last reply; each goes away when its field is edited. */
  private replyIssues: ShownIssue[] = [];
  private readonly pending = new Map<number, Request>();
  private nextId = 1;
  private lastDraft = '';

  private readonly shell: HTMLElement;
  private readonly title = h('h1', { id: 'form-title' });
  private readonly subtitle = h('p', { id: 'form-subtitle', class: 'subtitle' });
  private readonly banner = h('div', { id: 'form-banner', class: 'banner', hidden: true });
  private readonly summary = h('span', { id: 'changes-summary', 'aria-live': 'polite' });
  private readonly changeList = h('ul', { id: 'changes-list', class: 'changes-list' });
  private readonly saveButton = button(
    { id: 'save', label: 'Save', aria: 'Save changes to Infisical', icon: 'check' },
    () => this.save(),
  );
  private readonly revertButton = button(
    {
      id: 'revert',
      label: 'Revert',
      aria: 'Revert to the values on the server',
      secondary: true,
      icon: 'discard',
    },
    () => this.revert(),
  );

  constructor(
    root: HTMLElement,
    private readonly channel: HostChannel,
    private readonly model: FormModel<V>,
    makeDom: (actions: FormActions) => FormDom<V>,
    init: FormInit,
    saved: Record<string, unknown> | undefined,
  ) {
    this.target = init.target;
    this.server = init.server;
    this.meta = init.meta;
    this.initial = model.fromServer(init.server, init.meta);
    const source = saved ?? init.draft;
    const restored = source
      ? model.restore(source, this.initial)
      : { values: this.initial, secretsDropped: [] };
    this.values = restored.values;
    this.dom = makeDom({
      rotateNow: () => this.request('rotateNow'),
      reauthorize: () => this.request('reauthorize'),
    });
    this.shell = h(
      'div',
      { class: 'form', id: 'form', 'data-resource': model.resource },
      h('header', { class: 'form-header' }, this.title, this.subtitle),
      this.banner,
      issuesFor(''),
      this.dom.element,
      // The summary grows above the buttons and the footer sits at the page's foot: nothing
      // moves under Save while a person reaches for it (form.css).
      h(
        'footer',
        { class: 'form-actions' },
        h('div', { class: 'changes' }, this.summary, this.changeList),
        h('div', { class: 'buttons' }, this.saveButton, this.revertButton),
      ),
    );
    root.replaceChildren(this.shell);
    root.removeAttribute('aria-busy');
    this.dom.write(this.values);
    this.showMeta();
    if (restored.secretsDropped.length > 0) {
      this.show(
        'info',
        `Restored your unsaved edit. Write-only values (${restored.secretsDropped.join(', ')}) are never kept while the form is hidden, closed or reloaded: enter them again.`,
      );
    }
    const edited = (event: Event) => this.edited(event);
    this.dom.element.addEventListener('input', edited);
    this.dom.element.addEventListener('change', edited);
    document.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        this.save();
      }
    });
    this.refresh();
  }

  /** The server's state moved (after a rotation, say): untouched fields follow it. */
  reinit(server: Record<string, unknown>, meta: FormMeta): void {
    const initial = this.model.fromServer(server, meta);
    this.values = rebase(this.initial, initial, this.dom.read());
    this.initial = initial;
    this.server = server;
    this.meta = meta;
    this.dom.write(this.values);
    this.showMeta();
    this.refresh();
  }

  reply(id: number, result: ReplyResult): void {
    const request = this.pending.get(id);
    if (!request) return;
    this.pending.delete(id);
    switch (result.status) {
      case 'saved':
        this.server = result.server;
        this.meta = result.meta;
        this.initial = this.model.fromServer(result.server, result.meta);
        this.values = this.initial;
        this.replyIssues = [];
        this.dom.write(this.values);
        this.showMeta();
        // A save is announced by the host's notification, the same as a JSON document's; the
        // page marks only what the server did not keep.
        this.show(...savedBanner(result.changes, result.ignored ?? []));
        break;
      case 'unchanged':
        this.show('info', 'Nothing to save: Infisical already has these values.');
        break;
      case 'not-sent':
        this.show('info', `${NOT_DONE[request]}: ${result.reason}.`);
        break;
      case 'invalid':
        this.replyIssues = result.issues.map((i) => ({
          field: this.model.fieldOf(i.path, this.meta, this.values),
          message: i.message,
          fromServer: result.fromServer,
        }));
        this.show(
          'error',
          result.fromServer
            ? 'Infisical refused the change: see the marked fields. Nothing was changed.'
            : 'Not saved: fix the marked fields.',
        );
        break;
      case 'error':
        this.show('error', result.message);
        break;
      case 'done':
        if (request === 'rotateNow')
          this.show('success', 'Rotated the client secret. The form shows the new state.');
        break;
    }
    this.refresh();
    if (result.status === 'invalid') this.shell.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private edited(event: Event): void {
    const key = (event.target as Element | null)?.closest('[data-field]')?.getAttribute('data-field') ?? '';
    this.values = this.dom.read();
    this.replyIssues = this.replyIssues.filter((i) => !related(i.field, key));
    this.refresh();
  }

  private refresh(): void {
    const v = this.model.validate(this.server, this.meta, this.values);
    this.validation = v;
    renderIssues(this.shell, [...v.issues, ...this.replyIssues]);
    this.dom.showHints(this.values);
    const dirty = !sameValues(this.values, this.initial);
    const busy = this.pending.size > 0;
    this.summary.textContent = summarize(dirty, v);
    this.changeList.replaceChildren(
      ...v.changes.map((c) => h('li', {}, h('code', {}, c.field), `: ${c.before} → ${c.after}`)),
    );
    this.saveButton.disabled = busy || v.edited === undefined || v.changes.length === 0;
    this.revertButton.disabled = busy || !dirty;
    this.saveButton.iconSpin = busy;
    this.saveButton.icon = busy ? 'loading' : 'check';
    this.shell.setAttribute('aria-busy', String(busy));
    this.persist(dirty);
  }

  /**
   * Keeps the secret-free values in the webview state (for a restore after a reload) and with
   * the host (for a reopen).
   */
  private persist(dirty: boolean): void {
    const values = this.model.toDraft(this.values);
    const state: FormState = { target: this.target, dirty, values };
    this.channel.setState(state);
    const key = JSON.stringify([dirty, values]);
    if (key === this.lastDraft) return;
    this.lastDraft = key;
    this.channel.post({ type: 'draft', dirty, values });
  }

  private save(): void {
    const edited = this.validation.edited;
    if (!edited || this.validation.changes.length === 0 || this.pending.size > 0) return;
    this.replyIssues = [];
    this.request('save', edited);
  }

  private revert(): void {
    this.values = this.initial;
    this.replyIssues = [];
    this.dom.write(this.values);
    this.show(undefined);
    this.refresh();
  }

  private request(type: Request, edited?: Record<string, unknown>): void {
    if (this.pending.size > 0) return;
    const id = this.nextId++;
    this.pending.set(id, type);
    this.show(undefined);
    this.channel.post(type === 'save' ? { type, id, edited: edited ?? {} } : { type, id });
    this.refresh();
  }

  private showMeta(): void {
    const m = this.meta;
    this.title.textContent = m.title;
    const parts = SUBTITLE[m.resource](m);
    parts.push(`profile “${m.profile}”`);
    const updated = m.updatedAt ? new Date(m.updatedAt) : undefined;
    if (updated && !Number.isNaN(updated.getTime())) parts.push(`updated ${updated.toLocaleString()}`);
    this.subtitle.textContent = parts.filter(Boolean).join(' · ');
    this.dom.showMeta(m);
  }

  private show(kind: BannerKind | undefined, text = ''): void {
    this.banner.hidden = kind === undefined;
    this.banner.className = `banner ${kind ?? ''}`;
    this.banner.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    const glyph = kind === 'error' ? 'error' : kind === 'success' ? 'pass' : 'info';
    this.banner.replaceChildren(...(kind ? [icon(glyph), h('span', {}, text)] : []));
  }
}

/** Whether editing field `edited` answers a message about field `about`. */
function related(about: string, edited: string): boolean {
  return about === edited || edited.startsWith(`${about}.`) || about.startsWith(`${edited}.`);
}

/** A save the server answered 200 to: no banner, unless it ignored a field (not saved, said as an error). */
function savedBanner(changes: string[], ignored: string[]): [BannerKind | undefined, string?] {
  if (!ignored.length) return [undefined];
  const saved = changes.length ? `Saved to Infisical: ${changes.join(', ')}. ` : '';
  return ['error', `${saved}Not saved: ${ignored.join('; ')}.`];
}

/** What the subtitle says each kind is. */
const SUBTITLE: Record<FormMeta['resource'], (m: FormMeta) => (string | undefined)[]> = {
  'azure-auth': (m) => [`Azure Auth of machine identity “${m.identityName ?? ''}”`],
  connection: (m) => ['Azure Client Secrets connection', m.method ? `method ${m.method}` : undefined],
};
