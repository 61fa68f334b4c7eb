import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { WorkspaceFiles } from './workspace';

/** Workspace files that declare Azure access: `infra/prod.infisical-azure.json`. */
export const CONFIG_SUFFIX = '.infisical-azure.json';
export const CONFIG_GLOB = '**/*.infisical-azure.json';
export const PLAN_SCHEME = 'infisical-plan';

export function isConfigFile(uri: vscode.Uri): boolean {
  return uri.scheme !== PLAN_SCHEME && uri.path.endsWith(CONFIG_SUFFIX);
}

/**
 * What activation registers for workspace files: listeners and providers that cost nothing until
 * such a file is open. The validator, planner and applier (with zod and the API client) load
 * with the first file, plan or export.
 */
export class LazyWorkspaceFiles implements vscode.Disposable {
  private impl?: Promise<WorkspaceFiles>;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly planChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.lensesChanged, this.planChanged];

  constructor(private readonly ext: Ext) {
    const touch = (doc: vscode.TextDocument) => {
      if (isConfigFile(doc.uri)) void this.get().then((w) => w.validate(doc));
    };
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument(touch),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isConfigFile(e.document.uri)) void this.get().then((w) => w.changed(e.document));
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (isConfigFile(doc.uri) && this.impl) void this.impl.then((w) => w.closed(doc));
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (isConfigFile(doc.uri)) void this.get().then((w) => w.saved(doc));
      }),
      vscode.languages.registerCodeLensProvider(
        { pattern: CONFIG_GLOB },
        {
          onDidChangeCodeLenses: this.lensesChanged.event,
          provideCodeLenses: async (doc) => (await this.get()).fileLenses(doc),
        },
      ),
      vscode.languages.registerCodeLensProvider(
        { scheme: PLAN_SCHEME },
        {
          onDidChangeCodeLenses: this.lensesChanged.event,
          provideCodeLenses: async (doc) => (await this.get()).planLenses(doc),
        },
      ),
      vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, {
        onDidChange: this.planChanged.event,
        provideTextDocumentContent: async (uri) => (await this.get()).planText(uri),
      }),
    );
    // Files restored with the window are validated once the window is up, not during activation.
    const open = vscode.workspace.textDocuments.filter((d) => isConfigFile(d.uri));
    if (open.length) setTimeout(() => open.forEach(touch), 0);
  }

  get(): Promise<WorkspaceFiles> {
    this.impl ??= import('./workspace.js').then((m) => {
      const files = new m.WorkspaceFiles(this.ext, {
        lensesChanged: () => this.lensesChanged.fire(),
        planChanged: (uri) => this.planChanged.fire(uri),
      });
      this.disposables.push(files);
      return files;
    });
    return this.impl;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
