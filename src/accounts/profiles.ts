import * as vscode from 'vscode';
import { credentialsPlace, type Profile } from '../auth/profiles';
import type { Ext } from '../context';

/** Picks a profile by quick pick (or takes the one given). */
export async function pickProfile(ext: Ext, title: string, given?: unknown): Promise<Profile | undefined> {
  if (typeof given === 'string') return ext.profiles.get(given);
  if (ext.profiles.all().length === 0) {
    vscode.window.showInformationMessage('No Infisical profiles yet: sign in first.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(await profileRows(ext), { title }))?.profile;
}

export type ProfileRow = vscode.QuickPickItem & { profile?: Profile };

/** The label of the switcher's last row, which starts a sign-in to another account. */
export const SIGN_IN_ROW = '$(add) Sign in to another account…';

/**
 * The status bar's profile switcher: every profile, then a row that signs in to another
 * account (the palette's "Sign In…" would otherwise be the only way). Returns the profile
 * picked, 'sign-in' for the last row, or undefined.
 */
export async function pickProfileOrSignIn(ext: Ext, title: string): Promise<Profile | 'sign-in' | undefined> {
  const rows: ProfileRow[] = [
    ...(await profileRows(ext)),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: SIGN_IN_ROW, description: 'Universal Auth or an access token, on any site' },
  ];
  const picked = await vscode.window.showQuickPick(rows, { title });
  if (!picked) return undefined;
  return picked.profile ?? 'sign-in';
}

/** One row per profile: its organization and host, how it signs in, whether it has credentials here. */
export async function profileRows(ext: Ext): Promise<ProfileRow[]> {
  const active = ext.profiles.active()?.name;
  return Promise.all(
    ext.profiles.all().map(async (p) => ({
      label: p.name,
      description: `${ext.profiles.org(p.name)?.name ?? ''} · ${new URL(p.siteUrl).host}`,
      detail: `${p.auth === 'universal-auth' ? 'Universal Auth' : 'Access token'}${(await ext.profiles.isSignedIn(p)) ? '' : ` · no credentials ${credentialsPlace()}`}${p.name === active ? ' · active' : ''}`,
      profile: p,
    })),
  );
}

/** Signs a profile out: revokes its cached token (best effort) and deletes every secret. */
export async function signOutProfile(ext: Ext, name: string): Promise<void> {
  const profile = ext.profiles.get(name);
  if (!profile) return;
  const cached = profile.auth === 'universal-auth' ? await ext.profiles.session(name) : undefined;
  if (cached) {
    try {
      await (await ext.session(profile)).api.auth.revoke(cached.accessToken);
    } catch (error) {
      ext.log.warn(`sign-out: could not revoke the access token: ${(error as Error).message}`);
    }
  }
  await ext.profiles.signOut(name);
  (await ext.sessions()).forget(name);
  ext.log.info(`signed out of profile "${name}"`);
}
