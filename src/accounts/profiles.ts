import * as vscode from 'vscode';
import { credentialsPlace, type Profile } from '../auth/profiles';
import type { Ext } from '../context';

/** Picks a profile by quick pick (or takes the one given). */
export async function pickProfile(ext: Ext, title: string, given?: unknown): Promise<Profile | undefined> {
  if (typeof given === 'string') return ext.profiles.get(given);
  const profiles = ext.profiles.all();
  if (profiles.length === 0) {
    vscode.window.showInformationMessage('No Infisical profiles yet: sign in first.');
    return undefined;
  }
  const active = ext.profiles.active()?.name;
  const items = await Promise.all(
    profiles.map(async (p) => ({
      label: p.name,
      description: `${ext.profiles.org(p.name)?.name ?? ''} · ${new URL(p.siteUrl).host}`,
      detail: `${p.auth === 'universal-auth' ? 'Universal Auth' : 'Access token'}${(await ext.profiles.isSignedIn(p)) ? '' : ` · no credentials ${credentialsPlace()}`}${p.name === active ? ' · active' : ''}`,
      profile: p,
    })),
  );
  return (await vscode.window.showQuickPick(items, { title }))?.profile;
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
