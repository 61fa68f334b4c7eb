import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { activate } from '../../src/extension';
import { DEMO } from '../sandbox/data';
import type { RequestLogEntry } from '../sandbox/types';

export { DEMO };
export type Api = ReturnType<typeof activate>;

export const EXTENSION_ID = 'secretsops.infisical-access';

export async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

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

/** Back to a clean slate: sandbox seed, no faults, no profiles, no secrets. */
export async function resetAll(a: Api): Promise<void> {
  await control('POST', 'reset');
  for (const p of a.ext.profiles.all()) await a.ext.profiles.remove(p.name);
  await vscode.workspace
    .getConfiguration('infisical')
    .update('save.confirm', 'never', vscode.ConfigurationTarget.Global);
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
