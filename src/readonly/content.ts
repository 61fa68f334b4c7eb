import type * as vscode from 'vscode';
import type { Ext } from '../context';
import { describeError } from '../ui/errors';
import { abortSignalOf } from '../ui/progress';

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
