import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { activate } from '../../src/extension';
import { DEMO } from '../sandbox/data';
import type { RequestLogEntry, SandboxState } from '../sandbox/types';

export { DEMO };
export type Api = ReturnType<typeof activate>;

export const EXTENSION_ID = 'secretsops.infisical-access';

export async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  const api = await ext.activate();
  // The trees' code loads on first use (src/tree/lazy.ts); the suites reach the trees directly.
  await api.trees.ready();
  return api;
}

/** The sandbox answers as Infisical's June 2025 release (`run-suites.mjs --server 2025-06`). */
export const LEGACY = process.env.INFISICAL_SANDBOX_SERVER === '2025-06';

/**
 * An organization's name as a profile learns it. No route of the June 2025 server names the
 * organization to a machine identity: the product shows its id there, and that is right.
 */
export const orgNameOf = (org: { orgId: string; orgName: string }): string =>
  LEGACY ? org.orgId : org.orgName;

export function sandboxUrl(): string {
  const url = process.env.INFISICAL_SANDBOX_URL;
  assert.ok(url, 'INFISICAL_SANDBOX_URL is not set in the extension host');
  return url;
}

/** Calls the sandbox's control routes (faults, request log, reset, state changes). */
export async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(`/__sandbox/${path}`, sandboxUrl()), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `control ${method} ${path}: ${res.status}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function requests(): Promise<RequestLogEntry[]> {
  const r = await control<RequestLogEntry[] | { requests: RequestLogEntry[] }>('GET', 'requests');
  return Array.isArray(r) ? r : r.requests;
}

/** Writes an `infisical.*` user setting; `undefined` removes it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('infisical').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Back to a clean slate: sandbox seed, no faults, no profiles, no secrets. */
export async function resetAll(a: Api): Promise<void> {
  await control('POST', 'reset');
  for (const p of a.ext.profiles.all()) await a.ext.profiles.remove(p.name);
  await setSetting('save.confirm', 'never');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function signInDemo(
  a: Api,
  name = 'Contoso',
  creds: { clientId: string; clientSecret: string } = DEMO,
) {
  return a.signIn({
    name,
    siteUrl: sandboxUrl(),
    auth: 'universal-auth',
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let documentsOpened = 0;

/** An identity of the demo org with Azure Auth, and a fresh `infisical:` document URI for it. */
export interface AzureAuthDoc {
  identityId: string;
  name: string;
  uri: vscode.Uri;
}

/**
 * A new document URI for an Azure Auth of the demo org (a label segment no earlier test used,
 * so VS Code opens a fresh document). `pick` chooses among the candidates, by default in turn.
 */
export async function azureAuthDoc(profile = 'Contoso', pick?: number): Promise<AzureAuthDoc> {
  documentsOpened += 1;
  const state = await control<SandboxState>('GET', 'state');
  const candidates = state.identities.filter(
    (i) =>
      i.orgId === DEMO.orgId &&
      /^[a-z0-9-]+$/.test(i.name) &&
      state.azureAuths.some((x) => x.identityId === i.id),
  );
  const identity = candidates[(pick ?? documentsOpened) % candidates.length];
  assert.ok(identity, 'the demo org has an identity with Azure Auth');
  return {
    identityId: identity.id,
    name: identity.name,
    uri: azureAuthUri(profile, identity.id, identity.name),
  };
}

/** The document URI of an identity's Azure Auth under a label never used before in this run. */
export function azureAuthUri(profile: string, identityId: string, name: string): vscode.Uri {
  documentsOpened += 1;
  return vscode.Uri.from({
    scheme: 'infisical',
    path: `/${profile}/identities/${identityId}/${name}-t${documentsOpened}/azure-auth.jsonc`,
  });
}

export async function openEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Replaces the whole text of an editor, as a paste would. */
export async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  assert.ok(await editor.edit((b) => b.replace(all, text)), 'the edit was applied');
}

/** The API requests the sandbox received for one identity's Azure Auth (GET, PATCH…). */
export async function azureAuthRequests(identityId: string): Promise<RequestLogEntry[]> {
  return (await requests()).filter((r) => r.path === `/api/v1/auth/azure-auth/identities/${identityId}`);
}

/** The stored Azure Auth of an identity, as the sandbox holds it now. */
export async function storedAzureAuth(identityId: string) {
  const state = await control<SandboxState>('GET', 'state');
  const stored = state.azureAuths.find((x) => x.identityId === identityId);
  assert.ok(stored, `identity ${identityId} has Azure Auth`);
  return stored;
}

/** A tree node as the tests see it: a TreeItem and its discriminating `type`. */
export type AnyNode = vscode.TreeItem & { type?: string };

/**
 * The hooks most suites share: the extension's API once (handed to `got`), and before each test
 * a reset sandbox and extension with the demo profile signed in.
 */
export function signedInBeforeEach(got: (a: Api) => void): void {
  let a: Api;
  before(async () => {
    a = await api();
    got(a);
  });
  beforeEach(async () => {
    await resetAll(a);
    await signInDemo(a);
  });
}

/**
 * Writes `fileName` in the test window's workspace folder: a workspace file of the sandbox's
 * organization declaring one connection, `connection`, with no credentials yet.
 */
export async function writeConnectionFile(fileName: string, connection: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder);
  const uri = vscode.Uri.joinPath(folder, fileName);
  const file = {
    site: sandboxUrl(),
    organization: { id: DEMO.orgId },
    connections: [{ name: connection, credentials: {} }],
  };
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`));
  return uri;
}
