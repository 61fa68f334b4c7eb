import * as vscode from 'vscode';

/** A document as the server has it: what it was made from, its text, and its version as a time. */
export interface RemoteDocument<T> {
  state: T;
  text: Uint8Array;
  mtime: number;
}

/** Where the documents of a RemoteFileSystem come from and go to. */
export interface RemoteDocuments<T> {
  /** Whether a URI names a document (anything else is a folder). */
  isDocument(uri: vscode.Uri): boolean;
  /** Reads a document from the server; throws a FileSystemError worded for a person. */
  load(uri: vscode.Uri): Promise<RemoteDocument<T>>;
  /**
   * Sends an edit. Returns the document as the server now has it, or undefined when nothing
   * changed; throws (a FileSystemError worded for a person) to keep the document dirty.
   */
  save(uri: vscode.Uri, content: Uint8Array, base: RemoteDocument<T>): Promise<RemoteDocument<T> | undefined>;
  /** What an auto-save is told: only an explicit save sends. */
  readonly autoSaveRefusal: string;
}

interface Entry<T> extends RemoteDocument<T> {
  /** Until when the next stat/readFile may reuse this instead of asking the server again. */
  freshUntil: number;
}

/** VS Code stats, then reads: both within this window share one GET. */
const FRESH_MS = 2_000;

/**
 * A file system of documents that live on a server, for VS Code's editors: one GET per open
 * (stat and readFile share it), saves that throw on failure so VS Code keeps the document
 * dirty with the user's text, saves arriving while one is in flight merged into one, and stats
 * that never make VS Code raise a false "file is newer" during a save. What a document is, and
 * what a save sends, is the `documents`' business.
 */
export class RemoteFileSystem<T> implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** The latest answer from the server, for the stat → readFile pair that follows a fetch. */
  private readonly fetched = new Map<string, Entry<T>>();
  /** What each document was read as (or last saved as): the base of its edits. */
  private readonly read = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<Entry<T>>>();
  private readonly saving = new Set<string>();
  /** Documents whose coming write is an auto-save (after a delay, on focus or window change). */
  private readonly autoSaving = new Set<string>();
  /** The last stat VS Code was given per document: what it believes is on disk. */
  private readonly reported = new Map<string, vscode.FileStat>();
  private readonly queues = new Map<string, { next?: { content: Uint8Array; waiters: Waiter[] } }>();

  constructor(private readonly documents: RemoteDocuments<T>) {}

  /** What a document was read as (or last saved as). */
  base(uri: vscode.Uri): RemoteDocument<T> | undefined {
    return this.read.get(uri.toString());
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (!this.documents.isDocument(uri))
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const key = uri.toString();
    // Before a save VS Code stats the file and refuses to write if it looks newer than what it
    // last saw: answer exactly that, so the save's own conflict check decides, never a generic
    // "file is newer". Otherwise: the version the document was read as (no request), or, for a
    // document not read yet, one GET that the readFile after it reuses.
    const reported = this.reported.get(key);
    if (reported && this.saving.has(key)) return reported;
    const cached = this.fetched.get(key);
    const entry =
      this.read.get(key) ?? (cached && cached.freshUntil > Date.now() ? cached : await this.load(uri));
    const stat = {
      type: vscode.FileType.File,
      ctime: entry.mtime,
      mtime: entry.mtime,
      size: entry.text.byteLength,
    };
    this.reported.set(key, stat);
    return stat;
  }

  /**
   * Marks a document as about to be saved (from onWillSaveTextDocument, which runs before each
   * save's writeFile and knows why it saves). A save VS Code does by itself must not send.
   */
  willSave(uri: vscode.Uri, explicit: boolean): void {
    if (!this.documents.isDocument(uri)) return;
    const key = uri.toString();
    this.saving.add(key);
    if (explicit) this.autoSaving.delete(key);
    else this.autoSaving.add(key);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    if (!this.documents.isDocument(uri)) throw vscode.FileSystemError.FileNotFound(uri);
    const cached = this.fetched.get(uri.toString());
    const entry = cached && cached.freshUntil > Date.now() ? cached : await this.load(uri);
    // One read per fetch: a later read (revert, reopen) asks the server again.
    entry.freshUntil = 0;
    this.read.set(uri.toString(), entry);
    return entry.text;
  }

  /** One load however many of stat/readFile ask at once. */
  private load(uri: vscode.Uri): Promise<Entry<T>> {
    const key = uri.toString();
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.documents
        .load(uri)
        .then((doc) => this.remember(uri, doc))
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private remember(uri: vscode.Uri, doc: RemoteDocument<T>): Entry<T> {
    const entry = { ...doc, freshUntil: Date.now() + FRESH_MS };
    this.fetched.set(uri.toString(), entry);
    return entry;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const key = uri.toString();
    if (this.autoSaving.delete(key)) {
      // The per-language default `"[infisical-jsonc]": { "files.autoSave": "off" }` keeps VS
      // Code from auto-saving these documents; this is for a user who turned it back on. Only a
      // throw keeps the document dirty with its text; VS Code then skips further auto-saves of
      // it until an explicit save succeeds, so this says it once.
      if (!this.queues.has(key)) this.saving.delete(key);
      return Promise.reject(vscode.FileSystemError.Unavailable(this.documents.autoSaveRefusal));
    }
    const queue = this.queues.get(key);
    if (queue) {
      // A save is in flight: this one waits and is merged with any other that arrives meanwhile.
      return new Promise((resolve, reject) => {
        queue.next ??= { content, waiters: [] };
        queue.next.content = content;
        queue.next.waiters.push({ resolve, reject });
      });
    }
    this.queues.set(key, {});
    return this.save(uri, content).finally(() => {
      this.saving.delete(key);
      this.drain(uri);
    });
  }

  private drain(uri: vscode.Uri): void {
    const key = uri.toString();
    const next = this.queues.get(key)?.next;
    if (!next) {
      this.queues.delete(key);
      return;
    }
    this.queues.set(key, {});
    this.save(uri, next.content)
      .then(
        () => {
          for (const w of next.waiters) w.resolve();
        },
        (error: unknown) => {
          for (const w of next.waiters) w.reject(error);
        },
      )
      .finally(() => this.drain(uri));
  }

  private async save(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    if (!this.documents.isDocument(uri)) throw vscode.FileSystemError.NoPermissions(uri);
    const base = this.read.get(uri.toString()) ?? (await this.load(uri));
    const saved = await this.documents.save(uri, content, base);
    if (!saved) return;
    this.read.set(uri.toString(), this.remember(uri, saved));
    // Once VS Code has taken this write, reload the document from the server's answer.
    setTimeout(() => this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]), 0);
  }

  dispose(): void {
    this.changed.dispose();
    this.fetched.clear();
    this.read.clear();
    this.reported.clear();
  }
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}
