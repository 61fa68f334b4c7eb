import * as vscode from 'vscode';
import type { Ext } from '../context';
import type { IdentitiesTree } from '../tree/identities';

/**
 * The status bar's profile item and what the views' headers say about the profile: the
 * organization, and the identities' server-side filter. Redrawn when either changes.
 */
export function profileStatus(
  ext: Ext,
  views: { connections: vscode.TreeView<unknown>; identities: vscode.TreeView<unknown> },
  identities: IdentitiesTree,
): vscode.Disposable {
  const status = vscode.window.createStatusBarItem('infisical.profile', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Infisical profile';
  const describe = () => {
    const profile = ext.profiles.active();
    const org = profile ? ext.profiles.org(profile.name) : undefined;
    status.text = profile
      ? `$(shield) ${profile.name}${org ? ` · ${org.name}` : ''}`
      : '$(shield) Infisical: sign in';
    status.tooltip = profile
      ? `Infisical profile "${profile.name}" on ${profile.siteUrl}${org ? `, organization ${org.name}` : ''}. Click to switch.`
      : 'Sign in to Infisical';
    status.command = profile ? 'infisical.switchProfile' : 'infisical.signIn';
    views.connections.description = org?.name;
    views.identities.description = [org?.name, identities.filter && `filter: "${identities.filter}"`]
      .filter(Boolean)
      .join(' · ');
    void vscode.commands.executeCommand('setContext', 'infisical.identities.filtered', !!identities.filter);
    status.show();
  };
  describe();
  return vscode.Disposable.from(
    status,
    ext.profiles.onDidChange(describe),
    identities.onDidChangeTreeData(describe),
  );
}
