import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { Loaded } from './documents';
import type { RemoteFileSystem } from './fileSystem';

/**
 * Registered at activation so restored `infisical:` tabs can be served at once, but loads the
 * real provider (and with it zod and the API client) only when the first document is touched.
 */
export class LazyFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private impl?: Promise<RemoteFileSystem<Loaded>>;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly ext: Ext) {}

  /** The real provider, loaded on first use. */
  get(): Promise<RemoteFileSystem<Loaded>> {
    this.impl ??= Promise.all([
      import('./fileSystem.js'),
      import('./documents.js'),
      import('./diagnostics.js'),
    ]).then(([f, d, g]) => {
      let fs: RemoteFileSystem<Loaded> | undefined;
      const diagnostics = new g.DocumentDiagnostics((uri) => fs?.base(uri)?.state);
      fs = new f.RemoteFileSystem(new d.InfisicalDocuments(this.ext, diagnostics));
      this.disposables.push(
        diagnostics,
        fs,
        fs.onDidChangeFile((e) => this.changed.fire(e)),
        vscode.workspace.onWillSaveTextDocument((e) =>
          fs?.willSave(e.document.uri, e.reason === vscode.TextDocumentSaveReason.Manual),
        ),
      );
      return fs;
    });
    return this.impl;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return (await this.get()).stat(uri);
  }
  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.get()).readFile(uri);
  }
  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    return (await this.get()).writeFile(uri, content);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Infisical documents cannot create folders.');
  }
  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Delete connections and identities in Infisical itself.');
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Rename a connection by editing its "name" field.');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
