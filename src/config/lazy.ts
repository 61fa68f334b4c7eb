import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { WorkspaceFiles } from './workspace';

/** Workspace files that declare Azure access: `infra/prod.infisical-azure.json`. */
export const CONFIG_SUFFIX = '.infisical-azure.json';
export const PLAN_SCHEME = 'infisical-plan';

export function isConfigFile(uri: vscode.Uri): boolean {
  return uri.scheme !== PLAN_SCHEME && uri.path.endsWith(CONFIG_SUFFIX);
}

/**
 * All activation registers for workspace files: one listener that costs nothing until such a
 * file opens. The rest (diagnostics, CodeLens, the plan view; zod and the API client with them)
 * loads with the first file, plan or export, and registers itself then.
 */
export class LazyWorkspaceFiles implements vscode.Disposable {
  private impl?: Promise<WorkspaceFiles>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ext: Ext) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (isConfigFile(doc.uri)) void this.get();
      }),
    );
    // Files restored with the window load it once the window is up, not during activation.
    if (vscode.workspace.textDocuments.some((d) => isConfigFile(d.uri))) setTimeout(() => void this.get(), 0);
  }

  get(): Promise<WorkspaceFiles> {
    this.impl ??= import('./workspace.js').then((m) => {
      const files = new m.WorkspaceFiles(this.ext);
      this.disposables.push(files);
      return files;
    });
    return this.impl;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
