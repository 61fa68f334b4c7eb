import { findNodeAtLocation } from 'jsonc-parser';
import * as vscode from 'vscode';
import { applySummaryLine, resourceTitle, resourceVerdict, summarize, summaryLine } from '../core/config';
import type { Validated } from './diagnostics';
import type { PlanStore, StoredPlan } from './planStore';

/**
 * CodeLens of workspace files (a Plan at the top; after a plan, Apply, the summary, and each
 * resource's verdict with Show Diff and Reveal in View) and of the plan view (Apply, Plan
 * Again, and per resource Show Diff and Go to File).
 */

export function fileLenses(
  plans: PlanStore,
  validated: Validated,
  doc: vscode.TextDocument,
): vscode.CodeLens[] {
  const top = new vscode.Range(0, 0, 0, 0);
  const stored = plans.get(doc.uri);
  const fresh = stored && stored.version === doc.version;
  const lenses = [
    new vscode.CodeLens(top, {
      title: '$(play) Plan',
      command: 'infisical.config.plan',
      arguments: [doc.uri],
    }),
  ];
  if (stored && !fresh) {
    lenses[0] = new vscode.CodeLens(top, {
      title: '$(play) Plan (changed since the last plan)',
      command: 'infisical.config.plan',
      arguments: [doc.uri],
    });
    return lenses;
  }
  if (!stored) return [...lenses, ...resourceLenses(validated, doc, undefined)];
  const s = summarize(stored.plan);
  if (stored.applied) {
    lenses.push(
      new vscode.CodeLens(top, {
        title: `Applied: ${applySummaryLine(stored.applied)}`,
        command: 'infisical.config.showPlan',
        arguments: [doc.uri],
      }),
    );
  } else if (s.update + s.attach > 0) {
    lenses.push(
      new vscode.CodeLens(top, {
        title: `$(check) Apply ${s.update + s.attach} change${s.update + s.attach === 1 ? '' : 's'}`,
        command: 'infisical.config.apply',
        arguments: [doc.uri],
      }),
    );
  }
  lenses.push(
    new vscode.CodeLens(top, {
      title: summaryLine(stored.plan),
      command: 'infisical.config.showPlan',
      arguments: [doc.uri],
    }),
  );
  return [...lenses, ...resourceLenses(validated, doc, stored)];
}

function resourceLenses(
  validated: Validated,
  doc: vscode.TextDocument,
  stored: StoredPlan | undefined,
): vscode.CodeLens[] {
  const root = validated(doc).root;
  if (!root) return [];
  const lenses: vscode.CodeLens[] = [];
  const sections = [
    ['identities', 'azure-auth'],
    ['connections', 'connection'],
  ] as const;
  for (const [section, type] of sections) {
    const list = findNodeAtLocation(root, [section]);
    (list?.children ?? []).forEach((entry, index) => {
      const range = new vscode.Range(doc.positionAt(entry.offset), doc.positionAt(entry.offset));
      const planIndex = stored?.plan.resources.findIndex((r) => r.type === type && r.index === index) ?? -1;
      const resource = stored?.plan.resources[planIndex];
      const credentials = findNodeAtLocation(entry, ['credentials']);
      if (type === 'connection' && credentials?.children?.some((p) => p.children?.[1]?.type === 'object'))
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(key) Plan, Replacing Credentials…',
            command: 'infisical.config.planReplacingCredentials',
            arguments: [doc.uri],
          }),
        );
      if (!stored || !resource) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: 'Plan',
            command: 'infisical.config.plan',
            arguments: [doc.uri],
          }),
        );
        return;
      }
      const icon =
        resource.action === 'none' ? '$(pass)' : resource.action === 'blocked' ? '$(error)' : '$(diff)';
      lenses.push(
        new vscode.CodeLens(range, {
          title: `${icon} ${resourceVerdict(resource)}`,
          command: 'infisical.config.showPlan',
          arguments: [doc.uri],
        }),
      );
      if (resource.current !== undefined)
        lenses.push(
          new vscode.CodeLens(range, {
            title: 'Show Diff',
            command: 'infisical.config.showDiff',
            arguments: [doc.uri.toString(), planIndex],
          }),
        );
      if (resource.id)
        lenses.push(
          new vscode.CodeLens(range, {
            title: 'Reveal in View',
            command: 'infisical.config.revealInView',
            arguments: [resource.type, resource.id, resource.name],
          }),
        );
    });
  }
  return lenses;
}

export function planLenses(plans: PlanStore, doc: vscode.TextDocument): vscode.CodeLens[] {
  const stored = plans.get(doc.uri.query);
  if (!stored) return [];
  const file = stored.uri;
  const lenses: vscode.CodeLens[] = [];
  const top = new vscode.Range(0, 0, 0, 0);
  const s = summarize(stored.plan);
  if (!stored.applied && s.update + s.attach > 0)
    lenses.push(
      new vscode.CodeLens(top, {
        title: `$(check) Apply ${s.update + s.attach} change${s.update + s.attach === 1 ? '' : 's'}`,
        command: 'infisical.config.apply',
        arguments: [file],
      }),
    );
  lenses.push(
    new vscode.CodeLens(top, {
      title: '$(refresh) Plan Again',
      command: 'infisical.config.plan',
      arguments: [file],
    }),
  );
  const text = doc.getText();
  stored.plan.resources.forEach((r, index) => {
    const at = text.indexOf(` ${resourceTitle(r)}`);
    if (at < 0) return;
    const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at));
    if (r.current !== undefined)
      lenses.push(
        new vscode.CodeLens(range, {
          title: 'Show Diff',
          command: 'infisical.config.showDiff',
          arguments: [file.toString(), index],
        }),
      );
    lenses.push(
      new vscode.CodeLens(range, {
        title: 'Go to File',
        command: 'infisical.config.revealInFile',
        arguments: [file, r.type, r.index],
      }),
    );
  });
  return lenses;
}
