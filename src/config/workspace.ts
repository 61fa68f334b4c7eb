import * as vscode from 'vscode';
import type { Profile } from '../auth/profiles';
import type { ProfileSession } from '../auth/session';
import type { Ext } from '../context';
import { InfisicalError } from '../core/api/errors';
import {
  type ApplyReport,
  applyPlan,
  applySummaryLine,
  type ConfigFile,
  hasChanges,
  type Plan,
  type PlannedResource,
  type PullSelection,
  planConfig,
  referenceAt,
  referenceHover,
  resourceTitle,
  summarize,
  summaryLine,
  targetMismatch,
  type ValidatedConfig,
} from '../core/config';
import { describeError, isCancellation, UserError } from '../ui/errors';
import { withProgress } from '../ui/progress';
import { rangeAt } from '../ui/ranges';
import { ServerValueCompletion } from './completion';
import { ConfigDiagnostics, type Validated } from './diagnostics';
import { exportFile } from './export';
import { keepServerActions } from './keepServer';
import { CONFIG_SUFFIX, isConfigFile, PLAN_SCHEME } from './lazy';
import { fileLenses, planLenses } from './lenses';
import { findDeclarations, goToDeclaration, showDiff } from './navigation';
import { PlanStore, type StoredPlan } from './planStore';
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
  resolveSecret,
  type SetReferenceOptions,
  setStoredReference,
} from './references';

/**
 * Workspace files in VS Code: live diagnostics (no network), a plan per file kept with the
 * document version it was made from, the plan view (the CLI's renderer), per-resource CodeLens
 * after a plan, apply of exactly the plan shown, and export from the server.
 */

export interface PlanRequest {
  replaceCredentials?: string[] | 'all';
  /** Open the plan view (default true). */
  show?: boolean;
}

export interface ApplyRequest {
  /** Ask before sending (default true). */
  confirm?: boolean;
  /** Attach Azure Auth where the plan says so, without asking. */
  allowAttach?: boolean;
}

/** One file of "Plan All Workspace Files": its plan, or why it could not be planned. */
export interface PlanAllResult {
  uri: vscode.Uri;
  file: string;
  plan?: Plan;
  summary?: string;
  error?: string;
}

interface PlanTarget {
  config: ConfigFile;
  profile: Profile;
  session: ProfileSession;
  file: string;
}

const JOURNAL_KEY = 'infisical.config.applyJournal';
interface Journal {
  file: string;
  startedAt: string;
  sending: string[];
}

export class WorkspaceFiles implements vscode.Disposable {
  private readonly plans = new PlanStore();
  private readonly diagnostics = new ConfigDiagnostics(this.plans);
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly planChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly events = {
    lensesChanged: () => this.lensesChanged.fire(),
    planChanged: (uri: vscode.Uri) => this.planChanged.fire(uri),
  };
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly ext: Ext) {
    const ifConfig = (doc: vscode.TextDocument, then: (doc: vscode.TextDocument) => void) => {
      if (isConfigFile(doc.uri)) then(doc);
    };
    this.disposables = [
      this.diagnostics,
      this.lensesChanged,
      this.planChanged,
      vscode.workspace.onDidOpenTextDocument((doc) => ifConfig(doc, (d) => this.validate(d))),
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
            const validated = this.validated(doc);
            return [
              ...configQuickFixes(doc, range, validated),
              ...(stored && !stored.applied ? keepServerActions(doc, range, stored.plan, stored.text) : []),
              ...(stored ? nameSuggestionFixes(doc, range, stored.plan, validated.root) : []),
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
    for (const doc of vscode.workspace.textDocuments) ifConfig(doc, (d) => this.validate(d));
  }

  validate(doc: vscode.TextDocument): ValidatedConfig {
    return this.diagnostics.validate(doc);
  }

  private validated(doc: vscode.TextDocument): ValidatedConfig {
    return this.diagnostics.validated(doc);
  }

  private readonly validatedBy: Validated = (doc) => this.diagnostics.validated(doc);

  private changed(doc: vscode.TextDocument): void {
    this.diagnostics.changed(doc);
    if (this.plans.has(doc.uri)) this.events.lensesChanged();
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

  // ── Plan ──

  async plan(given?: vscode.Uri, request: PlanRequest = {}): Promise<Plan | undefined> {
    const doc = await configDocument(given);
    const target = await this.planTarget(doc);
    const plan = await withProgress(
      `Planning ${target.file} against ${target.profile.name}`,
      (signal, report) =>
        this.planned(doc, target, request, signal, (done, total) =>
          report(`${done} of ${total} resources read`),
        ),
    );
    if (request.show !== false) await this.showPlan(doc.uri);
    return plan;
  }

  /**
   * Plans every workspace file of the workspace under one progress, one file after the other; a
   * file that cannot be planned (problems, another organization, a server error) is reported
   * with its reason and the others go on. Shows the outcome per file in a picker (Enter opens
   * that file's plan) unless `show` is false.
   */
  async planAll(request: { show?: boolean } = {}): Promise<PlanAllResult[]> {
    const uris = (await vscode.workspace.findFiles(`**/*${CONFIG_SUFFIX}`, '**/node_modules/**')).sort(
      (a, b) => vscode.workspace.asRelativePath(a).localeCompare(vscode.workspace.asRelativePath(b)),
    );
    if (!uris.length) {
      const exportOne = 'Export to Workspace File…';
      void vscode.window
        .showInformationMessage(
          `No workspace file (*${CONFIG_SUFFIX}) in this workspace yet: "${exportOne}" writes one from the server.`,
          exportOne,
        )
        .then((choice) => {
          if (choice === exportOne) void vscode.commands.executeCommand('infisical.config.export');
        });
      return [];
    }
    const files = (n: number) => `${n} workspace file${n === 1 ? '' : 's'}`;
    const results = await withProgress(`Planning ${files(uris.length)}`, async (signal, report) => {
      const out: PlanAllResult[] = [];
      for (const [i, uri] of uris.entries()) {
        const file = vscode.workspace.asRelativePath(uri);
        report(`${i + 1} of ${uris.length}: ${file}`);
        try {
          const doc = await vscode.workspace.openTextDocument(uri);
          const plan = await this.planned(doc, await this.planTarget(doc), {}, signal);
          out.push({ uri, file, plan, summary: summaryLine(plan) });
        } catch (error) {
          if (isCancellation(error)) throw error;
          out.push({ uri, file, error: describeError(error) });
        }
      }
      return out;
    });
    const changed = results.filter((r) => r.plan && hasChanges(r.plan)).length;
    const failed = results.filter((r) => r.error).length;
    const summary = `${files(results.length)}: ${changed} with changes, ${failed} not planned`;
    this.ext.log.info(`plan of ${summary}`);
    if (request.show !== false) void this.pickPlanned(results, `Plans of ${summary}`);
    return results;
  }

  private async pickPlanned(results: PlanAllResult[], title: string): Promise<void> {
    const items = results.map((r) => ({
      label: `${r.error ? '$(error)' : r.plan && hasChanges(r.plan) ? '$(diff)' : '$(check)'} ${r.file}`,
      detail: r.error ?? r.summary,
      result: r,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title,
      placeHolder: 'Enter opens the plan of a file (or the file, when it could not be planned)',
      matchOnDetail: true,
    });
    if (!picked) return;
    if (picked.result.plan) await this.showPlan(picked.result.uri);
    else await vscode.window.showTextDocument(picked.result.uri);
  }

  /** What a plan of the document needs, checked before any request: the file valid, the profile its own. */
  private async planTarget(doc: vscode.TextDocument): Promise<PlanTarget> {
    const checked = this.validate(doc);
    if (!checked.config) {
      const n = checked.problems.length;
      throw new UserError(
        `${vscode.workspace.asRelativePath(doc.uri)} has ${n} problem${n === 1 ? '' : 's'} (see Problems): fix ${n === 1 ? 'it' : 'them'} first. Nothing was sent.`,
      );
    }
    const config = checked.config;
    const profile = this.profileFor(config);
    const session = await this.ext.session(profile);
    return { config, profile, session, file: vscode.workspace.asRelativePath(doc.uri) };
  }

  /** Plans the document as it is now and keeps the plan with its version and text. */
  private async planned(
    doc: vscode.TextDocument,
    target: PlanTarget,
    request: PlanRequest,
    signal: AbortSignal,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Plan> {
    const { config, profile, session, file } = target;
    const version = doc.version;
    const text = doc.getText();
    const plan = await planConfig(config, {
      api: session.api,
      file,
      orgId: config.organization.id,
      replaceCredentials: request.replaceCredentials,
      signal,
      onProgress,
    });
    const interrupted = this.takeJournal(doc.uri);
    this.plans.set({
      uri: doc.uri,
      plan,
      version,
      text,
      profile: profile.name,
      interrupted,
    });
    this.validate(doc);
    this.events.lensesChanged();
    this.events.planChanged(planUri(doc.uri));
    this.ext.log.info(`plan of ${file}: ${summaryLine(plan)}`);
    return plan;
  }

  /** The active profile, checked against the file's site and organization before any request. */
  private profileFor(config: ConfigFile): Profile {
    const profile = this.ext.profiles.active();
    if (!profile)
      throw new InfisicalError({
        kind: 'not-signed-in',
        message: 'Sign in to Infisical first: the plan reads the server. Nothing was sent.',
      });
    const org = this.ext.profiles.org(profile.name);
    const mismatch = targetMismatch(config, {
      site: profile.siteUrl,
      orgId: profile.orgId ?? org?.id,
      orgName: org?.name,
    });
    if (mismatch) throw new UserError(`Profile "${profile.name}": ${mismatch}`);
    return profile;
  }

  showPlan(uri: vscode.Uri): Promise<void> {
    return showPlan(uri);
  }

  planText(uri: vscode.Uri): string {
    return planText(this.plans, uri);
  }

  // ── Apply ──

  async apply(given?: vscode.Uri, request: ApplyRequest = {}): Promise<ApplyReport | undefined> {
    const doc = await configDocument(given);
    const stored = this.plans.get(doc.uri);
    const name = vscode.workspace.asRelativePath(doc.uri);
    if (!stored) throw new UserError(`Plan ${name} first: apply sends exactly the plan you saw.`);
    if (stored.version !== doc.version)
      throw new UserError(`${name} changed since its plan: plan again, then apply. Nothing was sent.`);
    if (stored.applied)
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
    const session = await this.ext.session(stored.profile);
    const journal: Journal = { file: doc.uri.toString(), startedAt: new Date().toISOString(), sending: [] };
    const state = this.ext.context.globalState;
    const report = await withProgress(`Applying the plan of ${name}`, (signal, progress) =>
      applyPlan(stored.plan, {
        api: session.api,
        allowAttach,
        signal,
        resolveSecret: (ref, field, resource) => resolveSecret(this.ext, ref, field, resource),
        onSend: async (resource) => {
          journal.sending.push(resourceTitle(resource));
          await state.update(JOURNAL_KEY, journal);
        },
        onResult: (result, done, total) => {
          const planned = stored.plan.resources.find(
            (r) => r.type === result.type && r.index === result.index,
          );
          const title = resourceTitle(planned ?? result);
          journal.sending = journal.sending.filter((t) => t !== title);
          void state.update(JOURNAL_KEY, journal.sending.length ? journal : undefined);
          progress(`${done} of ${total}: ${result.name} ${result.outcome}`);
        },
      }),
    );
    await state.update(JOURNAL_KEY, undefined);
    stored.applied = report;
    this.validate(doc); // the plan's drift hints end with the apply
    this.events.planChanged(planUri(doc.uri));
    this.events.lensesChanged();
    this.ext.refreshAfterChange('connection');
    for (const r of report.results)
      this.ext.log.info(
        `apply ${name}: ${r.outcome} ${resourceTitle(r)}${r.message ? `: ${r.message}` : ''}`,
      );
    const line = applySummaryLine(report);
    const ok = report.counts.failed + report.counts.refused + report.counts.skipped === 0;
    const show = ok ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(line, 'Show Plan', 'Plan Again').then((choice) => {
      if (choice === 'Show Plan') void this.showPlan(doc.uri);
      if (choice === 'Plan Again') void vscode.commands.executeCommand('infisical.config.plan', doc.uri);
    });
    return report;
  }

  private takeJournal(uri: vscode.Uri): string[] | undefined {
    const journal = this.ext.context.globalState.get<Journal>(JOURNAL_KEY);
    if (!journal || journal.file !== uri.toString()) return undefined;
    void this.ext.context.globalState.update(JOURNAL_KEY, undefined);
    return journal.sending.length ? journal.sending : undefined;
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
    return fileLenses(this.plans, this.validatedBy, doc);
  }

  planLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    return planLenses(this.plans, doc);
  }

  showDiff(fileUri: string, index: number): Promise<void> {
    return showDiff(this.ext, this.plans, fileUri, index);
  }

  /** Opens the file at a resource's declaration. */
  goToDeclaration(uri: vscode.Uri, type: PlannedResource['type'], index: number): Promise<void> {
    return goToDeclaration(this.validatedBy, uri, type, index);
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

async function configDocument(given?: vscode.Uri): Promise<vscode.TextDocument> {
  const uri = given ?? vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme === PLAN_SCHEME) return vscode.workspace.openTextDocument(vscode.Uri.parse(uri.query));
  if (!uri || !isConfigFile(uri))
    throw new UserError(
      `Open a workspace file whose name ends in ${CONFIG_SUFFIX} (or export one from the Infisical views) first.`,
    );
  return vscode.workspace.openTextDocument(uri);
}
