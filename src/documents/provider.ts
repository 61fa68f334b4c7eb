import * as vscode from 'vscode';
import type { Ext } from '../context';
import { InfisicalError } from '../core/api/errors';
import { documentProblems, parseDocument } from '../core/edit/document';
import { type AnyEditableKind, azureAuthKind, connectionKind } from '../core/edit/resources';
import { resourceKey, resourceQueue } from '../core/serial';
import type { DocumentDiagnostics } from './diagnostics';
import { describeIssues, saveEdit } from './save';
import { type DocumentTarget, EDIT_SCHEME, parseDocumentUri } from './uris';

/** What a document was loaded from: the base of every patch and the mtime VS Code sees. */
export interface Loaded {
  target: DocumentTarget;
  kind: AnyEditableKind;
  server: unknown;
  text: Uint8Array;
  mtime: number;
  /** Until when the next stat/readFile may reuse this instead of asking the server again. */
  freshUntil: number;
}

/** VS Code stats, then reads: both within this window share one GET. */
const FRESH_MS = 2_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const kindOf = (t: DocumentTarget): AnyEditableKind =>
  t.kind === 'connection' ? connectionKind : azureAuthKind;

function saveError(message: string): vscode.FileSystemError {
  return vscode.FileSystemError.Unavailable(message);
}

/**
 * `infisical:` documents: the editable fields of a connection or an identity's Azure Auth as
 * JSONC (registered through LazyFileSystem). Ctrl+S is a PATCH: every failure throws, so VS
 * Code keeps the document dirty with the user's text; saves that arrive while one is in flight
 * are coalesced into one.
 */
export class InfisicalFileSystem implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** The latest answer from the server, for the stat → readFile pair that follows a fetch. */
  private readonly fetched = new Map<string, Loaded>();
  /** What each document was read as (or last saved as): the base of its edits. */
  private readonly read = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<Loaded>>();
  private readonly saving = new Set<string>();
  /** The last stat VS Code was given per document: what it believes is on disk. */
  private readonly reported = new Map<string, vscode.FileStat>();
  private readonly queues = new Map<string, { next?: { content: Uint8Array; waiters: Waiter[] } }>();

  constructor(
    private readonly ext: Ext,
    private readonly diagnostics: DocumentDiagnostics,
  ) {}

  /** The state a document was read from, for diagnostics. */
  base(uri: vscode.Uri): Loaded | undefined {
    return this.read.get(uri.toString());
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const target = parseDocumentUri(uri);
    if (!target) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const key = uri.toString();
    // Before a save VS Code stats the file and refuses to write if it looks newer than what it
    // last saw: answer exactly that, so the save's own conflict check (one GET) decides, never a
    // generic "file is newer". Otherwise: the version the document was read as (no request),
    // or, for a document not read yet, one GET that the readFile after it reuses.
    const reported = this.reported.get(key);
    if (reported && this.saving.has(key)) return reported;
    const cached = this.fetched.get(key);
    const entry =
      this.read.get(key) ??
      (cached && cached.freshUntil > Date.now() ? cached : await this.load(uri, target));
    const stat = {
      type: vscode.FileType.File,
      ctime: entry.mtime,
      mtime: entry.mtime,
      size: entry.text.byteLength,
    };
    this.reported.set(key, stat);
    return stat;
  }

  /** Marks a document as about to be saved (from onWillSaveTextDocument). */
  willSave(uri: vscode.Uri): void {
    if (uri.scheme === EDIT_SCHEME) this.saving.add(uri.toString());
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const target = parseDocumentUri(uri);
    if (!target) throw vscode.FileSystemError.FileNotFound(uri);
    const cached = this.fetched.get(uri.toString());
    const entry = cached && cached.freshUntil > Date.now() ? cached : await this.load(uri, target);
    // One read per fetch: a later read (revert, reopen) asks the server again.
    entry.freshUntil = 0;
    this.read.set(uri.toString(), entry);
    return entry.text;
  }

  /**
   * One GET however many of stat/readFile ask at once. It waits for a save of the same
   * resource in flight (from any editor or form), so a revert or reopen during a save shows
   * what the save left, never the state before it.
   */
  private load(uri: vscode.Uri, target: DocumentTarget): Promise<Loaded> {
    const key = uri.toString();
    let pending = this.loading.get(key);
    if (!pending) {
      pending = resourceQueue
        .run(resourceKey(target.profile, target.kind, target.id), () => this.fetch(uri, target))
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async fetch(uri: vscode.Uri, target: DocumentTarget): Promise<Loaded> {
    const profile = this.ext.profiles.get(target.profile);
    if (!profile || !(await this.ext.profiles.isSignedIn(profile))) {
      throw vscode.FileSystemError.Unavailable(
        `Sign in to Infisical profile "${target.profile}" to open this document.`,
      );
    }
    const kind = kindOf(target);
    const session = (await this.ext.services()).session(profile);
    try {
      const server = await kind.fetch(session.api, target.id);
      return this.remember(uri, target, kind, server);
    } catch (error) {
      this.ext.log.warn(`open ${uri.path}: ${(error as Error).message}`);
      throw vscode.FileSystemError.Unavailable(`Could not open from Infisical: ${(error as Error).message}`);
    }
  }

  private remember(uri: vscode.Uri, target: DocumentTarget, kind: AnyEditableKind, server: unknown): Loaded {
    const text = encoder.encode(kind.render(server, { profile: target.profile, label: target.label }));
    const updatedAt = Date.parse(kind.version(server).updatedAt ?? '');
    const entry: Loaded = {
      target,
      kind,
      server,
      text,
      mtime: Number.isNaN(updatedAt) ? Date.now() : updatedAt,
      freshUntil: Date.now() + FRESH_MS,
    };
    this.fetched.set(uri.toString(), entry);
    return entry;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const key = uri.toString();
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
    const target = parseDocumentUri(uri);
    if (!target) throw vscode.FileSystemError.NoPermissions(uri);
    const entry = this.read.get(uri.toString()) ?? (await this.load(uri, target));
    const text = decoder.decode(content);
    const parsed = parseDocument(text);
    const problems = documentProblems(text, parsed.root);
    const tooLarge = problems.find((p) => p.kind === 'size');
    if (tooLarge) throw saveError(`Not saved: ${tooLarge.message}. Nothing was sent.`);
    if (parsed.syntaxErrors.length) {
      const first = parsed.syntaxErrors[0];
      throw saveError(
        `Not saved: the JSON is broken at ${where(text, first?.offset ?? 0)}: ${first?.message}. Nothing was sent.`,
      );
    }
    if (problems.length) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      throw saveError(`Not saved: ${problems[0]?.message}${more}. Nothing was sent.`);
    }

    let outcome: Awaited<ReturnType<typeof saveEdit>>;
    try {
      outcome = await saveEdit(this.ext, {
        kind: entry.kind,
        profile: target.profile,
        id: target.id,
        title: `"${target.label}"`,
        base: entry.server,
        edited: parsed.value,
        ui: {
          showDiff: (current) =>
            this.ext.snapshots.diff(
              entry.kind.render(current, { profile: target.profile, label: target.label }),
              uri,
              `${target.label}: Infisical ↔ your edit`,
              `${target.id}.jsonc`,
            ),
        },
      });
    } catch (error) {
      const message = InfisicalError.is(error)
        ? error.message
        : `Unexpected error: ${(error as Error).message}`;
      this.ext.log.error(`save ${uri.path} failed: ${this.ext.log.redact(message)}`);
      throw saveError(`Not saved: ${this.ext.log.redact(message)}`);
    }
    switch (outcome.status) {
      case 'invalid':
        this.diagnostics.showIssues(uri, text, outcome.issues, outcome.fromServer);
        throw saveError(
          `Not saved: ${outcome.fromServer ? 'Infisical rejected' : 'fix'} ${describeIssues(outcome.issues)}. Nothing ${outcome.fromServer ? 'was changed' : 'was sent'}.`,
        );
      case 'not-sent':
        throw saveError(`Not saved: ${outcome.reason}.`);
      case 'unchanged':
        return;
      case 'saved': {
        this.read.set(uri.toString(), this.remember(uri, target, entry.kind, outcome.server));
        this.diagnostics.clearServerIssues(uri);
        this.ext.refreshAfterSave(target.kind);
        // Once VS Code has taken this write, reload the document from the server's answer.
        setTimeout(() => this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]), 0);
        vscode.window.setStatusBarMessage(`$(check) Saved ${target.label} to Infisical`, 4000);
        return;
      }
    }
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

/** `line 7, column 30` of an offset, counted as the editor counts them. */
function where(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
}
