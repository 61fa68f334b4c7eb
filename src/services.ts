import type * as vscode from 'vscode';
import { Profiles } from './auth/profiles';
import type { Sessions } from './auth/sessions';
import type { Ext } from './context';
import { InfisicalError } from './core/api/errors';
import { Log } from './ui/log';
import { Snapshots } from './ui/snapshots';

/**
 * The shared context, built without I/O: the session cache (and with it the API layer and zod)
 * loads on the first `sessions()`. What a refresh redraws is the views', given by the caller
 * because the views themselves are built with this context.
 */
export function createExt(
  context: vscode.ExtensionContext,
  refresh: Pick<Ext, 'refreshAll' | 'refreshAfterChange'>,
): Ext {
  const log = new Log();
  const profiles = new Profiles(context.globalState, context.secrets);
  let sessions: Promise<Sessions> | undefined;
  const userAgent = `infisical-access-vscode/${context.extension.packageJSON.version}`;
  const ext: Ext = {
    context,
    log,
    profiles,
    sessions: () => {
      sessions ??= import('./auth/sessions.js').then((m) => new m.Sessions(profiles, log, userAgent));
      return sessions;
    },
    session: async (given) => {
      const profile = typeof given === 'string' ? profiles.get(given) : given;
      if (!profile)
        throw new InfisicalError({
          kind: 'not-signed-in',
          message: `Profile "${String(given)}" no longer exists: sign in again.`,
        });
      return (await ext.sessions()).session(profile);
    },
    refreshAll: () => refresh.refreshAll(),
    refreshAfterChange: (resource) => refresh.refreshAfterChange(resource),
    snapshots: new Snapshots(),
  };
  context.subscriptions.push(log, profiles, ext.snapshots);
  return ext;
}
