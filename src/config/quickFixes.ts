import { findNodeAtLocation, type JSONPath, type Node, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { Ext } from '../context';
import { referenceName } from '../core/config/names';
import { placeOf } from '../core/config/places';
import type { Plan } from '../core/config/plan';
import { type ConfigProblem, type ValidatedConfig, validateConfigText } from '../core/config/validate';
import { UserError } from '../ui/errors';
import { rangeAt } from '../ui/ranges';

/**
 * Quick fixes of workspace files (Ctrl+.):
 * - a secret written into the file: the value moves to VS Code's SecretStorage and the file
 *   keeps only a reference to it, `{ "env": "NAME" }`, which plan and apply resolve (the
 *   environment first, then SecretStorage). The secret leaves the text buffer before auto-save
 *   or a backup can write it anywhere else;
 * - a GUID Azure Auth logins would not match because of its case: written in lower case.
 */

export const MOVE_SECRET_COMMAND = 'infisical.config.moveSecretToSecretStorage';

/** VS Code's "Open Timeline" (the Explorer's context menu): the Timeline view of one file. */
export const OPEN_TIMELINE_COMMAND = 'files.openTimeline';

/** Where a reference's value is kept in SecretStorage. */
export const referenceKey = (env: string) => `infisical/reference/${env}`;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The arguments of the command a quick fix runs: the file and the JSON path of the value. */
export type MoveSecretArgs = [uri: vscode.Uri, path: JSONPath];

export function configQuickFixes(
  doc: vscode.TextDocument,
  range: vscode.Range,
  validated: ValidatedConfig,
): vscode.CodeAction[] {
  const inRange = (p: ConfigProblem): p is ConfigProblem & { path: JSONPath } =>
    p.path !== undefined && rangeAt(doc, p).intersection(range) !== undefined;
  const secrets = validated.problems.filter(inRange).flatMap((p) => {
    if (p.rule !== 'inline-secret' || !p.reference) return [];
    const field = String(p.path[p.path.length - 1]);
    const action = new vscode.CodeAction(
      `Move ${field} to VS Code's SecretStorage, as { "env": "${p.reference}" }`,
      vscode.CodeActionKind.QuickFix,
    );
    action.isPreferred = true;
    action.command = {
      command: MOVE_SECRET_COMMAND,
      title: action.title,
      arguments: [doc.uri, p.path] satisfies MoveSecretArgs,
    };
    return [action];
  });
  const cases = validated.warnings.filter(inRange).flatMap((p) => {
    const text = doc.getText(rangeAt(doc, p));
    if (p.rule !== 'guid-case' || !text.startsWith('"')) return [];
    const action = new vscode.CodeAction('Write the GUID in lower case', vscode.CodeActionKind.QuickFix);
    action.isPreferred = true;
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(doc.uri, rangeAt(doc, p), text.toLowerCase());
    return [action];
  });
  return [...secrets, ...cases];
}

/**
 * The suggested name, or the first of NAME_2, NAME_3 … that stands for nothing else: not set
 * in the environment (which plan and apply read first), not kept in SecretStorage for another
 * value, not given to another value being moved at the same time (`taken`).
 */
export async function freeReferenceName(
  ext: Ext,
  suggested: string,
  value: string,
  taken: readonly { name: string }[] = [],
): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? suggested : `${suggested}_${n}`;
    if (taken.some((t) => t.name === name)) continue;
    const env = process.env[name];
    if (env !== undefined && env !== value) continue;
    const kept = await ext.context.secrets.get(referenceKey(name));
    if (kept === undefined || kept === value) return name;
  }
}

/** What a person chooses: the reference's name (asked for unless given). */
export interface MoveSecretOptions {
  name?: string;
}

/**
 * Moves the secret at `path` of the file's text into SecretStorage under a name, then replaces
 * it in the document with a reference of that name. Nothing is changed when the name is not
 * given, when the value is no longer there, or when the name would resolve to another value.
 * Returns the name.
 */
export async function moveSecretToStorage(
  ext: Ext,
  uri: vscode.Uri,
  path: JSONPath,
  options: MoveSecretOptions = {},
): Promise<string | undefined> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const where = placeOf(parseTree(doc.getText()), path);
  const located = () => {
    const root = parseTree(doc.getText());
    const node = root && findNodeAtLocation(root, path);
    if (node?.type !== 'string' || !node.value)
      throw new UserError(`${where} no longer holds a written secret: nothing to move.`);
    return node;
  };
  const secret = String(located().value);
  const field = String(path[path.length - 1]);
  const suggested =
    validateConfigText(doc.getText()).problems.find(
      (p) => p.rule === 'inline-secret' && JSON.stringify(p.path) === JSON.stringify(path),
    )?.reference ?? referenceName(undefined, field);
  const refuse = async (name: string): Promise<string | undefined> => {
    if (!ENV_NAME.test(name))
      return 'Use an environment variable name: letters, digits and _, not starting with a digit';
    const env = process.env[name];
    if (env !== undefined && env !== secret)
      return `${name} is set in VS Code's environment, which plan and apply read first: choose another name`;
    const held = await ext.context.secrets.get(referenceKey(name));
    if (held !== undefined && held !== secret)
      return `SecretStorage already holds another value as ${name}: choose another name`;
    return undefined;
  };
  const name =
    options.name ??
    (await vscode.window.showInputBox({
      title: `Move ${field} to VS Code's SecretStorage`,
      prompt:
        'The name of the reference the file will hold. CI sets an environment variable of this name; here the value is kept in SecretStorage.',
      // The suggested name may already stand for another value (a secret of the same connection
      // moved before): offer the first free one, never a name the box would then refuse.
      value: await freeReferenceName(ext, suggested, secret),
      ignoreFocusOut: true,
      validateInput: refuse,
    }));
  if (!name) return undefined;
  const why = await refuse(name);
  if (why) throw new UserError(why);
  await ext.context.secrets.store(referenceKey(name), secret);
  // The document may have been edited while the name was asked for: find the value again.
  const node = located();
  if (node.value !== secret)
    throw new UserError(`${where} changed while the name was asked for: nothing moved.`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, rangeAt(doc, node), `{ "env": ${JSON.stringify(name)} }`);
  if (!(await vscode.workspace.applyEdit(edit)))
    throw new UserError(`The file could not be edited: ${where} still holds the secret.`);
  const onDisk = await savedWithSecret(uri, secret);
  const said = `${where} is now { "env": "${name}" }; the value is kept in VS Code's SecretStorage.`;
  const plan = 'Plan, Replacing Credentials…';
  // VS Code's Local History keeps a copy of every saved version (auto-save included), in the
  // user-data folder: the version with the secret stays there until it is deleted. VS Code has
  // no command that deletes one file's history: its Timeline deletes an entry at a time, and
  // "Delete All" deletes the history of every file (VS Code's own confirmation says "all files").
  const history =
    onDisk && vscode.workspace.getConfiguration('workbench.localHistory').get<boolean>('enabled', true)
      ? { timeline: 'Open Timeline', all: 'Delete All Local History…' }
      : undefined;
  const file = vscode.workspace.asRelativePath(uri);
  void vscode.window
    .showInformationMessage(
      history
        ? `${said} It was saved in ${file} before, and VS Code's Local History keeps saved versions: ${history.timeline} to delete this file's (Delete on each Local History entry); ${history.all} deletes the history of every file. Also rotate the secret if the file was committed or shared.`
        : onDisk
          ? `${said} It was saved in ${file} before: rotate the secret if the file was committed or shared.`
          : `${said} It never reached the file on disk.`,
      ...[plan, history?.timeline, history?.all].filter((b): b is string => b !== undefined),
    )
    .then((choice) => {
      if (choice === plan)
        void vscode.commands.executeCommand('infisical.config.planReplacingCredentials', uri);
      // The Timeline view, showing this file's entries (their context menu has Delete).
      else if (choice === history?.timeline) void vscode.commands.executeCommand(OPEN_TIMELINE_COMMAND, uri);
      // VS Code asks for confirmation itself.
      else if (choice === history?.all)
        void vscode.commands.executeCommand('workbench.action.localHistory.deleteAll');
    });
  return name;
}

/**
 * After a plan: a name the server does not have, where the plan found names a typo explains
 * ("Did you mean …?"), gets one quick fix per name, "Change the name to …". Only while the file
 * still says what the plan read there.
 */
export function nameSuggestionFixes(
  doc: vscode.TextDocument,
  range: vscode.Range,
  plan: Plan,
  root: Node | undefined,
): vscode.CodeAction[] {
  if (!root || !plan.resources.some((r) => r.problems.some((p) => p.suggestions?.length))) return [];
  return plan.resources.flatMap((r) =>
    r.problems.flatMap((p) => {
      if (!p.suggestions?.length || !p.path) return [];
      const node = findNodeAtLocation(root, p.path);
      if (node?.type !== 'string' || node.value !== r.name || !rangeAt(doc, node).intersection(range))
        return [];
      return p.suggestions.map((name, i) => {
        const action = new vscode.CodeAction(
          `Change the name to ${JSON.stringify(name)}`,
          vscode.CodeActionKind.QuickFix,
        );
        action.isPreferred = i === 0 && p.suggestions?.length === 1;
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(doc.uri, rangeAt(doc, node), JSON.stringify(name));
        return action;
      });
    }),
  );
}

/** Whether the file as saved holds the secret (auto-save or an earlier save may have written it). */
async function savedWithSecret(uri: vscode.Uri, secret: string): Promise<boolean> {
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri))
      .toString('utf8')
      .includes(JSON.stringify(secret).slice(1, -1));
  } catch {
    return false;
  }
}
