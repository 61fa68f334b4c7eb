import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { InfisicalApi } from '../core/api';
import { type FieldIssue, InfisicalError } from '../core/api/errors';
import { type IgnoredField, ignoredFields } from '../core/api/ignored';
import type { AnyResourceAdapter, ResourceRef } from '../core/edit/adapters';
import { serverChanged } from '../core/edit/conflict';
import type { Change } from '../core/edit/issues';
import { resourceKey, resourceQueue } from '../core/serial';
import { withProgress } from '../ui/progress';
import { confirmChanges } from './confirm';

export type SaveOutcome<S> =
  /**
   * Sent and answered 200. `changes` are what the answer holds; `ignored` what it does not (a
   * server that drops keys it does not know): those are not saved, whatever the status said.
   */
  | { status: 'saved'; server: S; changes: Change[]; ignored: IgnoredField[] }
  | { status: 'unchanged'; server: S }
  /** Not sent: the user cancelled, or asked to look at the difference first. */
  | { status: 'not-sent'; reason: string }
  | { status: 'invalid'; issues: FieldIssue[]; fromServer: boolean };

export interface SaveRequest<S> {
  adapter: AnyResourceAdapter;
  ref: Omit<ResourceRef, 'resource'>;
  /** How prompts name the resource: `"prod-app"`, `Azure Auth of "bot"`. */
  title: string;
  /** What the user started from: the base of the patch and of the conflict check. */
  base: S;
  edited: unknown;
  /**
   * The "your edit" side of a diff against the server: the editor's own document, or a text
   * made from the server's current state (a form's edit applied to it).
   */
  editSide: vscode.Uri | ((current: S) => string);
  /** The editor listed the changes beside its Save button (a form): that list was the summary. */
  summaryShown?: boolean;
}

/**
 * The save of every editor, the JSON documents' and the forms': validate against what the user
 * started from, check that the server has not moved meanwhile (one GET), confirm, then send
 * the minimal PATCH (one PATCH). Saves of one resource run one after another, whichever editor
 * or form they come from. Throws an InfisicalError for failures that are not about fields.
 */
export async function saveEdit<S>(ext: Ext, request: SaveRequest<S>): Promise<SaveOutcome<S>> {
  const { adapter, ref, title } = request;
  const first = adapter.build(request.base, request.edited);
  if (!first.ok) return { status: 'invalid', issues: first.issues, fromServer: false };
  if (Object.keys(first.body).length === 0) return { status: 'unchanged', server: request.base };

  const session = await ext.session(ref.profile);
  // One save of a resource at a time, from any editor or form: the conflict check below then
  // sees what an earlier save left on the server, and no PATCH silently undoes another.
  return resourceQueue.run(resourceKey(ref.profile, adapter.resource, ref.id), async () =>
    withProgress(`Saving ${title} to Infisical`, (signal, report) =>
      checkAndSend(ext, request, session.api, first, { signal, report }),
    ),
  );
}

/** Opens a diff of the server's current state against the user's edit. */
function showDiff<S>(ext: Ext, request: SaveRequest<S>, current: S): Promise<void> {
  const { adapter, ref, editSide } = request;
  return ext.snapshots.diff(
    adapter.render(current, { profile: ref.profile, label: ref.label }),
    typeof editSide === 'function' ? editSide(current) : editSide,
    `${ref.label}: Infisical ↔ your edit`,
    `${ref.id}.jsonc`,
  );
}

/**
 * The part of a save under its progress notification. Cancelling it is not an error: the
 * outcome says what was and was not sent.
 */
async function checkAndSend<S>(
  ext: Ext,
  request: SaveRequest<S>,
  api: InfisicalApi,
  first: { body: object; changes: Change[] },
  run: { signal: AbortSignal; report: (message: string) => void },
): Promise<SaveOutcome<S>> {
  const { adapter, ref, title } = request;
  const what = `save ${adapter.resource} ${ref.id}`;
  run.report('checking for changes on the server…');
  let current: S;
  try {
    current = (await adapter.fetch(api, ref.id, run.signal)) as S;
  } catch (error) {
    if (!InfisicalError.is(error, 'cancelled')) throw error;
    ext.log.info(`${what}: cancelled before anything was sent`);
    return { status: 'not-sent', reason: 'cancelled; nothing was sent' };
  }
  let result = first;
  if (serverChanged(adapter.version(request.base), adapter.version(current))) {
    const choice = await vscode.window.showWarningMessage(
      `${title} was changed on the server since you opened it.`,
      {
        modal: true,
        detail: 'Compare your edit with the server’s version, or overwrite the fields you changed.',
      },
      'Compare with Server',
      'Overwrite',
    );
    if (choice === 'Compare with Server') {
      await showDiff(ext, request, current);
      return { status: 'not-sent', reason: 'the server changed: compare, then save again to overwrite' };
    }
    if (choice !== 'Overwrite') return { status: 'not-sent', reason: 'cancelled because the server changed' };
    const rebased = adapter.build(current, request.edited);
    if (!rebased.ok) return { status: 'invalid', issues: rebased.issues, fromServer: false };
    if (Object.keys(rebased.body).length === 0) return { status: 'unchanged', server: current };
    result = rebased;
  }
  const fields = result.changes.map((c) => c.field).join(', ');
  const diff = () => showDiff(ext, request, current);
  if (!(await confirmChanges(title, result.changes, diff, request.summaryShown))) {
    ext.log.info(`${what}: not confirmed (${fields})`);
    return { status: 'not-sent', reason: 'cancelled' };
  }
  if (run.signal.aborted) return { status: 'not-sent', reason: 'cancelled; nothing was sent' };
  ext.log.info(`${what}: sending ${fields}`);
  run.report('sending…');
  try {
    const saved = (await adapter.send(api, ref.id, result.body, run.signal)) as S;
    const ignored = ignoredFields(result.body, saved as object);
    const lost = new Set(ignored.map((i) => i.field));
    const changes = result.changes.filter((c) => !lost.has(c.field));
    ext.log.info(
      `saved ${adapter.resource} ${ref.id}: ${changes.map((c) => c.field).join(', ') || 'nothing'}`,
    );
    for (const i of ignored) ext.log.warn(`save ${adapter.resource} ${ref.id}: ${i.message}`);
    return { status: 'saved', server: saved, changes, ignored };
  } catch (error) {
    if (InfisicalError.is(error) && error.status === 422 && error.issues.length) {
      return { status: 'invalid', issues: error.issues, fromServer: true };
    }
    if (InfisicalError.is(error, 'cancelled')) {
      // The request was stopped, but it may have reached the server first: say so.
      ext.log.info(`${what}: cancelled while sending ${fields}`);
      return {
        status: 'not-sent',
        reason:
          'cancelled while sending. If Infisical had already received the change it may have applied it: reload to see',
      };
    }
    throw error;
  }
}
