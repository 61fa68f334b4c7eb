import * as vscode from 'vscode';
import { webAppUrl } from '../auth/profiles';
import type { Ext } from '../context';
import { UserError } from '../ui/errors';

/** Opens a page of Infisical's web app for a profile's organization. */
async function openInWebApp(ext: Ext, profileName: string, path: (orgId: string) => string): Promise<void> {
  const profile = ext.profiles.get(profileName);
  if (!profile) throw new UserError(`Profile "${profileName}" no longer exists: sign in again.`);
  const orgId = ext.profiles.org(profile.name)?.id ?? '';
  await vscode.env.openExternal(vscode.Uri.parse(webAppUrl(profile.siteUrl, path(orgId))));
}

export function openConnectionInWebApp(
  ext: Ext,
  profileName: string,
  connection: { projectId?: string | null },
): Promise<void> {
  const projectId = connection.projectId;
  return openInWebApp(ext, profileName, (org) =>
    projectId
      ? `/organizations/${org}/projects/secret-management/${projectId}/app-connections`
      : `/organizations/${org}/app-connections`,
  );
}

export function openIdentityInWebApp(ext: Ext, profileName: string, identityId: string): Promise<void> {
  return openInWebApp(ext, profileName, (org) => `/organizations/${org}/identities/${identityId}`);
}

/**
 * Re-authorizing an OAuth connection happens in the web app (Microsoft sends the code there),
 * from the view's menu or the connection's form alike. Not to be awaited by a form: the
 * notification may stay open for long.
 */
export async function reauthorizeConnection(
  ext: Ext,
  profileName: string,
  connection: { name: string; projectId?: string | null },
): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    `"${connection.name}" uses OAuth. Microsoft sends the authorization code to Infisical's web app, so it can only be re-authorized there: open the connection in the web app and choose "Reconnect".`,
    'Open in Infisical',
  );
  if (choice) await openConnectionInWebApp(ext, profileName, connection);
}
