import * as vscode from 'vscode';
import type { ProfileSession } from '../auth/session';
import type { Ext } from '../context';
import { withProgress } from '../ui/progress';

/**
 * "Rotate now" of a client-secret connection, from the view's menu or from its form: one
 * confirmation, one cancellable progress, one result message. Returns false when the user
 * declined. `andThen` runs under the same progress after the rotation (the form reloads the
 * connection there). A cancelled rotation may still have reached Infisical: the view refreshes.
 */
export async function rotateConnection(
  ext: Ext,
  connection: { profile: string; id: string; name: string },
  andThen?: (
    session: ProfileSession,
    signal: AbortSignal,
    report: (message: string) => void,
  ) => Promise<void>,
): Promise<boolean> {
  const { name } = connection;
  const ok = await vscode.window.showWarningMessage(
    `Rotate the client secret of "${name}" now?`,
    { modal: true, detail: 'Infisical creates a new client secret in Entra ID and retires the old one.' },
    'Rotate Now',
  );
  if (!ok) return false;
  const session = await ext.session(connection.profile);
  await withProgress(
    `Rotating ${name}…`,
    async (signal, report) => {
      await session.api.connections.rotateAzureClientSecrets(connection.id, { signal });
      ext.log.info(`rotated connection ${connection.id}`);
      await andThen?.(session, signal, report);
    },
    () => ext.refreshAfterChange('connection'),
  );
  ext.refreshAfterChange('connection');
  vscode.window.showInformationMessage(`Rotated the credentials of "${name}".`);
  return true;
}
