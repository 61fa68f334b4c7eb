import * as vscode from 'vscode';

/** Read-only "server" sides of diffs. */
export const SNAPSHOT_SCHEME = 'infisical-server';

/**
 * Read-only texts for diffs ("server" against "your edit"): kept in memory, served under
 * `infisical-server:`, never written anywhere. Holds no secret: documents never contain one
 * unless the user typed it, and those are shown only on the right side, from their own editor.
 */
export class Snapshots implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// This snapshot is gone: compare again.\n';
  }

  put(name: string, text: string): vscode.Uri {
    this.counter += 1;
    const uri = vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: `/${this.counter}/${name}` });
    this.texts.set(uri.toString(), text);
    if (this.texts.size > 50) {
      const oldest = this.texts.keys().next().value;
      if (oldest) this.texts.delete(oldest);
    }
    return uri;
  }

  /** Opens a diff of the server's text against `right` (a document URI or another snapshot). */
  async diff(serverText: string, right: vscode.Uri | string, title: string, name: string): Promise<void> {
    const left = this.put(`server-${name}`, serverText);
    const rightUri = typeof right === 'string' ? this.put(`edit-${name}`, right) : right;
    await vscode.commands.executeCommand('vscode.diff', left, rightUri, title, { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
