import * as vscode from 'vscode';
import type { Ext } from '../context';
import {
  type ApplyReport,
  applyPlan,
  applySummaryLine,
  hasChanges,
  resourceTitle,
  summarize,
  summaryLine,
} from '../core/config';
import { UserError } from '../ui/errors';
import { withProgress } from '../ui/progress';
import type { FilesContext } from './context';
import { configDocument, showPlan } from './planView';
import { resolveSecret } from './references';

/**
 * Apply: exactly the plan shown, asked for first, with a journal of the writes in flight in
 * globalState so that the next plan can say which were interrupted if the window goes away.
 */

export interface ApplyRequest {
  /** Ask before sending (default true). */
  confirm?: boolean;
  /** Attach Azure Auth where the plan says so, without asking. */
  allowAttach?: boolean;
}

const JOURNAL_KEY = 'infisical.config.applyJournal';
interface Journal {
  file: string;
  startedAt: string;
  sending: string[];
}

export async function applyFile(
  files: FilesContext,
  given: vscode.Uri | undefined,
  request: ApplyRequest = {},
): Promise<ApplyReport | undefined> {
  const doc = await configDocument(given);
  const stored = files.plans.get(doc.uri);
  const name = vscode.workspace.asRelativePath(doc.uri);
  if (!stored) throw new UserError(`Plan ${name} first: apply sends exactly the plan you saw.`);
  if (stored.state === 'stale' || stored.version !== doc.version)
    throw new UserError(`${name} changed since its plan: plan again, then apply. Nothing was sent.`);
  if (stored.state === 'applied')
    throw new UserError(`This plan of ${name} was already applied: plan again to see what is left.`);
  if (!hasChanges(stored.plan)) {
    void vscode.window.showInformationMessage(`Nothing to apply: ${summaryLine(stored.plan)}`);
    return undefined;
  }
  const s = summarize(stored.plan);
  let allowAttach = request.allowAttach ?? false;
  if (request.confirm !== false) {
    const todo = stored.plan.resources.filter((r) => r.action === 'update' || r.action === 'attach');
    const detail = todo
      .slice(0, 12)
      .map(
        (r) =>
          `${r.action === 'attach' ? '+' : '~'} ${resourceTitle(r)}: ${r.changes.map((c) => c.field).join(', ')}`,
      )
      .join('\n');
    const more = todo.length > 12 ? `\n… and ${todo.length - 12} more (see the plan)` : '';
    const buttons = s.attach ? ['Apply Updates', 'Apply and Attach Azure Auth'] : ['Apply'];
    const choice = await vscode.window.showWarningMessage(
      `Apply ${s.update} update${s.update === 1 ? '' : 's'}${s.attach ? ` and ${s.attach} Azure Auth attach${s.attach === 1 ? '' : 'es'} (POST)` : ''} to ${stored.plan.organization.name ?? stored.plan.organization.id} as profile "${stored.profile}"?`,
      { modal: true, detail: `${detail}${more}` },
      ...buttons,
    );
    if (!choice) return undefined;
    allowAttach = choice === 'Apply and Attach Azure Auth';
  }
  const session = await files.ext.session(stored.profile);
  const journal: Journal = { file: doc.uri.toString(), startedAt: new Date().toISOString(), sending: [] };
  const state = files.ext.context.globalState;
  const report = await withProgress(`Applying the plan of ${name}`, (signal, progress) =>
    applyPlan(stored.plan, {
      api: session.api,
      allowAttach,
      signal,
      resolveSecret: (ref, field, resource) => resolveSecret(files.ext, ref, field, resource),
      onSend: async (resource) => {
        journal.sending.push(resourceTitle(resource));
        await state.update(JOURNAL_KEY, journal);
      },
      onResult: (result, done, total) => {
        const planned = stored.plan.resources.find((r) => r.type === result.type && r.index === result.index);
        const title = resourceTitle(planned ?? result);
        journal.sending = journal.sending.filter((t) => t !== title);
        void state.update(JOURNAL_KEY, journal.sending.length ? journal : undefined);
        progress(`${done} of ${total}: ${result.name} ${result.outcome}`);
      },
    }),
  );
  await state.update(JOURNAL_KEY, undefined);
  files.plans.applied(doc.uri, report);
  files.ext.refreshAfterChange('connection');
  for (const r of report.results)
    files.ext.log.info(`apply ${name}: ${r.outcome} ${resourceTitle(r)}${r.message ? `: ${r.message}` : ''}`);
  const line = applySummaryLine(report);
  const { partial, failed, refused, skipped } = report.counts;
  const ok = partial + failed + refused + skipped === 0;
  const show = ok ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(line, 'Show Plan', 'Plan Again').then((choice) => {
    if (choice === 'Show Plan') void showPlan(doc.uri);
    if (choice === 'Plan Again') void vscode.commands.executeCommand('infisical.config.plan', doc.uri);
  });
  return report;
}

export function takeJournal(ext: Ext, uri: vscode.Uri): string[] | undefined {
  const journal = ext.context.globalState.get<Journal>(JOURNAL_KEY);
  if (!journal || journal.file !== uri.toString()) return undefined;
  void ext.context.globalState.update(JOURNAL_KEY, undefined);
  return journal.sending.length ? journal.sending : undefined;
}
