import { type FieldIssue, InfisicalError } from '../core/api/errors';
import { azureAuthFieldOfMessage } from '../core/fields/azureAuth';
import { connectionFieldOfMessage } from '../core/fields/connection';
import type { SaveOutcome } from '../save/saveEdit';
import type { FormMeta, ReplyResult } from './protocol';

/** How a save's outcome reaches the form: the new server view and meta on success. */
export function outcomeReply<S>(
  outcome: SaveOutcome<S>,
  present: (server: S) => { server: Record<string, unknown>; meta: FormMeta },
): ReplyResult {
  switch (outcome.status) {
    case 'saved':
      return {
        status: 'saved',
        ...present(outcome.server),
        changes: outcome.changes.map((c) => c.field),
        ignored: outcome.ignored.map((i) => i.message),
      };
    case 'unchanged':
      return { status: 'unchanged' };
    case 'not-sent':
      return { status: 'not-sent', reason: outcome.reason };
    case 'invalid':
      return { status: 'invalid', issues: outcome.issues, fromServer: outcome.fromServer };
  }
}

/**
 * A failed save: a 400 whose sentence is about one field lands on that field (as a server
 * issue); anything else is an error shown at the top of the form.
 */
export function errorReply(
  error: unknown,
  resource: FormMeta['resource'],
  describe: (error: unknown) => string,
): ReplyResult {
  if (InfisicalError.is(error) && error.status === 400 && error.serverMessage) {
    const path = fieldOfServerMessage(resource, error.serverMessage);
    if (path) {
      const issue: FieldIssue = { path, message: error.serverMessage, code: error.code ?? 'BadRequest' };
      return { status: 'invalid', issues: [issue], fromServer: true };
    }
  }
  return { status: 'error', message: describe(error) };
}

/** Infisical's 400 sentences (see the API contract) and the request field each is about. */
const SERVER_MESSAGE_FIELD: Record<FormMeta['resource'], (message: string) => string[] | undefined> = {
  connection: connectionFieldOfMessage,
  'azure-auth': (message) => {
    const field = azureAuthFieldOfMessage(message);
    return field ? [field] : undefined;
  },
};

export function fieldOfServerMessage(resource: FormMeta['resource'], message: string): string[] | undefined {
  return SERVER_MESSAGE_FIELD[resource](message);
}
