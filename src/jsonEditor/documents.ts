import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { AnyResourceAdapter } from '../core/edit/adapters';
import { documentProblems, parseDocument } from '../core/edit/document';
import { withHeldValues } from '../core/edit/writeOnly';
import { adapterOf } from '../core/resources';
import { resourceKey, resourceQueue } from '../core/serial';
import { announceSaved } from '../save/announce';
import { type SaveOutcome, saveEdit } from '../save/saveEdit';
import { describeError, describeIssues } from '../ui/errors';
import type { HeldCredentials } from './credentials';
import type { DocumentDiagnostics } from './diagnostics';
import type { RemoteDocument, RemoteDocuments } from './fileSystem';
import { type DocumentTarget, EDIT_SCHEME, parseDocumentUri } from './uris';

/** What an `infisical:` document was made from: the base of every patch. */
export interface Loaded {
  target: DocumentTarget;
  adapter: AnyResourceAdapter;
  server: unknown;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function notSaved(message: string): vscode.FileSystemError {
  return vscode.FileSystemError.Unavailable(message);
}

/**
 * `infisical:` documents: the editable fields of a connection or an identity's Azure Auth as
 * JSONC, read from Infisical and saved to it (a document's Ctrl+S is a PATCH). Served to VS
 * Code by a RemoteFileSystem.
 */
export class InfisicalDocuments implements RemoteDocuments<Loaded> {
  readonly autoSaveRefusal =
    'Not sent: auto-save never sends to Infisical. Press Ctrl+S (File › Save) to send your changes.';

  constructor(
    private readonly ext: Ext,
    private readonly diagnostics: DocumentDiagnostics,
    private readonly held: HeldCredentials,
  ) {}

  isDocument(uri: vscode.Uri): boolean {
    return uri.scheme === EDIT_SCHEME && parseDocumentUri(uri) !== undefined;
  }

  /**
   * One GET. It waits for a save of the same resource in flight (from any editor or form), so
   * a revert or reopen during a save shows what the save left, never the state before it.
   */
  load(uri: vscode.Uri): Promise<RemoteDocument<Loaded>> {
    const target = this.target(uri);
    return resourceQueue.run(resourceKey(target.profile, target.resource, target.id), () =>
      this.fetch(uri, target),
    );
  }

  private target(uri: vscode.Uri): DocumentTarget {
    const target = parseDocumentUri(uri);
    if (!target) throw vscode.FileSystemError.FileNotFound(uri);
    return target;
  }

  private async fetch(uri: vscode.Uri, target: DocumentTarget): Promise<RemoteDocument<Loaded>> {
    const profile = this.ext.profiles.get(target.profile);
    if (!profile || !(await this.ext.profiles.isSignedIn(profile))) {
      throw vscode.FileSystemError.Unavailable(
        `Sign in to Infisical profile "${target.profile}" to open this document.`,
      );
    }
    const adapter = adapterOf(target.resource);
    try {
      const session = await this.ext.session(profile);
      const server = await adapter.fetch(session.api, target.id);
      return this.document(target, adapter, server);
    } catch (error) {
      const message = this.ext.log.redact(describeError(error));
      this.ext.log.warn(`open ${uri.path}: ${message}`);
      throw vscode.FileSystemError.Unavailable(`Could not open from Infisical: ${message}`);
    }
  }

  private document(
    target: DocumentTarget,
    adapter: AnyResourceAdapter,
    server: unknown,
  ): RemoteDocument<Loaded> {
    const text = encoder.encode(adapter.render(server, { profile: target.profile, label: target.label }));
    const updatedAt = Date.parse(adapter.version(server).updatedAt ?? '');
    return {
      state: { target, adapter, server },
      text,
      mtime: Number.isNaN(updatedAt) ? Date.now() : updatedAt,
    };
  }

  /**
   * The save of a JSON document: refused while the text is broken or breaks a rule (nothing is
   * sent), then the save every editor shares, with the write-only values held in memory for the
   * document ("Replace credentials…") merged in. Every failure throws, with the reason, and keeps
   * the held values; a successful save forgets them.
   */
  async save(
    uri: vscode.Uri,
    content: Uint8Array,
    base: RemoteDocument<Loaded>,
  ): Promise<RemoteDocument<Loaded> | undefined> {
    const { target, adapter, server } = base.state;
    const text = decoder.decode(content);
    const parsed = parseDocument(text);
    const problems = documentProblems(text, parsed.root);
    const tooLarge = problems.find((p) => p.rule === 'size');
    if (tooLarge) throw notSaved(`Not saved: ${tooLarge.message}. Nothing was sent.`);
    if (parsed.syntaxErrors.length) {
      const first = parsed.syntaxErrors[0];
      throw notSaved(
        `Not saved: the JSON is broken at ${where(text, first?.offset ?? 0)}: ${first?.message}. Nothing was sent.`,
      );
    }
    if (problems.length) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      throw notSaved(`Not saved: ${problems[0]?.message}${more}. Nothing was sent.`);
    }

    // Only an explicit save gets here (RemoteFileSystem refuses auto-saves), so held values
    // are never sent without the user asking.
    const held = this.held.get(uri);
    for (const value of Object.values(held ?? {})) this.ext.log.addSecret(value);

    let outcome: SaveOutcome<unknown>;
    try {
      outcome = await saveEdit(this.ext, {
        adapter,
        ref: target,
        title: `"${target.label}"`,
        base: server,
        edited: withHeldValues(parsed.value, held),
        editSide: uri,
      });
    } catch (error) {
      const message = this.ext.log.redact(describeError(error));
      this.ext.log.error(`save ${uri.path} failed: ${message}`);
      throw notSaved(`Not saved: ${message}`);
    }
    switch (outcome.status) {
      case 'invalid':
        this.diagnostics.showIssues(uri, text, outcome.issues, outcome.fromServer);
        throw notSaved(
          `Not saved: ${outcome.fromServer ? 'Infisical rejected' : 'fix'} ${describeIssues(outcome.issues)}. Nothing ${outcome.fromServer ? 'was changed' : 'was sent'}.`,
        );
      case 'not-sent':
        throw notSaved(`Not saved: ${outcome.reason}.`);
      case 'unchanged':
        return undefined;
      case 'saved':
        if (held) this.held.sent(uri);
        this.diagnostics.clearServerIssues(uri);
        this.ext.refreshAfterChange(target.resource);
        announceSaved(target, outcome);
        return this.document(target, adapter, outcome.server);
    }
  }
}

/** `line 7, column 30` of an offset, counted as the editor counts them. */
function where(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
}
