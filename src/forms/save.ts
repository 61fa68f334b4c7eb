import type { Ext } from '../context';
import type { ResourceRef } from '../core/edit/adapters';
import { announceSaved } from '../save/announce';
import { saveEdit } from '../save/saveEdit';
import { type FormDefinition, secretValues } from './definitions';
import type { ReplyResult } from './protocol';
import { outcomeReply } from './replies';

/**
 * The save of a form: the edited fields go through the save every editor shares (validate,
 * conflict check, confirm, minimal PATCH); the reply tells the page what happened. Returns the
 * server's state the form now stands on (the saved one, or the one that already held the edit).
 */
export async function saveForm<S>(
  ext: Ext,
  form: FormDefinition<S>,
  target: ResourceRef,
  base: S,
  edited: Record<string, unknown>,
): Promise<{ reply: ReplyResult; base?: S }> {
  for (const secret of secretValues(edited)) ext.log.addSecret(secret);
  const outcome = await saveEdit<S>(ext, {
    adapter: form.adapter,
    ref: target,
    title: form.subject(base, target),
    base,
    edited,
    editSide: (current) => form.editText(current, edited, target),
    summaryShown: true,
  });
  const reply = outcomeReply(outcome, (server) => ({
    server: form.fields(server),
    meta: form.meta(server, target),
  }));
  if (outcome.status === 'saved') {
    ext.refreshAfterChange(target.resource);
    announceSaved(target, outcome);
    return { reply, base: outcome.server };
  }
  // The server already holds the edit: the form follows the server.
  if (outcome.status === 'unchanged' && outcome.server !== base) return { reply, base: outcome.server };
  return { reply };
}
