import * as vscode from 'vscode';
import type { Ext } from '../context';
import {
  type ApplyReport,
  type Plan,
  type PlannedResource,
  type PullSelection,
  referenceAt,
  referenceHover,
  type ValidatedConfig,
} from '../core/config';
import { rangeAt } from '../ui/ranges';
import type { SecretGuard } from '../ui/secretGuard';
import { type ApplyRequest, applyFile } from './apply';
import { ServerValueCompletion } from './completion';
import type { FilesContext } from './context';
import { ConfigDiagnostics, type Validated } from './diagnostics';
import { exportFile } from './export';
import { guardWorkspaceFiles } from './keepOut';
import { keepServerActions } from './keepServer';
import { CONFIG_SUFFIX, isConfigFile, PLAN_SCHEME } from './lazy';
import { fileLenses, planLenses } from './lenses';
import { findDeclarations, goToDeclaration, showDiff } from './navigation';
import { type PlanAllResult, Planner, type PlanRequest } from './planning';
import { driftPlan, freshPlan, PlanStore, type StoredPlan } from './planStore';
import { planText, planUri, showPlan } from './planView';
import {
  configQuickFixes,
  type MoveSecretOptions,
  moveSecretToStorage,
  nameSuggestionFixes,
} from './quickFixes';
import {
  forgetStoredReference,
  referenceActions,
  referenceSource,
  type SetReferenceOptions,
  setStoredReference,
} from './references';

export type { ApplyRequest } from './apply';
export type { PlanAllResult, PlanRequest } from './planning';

/**
 * Workspace files in VS Code, composed: live diagnostics (diagnostics.ts), a plan per file
 * (planning.ts, planStore.ts), the plan view (planView.ts), CodeLens (lenses.ts), apply and its
 * journal (apply.ts), navigation (navigation.ts) and export (export.ts). This class registers
 * the providers and is what the commands and the tests call.
 */
export class WorkspaceFiles implements vscode.Disposable {
  private readonly plans = new PlanStore();
  private readonly diagnostics = new ConfigDiagnostics(this.plans);
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly planChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly context: FilesContext;
  private readonly planner: Planner;
  private readonly validated: Validated = (doc) => this.diagnostics.validated(doc);
  private readonly disposables: vscode.Disposable[];
  /** Keeps secrets written into workspace files out of their text (for the tests: whether pastes are rewritten). */
  readonly secretGuard: SecretGuard;

  constructor(private readonly ext: Ext) {
    this.context = { ext, plans: this.plans, diagnostics: this.diagnostics };
    this.planner = new Planner(this.context);
    const ifConfig = (doc: vscode.TextDocument, then: (doc: vscode.TextDocument) => void) => {
      if (isConfigFile(doc.uri)) then(doc);
    };
    this.disposables = [
      this.plans,
      // The one event every surface of a file's plan is drawn again from (see planStore.ts).
      this.plans.onDidChange((uri) => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (doc) this.diagnostics.validate(doc);
        this.lensesChanged.fire();
        this.planChanged.fire(planUri(uri));
      }),
      this.diagnostics,
      this.lensesChanged,
      this.planChanged,
      vscode.workspace.onDidOpenTextDocument((doc) => ifConfig(doc, (d) => this.opened(d))),
      vscode.workspace.onDidChangeTextDocument((e) => ifConfig(e.document, (d) => this.changed(d))),
      vscode.workspace.onDidCloseTextDocument((doc) => ifConfig(doc, (d) => this.diagnostics.closed(d))),
      vscode.workspace.onDidSaveTextDocument((doc) => ifConfig(doc, (d) => this.saved(d))),
      vscode.languages.registerCodeLensProvider(
        { pattern: `**/*${CONFIG_SUFFIX}` },
        { onDidChangeCodeLenses: this.lensesChanged.event, provideCodeLenses: (doc) => this.fileLenses(doc) },
      ),
      vscode.languages.registerCodeLensProvider(
        { scheme: PLAN_SCHEME },
        { onDidChangeCodeLenses: this.lensesChanged.event, provideCodeLenses: (doc) => this.planLenses(doc) },
      ),
      vscode.languages.registerCodeActionsProvider(
        { pattern: `**/*${CONFIG_SUFFIX}` },
        {
          provideCodeActions: async (doc, range) => {
            const stored = this.plans.get(doc.uri);
            const drift = driftPlan(stored);
            const fresh = freshPlan(stored, doc);
            const validated = this.validated(doc);
            // Offered where the diagnostics they fix are shown: see planStore.ts.
            return [
              ...configQuickFixes(doc, range, validated),
              ...(drift ? keepServerActions(doc, range, drift.plan, drift.text) : []),
              ...(fresh ? nameSuggestionFixes(doc, range, fresh.plan, validated.root) : []),
              ...(await referenceActions(this.ext, doc, range, validated.root)),
            ];
          },
        },
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite] },
      ),
      vscode.languages.registerHoverProvider(
        { pattern: `**/*${CONFIG_SUFFIX}` },
        {
          provideHover: async (doc, position) => {
            const ref = referenceAt(doc.getText(), doc.offsetAt(position), this.validated(doc).root);
            if (!ref) return undefined;
            const text = referenceHover(ref, await referenceSource(this.ext, ref.name));
            return new vscode.Hover(new vscode.MarkdownString(text), rangeAt(doc, ref.at));
          },
        },
      ),
      vscode.languages.registerCompletionItemProvider(
        { pattern: `**/*${CONFIG_SUFFIX}` },
        new ServerValueCompletion(ext),
        '"',
      ),
      vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, {
        onDidChange: this.planChanged.event,
        provideTextDocumentContent: (uri) => this.planText(uri),
      }),
    ];
    this.secretGuard = guardWorkspaceFiles(ext);
    this.disposables.push(this.secretGuard);
    for (const doc of vscode.workspace.textDocuments) ifConfig(doc, (d) => this.validate(d));
  }

  validate(doc: vscode.TextDocument): ValidatedConfig {
    return this.diagnostics.validate(doc);
  }

  private opened(doc: vscode.TextDocument): void {
    this.plans.opened(doc);
    this.validate(doc);
  }

  private changed(doc: vscode.TextDocument): void {
    this.plans.edited(doc);
    this.diagnostics.changed(doc);
  }

  saved(doc: vscode.TextDocument): void {
    if (!vscode.workspace.getConfiguration('infisical').get<boolean>('config.planOnSave', false)) return;
    void this.plan(doc.uri, { show: false }).catch((error) =>
      this.ext.log.warn(`plan on save of ${doc.uri.fsPath}: ${(error as Error).message}`),
    );
  }

  stored(uri: vscode.Uri): StoredPlan | undefined {
    return this.plans.get(uri);
  }

  plan(given?: vscode.Uri, request: PlanRequest = {}): Promise<Plan | undefined> {
    return this.planner.plan(given, request);
  }

  planAll(request: { show?: boolean } = {}): Promise<PlanAllResult[]> {
    return this.planner.planAll(request);
  }

  showPlan(uri: vscode.Uri): Promise<void> {
    return showPlan(uri);
  }

  planText(uri: vscode.Uri): string {
    return planText(this.plans, uri);
  }

  apply(given?: vscode.Uri, request: ApplyRequest = {}): Promise<ApplyReport | undefined> {
    return applyFile(this.context, given, request);
  }

  /** The quick fix of a secret written into the file: see quickFixes.ts. */
  moveSecret(
    uri: vscode.Uri,
    path: (string | number)[],
    options?: MoveSecretOptions,
  ): Promise<string | undefined> {
    return moveSecretToStorage(this.ext, uri, path, options);
  }

  /** Ctrl+. on a reference: see references.ts. */
  setReference(
    name: string,
    field: string,
    uri?: vscode.Uri,
    options?: SetReferenceOptions,
  ): Promise<boolean> {
    return setStoredReference(this.ext, name, field, uri, options);
  }

  forgetReference(name: string): Promise<void> {
    return forgetStoredReference(this.ext, name);
  }

  fileLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    return fileLenses(this.plans, this.validated, doc);
  }

  planLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    return planLenses(this.plans, doc);
  }

  showDiff(fileUri: string, index: number): Promise<void> {
    return showDiff(this.ext, this.plans, fileUri, index);
  }

  /** Opens the file at a resource's declaration. */
  goToDeclaration(uri: vscode.Uri, type: PlannedResource['type'], index: number): Promise<void> {
    return goToDeclaration(this.validated, uri, type, index);
  }

  /** The files of the workspace that declare a resource (by pinned id, else by name). */
  findDeclarations(
    type: PlannedResource['type'],
    id: string,
    name: string,
  ): Promise<{ uri: vscode.Uri; index: number }[]> {
    return findDeclarations(type, id, name);
  }

  exportFile(selection: PullSelection, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    return exportFile(this.ext, selection, target);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
