import type { Node } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { Ext } from '../context';
import {
  type PlannedResource,
  type ReferenceSource,
  referenceAt,
  resourceTitle,
  type SecretRef,
} from '../core/config';
import { UserError } from '../ui/errors';
import { rangeAt } from '../ui/ranges';
import { referenceKey } from './quickFixes';

/**
 * Secret references in workspace files, `{ "env": "NAME" }`. Where the value comes from is
 * invisible in the file, and a value typed once into the password box was kept for good: a
 * mistyped secret would be sent by every later plan. So a hover says where the value comes from
 * here (never the value), and Ctrl+. on a reference sets, replaces or forgets the value VS Code
 * keeps for it.
 */

export const SET_REFERENCE_COMMAND = 'infisical.config.setStoredReference';
export const FORGET_REFERENCE_COMMAND = 'infisical.config.forgetStoredReference';

export async function referenceSource(ext: Ext, name: string): Promise<ReferenceSource> {
  return {
    environment: !!process.env[name],
    stored: (await ext.context.secrets.get(referenceKey(name))) !== undefined,
  };
}

export async function referenceActions(
  ext: Ext,
  doc: vscode.TextDocument,
  range: vscode.Range,
  root: Node | undefined,
): Promise<vscode.CodeAction[]> {
  const ref = referenceAt(doc.getText(), doc.offsetAt(range.start), root);
  if (!ref || !rangeAt(doc, ref.at).intersection(range)) return [];
  const source = await referenceSource(ext, ref.name);
  if (source.environment) return []; // the environment wins: what VS Code keeps would not be used
  const action = (title: string, command: string, args: unknown[]) => {
    const a = new vscode.CodeAction(title, vscode.CodeActionKind.RefactorRewrite);
    a.command = { command, title, arguments: args };
    return a;
  };
  const set = action(
    source.stored
      ? `Replace the value VS Code keeps for ${ref.name}…`
      : `Set the value VS Code keeps for ${ref.name}…`,
    SET_REFERENCE_COMMAND,
    [ref.name, ref.field, doc.uri],
  );
  return source.stored
    ? [set, action(`Forget the value VS Code keeps for ${ref.name}`, FORGET_REFERENCE_COMMAND, [ref.name])]
    : [set];
}

export interface SetReferenceOptions {
  /** The value, when not asked for (tests). */
  value?: string;
}

/** Asks for the value (a password box) and keeps it in SecretStorage; never shows the old one. */
export async function setStoredReference(
  ext: Ext,
  name: string,
  field: string,
  uri?: vscode.Uri,
  options: SetReferenceOptions = {},
): Promise<boolean> {
  const had = (await ext.context.secrets.get(referenceKey(name))) !== undefined;
  const value =
    options.value ??
    (await vscode.window.showInputBox({
      title: `${name}: the ${field} VS Code keeps`,
      prompt: `${had ? 'Replaces the value kept now. ' : ''}Kept in VS Code's SecretStorage, never in a file; sent by the next plan replacing credentials, then apply.`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : `Enter the ${field}, or press Escape`),
    }));
  if (!value?.trim()) return false;
  await ext.context.secrets.store(referenceKey(name), value);
  ext.log.info(`reference ${name}: a value ${had ? 'replaced' : 'kept'} in SecretStorage`);
  const plan = 'Plan, Replacing Credentials…';
  void vscode.window
    .showInformationMessage(
      `VS Code keeps ${had ? 'a new' : 'a'} value for ${name}. Infisical gets it with the next plan replacing credentials, then apply.`,
      ...(uri ? [plan] : []),
    )
    .then((choice) => {
      if (choice === plan)
        void vscode.commands.executeCommand('infisical.config.planReplacingCredentials', uri);
    });
  return true;
}

export async function forgetStoredReference(ext: Ext, name: string): Promise<void> {
  if ((await ext.context.secrets.get(referenceKey(name))) === undefined)
    throw new UserError(`VS Code keeps no value for ${name}: nothing to forget.`);
  await ext.context.secrets.delete(referenceKey(name));
  ext.log.info(`reference ${name}: forgotten from SecretStorage`);
  void vscode.window.showInformationMessage(
    `VS Code no longer keeps a value for ${name}: a plan replacing these credentials asks for it again.`,
  );
}

/**
 * The value a reference names, for apply: the extension host's environment, else VS Code's
 * SecretStorage, else asked for in a password box (and then kept in SecretStorage).
 */
export async function resolveSecret(
  ext: Ext,
  ref: SecretRef,
  field: string,
  resource: PlannedResource,
): Promise<string | undefined> {
  const fromEnv = process.env[ref.env];
  if (fromEnv) return fromEnv;
  const key = referenceKey(ref.env);
  const stored = await ext.context.secrets.get(key);
  if (stored) return stored;
  const value = await vscode.window.showInputBox({
    title: `${ref.env}: the ${field} of ${resourceTitle(resource)}`,
    prompt: `Not set in the environment. Enter it to send it now; it is kept in VS Code's SecretStorage as "${ref.env}", never in a file.`,
    password: true,
    ignoreFocusOut: true,
  });
  if (!value) return undefined;
  await ext.context.secrets.store(key, value);
  return value;
}
