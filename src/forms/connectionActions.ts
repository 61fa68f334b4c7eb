import type { AppConnection } from '../core/schemas/appConnection';
import type { FormActions } from './definitions';
import { canRotateNow } from './fields';

/**
 * A connection form's actions besides save: rotate the client secret now, re-authorize (OAuth).
 * The flows load when used: the form definitions are plain data that unit tests read without VS Code.
 */
export const connectionActions: FormActions<AppConnection> = {
  async rotateNow({ ext, target, base, fetch, rebase }) {
    if (!canRotateNow(base))
      return { status: 'error', message: 'Rotation is not configured for this connection.' };
    const { rotateConnection } = await import('../flows/rotate.js');
    let fresh: AppConnection | undefined;
    const rotated = await rotateConnection(
      ext,
      { profile: target.profile, id: target.id, name: base.name },
      async (session, signal, report) => {
        report('loading the new state…');
        fresh = await fetch(session, signal);
      },
    );
    if (!rotated) return { status: 'not-sent', reason: 'cancelled' };
    rebase(fresh);
    return { status: 'done' };
  },

  async reauthorize({ ext, target, base }) {
    const [{ reauthorizeConnection }, { describeError }] = await Promise.all([
      import('../flows/webApp.js'),
      import('../ui/errors.js'),
    ]);
    // Not awaited: it waits on a notification the user may leave open for long.
    void reauthorizeConnection(ext, target.profile, base).catch((error) =>
      ext.log.error(`re-authorize ${target.id}: ${ext.log.redact(describeError(error))}`),
    );
    return { status: 'done' };
  },
};
