import { findNodeAtLocation } from 'jsonc-parser';
import * as vscode from 'vscode';
import {
  type ApplyResult,
  applySummaryLine,
  type Plan,
  type PlannedResource,
  resourceTitle,
  resourceVerdict,
  summarize,
  summaryLine,
} from '../core/config';
import { kindOf, RESOURCE_TYPES } from '../core/resources';
import type { Validated } from './diagnostics';
import type { PlanStore, StoredPlan } from './planStore';

/**
 * CodeLens of workspace files and of the plan view, drawn from the file's state in the plan
 * store (what each state shows: see planStore.ts).
 */

const TOP = new vscode.Range(0, 0, 0, 0);
const lens = (range: vscode.Range, title: string, command: string, args: unknown[]) =>
  new vscode.CodeLens(range, { title, command, arguments: args });

function applyLens(plan: Plan, file: vscode.Uri): vscode.CodeLens[] {
  const s = summarize(plan);
  const n = s.update + s.attach;
  return n > 0
    ? [lens(TOP, `$(check) Apply ${n} change${n === 1 ? '' : 's'}`, 'infisical.config.apply', [file])]
    : [];
}

export function fileLenses(
  plans: PlanStore,
  validated: Validated,
  doc: vscode.TextDocument,
): vscode.CodeLens[] {
  const stored = plans.get(doc.uri);
  const plan = (title: string) => lens(TOP, title, 'infisical.config.plan', [doc.uri]);
  const show = (title: string) => lens(TOP, title, 'infisical.config.showPlan', [doc.uri]);
  if (!stored) return [plan('$(play) Plan'), ...resourceLenses(validated, doc, undefined)];
  if (stored.state === 'stale' || stored.version !== doc.version)
    return [plan('$(play) Plan (changed since the last plan)')];
  if (stored.state === 'applied' && stored.applied)
    return [
      plan('$(play) Plan'),
      show(`$(pass) ${applySummaryLine(stored.applied)}`),
      ...resourceLenses(validated, doc, stored),
    ];
  return [
    plan('$(play) Plan'),
    ...applyLens(stored.plan, doc.uri),
    show(summaryLine(stored.plan)),
    ...resourceLenses(validated, doc, stored),
  ];
}

/** What an apply did to a resource, as its CodeLens says it. */
function outcomeTitle(result: ApplyResult): string {
  switch (result.outcome) {
    case 'applied':
      return `$(pass) applied: ${result.action === 'attach' ? 'Azure Auth attached' : result.fields.join(', ')}`;
    case 'partial':
      return `$(warning) partially applied${result.fields.length ? ` (${result.fields.join(', ')})` : ''}; not applied: ${result.message ?? 'see the plan view'}`;
    case 'failed':
      return `$(error) apply failed: ${result.message ?? 'see the plan view'}`;
    case 'refused':
      return `$(warning) not applied: ${result.message ?? 'see the plan view'}`;
    default:
      return `$(circle-slash) skipped: ${result.message ?? 'see the plan view'}`;
  }
}

function verdictTitle(stored: StoredPlan, resource: PlannedResource): string {
  const result = stored.applied?.results.find((r) => r.type === resource.type && r.index === resource.index);
  if (stored.state === 'applied' && result) return outcomeTitle(result);
  const icon =
    resource.action === 'none' ? '$(pass)' : resource.action === 'blocked' ? '$(error)' : '$(diff)';
  return `${icon} ${resourceVerdict(resource)}`;
}

function resourceLenses(
  validated: Validated,
  doc: vscode.TextDocument,
  stored: StoredPlan | undefined,
): vscode.CodeLens[] {
  const root = validated(doc).root;
  if (!root) return [];
  const lenses: vscode.CodeLens[] = [];
  for (const type of RESOURCE_TYPES) {
    const kind = kindOf(type);
    const list = findNodeAtLocation(root, [kind.section]);
    (list?.children ?? []).forEach((entry, index) => {
      const range = new vscode.Range(doc.positionAt(entry.offset), doc.positionAt(entry.offset));
      const planIndex = stored?.plan.resources.findIndex((r) => r.type === type && r.index === index) ?? -1;
      const resource = stored?.plan.resources[planIndex];
      const credentials = findNodeAtLocation(entry, ['credentials']);
      if (kind.writeOnlyCredentials && credentials?.children?.some((p) => p.children?.[1]?.type === 'object'))
        lenses.push(
          lens(range, '$(key) Plan, Replacing Credentials…', 'infisical.config.planReplacingCredentials', [
            doc.uri,
          ]),
        );
      if (!stored || !resource) {
        lenses.push(lens(range, 'Plan', 'infisical.config.plan', [doc.uri]));
        return;
      }
      lenses.push(lens(range, verdictTitle(stored, resource), 'infisical.config.showPlan', [doc.uri]));
      // After an apply the server side of the diff is what was replaced.
      if (resource.current !== undefined && stored.state === 'planned')
        lenses.push(lens(range, 'Show Diff', 'infisical.config.showDiff', [doc.uri.toString(), planIndex]));
      if (resource.id)
        lenses.push(
          lens(range, 'Reveal in View', 'infisical.config.revealInView', [
            resource.type,
            resource.id,
            resource.name,
          ]),
        );
    });
  }
  return lenses;
}

export function planLenses(plans: PlanStore, doc: vscode.TextDocument): vscode.CodeLens[] {
  const stored = plans.get(doc.uri.query);
  if (!stored) return [];
  const file = stored.uri;
  const planned = stored.state === 'planned';
  const lenses = [
    ...(planned ? applyLens(stored.plan, file) : []),
    lens(TOP, '$(refresh) Plan Again', 'infisical.config.plan', [file]),
  ];
  const text = doc.getText();
  // Resources are found in the plan's own text, not in a note above it that may name them.
  const start = Math.max(0, text.indexOf('Plan for '));
  stored.plan.resources.forEach((r, index) => {
    const at = text.indexOf(` ${resourceTitle(r)}`, start);
    if (at < 0) return;
    const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at));
    if (r.current !== undefined && planned)
      lenses.push(lens(range, 'Show Diff', 'infisical.config.showDiff', [file.toString(), index]));
    lenses.push(lens(range, 'Go to File', 'infisical.config.revealInFile', [file, r.type, r.index]));
  });
  return lenses;
}
