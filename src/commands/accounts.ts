import * as vscode from 'vscode';
import { pickProfile, pickProfileOrSignIn, signOutProfile } from '../accounts/profiles';
import { noCredentialsText, profileTitle } from '../auth/profiles';
import type { CommandDeps } from './deps';

/** Commands about profiles: sign in and out, switch, remove; and the log. */

export async function signIn({ ext }: CommandDeps, args?: unknown): Promise<string | undefined> {
  const { signIn: run } = await import('../accounts/signIn.js');
  const profile = await run(ext, args);
  if (profile) {
    vscode.window.showInformationMessage(
      `Signed in to Infisical: ${profileTitle(profile.name, ext.profiles.org(profile.name))}.`,
    );
  }
  return profile?.name;
}

export async function signOut({ ext }: CommandDeps, name?: string): Promise<void> {
  const profile = await pickProfile(ext, 'Sign out of which profile?', name);
  if (profile) await signOutProfile(ext, profile.name);
}

export async function switchProfile(deps: CommandDeps, name?: string): Promise<void> {
  const { ext } = deps;
  const profile =
    typeof name === 'string' || ext.profiles.all().length === 0
      ? await pickProfile(ext, 'Switch to profile', name)
      : await pickProfileOrSignIn(ext, 'Switch to profile');
  if (profile === 'sign-in') {
    await signIn(deps);
    return;
  }
  if (!profile) return;
  await ext.profiles.setActive(profile.name);
  if (!(await ext.profiles.isSignedIn(profile))) {
    const choice = await vscode.window.showWarningMessage(
      `${noCredentialsText(profile.name)}.`,
      'Sign In Again',
    );
    if (choice) await signIn(deps);
  }
}

export async function removeProfile({ ext }: CommandDeps, name?: string): Promise<void> {
  const profile = await pickProfile(ext, 'Remove which profile?', name);
  if (!profile) return;
  const ok = await vscode.window.showWarningMessage(
    `Remove profile "${profile.name}"? Its credentials are deleted from this machine.`,
    { modal: true },
    'Remove',
  );
  if (ok) {
    await signOutProfile(ext, profile.name);
    await ext.profiles.remove(profile.name);
  }
}

export function showLogs({ ext }: CommandDeps): void {
  ext.log.show();
}
