import { findNodeAtLocation } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { Ext } from '../context';
import { type PlannedResource, resourceTitle, validateConfigText } from '../core/config';
import { kindOf } from '../core/resources';
import { UserError } from '../ui/errors';
import type { Validated } from './diagnostics';
import { CONFIG_SUFFIX } from './lazy';
import type { PlanStore } from './planStore';

/** From a plan to the file and back: a resource's declaration, the files declaring one, its diff. */

/** Opens the file at a resource's declaration. */
export async function goToDeclaration(
  validated: Validated,
  uri: vscode.Uri,
  type: PlannedResource['type'],
  index: number,
): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const root = validated(doc).root;
  const node = root && findNodeAtLocation(root, [kindOf(type).section, index]);
  const at = node ? doc.positionAt(node.offset) : new vscode.Position(0, 0);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at) });
}

/** The files of the workspace that declare a resource (by pinned id, else by name). */
export async function findDeclarations(
  type: PlannedResource['type'],
  id: string,
  name: string,
): Promise<{ uri: vscode.Uri; index: number }[]> {
  const files = await vscode.workspace.findFiles(`**/*${CONFIG_SUFFIX}`, '**/node_modules/**', 200);
  const found: { uri: vscode.Uri; index: number }[] = [];
  for (const uri of files) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const config = validateConfigText(text).config;
    const list: { id?: string; name: string }[] = config?.[kindOf(type).section] ?? [];
    list.forEach((decl, index) => {
      if (decl.id ? decl.id.toLowerCase() === id.toLowerCase() : decl.name === name)
        found.push({ uri, index });
    });
  }
  return found;
}

export async function showDiff(ext: Ext, plans: PlanStore, fileUri: string, index: number): Promise<void> {
  const stored = plans.get(fileUri);
  const resource = stored?.plan.resources[index];
  if (!stored || !resource) throw new UserError('This plan is gone: plan the file again.');
  // The diff is the plan's: once the file changed or the plan was applied, it is not what is there.
  if (stored.state !== 'planned')
    throw new UserError(
      stored.state === 'stale'
        ? 'The file changed since this plan: plan it again to compare it with the server.'
        : 'This plan was applied: plan the file again to compare it with the server.',
    );
  const json = (v: unknown) => `${JSON.stringify(v ?? null, null, 2)}\n`;
  await ext.snapshots.diff(
    json(resource.current),
    json(resource.desired),
    `${resourceTitle(resource)}: server ↔ file`,
    `${resource.type}-${resource.name}.json`,
  );
}
