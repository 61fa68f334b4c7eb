import { findNodeAtLocation } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { FieldIssue } from '../core/api/errors';
import { documentProblems, locateIssue, type Problem, parseDocument } from '../core/edit/document';
import { type HeldValues, LOST_MARKER_MESSAGE, markers, withHeldValues } from '../core/edit/writeOnly';
import { kindOf } from '../core/resources';
import { rangeAt } from '../ui/ranges';
import type { Loaded } from './documents';
import { EDIT_SCHEME } from './uris';

const DEBOUNCE_MS = 150;

/**
 * Live diagnostics for `infisical:` documents from the same zod schemas and patch builders that
 * guard every save — the rules JSON Schema cannot say (TTL ≤ MaxTTL, CIDR validity, credentials
 * of the connection's method, rotation prerequisites), on the exact range of the offending value.
 * A server's 422 issues are shown too, until the next edit.
 */
export class DocumentDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('infisical');
  private readonly serverIssues = new Map<string, vscode.Diagnostic[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly base: (uri: vscode.Uri) => Loaded | undefined,
    /** Write-only values held in memory for a document: its edit is checked with them. */
    private readonly held: (uri: vscode.Uri) => HeldValues | undefined = () => undefined,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        this.serverIssues.delete(e.document.uri.toString());
        this.schedule(e.document, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.serverIssues.delete(d.uri.toString());
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (doc.uri.scheme !== EDIT_SCHEME) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.validate(doc);
      }, delay),
    );
  }

  /** Validates now; returns the diagnostics set (for tests and saves). */
  validate(doc: vscode.TextDocument): vscode.Diagnostic[] {
    const loaded = this.base(doc.uri);
    const text = doc.getText();
    const held = this.held(doc.uri);
    // A tab restored from a backup may not be read yet: its lost markers are still said.
    const diagnostics = loaded ? computeDiagnostics(doc, text, loaded, held) : lostMarkers(doc, text, held);
    const all = [...diagnostics, ...(this.serverIssues.get(doc.uri.toString()) ?? [])];
    this.collection.set(doc.uri, all);
    return all;
  }

  /** Validates a document again if it is open (its held values changed). */
  revalidate(uri: vscode.Uri): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc) this.validate(doc);
  }

  /** Shows issues found at save time (by the server's 422 or by a last check). */
  showIssues(uri: vscode.Uri, text: string, issues: FieldIssue[], fromServer: boolean): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!doc) return;
    const { root } = parseDocument(text);
    const found = issues.map((issue) =>
      toDiagnostic(doc, locateIssue(root, issue), issue.message, fromServer),
    );
    if (fromServer) this.serverIssues.set(uri.toString(), found);
    this.validate(doc);
    if (!fromServer) this.collection.set(uri, found);
  }

  clearServerIssues(uri: vscode.Uri): void {
    this.serverIssues.delete(uri.toString());
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

function computeDiagnostics(
  doc: vscode.TextDocument,
  text: string,
  loaded: Loaded,
  held: HeldValues | undefined,
): vscode.Diagnostic[] {
  const parsed = parseDocument(text);
  const problems = documentProblems(text, parsed.root);
  const toDiagnostics = (list: Problem[]) => [
    ...list.map((p) => toDiagnostic(doc, p, p.message, false)),
    ...lostMarkers(doc, text, held),
  ];
  // Too large to be an edit: that is all there is to say, and validating it would cost.
  if (problems.some((p) => p.rule === 'size')) return toDiagnostics(problems);
  // VS Code's JSON support reports syntax errors itself; a half-typed document gets no zod noise.
  if (parsed.syntaxErrors.length || !parsed.root) return [];
  const out = toDiagnostics(problems);
  // A number that would not arrive as written is explained once, not again as a type error.
  const explained = new Set(problems.filter((p) => p.rule === 'number').map((p) => JSON.stringify(p.path)));
  for (const p of problems) if (p.rule === 'write-only') explained.add(JSON.stringify(p.path));
  const result = loaded.adapter.build(loaded.server, withHeldValues(parsed.value, held));
  if (!result.ok) {
    for (const issue of result.issues) {
      if (explained.has(JSON.stringify(issue.path))) continue;
      out.push(toDiagnostic(doc, locateIssue(parsed.root, issue), issue.message, false));
    }
  }
  // Accepted by the server, refused at every login (core/edit/guidCase): said as a warning.
  const { warnings } = kindOf(loaded.adapter.resource);
  for (const field of warnings.fields) {
    const node = findNodeAtLocation(parsed.root, [field]);
    // A list as a workspace file writes it: each entry on its own, as the file's validator does.
    for (const entry of node?.type === 'array' ? (node.children ?? []) : node ? [node] : []) {
      const message = warnings.of(field, entry.value);
      if (!message) continue;
      const d = toDiagnostic(doc, entry, message, false);
      d.severity = vscode.DiagnosticSeverity.Warning;
      out.push(d);
    }
  }
  return out;
}

/** Marker comments restored from a backup (or undone back) whose value is no longer held: said, not an error. */
function lostMarkers(
  doc: vscode.TextDocument,
  text: string,
  held: HeldValues | undefined,
): vscode.Diagnostic[] {
  return markers(text)
    .filter((m) => held?.[m.field] === undefined)
    .map((m) => {
      const d = toDiagnostic(doc, { offset: m.at, length: m.length }, LOST_MARKER_MESSAGE, false);
      d.severity = vscode.DiagnosticSeverity.Warning;
      return d;
    });
}

function toDiagnostic(
  doc: vscode.TextDocument,
  at: { offset: number; length: number },
  message: string,
  fromServer: boolean,
): vscode.Diagnostic {
  const d = new vscode.Diagnostic(rangeAt(doc, at), message, vscode.DiagnosticSeverity.Error);
  d.source = fromServer ? 'Infisical server' : 'Infisical';
  return d;
}
