import * as vscode from 'vscode';
import { reportError } from '../ui/errors';
import * as accounts from './accounts';
import * as config from './config';
import * as connections from './connections';
import type { CommandDeps } from './deps';
import * as identities from './identities';

export type CommandHandler = (...args: never[]) => Promise<unknown>;
type Handler = (deps: CommandDeps, ...args: never[]) => unknown;

/**
 * Every command: its id (as package.json contributes it), the title its errors are reported
 * under, and its handler. The one place that says which code runs for which command.
 */
const COMMANDS: Record<string, [title: string, handler: Handler]> = {
  'infisical.signIn': ['Sign in to Infisical', accounts.signIn],
  'infisical.signOut': ['Sign out', accounts.signOut],
  'infisical.switchProfile': ['Switch profile', accounts.switchProfile],
  'infisical.removeProfile': ['Remove profile', accounts.removeProfile],
  'infisical.showLogs': ['Show logs', accounts.showLogs],

  'infisical.refreshConnections': ['Refresh app connections', connections.refresh],
  'infisical.showMoreConnections': ['Show more connections', connections.showMore],
  'infisical.goToConnection': ['Go to connection', connections.goTo],
  'infisical.revealConnection': ['Reveal connection', connections.reveal],
  'infisical.copyConnectionId': ['Copy ID', connections.copyId],
  'infisical.viewConnectionJson': ['View connection as JSON', connections.viewJson],
  'infisical.openConnectionInWebApp': ['Open in Infisical', connections.openInWebApp],
  'infisical.reauthorizeConnection': ['Re-authorize', connections.reauthorize],
  'infisical.rotateConnection': ['Rotate credentials', connections.rotate],
  'infisical.editConnection': ['Edit connection', connections.edit],
  'infisical.editConnectionJson': ['Edit connection as JSON', connections.editJson],
  'infisical.replaceCredentials': ['Replace credentials', connections.replaceCredentials],
  'infisical.forgetCredentials': ['Forget held credentials', connections.forgetHeldCredentials],

  'infisical.refreshIdentities': ['Refresh machine identities', identities.refresh],
  'infisical.loadMoreIdentities': ['Load more identities', identities.loadMore],
  'infisical.filterIdentities': ['Filter identities', identities.filter],
  'infisical.clearIdentityFilter': ['Clear filter', identities.clearFilter],
  'infisical.copyIdentityId': ['Copy ID', identities.copyId],
  'infisical.openIdentityInWebApp': ['Open in Infisical', identities.openInWebApp],
  'infisical.viewAuthMethod': ['View auth method', identities.viewAuthMethod],
  'infisical.editAzureAuth': ['Edit Azure Auth', identities.editAzureAuth],
  'infisical.editAzureAuthJson': ['Edit Azure Auth as JSON', identities.editAzureAuthJson],
  'infisical.attachAzureAuth': ['Attach Azure Auth', identities.attach],
  'infisical.revokeAzureAuth': ['Revoke Azure Auth', identities.revoke],

  'infisical.config.export': ['Export to workspace file', config.exportFile],
  'infisical.config.plan': ['Plan workspace file', config.plan],
  'infisical.config.planAll': ['Plan all workspace files', config.planAll],
  'infisical.config.planReplacingCredentials': [
    'Plan, replacing credentials',
    config.planReplacingCredentials,
  ],
  'infisical.config.apply': ['Apply plan', config.apply],
  'infisical.config.showPlan': ['Show plan', config.showPlan],
  'infisical.config.showDiff': ['Show diff', config.showDiff],
  'infisical.config.moveSecretToSecretStorage': ['Move secret to SecretStorage', config.moveSecret],
  'infisical.config.setStoredReference': ['Set the value kept for a reference', config.setStoredReference],
  'infisical.config.forgetStoredReference': [
    'Forget the value kept for a reference',
    config.forgetStoredReference,
  ],
  'infisical.config.revealInView': ['Reveal in view', config.revealInView],
  'infisical.config.revealInFile': ['Reveal in workspace file', config.revealInFile],
};

/**
 * The handlers, each behind one wrapper that reports a failure once (with "Show Logs", and
 * "Sign In" or "Refresh" where they help) and logs it. This module loads on the first
 * command: activation registers the ids only (src/extension.ts).
 */
export function commandTable(deps: CommandDeps): Map<string, CommandHandler> {
  const actions = {
    signIn: () => vscode.commands.executeCommand('infisical.signIn'),
    refresh: () => deps.ext.refreshAll(),
  };
  return new Map(
    Object.entries(COMMANDS).map(([id, [title, handler]]) => [
      id,
      async (...args: never[]) => {
        try {
          return await handler(deps, ...args);
        } catch (error) {
          await reportError(deps.ext.log, title, error, actions);
          return undefined;
        }
      },
    ]),
  );
}
