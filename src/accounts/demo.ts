import * as vscode from 'vscode';
import type { Ext } from '../context';

/**
 * `npm start` (the demo) passes the sandbox's demo credentials in INFISICAL_DEMO_PROFILE; they
 * are stored in SecretStorage like any sign-in, once per window, when the view is first shown:
 * when there is no profile yet, or when the demo profile has no secret here (code-server keeps
 * SecretStorage per browser: a second browser starts without it). "Sign In…" never uses them
 * unasked: its first step offers the demo as its first row. The sign-in finds the demo profile
 * by its site and client ID and refreshes it. Returns whether it signed in.
 */
let demoTried = false;
export async function demoSignIn(ext: Ext): Promise<boolean> {
  const raw = process.env.INFISICAL_DEMO_PROFILE;
  if (demoTried || !raw) return false;
  try {
    const args = JSON.parse(raw) as Record<string, unknown>;
    const demo =
      (typeof args.name === 'string' ? ext.profiles.get(args.name) : undefined) ??
      (typeof args.siteUrl === 'string' && args.auth === 'universal-auth' && typeof args.clientId === 'string'
        ? ext.profiles.sameAccount({ siteUrl: args.siteUrl, auth: args.auth, clientId: args.clientId }, '')
        : undefined);
    const needed =
      ext.profiles.all().length === 0 || (demo !== undefined && !(await ext.profiles.isSignedIn(demo)));
    if (!needed || demoTried) return false;
    demoTried = true;
    await vscode.commands.executeCommand('infisical.signIn', args);
    return true;
  } catch (error) {
    demoTried = true;
    ext.log.warn(`demo sign-in failed: ${(error as Error).message}`);
    return false;
  }
}

/** The demo signs in when the App Connections view is first shown (now, if it already is). */
export function signInDemoWhenShown(ext: Ext, view: vscode.TreeView<unknown>): void {
  ext.context.subscriptions.push(
    view.onDidChangeVisibility((e) => {
      if (e.visible) void demoSignIn(ext);
    }),
  );
  if (view.visible) void demoSignIn(ext);
}
