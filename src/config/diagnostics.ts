import type { Node } from 'jsonc-parser';
import * as vscode from 'vscode';
import { type Plan, type PlannedResource, type ValidatedConfig, validateConfigText } from '../core/config';
import { locateIssue } from '../core/edit/document';
import { kindOf } from '../core/resources';
import { rangeAt } from '../ui/ranges';
import { driftedFields } from './keepServer';
import { driftPlan, freshPlan, type PlanStore, type StoredPlan } from './planStore';

/** A document's validation, computed once per version. */
export type Validated = (doc: vscode.TextDocument) => ValidatedConfig;

/**
 * Problems of workspace files: the offline rules as the file is typed (no network), and what the
 * file's plan says about it (its problems and notes, and each field the server has otherwise).
 */
export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('infisical-azure');
  private readonly lastValidation = new Map<string, { version: number; result: ValidatedConfig }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly plans: PlanStore) {}

  /** The document's validation, computed once per version (code actions ask at every cursor move). */
  validated(doc: vscode.TextDocument): ValidatedConfig {
    const last = this.lastValidation.get(doc.uri.toString());
    if (last?.version === doc.version) return last.result;
    const result = validateConfigText(doc.getText());
    this.lastValidation.set(doc.uri.toString(), { version: doc.version, result });
    return result;
  }

  validate(doc: vscode.TextDocument): ValidatedConfig {
    const result = this.validated(doc);
    const stored = this.plans.get(doc.uri);
    const fresh = freshPlan(stored, doc);
    const drift = driftPlan(stored);
    const diagnostic = (p: (typeof result.problems)[number], severity: vscode.DiagnosticSeverity) => {
      const d = new vscode.Diagnostic(rangeAt(doc, p), p.message, severity);
      d.source = 'infisical-azure';
      d.code = p.rule;
      return d;
    };
    const diagnostics = [
      ...result.problems.map((p) => diagnostic(p, vscode.DiagnosticSeverity.Error)),
      ...result.warnings.map((p) => diagnostic(p, vscode.DiagnosticSeverity.Warning)),
    ];
    // What each state of the plan shows: see planStore.ts.
    if (fresh) diagnostics.push(...planDiagnostics(doc, result.root, fresh.plan));
    if (drift) diagnostics.push(...driftHints(doc, drift));
    this.collection.set(doc.uri, diagnostics);
    return result;
  }

  /** Validates a while after the last keystroke. */
  changed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.validate(doc);
      }, 120),
    );
  }

  closed(doc: vscode.TextDocument): void {
    this.collection.delete(doc.uri);
    // A document opened again starts at version 1 with whatever the file has then.
    this.lastValidation.delete(doc.uri.toString());
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.collection.dispose();
  }
}

/** Each field the plan would change, marked where it is written (a hint: the quick fix is there). */
function driftHints(doc: vscode.TextDocument, stored: StoredPlan): vscode.Diagnostic[] {
  return driftedFields(doc.getText(), stored.plan, stored.text).map((d) => {
    const before = d.resource.changes.find((c) => c.field === d.field)?.before ?? '';
    const hint = new vscode.Diagnostic(
      rangeAt(doc, d.node),
      `The server has ${before}: apply sends this value instead, or Ctrl+. keeps the server's in the file.`,
      vscode.DiagnosticSeverity.Hint,
    );
    hint.source = 'infisical plan';
    hint.code = 'drift';
    return hint;
  });
}

function planDiagnostics(doc: vscode.TextDocument, root: Node | undefined, plan: Plan): vscode.Diagnostic[] {
  const out: vscode.Diagnostic[] = [];
  const add = (
    path: (string | number)[] | undefined,
    r: PlannedResource,
    message: string,
    severity: vscode.DiagnosticSeverity,
  ) => {
    const where = path ?? [kindOf(r.type).section, r.index];
    const d = new vscode.Diagnostic(
      rangeAt(doc, locateIssue(root, { path: where, message })),
      message,
      severity,
    );
    d.source = 'infisical plan';
    out.push(d);
  };
  for (const r of plan.resources) {
    for (const p of r.problems) add(p.path, r, p.message, vscode.DiagnosticSeverity.Warning);
    for (const n of r.notes) add(n.path, r, n.message, vscode.DiagnosticSeverity.Information);
  }
  return out;
}
