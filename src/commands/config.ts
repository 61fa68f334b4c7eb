import * as vscode from 'vscode';
import type { ApplyRequest, PlanRequest } from '../config/workspace';
import { InfisicalError } from '../core/api/errors';
import type { PullSelection } from '../core/config';
import type { ResourceType } from '../core/resourceTypes';
import { ConnectionNode } from '../tree/connectionNodes';
import { AuthMethodNode, IdentityNode } from '../tree/identities';
import { UserError } from '../ui/errors';
import type { CommandDeps } from './deps';

/** Commands of workspace files (`*.infisical-azure.json`): export, plan, apply and their views. */

export async function plan(deps: CommandDeps, uri?: vscode.Uri, request?: PlanRequest) {
  return (await deps.workspaceFiles.get()).plan(uri instanceof vscode.Uri ? uri : undefined, request);
}

export async function planAll(deps: CommandDeps) {
  return (await deps.workspaceFiles.get()).planAll();
}

/** Plans with the credentials of chosen connections replaced from their references. */
export async function planReplacingCredentials(deps: CommandDeps, uri?: vscode.Uri) {
  const files = await deps.workspaceFiles.get();
  const doc = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!doc) throw new UserError('Open a workspace file (*.infisical-azure.json) first.');
  const { validateConfigText } = await import('../core/config/validate.js');
  // The document as it is in the editor, saved or not: what the plan reads too.
  const config = validateConfigText((await vscode.workspace.openTextDocument(doc)).getText()).config;
  if (!config) return files.plan(doc); // says what to fix first
  const withRefs = (config?.connections ?? []).filter((c) =>
    Object.values(c.credentials ?? {}).some((v) => typeof v === 'object'),
  );
  if (!withRefs.length)
    throw new UserError(
      'No connection of this file has a write-only reference such as "clientSecret": { "env": "NAME" }: nothing to replace.',
    );
  const picked = await vscode.window.showQuickPick(
    withRefs.map((c) => ({
      label: c.name,
      description: c.project ? `project ${c.project}` : undefined,
      picked: true,
    })),
    { canPickMany: true, title: 'Replace the credentials of (sent from their references at apply)' },
  );
  if (!picked?.length) return undefined;
  return files.plan(doc, { replaceCredentials: picked.map((p) => p.label) });
}

export async function apply(deps: CommandDeps, uri?: vscode.Uri, request?: ApplyRequest) {
  return (await deps.workspaceFiles.get()).apply(uri instanceof vscode.Uri ? uri : undefined, request);
}

export async function showPlan(deps: CommandDeps, uri?: vscode.Uri) {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target) throw new UserError('Open a workspace file first.');
  await (await deps.workspaceFiles.get()).showPlan(target);
}

/** The quick fix of a secret written into a workspace file (offered on its diagnostic). */
export async function moveSecret(deps: CommandDeps, uri: vscode.Uri, path: (string | number)[]) {
  if (!(uri instanceof vscode.Uri) || !Array.isArray(path))
    throw new UserError('Use the quick fix on a secret written into a workspace file (Ctrl+.).');
  await (await deps.workspaceFiles.get()).moveSecret(uri, path);
}

export async function setStoredReference(deps: CommandDeps, name: string, field: string, uri?: vscode.Uri) {
  if (typeof name !== 'string' || typeof field !== 'string')
    throw new UserError('Use Ctrl+. on a reference { "env": "NAME" } in a workspace file.');
  await (await deps.workspaceFiles.get()).setReference(
    name,
    field,
    uri instanceof vscode.Uri ? uri : undefined,
  );
}

export async function forgetStoredReference(deps: CommandDeps, name: string) {
  if (typeof name !== 'string')
    throw new UserError('Use Ctrl+. on a reference { "env": "NAME" } in a workspace file.');
  await (await deps.workspaceFiles.get()).forgetReference(name);
}

export async function showDiff(deps: CommandDeps, file: string, index: number) {
  await (await deps.workspaceFiles.get()).showDiff(file, index);
}

type TreeArg = IdentityNode | AuthMethodNode | ConnectionNode;

/** From the views (one node or a multi-selection) or the palette (what to export). */
export async function exportFile(deps: CommandDeps, node?: TreeArg, nodes?: TreeArg[], target?: vscode.Uri) {
  const selected = (nodes?.length ? nodes : node ? [node] : []).map((n) =>
    n instanceof AuthMethodNode ? n.identity : n,
  );
  let selection: PullSelection;
  if (selected.length) {
    const identities = selected.filter((n): n is IdentityNode => n instanceof IdentityNode);
    const without = identities.filter((n) => !n.hasAzureAuth).map((n) => n.membership.identity.name);
    if (without.length)
      throw new UserError(
        `${without.join(', ')} ${without.length === 1 ? 'has' : 'have'} no Azure Auth: attach it first, or leave ${without.length === 1 ? 'it' : 'them'} out.`,
      );
    selection = {
      identities: identities.map((n) => n.identityId),
      connections: selected
        .filter((n): n is ConnectionNode => n instanceof ConnectionNode)
        .map((n) => n.connection.id),
    };
  } else {
    // Asked before the question, not after it: the export reads the server.
    if (!deps.ext.profiles.active())
      throw new InfisicalError({
        kind: 'not-signed-in',
        message: 'Sign in to Infisical first: the export reads the server.',
      });
    const choice = await vscode.window.showQuickPick(
      [
        {
          label: 'Everything',
          detail: 'Every identity with Azure Auth and every Azure Client Secrets connection',
          value: { identities: 'all', connections: 'all' } as PullSelection,
        },
        { label: 'Every identity with Azure Auth', value: { identities: 'all' } as PullSelection },
        {
          label: 'Every Azure Client Secrets connection',
          detail: 'Organization and project connections',
          value: { connections: 'all' } as PullSelection,
        },
      ],
      { title: 'Export to a workspace file (select items in the views to export only those)' },
    );
    if (!choice) return undefined;
    selection = choice.value;
  }
  return (await deps.workspaceFiles.get()).exportFile(
    selection,
    target instanceof vscode.Uri ? target : undefined,
  );
}

/** From a file's CodeLens: the resource in its view. */
export async function revealInView(deps: CommandDeps, type: ResourceType, id: string, name: string) {
  await REVEAL[type](deps, id, name);
}

/** How each kind's node is found and revealed in its view. */
const REVEAL: Record<ResourceType, (deps: CommandDeps, id: string, name: string) => Promise<void>> = {
  connection: async (deps, id, name) => {
    // Project connections load with their project: "Go to Connection…" loads them all the same way.
    let node = (await deps.trees.connections.connections()).find((n) => n.connection.id === id);
    if (!node) {
      await deps.trees.connections.loadAll(() => undefined);
      node = deps.trees.connections.loaded().find((n) => n.connection.id === id);
    }
    if (!node)
      throw new UserError(`Connection "${name}" is not in the App Connections view of the active profile.`);
    await deps.revealConnection(node);
  },
  'azure-auth': async (deps, id, name) => {
    // The view pages identities: filtered to the name, the identity is on the first page.
    const tree = deps.trees.identities;
    if (tree.filter !== name) tree.setFilter(name);
    const node = (await tree.getChildren()).find((n) => n.id === `identity:${id}`);
    if (!node)
      throw new UserError(`Identity "${name}" is not in the Machine Identities view of the active profile.`);
    await deps.views.identities.reveal(node, { select: true, focus: true, expand: true });
  },
};

/** From a view (or the plan view): the resource's declaration in a workspace file. */
export async function revealInFile(
  deps: CommandDeps,
  arg?: TreeArg | vscode.Uri,
  type?: ResourceType,
  index?: number,
) {
  const files = await deps.workspaceFiles.get();
  if (arg instanceof vscode.Uri && type && index !== undefined)
    return files.goToDeclaration(arg, type, index);
  const node = arg instanceof AuthMethodNode ? arg.identity : arg;
  if (!(node instanceof IdentityNode) && !(node instanceof ConnectionNode))
    throw new UserError('Choose an identity or a connection in the Infisical views.');
  const [kind, id, name] =
    node instanceof IdentityNode
      ? (['azure-auth', node.identityId, node.membership.identity.name] as const)
      : (['connection', node.connection.id, node.connection.name] as const);
  const found = await files.findDeclarations(kind, id, name);
  if (!found.length)
    throw new UserError(`No workspace file (*.infisical-azure.json) declares "${name}". Export it first.`);
  const one =
    found.length === 1
      ? found[0]
      : (
          await vscode.window.showQuickPick(
            found.map((f) => ({ label: vscode.workspace.asRelativePath(f.uri), f })),
            { title: `"${name}" is declared in ${found.length} files` },
          )
        )?.f;
  if (one) await files.goToDeclaration(one.uri, kind, one.index);
}
