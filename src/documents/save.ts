import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { InfisicalApi } from '../core/api';
import { type FieldIssue, formatIssue, InfisicalError } from '../core/api/errors';
import { serverChanged } from '../core/edit/conflict';
import type { Change } from '../core/edit/issues';
import type { AnyEditableKind } from '../core/edit/resources';
import { resourceKey, resourceQueue } from '../core/serial';

export type SaveOutcome<S> =
  | { status: 'saved'; server: S; changes: Change[] }
  | { status: 'unchanged'; server: S }
  /** Not sent: the user cancelled, or asked to look at the difference first. */
  | { status: 'not-sent'; reason: string }
  | { status: 'invalid'; issues: FieldIssue[]; fromServer: boolean };

export interface SaveUi<S> {
  /** Shows server (current) against the user's edit. */
  showDiff(current: S): Promise<void>;
}

export type ConfirmMode = 'ask' | 'summary' | 'diff' | 'never';

/**
 * One save for every editor: validate against what the user started from, check that the
 * server has not moved meanwhile (one GET), confirm, then send the minimal PATCH (one PATCH).
 * Saves of one resource run one after another, whichever editor or form they come from.
 * Throws an InfisicalError for failures that are not about fields.
 */
export async function saveEdit<S>(ext: Ext, opts: SaveRequest<S>): Promise<SaveOutcome<S>> {
  const { kind, title } = opts;
  const first = kind.build(opts.base, opts.edited);
  if (!first.ok) return { status: 'invalid', issues: first.issues, fromServer: false };
  if (Object.keys(first.body).length === 0) return { status: 'unchanged', server: opts.base };

  const profile = ext.profiles.get(opts.profile);
  if (!profile)
    throw new InfisicalError({
      kind: 'not-signed-in',
      message: `Profile "${opts.profile}" no longer exists.`,
    });
  const session = (await ext.services()).session(profile);

  // One save of a resource at a time, from any editor or form: the conflict check below then
  // sees what an earlier save left on the server, and no PATCH silently undoes another.
  return resourceQueue.run(resourceKey(opts.profile, kind.kind, opts.id), async () =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Saving ${title} to Infisical`,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          return await checkAndSend(ext, opts, session.api, first, {
            signal: controller.signal,
            report: (message) => progress.report({ message }),
          });
        } finally {
          sub.dispose();
        }
      },
    ),
  );
}

interface SaveRequest<S> {
  kind: AnyEditableKind;
  profile: string;
  id: string;
  title: string;
  base: S;
  edited: unknown;
  ui: SaveUi<S>;
}

/**
 * The part of a save under its progress notification. Cancelling it is not an error: the
 * outcome says what was and was not sent.
 */
async function checkAndSend<S>(
  ext: Ext,
  opts: SaveRequest<S>,
  api: InfisicalApi,
  first: { body: object; changes: Change[] },
  run: { signal: AbortSignal; report: (message: string) => void },
): Promise<SaveOutcome<S>> {
  const { kind, title } = opts;
  run.report('checking for changes on the server…');
  let current: S;
  try {
    current = (await kind.fetch(api, opts.id, run.signal)) as S;
  } catch (error) {
    if (!InfisicalError.is(error, 'cancelled')) throw error;
    ext.log.info(`save ${kind.kind} ${opts.id}: cancelled before anything was sent`);
    return { status: 'not-sent', reason: 'cancelled; nothing was sent' };
  }
  let result = first;
  if (serverChanged(kind.version(opts.base), kind.version(current))) {
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
      await opts.ui.showDiff(current);
      return { status: 'not-sent', reason: 'the server changed: compare, then save again to overwrite' };
    }
    if (choice !== 'Overwrite') return { status: 'not-sent', reason: 'cancelled because the server changed' };
    const rebased = kind.build(current, opts.edited);
    if (!rebased.ok) return { status: 'invalid', issues: rebased.issues, fromServer: false };
    if (Object.keys(rebased.body).length === 0) return { status: 'unchanged', server: current };
    result = rebased;
  }
  const fields = result.changes.map((c) => c.field).join(', ');
  if (!(await confirm(title, result.changes, () => opts.ui.showDiff(current)))) {
    ext.log.info(`save ${kind.kind} ${opts.id}: not confirmed (${fields})`);
    return { status: 'not-sent', reason: 'cancelled' };
  }
  if (run.signal.aborted) return { status: 'not-sent', reason: 'cancelled; nothing was sent' };
  ext.log.info(`save ${kind.kind} ${opts.id}: sending ${fields}`);
  run.report('sending…');
  try {
    const saved = (await kind.send(api, opts.id, result.body, run.signal)) as S;
    ext.log.info(`saved ${kind.kind} ${opts.id}: ${fields}`);
    return { status: 'saved', server: saved, changes: result.changes };
  } catch (error) {
    if (InfisicalError.is(error) && error.status === 422 && error.issues.length) {
      return { status: 'invalid', issues: error.issues, fromServer: true };
    }
    if (InfisicalError.is(error, 'cancelled')) {
      // The request was stopped, but it may have reached the server first: say so.
      ext.log.info(`save ${kind.kind} ${opts.id}: cancelled while sending ${fields}`);
      return {
        status: 'not-sent',
        reason:
          'cancelled while sending. If Infisical had already received the change it may have applied it: reload to see',
      };
    }
    throw error;
  }
}

function confirmMode(): ConfirmMode {
  return vscode.workspace.getConfiguration('infisical').get<ConfirmMode>('save.confirm', 'ask');
}

async function confirm(title: string, changes: Change[], showDiff: () => Promise<void>): Promise<boolean> {
  const mode = confirmMode();
  if (mode === 'never') return true;
  const summary = changes.map((c) => `${c.field}: ${c.before} → ${c.after}`).join('\n');
  if (mode === 'diff') return diffThenAsk(title, showDiff);
  const buttons = mode === 'ask' ? ['Save', 'Show Diff'] : ['Save'];
  const choice = await vscode.window.showInformationMessage(
    `Send ${changes.length} change${changes.length === 1 ? '' : 's'} to ${title} on Infisical?`,
    { modal: true, detail: summary },
    ...buttons,
  );
  if (choice === 'Show Diff') return diffThenAsk(title, showDiff);
  return choice === 'Save';
}

async function diffThenAsk(title: string, showDiff: () => Promise<void>): Promise<boolean> {
  await showDiff();
  const choice = await vscode.window.showInformationMessage(
    `Send these changes to ${title} on Infisical?`,
    'Save',
    'Cancel',
  );
  return choice === 'Save';
}

export function describeIssues(issues: FieldIssue[]): string {
  const shown = issues.slice(0, 3).map(formatIssue).join('; ');
  return issues.length > 3 ? `${shown}; and ${issues.length - 3} more` : shown;
}
