import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { SecretGuard } from '../ui/secretGuard';
import type { CredentialsLens, HeldCredentials } from './credentials';
import type { Loaded } from './documents';
import type { RemoteFileSystem } from './fileSystem';
import { EDIT_SCHEME } from './uris';

/**
 * Registered at activation so restored `infisical:` tabs can be served at once, but loads the
 * real provider (and with it zod and the API client) only when the first document is touched.
 */
export class LazyFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private impl?: Promise<RemoteFileSystem<Loaded>>;
  private held?: HeldCredentials;
  private lens?: CredentialsLens;
  private guard?: SecretGuard;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.lensesChanged];

  constructor(private readonly ext: Ext) {
    // At activation too: a tab VS Code restores from a backup may never touch the file system
    // before it shows, and still needs its "Replace credentials…" lens.
    this.disposables.push(
      vscode.languages.registerCodeLensProvider(
        { scheme: EDIT_SCHEME },
        {
          onDidChangeCodeLenses: this.lensesChanged.event,
          provideCodeLenses: async (doc) => {
            await this.get();
            return this.lens?.provideCodeLenses(doc) ?? [];
          },
        },
      ),
    );
  }

  /** The real provider, loaded on first use. */
  get(): Promise<RemoteFileSystem<Loaded>> {
    this.impl ??= Promise.all([
      import('./fileSystem.js'),
      import('./documents.js'),
      import('./diagnostics.js'),
      import('./credentials.js'),
      import('./keepOut.js'),
    ]).then(([f, d, g, c, k]) => {
      let fs: RemoteFileSystem<Loaded> | undefined;
      const held = new c.HeldCredentials();
      this.held = held;
      const diagnostics = new g.DocumentDiagnostics(
        (uri) => fs?.base(uri)?.state,
        (uri) => held.get(uri),
      );
      fs = new f.RemoteFileSystem(new d.InfisicalDocuments(this.ext, diagnostics, held));
      this.disposables.push(
        held,
        diagnostics,
        fs,
        fs.onDidChangeFile((e) => this.changed.fire(e)),
        vscode.workspace.onWillSaveTextDocument((e) =>
          fs?.willSave(e.document.uri, e.reason === vscode.TextDocumentSaveReason.Manual),
        ),
        held.onDidChange((uri) => diagnostics.revalidate(uri)),
        held.onDidChange(() => this.lensesChanged.fire()),
      );
      this.lens = new c.CredentialsLens(held);
      this.guard = k.guardDocuments(this.ext, held);
      this.disposables.push(this.guard);
      return fs;
    });
    return this.impl;
  }

  /** Keeps secrets written into documents out of their text (for the tests: whether pastes are rewritten). */
  async secretGuard(): Promise<SecretGuard> {
    await this.get();
    return this.guard as SecretGuard;
  }

  /** The write-only values held in memory per document ("Replace credentials…"). */
  async credentials(): Promise<HeldCredentials> {
    await this.get();
    return this.held as HeldCredentials;
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
