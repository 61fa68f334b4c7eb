import * as vscode from 'vscode';
import { renderApplyText, renderPlanText } from '../core/config';
import { UserError } from '../ui/errors';
import { CONFIG_SUFFIX, isConfigFile, PLAN_SCHEME } from './lazy';
import type { PlanStore } from './planStore';

/**
 * The plan view: a read-only document per workspace file, `infisical-plan:/<file name>.plan`
 * with the file's URI as its query, showing the CLI's rendering of the file's plan.
 */

export function planUri(file: vscode.Uri): vscode.Uri {
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${base}.plan`, query: file.toString() });
}

export async function showPlan(uri: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(planUri(uri));
  await vscode.window.showTextDocument(doc, {
    preview: true,
    viewColumn: vscode.ViewColumn.Beside,
    preserveFocus: true,
  });
}

export function planText(store: PlanStore, uri: vscode.Uri): string {
  const stored = store.get(uri.query);
  if (!stored) return 'No plan of this file yet: run "Infisical: Plan Workspace File".\n';
  const file = vscode.workspace.asRelativePath(stored.uri);
  // What each state shows: see planStore.ts.
  const state =
    stored.state === 'stale'
      ? `${file} changed since this plan: nothing can be applied from it. "Plan Again" plans the file as it is now.\n\n`
      : stored.state === 'applied'
        ? `This plan was applied and is used up. "Plan Again" shows what the server has now.\n\n`
        : '';
  const interrupted = stored.interrupted?.length
    ? `An earlier apply of this file was interrupted (the window closed or crashed) while sending: ${stored.interrupted.join(', ')}. Each write either landed or not; this plan shows what the server has now.\n\n`
    : '';
  const applied = stored.applied ? `\n${'─'.repeat(40)}\n${renderApplyText(stored.applied)}` : '';
  return `${state}${interrupted}${renderPlanText(stored.plan)}${applied}`;
}

/** The workspace file a command means: the one given, else the active editor's (a plan view means its file). */
export async function configDocument(given?: vscode.Uri): Promise<vscode.TextDocument> {
  const uri = given ?? vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme === PLAN_SCHEME) return vscode.workspace.openTextDocument(vscode.Uri.parse(uri.query));
  if (!uri || !isConfigFile(uri))
    throw new UserError(
      `Open a workspace file whose name ends in ${CONFIG_SUFFIX} (or export one from the Infisical views) first.`,
    );
  return vscode.workspace.openTextDocument(uri);
}
