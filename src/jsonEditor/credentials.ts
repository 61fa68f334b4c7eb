import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { Ext } from '../context';
import { OAUTH_REAUTHORIZE } from '../core/edit/connectionPatch';
import {
  checkWriteOnly,
  type HeldValues,
  isSecretValue,
  markerInsertion,
  markerRanges,
  normalizeWriteOnly,
  replaceableFields,
  writeOnlyLabel,
} from '../core/edit/writeOnly';
import { type AzureMethod, isAzureMethod } from '../core/schemas/appConnection';
import { rangeAt } from '../ui/ranges';
import { EDIT_SCHEME, parseDocumentUri } from './uris';

/**
 * New write-only credential values of `infisical:` connection documents, held in this window's
 * memory only — never in the document's text (VS Code backs dirty documents up to disk), never
 * in state, settings or SecretStorage. Sent by the next explicit save, forgotten after a
 * successful one, when the document closes, or when the window reloads.
 */
export class HeldCredentials implements vscode.Disposable {
  private readonly values = new Map<string, HeldValues>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Documents whose save sent their held values: their marker comments go once VS Code is done. */
  private readonly sentBy = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [
    this.changed,
    vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (this.sentBy.delete(d.uri.toString())) void dropMarkers(d);
    }),
  ];

  get(uri: vscode.Uri): HeldValues | undefined {
    return this.values.get(uri.toString());
  }

  hold(uri: vscode.Uri, values: HeldValues): void {
    this.values.set(uri.toString(), { ...this.get(uri), ...values });
    this.changed.fire(uri);
  }

  forget(uri: vscode.Uri): void {
    if (this.values.delete(uri.toString())) this.changed.fire(uri);
  }

  /** The save now running sent the held values: forget them; the markers go after the save. */
  sent(uri: vscode.Uri): void {
    this.sentBy.add(uri.toString());
    this.forget(uri);
  }

  dispose(): void {
    this.values.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** A connection document's method, when its credentials can be replaced here. */
export function connectionMethod(uri: vscode.Uri): AzureMethod | undefined {
  const target = uri.scheme === EDIT_SCHEME ? parseDocumentUri(uri) : undefined;
  return target?.resource === 'connection' && target.method && isAzureMethod(target.method)
    ? target.method
    : undefined;
}

/** Asks for one write-only value; undefined when the person cancels. */
export type AskWriteOnly = (
  field: string,
  step: { index: number; count: number; title: string },
) => Promise<string | undefined> | Thenable<string | undefined>;

function askInBox(method: AzureMethod): AskWriteOnly {
  return (field, step) =>
    vscode.window.showInputBox({
      title: `${step.title} (${step.index}/${step.count})`,
      prompt: `New ${writeOnlyLabel(field)}: held in memory and sent at the next Ctrl+S; never written into the document. Lost if the document closes or the window reloads.`,
      placeHolder: field === 'clientSecret' ? 'the client secret value from Entra ID' : 'paste the PEM text',
      password: isSecretValue(field),
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? checkWriteOnly(method, field, value) : undefined),
    });
}

/**
 * "Replace credentials…": asks for every write-only field of the connection's method, holds the
 * values in memory for the document, and marks the document dirty with an inert comment per
 * field (never the value), so Ctrl+S sends them.
 */
export async function replaceCredentials(
  ext: Ext,
  held: HeldCredentials,
  uri: vscode.Uri | undefined,
  ask?: AskWriteOnly,
): Promise<boolean> {
  const method = uri ? connectionMethod(uri) : undefined;
  if (!uri || !method) {
    void vscode.window.showInformationMessage(
      'Replace credentials works on a connection’s JSON document: open one with "Infisical: Edit Connection as JSON", then run it again.',
    );
    return false;
  }
  const fields = replaceableFields(method);
  if (fields.length === 0) {
    void vscode.window.showInformationMessage(OAUTH_REAUTHORIZE);
    return false;
  }
  const target = parseDocumentUri(uri);
  const title = `Replace credentials of "${target?.label ?? ''}"`;
  const asker = ask ?? askInBox(method);
  const values: Record<string, string> = {};
  for (const [i, field] of fields.entries()) {
    const value = await asker(field, { index: i + 1, count: fields.length, title });
    if (!value?.trim()) return false;
    const normalized = normalizeWriteOnly(field, value);
    ext.log.addSecret(value);
    ext.log.addSecret(normalized);
    values[field] = normalized;
  }
  held.hold(uri, values);
  await markDirty(uri, fields);
  ext.log.info(`replace credentials of ${uri.path}: ${fields.join(', ')} held in memory until the save`);
  vscode.window.setStatusBarMessage(
    `$(lock) New ${fields.map(writeOnlyLabel).join(' and ')} held in memory: Ctrl+S sends ${fields.length > 1 ? 'them' : 'it'}`,
    6000,
  );
  return true;
}

/** Inserts the marker comments (the document turns dirty; no value is in the text). */
async function markDirty(uri: vscode.Uri, fields: readonly string[]): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const at = markerInsertion(text, parseTree(text, [], { allowTrailingComma: true }), fields);
  if (!at) return;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, doc.positionAt(at.offset), at.text);
  await vscode.workspace.applyEdit(edit);
}

/** "Forget": drops the held values and their marker comments. */
export async function forgetCredentials(held: HeldCredentials, uri: vscode.Uri | undefined): Promise<void> {
  if (!uri) return;
  held.forget(uri);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc) await removeMarkers(doc);
}

async function removeMarkers(doc: vscode.TextDocument): Promise<boolean> {
  const ranges = markerRanges(doc.getText());
  if (ranges.length === 0) return false;
  const edit = new vscode.WorkspaceEdit();
  for (const r of ranges) edit.delete(doc.uri, rangeAt(doc, r));
  return vscode.workspace.applyEdit(edit);
}

/**
 * After the save that sent the held values, VS Code keeps the text it wrote, markers included
 * (the server's version has the same date, so it does not read it again): the markers go, and
 * that edit is saved too — a save with nothing changed, which sends nothing.
 */
async function dropMarkers(doc: vscode.TextDocument): Promise<void> {
  if (doc.isDirty || !(await removeMarkers(doc))) return;
  await doc.save();
}

/**
 * The CodeLens above "credentials": "Replace credentials…", or what is held in memory and
 * "Forget". Registered at activation through LazyFileSystem, which says when they change.
 */
export class CredentialsLens implements vscode.CodeLensProvider {
  constructor(private readonly held: HeldCredentials) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const method = connectionMethod(doc.uri);
    if (!method || replaceableFields(method).length === 0) return [];
    const text = doc.getText();
    const root = parseTree(text, [], { allowTrailingComma: true });
    const key = root ? findNodeAtLocation(root, ['credentials'])?.parent?.children?.[0] : undefined;
    const line = key ? doc.positionAt(key.offset).line : 0;
    const range = new vscode.Range(line, 0, line, 0);
    const held = this.held.get(doc.uri);
    const args = [doc.uri];
    if (!held) {
      return [
        new vscode.CodeLens(range, {
          title: '$(key) Replace credentials…',
          tooltip:
            'Asks for the new write-only values in password boxes and holds them in memory until Ctrl+S: they are never written into this document.',
          command: 'infisical.replaceCredentials',
          arguments: args,
        }),
      ];
    }
    const what = Object.keys(held).map(writeOnlyLabel).join(', ');
    return [
      new vscode.CodeLens(range, {
        title: `$(lock) ${what}: new value held in memory — sent on save (lost on close or reload)`,
        tooltip: "Held in this window's memory only, never in the text. Click to enter again.",
        command: 'infisical.replaceCredentials',
        arguments: args,
      }),
      new vscode.CodeLens(range, {
        title: 'Forget',
        tooltip: 'Drop the held values: the save will not change the credentials.',
        command: 'infisical.forgetCredentials',
        arguments: args,
      }),
    ];
  }
}
