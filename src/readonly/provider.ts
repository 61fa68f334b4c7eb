import * as vscode from 'vscode';
import type { Ext } from '../context';
import { describeError } from '../ui/errors';
import { abortSignalOf } from '../ui/progress';

export const READONLY_SCHEME = 'infisical-readonly';

/** URIs of read-only JSON views. */
export const readonlyUri = {
  connection: (profile: string, app: string, id: string, name: string, projectId?: string | null) =>
    vscode.Uri.from({
      scheme: READONLY_SCHEME,
      path: `/${profile}/connections/${app}/${name}.json`,
      query: new URLSearchParams({ id, ...(projectId ? { projectId } : {}) }).toString(),
    }),
  authMethod: (profile: string, identityId: string, identityName: string, method: string) =>
    vscode.Uri.from({
      scheme: READONLY_SCHEME,
      path: `/${profile}/identities/${identityName}/${method}.json`,
      query: `id=${encodeURIComponent(identityId)}`,
    }),
};

/** Opens a read-only document as JSON with comments, in a preview tab. */
export async function openReadonly(uri: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
  await vscode.window.showTextDocument(doc, { preview: true });
}

/**
 * Read-only JSON of what the server holds: connections of apps this extension does not edit,
 * and auth methods other than Azure Auth. Content is fetched when the document opens.
 */
export class ReadonlyJsonProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly ext: Ext) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [, profileName, area, app, , last] = uri.path.split('/');
    const query = new URLSearchParams(uri.query);
    const id = query.get('id') ?? '';
    const projectId = query.get('projectId') ?? undefined;
    const profile = this.ext.profiles.get(profileName ?? '');
    if (!profile) return `// Profile "${profileName}" no longer exists. Sign in and open this again.\n`;
    const abort = abortSignalOf(token);
    const signal = abort.signal;
    try {
      const session = await this.ext.session(profile);
      if (area === 'connections') {
        const all = await session.api.connections.listAll({ projectId, signal });
        const found = all.find((c) => c.id === id);
        if (!found) return `// This ${app} connection no longer exists on the server.\n`;
        return `// Read-only: ${app} connection as Infisical returns it (secrets are never returned).\n${JSON.stringify(found, null, 2)}\n`;
      }
      const method = (last ?? '').replace(/\.json$/, '');
      if (method === 'azure-auth') {
        const auth = await session.api.azureAuth.get(id, { signal });
        return `// Read-only view of Azure Auth.\n${JSON.stringify(auth, null, 2)}\n`;
      }
      const identity = await session.api.identities.get(id, { signal });
      return `// Read-only: this identity uses ${method}; this extension edits Azure Auth only.\n${JSON.stringify(identity, null, 2)}\n`;
    } catch (error) {
      return `// Could not load: ${this.ext.log.redact(describeError(error))}\n`;
    } finally {
      abort.dispose();
    }
  }
}
