import * as vscode from 'vscode';

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
