import * as vscode from 'vscode';

/**
 * Keeps secrets out of a text buffer. VS Code writes a dirty buffer to its hot-exit backup one
 * second after the last change (two with auto-save after a delay), auto-save writes the file
 * and Local History a copy: an extension cannot delay or stop any of them. What it can do is
 * keep the secret out of the text: a paste is rewritten before it lands (the document paste
 * API, VS Code 1.97 and later), and a typed value leaves as soon as it is complete — when the
 * cursor leaves its string, at once for an insertion of more than one character (a paste on an
 * older VS Code, a drop, an undo), before every save, and when the window or editor loses focus.
 */

/** `infisical.secrets.keepOutOfText`: off, a written secret stays in the text, flagged, until its quick fix. */
export function keepsSecretsOut(): boolean {
  return vscode.workspace.getConfiguration('infisical.secrets').get<boolean>('keepOutOfText', true);
}

/** A secret written into the text: its string literal. `key` names its place across edits. */
export interface SecretSite {
  key: string;
  offset: number;
  length: number;
}

export interface SecretKeeper<S extends SecretSite> {
  /** Whether this document is guarded now (its kind, and the setting). */
  guards(doc: vscode.TextDocument): boolean;
  /** The secrets written into `text`. */
  find(doc: vscode.TextDocument, text: string): S[];
  /**
   * Keeps the values of `sites` (memory, SecretStorage) and returns `text` with their
   * placeholders, and what the person is told once; undefined to leave the text as it is.
   */
  take(doc: vscode.TextDocument, text: string, sites: readonly S[]): Promise<Taken | undefined>;
}

export interface Taken {
  text: string;
  message: string;
}

/** What a guard reports, for the tests: whether pastes are rewritten before they land. */
export interface SecretGuard extends vscode.Disposable {
  readonly pasteRewritten: boolean;
}

export function guardSecrets<S extends SecretSite>(
  selector: vscode.DocumentSelector,
  keeper: SecretKeeper<S>,
  tell: (message: string) => void,
): SecretGuard {
  const pending = new Map<string, Set<string>>();
  const busy = new Set<string>();
  const cursorInside = (doc: vscode.TextDocument, site: SecretSite) =>
    vscode.window.visibleTextEditors.some(
      (e) =>
        e.document === doc &&
        e.selections.some((s) => {
          const at = doc.offsetAt(s.active);
          return at > site.offset && at < site.offset + site.length;
        }),
    );

  /** Takes the pending secrets of `doc` out of its text; unless `now`, not while the cursor is in one. */
  const settle = async (doc: vscode.TextDocument, now: boolean): Promise<void> => {
    const id = doc.uri.toString();
    const keys = pending.get(id);
    if (!keys || keys.size === 0 || busy.has(id) || !keeper.guards(doc)) return;
    const text = doc.getText();
    const sites = keeper.find(doc, text).filter((s) => keys.has(s.key));
    for (const key of [...keys]) if (!sites.some((s) => s.key === key)) keys.delete(key);
    if (sites.length === 0 || (!now && sites.some((s) => cursorInside(doc, s)))) return;
    busy.add(id);
    try {
      const version = doc.version;
      const taken = await keeper.take(doc, text, sites);
      if (!taken) return;
      for (const s of sites) keys.delete(s.key);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, ...replacement(doc, text, taken.text));
      // Changed meanwhile: the secrets are kept already; the next change event finds what is left.
      if (doc.version === version && (await vscode.workspace.applyEdit(edit))) tell(taken.message);
    } finally {
      busy.delete(id);
    }
  };

  const disposables: vscode.Disposable[] = [
    vscode.workspace.onDidChangeTextDocument((e) => {
      const doc = e.document;
      if (e.contentChanges.length === 0 || !keeper.guards(doc)) return;
      const sites = keeper.find(doc, doc.getText());
      const touched = sites.filter((s) =>
        e.contentChanges.some(
          (c) => c.rangeOffset <= s.offset + s.length && c.rangeOffset + c.text.length >= s.offset,
        ),
      );
      if (touched.length === 0) return;
      const id = doc.uri.toString();
      const keys = pending.get(id) ?? new Set<string>();
      for (const s of touched) keys.add(s.key);
      pending.set(id, keys);
      void settle(
        doc,
        e.contentChanges.some((c) => c.text.length > 1),
      );
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => void settle(e.textEditor.document, false)),
    vscode.window.onDidChangeActiveTextEditor(() => {
      for (const doc of vscode.workspace.textDocuments) void settle(doc, true);
    }),
    vscode.window.onDidChangeWindowState((s) => {
      if (!s.focused) for (const doc of vscode.workspace.textDocuments) void settle(doc, true);
    }),
    vscode.workspace.onWillSaveTextDocument((e) => {
      if (!keeper.guards(e.document)) return;
      const doc = e.document;
      const text = doc.getText();
      const sites = keeper.find(doc, text);
      if (sites.length === 0) return;
      e.waitUntil(
        keeper.take(doc, text, sites).then((taken) => {
          if (!taken) return [];
          tell(taken.message);
          return [new vscode.TextEdit(...replacement(doc, text, taken.text))];
        }),
      );
    }),
    vscode.workspace.onDidCloseTextDocument((d) => pending.delete(d.uri.toString())),
  ];
  const paste = registerPaste(selector, keeper, tell);
  if (paste) disposables.push(paste);
  return {
    pasteRewritten: paste !== undefined,
    dispose: () => {
      for (const d of disposables) d.dispose();
    },
  };
}

/** The one range of `doc` that differs between `before` and `after`, and its new text. */
function replacement(doc: vscode.TextDocument, before: string, after: string): [vscode.Range, string] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  const range = new vscode.Range(doc.positionAt(start), doc.positionAt(before.length - end));
  return [range, after.slice(start, after.length - end)];
}

// The document paste API, final in VS Code 1.97 (@types/vscode 1.87 has none of it): the parts used.
interface PasteKind {
  append(...parts: string[]): PasteKind;
}
interface PasteEdit {
  additionalEdit?: vscode.WorkspaceEdit;
}
interface PasteProvider {
  provideDocumentPasteEdits(
    doc: vscode.TextDocument,
    ranges: readonly vscode.Range[],
    data: vscode.DataTransfer,
    context: unknown,
    token: vscode.CancellationToken,
  ): Promise<PasteEdit[] | undefined>;
}
interface PasteApi {
  DocumentPasteEdit: new (insertText: string, title: string, kind: PasteKind) => PasteEdit;
  DocumentDropOrPasteEditKind: { readonly Empty: PasteKind };
  languages: {
    registerDocumentPasteEditProvider(
      selector: vscode.DocumentSelector,
      provider: PasteProvider,
      metadata: { providedPasteEditKinds: readonly PasteKind[]; pasteMimeTypes: readonly string[] },
    ): vscode.Disposable;
  };
}

function pasteApi(): PasteApi | undefined {
  const api = vscode as unknown as Partial<Omit<PasteApi, 'languages'>> & {
    languages: Partial<PasteApi['languages']>;
  };
  const { DocumentPasteEdit, DocumentDropOrPasteEditKind } = api;
  const register = api.languages.registerDocumentPasteEditProvider;
  return DocumentPasteEdit && DocumentDropOrPasteEditKind && register
    ? {
        DocumentPasteEdit,
        DocumentDropOrPasteEditKind,
        languages: { registerDocumentPasteEditProvider: register.bind(api.languages) },
      }
    : undefined;
}

/**
 * A paste that would write a secret is rewritten before it lands: nothing is inserted, and one
 * edit puts in the placeholders instead. Undefined where VS Code has no final paste API (before
 * 1.97 it is a proposal, which throws for an extension that does not declare it).
 */
function registerPaste<S extends SecretSite>(
  selector: vscode.DocumentSelector,
  keeper: SecretKeeper<S>,
  tell: (message: string) => void,
): vscode.Disposable | undefined {
  const api = pasteApi();
  if (!api) return undefined;
  const kind = api.DocumentDropOrPasteEditKind.Empty.append('text', 'infisical', 'secretKeptOut');
  const provider: PasteProvider = {
    provideDocumentPasteEdits: async (doc, ranges, data) => {
      if (!keeper.guards(doc)) return undefined;
      const pasted = await data.get('text/plain')?.asString();
      if (!pasted) return undefined;
      const before = doc.getText();
      const spans = [...ranges]
        .map((r) => ({ start: doc.offsetAt(r.start), end: doc.offsetAt(r.end) }))
        .sort((a, b) => b.start - a.start);
      const after = spans.reduce((t, s) => t.slice(0, s.start) + pasted + t.slice(s.end), before);
      // Where each paste lands in `after`: moved by the pastes before it.
      const landed = spans.map((s) => {
        const from = spans
          .filter((o) => o.start < s.start)
          .reduce((at, o) => at + pasted.length - (o.end - o.start), s.start);
        return { from, to: from + pasted.length };
      });
      const inPaste = (site: SecretSite) =>
        landed.some((l) => site.offset <= l.to && site.offset + site.length >= l.from);
      const sites = keeper.find(doc, after).filter(inPaste);
      if (sites.length === 0) return undefined;
      const taken = await keeper.take(doc, after, sites);
      if (!taken) return undefined;
      const edit = new api.DocumentPasteEdit('', 'Paste, keeping the secret out of the text', kind);
      edit.additionalEdit = new vscode.WorkspaceEdit();
      edit.additionalEdit.replace(doc.uri, ...replacement(doc, before, taken.text));
      tell(taken.message);
      return [edit];
    },
  };
  try {
    return api.languages.registerDocumentPasteEditProvider(selector, provider, {
      providedPasteEditKinds: [kind],
      pasteMimeTypes: ['text/plain'],
    });
  } catch {
    return undefined;
  }
}
