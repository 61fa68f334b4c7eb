import * as vscode from 'vscode';
import type { Change } from '../core/edit/issues';

export type ConfirmMode = 'ask' | 'summary' | 'diff' | 'never';

function confirmMode(): ConfirmMode {
  return vscode.workspace.getConfiguration('infisical').get<ConfirmMode>('save.confirm', 'ask');
}

/**
 * Asks before a PATCH as `infisical.save.confirm` says: a summary, a diff, both, or nothing.
 * `summaryShown`: the editor showed these changes beside the button that saved them (a form's
 * change summary); that was the summary, and asking again would confirm the same list twice.
 */
export async function confirmChanges(
  title: string,
  changes: Change[],
  showDiff: () => Promise<void>,
  summaryShown = false,
): Promise<boolean> {
  const mode = confirmMode();
  if (mode === 'never') return true;
  if (summaryShown && mode !== 'diff') return true;
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
