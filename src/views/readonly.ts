import * as vscode from 'vscode';
import type { Ext } from '../context';

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

/**
 * Read-only JSON of what the server holds: connections of apps this extension does not edit,
 * and auth methods other than Azure Auth. Content is fetched when the document opens.
 */
export class ReadonlyJsonProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly ext: Ext) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [, profileName, kind, a, , last] = uri.path.split('/');
    const query = new URLSearchParams(uri.query);
    const id = query.get('id') ?? '';
    const projectId = query.get('projectId') ?? undefined;
    const profile = this.ext.profiles.get(profileName ?? '');
    if (!profile) return `// Profile "${profileName}" no longer exists. Sign in and open this again.\n`;
    const session = (await this.ext.services()).session(profile);
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    try {
      if (kind === 'connections') {
        const all = await session.api.connections.listAll({ projectId, signal: controller.signal });
        const found = all.find((c) => c.id === id);
        if (!found) return `// This ${a} connection no longer exists on the server.\n`;
        return `// Read-only: ${a} connection as Infisical returns it (secrets are never returned).\n${JSON.stringify(found, null, 2)}\n`;
      }
      const method = (last ?? '').replace(/\.json$/, '');
      if (method === 'azure-auth') {
        const auth = await session.api.azureAuth.get(id, { signal: controller.signal });
        return `// Read-only view of Azure Auth.\n${JSON.stringify(auth, null, 2)}\n`;
      }
      const identity = await session.api.identities.get(id, { signal: controller.signal });
      return `// Read-only: this identity uses ${method}; this extension edits Azure Auth only.\n${JSON.stringify(identity, null, 2)}\n`;
    } catch (error) {
      return `// Could not load: ${this.ext.log.redact((error as Error).message)}\n`;
    }
  }
}
