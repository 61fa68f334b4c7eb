import * as vscode from 'vscode';
import type { ResourceRef } from '../core/edit/adapters';
import { RESOURCE_KINDS } from '../core/resources';
import type { SaveOutcome } from './saveEdit';

type Saved = Extract<SaveOutcome<unknown>, { status: 'saved' }>;

/**
 * What a save the server answered 200 to says, whichever editor sent it (a form or an
 * `infisical:` document): the same outcome gets the same notification. What the server
 * ignored is not saved, whatever the status said: then it is a warning naming it.
 */
export function savedMessage(target: Pick<ResourceRef, 'resource' | 'label'>, outcome: Saved): string {
  const what = RESOURCE_KINDS[target.resource].title({ name: target.label });
  const kept = outcome.changes.map((c) => c.field).join(', ');
  if (!outcome.ignored.length) return `Saved ${what} to Infisical${kept ? `: ${kept}` : ''}.`;
  const saved = kept ? `Saved ${kept} of ${what} to Infisical. ` : '';
  return `${saved}Not saved: ${outcome.ignored.map((i) => i.message).join('; ')}.`;
}

export function announceSaved(target: Pick<ResourceRef, 'resource' | 'label'>, outcome: Saved): void {
  const text = savedMessage(target, outcome);
  if (outcome.ignored.length) void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
}
