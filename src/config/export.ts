import * as vscode from 'vscode';
import type { Ext } from '../context';
import { InfisicalError } from '../core/api/errors';
import { type PullSelection, pullResources, renderConfigFile } from '../core/config';
import { UserError } from '../ui/errors';
import { withProgress } from '../ui/progress';
import { CONFIG_SUFFIX, isConfigFile } from './lazy';

/**
 * Export: the selected identities and connections read from the server and written as a
 * workspace file (write-only credentials left out), then opened.
 */
export async function exportFile(
  ext: Ext,
  selection: PullSelection,
  target?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const profile = ext.profiles.active();
  if (!profile) throw new InfisicalError({ kind: 'not-signed-in', message: 'Sign in to Infisical first.' });
  const org = ext.profiles.org(profile.name);
  const orgId = profile.orgId ?? org?.id;
  if (!orgId)
    throw new UserError(`The organization of profile "${profile.name}" is not known: sign in again.`);
  const session = await ext.session(profile);
  const pulled = await withProgress(`Reading ${profile.name} for the workspace file`, (signal) =>
    pullResources(selection, { api: session.api, orgId, signal }),
  );
  if (pulled.identities.length + pulled.connections.length === 0)
    throw new UserError(
      pulled.skipped.length
        ? `Nothing could be read: ${pulled.skipped.join('; ')}`
        : 'Nothing to export: the selection has no identity with Azure Auth and no Azure Client Secrets connection.',
    );
  const text = renderConfigFile(
    { site: profile.siteUrl, organization: { id: orgId, name: org?.name } },
    pulled,
  );
  let uri = target;
  if (!uri) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = `${(org?.slug ?? org?.name ?? profile.name).toLowerCase().replace(/[^a-z0-9-]+/g, '-')}${CONFIG_SUFFIX}`;
    uri = await vscode.window.showSaveDialog({
      title: 'Export to a workspace file (no secret is ever written)',
      defaultUri: folder ? vscode.Uri.joinPath(folder, base) : undefined,
      filters: { 'Infisical Azure access': ['json'] },
      saveLabel: 'Export',
    });
    if (!uri) return undefined;
  }
  if (!isConfigFile(uri)) uri = uri.with({ path: `${uri.path.replace(/\.json$/i, '')}${CONFIG_SUFFIX}` });
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const counts = `${pulled.identities.length} identit${pulled.identities.length === 1 ? 'y' : 'ies'} and ${pulled.connections.length} connection${pulled.connections.length === 1 ? '' : 's'}`;
  const skipped = pulled.skipped.length ? ` Not exported: ${pulled.skipped.join('; ')}.` : '';
  void (skipped ? vscode.window.showWarningMessage : vscode.window.showInformationMessage)(
    `Exported ${counts} to ${vscode.workspace.asRelativePath(uri)}. Secrets are never written: write-only credentials are absent (left unchanged).${skipped}`,
  );
  return uri;
}
