import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { ResourceRef } from '../core/edit/adapters';
import { reportError } from '../ui/errors';
import { withProgress } from '../ui/progress';
import { FORM_DEFINITIONS, type FormDefinition } from './definitions';
import { type Draft, FormPanel, withoutSecretKeys } from './panel';
import { formStateSchema } from './protocol';
import { FormWebview } from './webview';

/** Open form panels, one per resource and profile. */
const panels = new Map<string, { reveal(): void }>();

const keyOf = (t: ResourceRef) => JSON.stringify([t.resource, t.profile, t.id]);

/**
 * Opens the "Edit…" form of a connection or of an identity's Azure Auth, or reveals the one
 * already open. The panel opens at once (its page boots while the resource loads); a failed or
 * cancelled load closes it and reports why, so no broken form is left behind. Closing the panel
 * while it loads cancels the request.
 */
export async function openForm(ext: Ext, target: ResourceRef): Promise<void> {
  await open(ext, target, FORM_DEFINITIONS[target.resource]);
}

/**
 * Brings back a form that was open when the window reloaded. VS Code restores the panel with
 * the page's webview state: which resource, and the secret-free values typed so far. The
 * resource is loaded from the server again and those values applied on top, as "Reopen" does;
 * the page then names the write-only values to type again. A state that names no resource (a
 * page that never showed its form) leaves nothing to restore: the panel closes.
 */
export async function restoreForm(ext: Ext, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
  const parsed = formStateSchema.safeParse(state);
  if (!parsed.success) {
    panel.dispose();
    return;
  }
  const { target, dirty, values } = parsed.data;
  const revived = { panel, draft: dirty ? { dirty, values: withoutSecretKeys(values) } : undefined };
  await open(ext, target, FORM_DEFINITIONS[target.resource], revived);
}

async function open<S>(
  ext: Ext,
  target: ResourceRef,
  form: FormDefinition<S>,
  revived?: { panel: vscode.WebviewPanel; draft: Draft | undefined },
): Promise<void> {
  const key = keyOf(target);
  const existing = panels.get(key);
  if (existing) {
    revived?.panel.dispose();
    existing.reveal();
    return;
  }
  const closing = new AbortController();
  let webview: FormWebview | undefined;
  let base: S;
  panels.set(key, { reveal: () => webview?.reveal() });
  try {
    const session = await ext.session(target.profile);
    const loading = Promise.resolve(
      withProgress(`Loading ${target.label} from Infisical…`, (signal) =>
        form.adapter.fetch(session.api, target.id, eitherAborts(signal, closing.signal)),
      ),
    );
    loading.catch(() => undefined); // awaited below, after the panel exists
    // The load's first message (the token, from SecretStorage) goes before the panel's: the
    // window is busy for a while creating a webview, and would answer it only after.
    if (!revived) await new Promise((resolve) => setImmediate(resolve));
    const uri = ext.context.extensionUri;
    webview = new FormWebview(ext.log, uri, revived?.panel.title ?? target.label, revived?.panel);
    webview.onClosed(() => closing.abort());
    base = await loading;
  } catch (error) {
    webview?.dispose();
    revived?.panel.dispose();
    // Not awaited: the toast waits for the user, and the caller should not.
    if (!closing.signal.aborted) void reportError(ext.log, `Open ${target.label}`, error);
    return;
  } finally {
    panels.delete(key);
  }
  if (webview.isClosed) return;
  show(ext, target, form, base, webview, revived?.draft);
}

/** Puts a form in its panel, registered until it closes; a closed dirty form can be reopened. */
function show<S>(
  ext: Ext,
  target: ResourceRef,
  form: FormDefinition<S>,
  base: S,
  webview: FormWebview,
  draft?: Draft,
): void {
  const key = keyOf(target);
  const panel = new FormPanel(ext, target, form, base, webview, draft, (closed) => {
    panels.delete(key);
    if (closed.draft?.dirty) offerReopen(ext, target, form, closed.base, closed.title, closed.draft);
  });
  panels.set(key, panel);
}

function offerReopen<S>(
  ext: Ext,
  target: ResourceRef,
  form: FormDefinition<S>,
  base: S,
  title: string,
  draft: Draft,
): void {
  void vscode.window
    .showWarningMessage(`You closed ${title} with unsaved changes.`, 'Reopen')
    .then((choice) => {
      if (choice !== 'Reopen') return;
      const open = panels.get(keyOf(target));
      if (open) open.reveal();
      else show(ext, target, form, base, new FormWebview(ext.log, ext.context.extensionUri, title), draft);
    });
}

/**
 * A signal that aborts when either does: AbortSignal.any by hand, as VS Code 1.87 to 1.89 run
 * extensions on Node 18, which lacks it.
 */
function eitherAborts(a: AbortSignal, b: AbortSignal): AbortSignal {
  const either = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) either.abort(s.reason);
    else s.addEventListener('abort', () => either.abort(s.reason), { once: true });
  }
  return either.signal;
}
