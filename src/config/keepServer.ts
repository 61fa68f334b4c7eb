import { findNodeAtLocation, type JSONPath, modify, type Node, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { Plan, PlannedResource } from '../core/config/plan';
import { kindOf } from '../core/resources';
import { rangeAt } from '../ui/ranges';

/**
 * Drift the other way: after a plan, a field the file and the server disagree on can take the
 * server's value in the file instead of sending the file's ("Keep the server's …", Ctrl+.), as
 * when a change made in Infisical's web app is adopted into the reviewed configuration. One
 * field from its line, or every differing field of a resource from its name. The file's text
 * changes only; nothing is sent. Credentials are never offered (the server never returns the
 * write-only values).
 */

/** A field of a planned update, where it is in the file, and the server's value for it. */
interface Drift {
  resource: PlannedResource;
  field: string;
  path: JSONPath;
  node: Node;
  server: unknown;
}

const sectionOf = (r: PlannedResource) => kindOf(r.type).section;

/**
 * The fields of the plan's updates, found in the file's text. A field whose text is not what was
 * planned (the file was edited since) is left out: the plan says nothing about it any more.
 */
export function driftedFields(text: string, plan: Plan, plannedText: string): Drift[] {
  return drifted(text, plan, plannedText).drifts;
}

/**
 * The last text's drifts per plan: code actions ask at every cursor move and diagnostics after
 * every edit, and parsing a large file twice each time would show.
 */
const lastDrifts = new WeakMap<Plan, { text: string; root: Node | undefined; drifts: Drift[] }>();

function drifted(text: string, plan: Plan, plannedText: string): { root: Node | undefined; drifts: Drift[] } {
  const last = lastDrifts.get(plan);
  if (last?.text === text) return last;
  const root = parseTree(text);
  const found = { text, root, drifts: root ? findDrifts(text, root, plan, plannedText) : [] };
  lastDrifts.set(plan, found);
  return found;
}

function findDrifts(text: string, root: Node, plan: Plan, plannedText: string): Drift[] {
  const planned = parseTree(plannedText);
  if (!planned) return [];
  const raw = (t: string, n: Node) => t.slice(n.offset, n.offset + n.length);
  return plan.resources.flatMap((r) => {
    if (r.action !== 'update' || !isRecord(r.current)) return [];
    const base: JSONPath = kindOf(r.type).settingsPath(r.index);
    const current = r.current;
    return r.changes.flatMap((c): Drift[] => {
      if (c.field === 'credentials' || !(c.field in current)) return [];
      const path = [...base, c.field];
      const node = findNodeAtLocation(root, path);
      const then = findNodeAtLocation(planned, path);
      if (!node || !then || raw(text, node) !== raw(plannedText, then)) return [];
      return [{ resource: r, field: c.field, path, node, server: current[c.field] }];
    });
  });
}

export function keepServerActions(
  doc: vscode.TextDocument,
  range: vscode.Range,
  plan: Plan,
  plannedText: string,
): vscode.CodeAction[] {
  const text = doc.getText();
  const { root, drifts } = drifted(text, plan, plannedText);
  if (drifts.length === 0 || !root) return [];
  const lineOf = (n: Node) => {
    const r = rangeAt(doc, n.parent ?? n);
    return new vscode.Range(r.start.line, 0, r.end.line, Number.MAX_SAFE_INTEGER);
  };
  const action = (title: string, list: Drift[]) => {
    const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    a.edit = new vscode.WorkspaceEdit();
    // Each field's own edit, computed on the same text: they touch different values.
    for (const d of list)
      for (const e of modify(text, d.path, d.server, { formattingOptions: formatting(doc) }))
        a.edit.replace(doc.uri, rangeAt(doc, e), e.content);
    return a;
  };
  const out: vscode.CodeAction[] = [];
  for (const d of drifts)
    if (lineOf(d.node).intersection(range))
      out.push(action(`Keep the server's ${d.field}: ${shortJson(d.server)}`, [d]));
  // From the resource's name: every differing field of it at once.
  const byResource = new Map<PlannedResource, Drift[]>();
  for (const d of drifts) byResource.set(d.resource, [...(byResource.get(d.resource) ?? []), d]);
  for (const [r, list] of byResource) {
    const name = findNodeAtLocation(root, [sectionOf(r), r.index, 'name']);
    if (!name || !lineOf(name).intersection(range)) continue;
    const what = kindOf(r.type).label;
    out.push(
      action(
        list.length === 1
          ? `Keep the server's ${list[0]?.field} of ${what} "${r.name}"`
          : `Keep the server's values of ${what} "${r.name}" (${list.map((d) => d.field).join(', ')})`,
        list,
      ),
    );
  }
  return out;
}

function formatting(doc: vscode.TextDocument) {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  const tabSize = typeof editor?.options.tabSize === 'number' ? editor.options.tabSize : 2;
  return {
    insertSpaces: editor?.options.insertSpaces !== false,
    tabSize,
    eol: doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function shortJson(v: unknown): string {
  const s = JSON.stringify(v) ?? 'null';
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
