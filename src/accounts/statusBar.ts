import * as vscode from 'vscode';
import { noCredentialsText, profileTitle } from '../auth/profiles';
import type { Ext } from '../context';

/**
 * The status bar's profile item and what the views' headers say about the profile: the
 * organization, and the identities' server-side filter. Redrawn when either changes.
 *
 * A profile whose secret is missing here (SecretStorage is per browser in code-server, per
 * machine on the desktop) says so, and `infisical.profileWithoutCredentials` makes both views
 * welcome the user back with "Sign In Again" instead of a first-time welcome.
 */
export function profileStatus(
  ext: Ext,
  views: { connections: vscode.TreeView<unknown>; identities: vscode.TreeView<unknown> },
  /** The identities tree's server-side filter ('' before its code loads), and its changes. */
  identities: { readonly filter: string; readonly onDidChangeTreeData: vscode.Event<unknown> },
): vscode.Disposable {
  const status = vscode.window.createStatusBarItem('infisical.profile', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Infisical profile';
  let drawn = 0;
  const describe = async () => {
    const ticket = ++drawn;
    const profile = ext.profiles.active();
    const signedIn = profile ? await ext.profiles.isSignedIn(profile).then(undefined, () => false) : false;
    // A later change drew already: this answer is for a profile or secret no longer current.
    if (ticket !== drawn) return;
    const org = profile ? ext.profiles.org(profile.name) : undefined;
    const missing = profile !== undefined && !signedIn;
    const title = profile ? profileTitle(profile.name, org) : '';
    status.text = !profile
      ? '$(shield) Infisical: sign in'
      : missing
        ? `$(warning) ${title}`
        : `$(shield) ${title}`;
    status.tooltip = !profile
      ? 'Sign in to Infisical'
      : missing
        ? `${noCredentialsText(profile.name)}: click to sign in with the same site and client ID (or a token of the same organization), and this profile is restored.`
        : `Infisical profile "${profile.name}" on ${profile.siteUrl}${org ? `, organization ${org.name}` : ''}. Click to switch.`;
    status.backgroundColor = missing ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.command = profile && !missing ? 'infisical.switchProfile' : 'infisical.signIn';
    const header = missing ? `${profile.name}: no credentials` : org?.name;
    views.connections.description = header;
    views.identities.description = [header, identities.filter && `filter: "${identities.filter}"`]
      .filter(Boolean)
      .join(' · ');
    void vscode.commands.executeCommand('setContext', 'infisical.profileWithoutCredentials', missing);
    void vscode.commands.executeCommand('setContext', 'infisical.identities.filtered', !!identities.filter);
    status.show();
  };
  const redraw = () => void describe();
  redraw();
  return vscode.Disposable.from(
    status,
    ext.profiles.onDidChange(redraw),
    identities.onDidChangeTreeData(redraw),
  );
}
