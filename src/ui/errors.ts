import * as vscode from 'vscode';
import { type FieldIssue, formatIssue, InfisicalError } from '../core/api/errors';
import type { Log } from './log';

/**
 * Where errors are worded for a person, on every surface (commands, trees, forms, documents).
 * What the API client's own failures say (HTTP statuses, TLS, network) is worded in
 * core/api/messages.ts; this module decides how any failure reaches the user.
 */

/** Raised for a failure whose message is already for a person. */
export class UserError extends Error {}

/** Error text for a person: never a stack, never `[object Object]`. */
export function describeError(error: unknown): string {
  if (error instanceof InfisicalError || error instanceof UserError) return error.message;
  if (error instanceof vscode.CancellationError) return 'Cancelled.';
  if (error instanceof Error && error.message) return `Unexpected error: ${error.message}`;
  return 'Unexpected error.';
}

/** The first few field issues in one line: `field: message; …; and N more`. */
export function describeIssues(issues: FieldIssue[]): string {
  const shown = issues.slice(0, 3).map(formatIssue).join('; ');
  return issues.length > 3 ? `${shown}; and ${issues.length - 3} more` : shown;
}

/** Whether an error only says the user cancelled (which is not an error to report). */
export function isCancellation(error: unknown): boolean {
  return InfisicalError.is(error, 'cancelled') || error instanceof vscode.CancellationError;
}

export interface ErrorActions {
  signIn?: () => unknown;
  refresh?: () => unknown;
}

/**
 * Shows an error once, with the server's reason and "Show Logs", and logs it (redacted).
 * Cancellation is not an error.
 */
export async function reportError(
  log: Log,
  what: string,
  error: unknown,
  actions: ErrorActions = {},
): Promise<void> {
  if (isCancellation(error)) {
    log.info(`${what}: cancelled`);
    return;
  }
  const message = log.redact(describeError(error));
  const detail = InfisicalError.is(error) ? ` [${error.detail}]` : '';
  log.error(`${what} failed: ${message}${detail}`);
  if (
    !(error instanceof InfisicalError || error instanceof UserError) &&
    error instanceof Error &&
    error.stack
  ) {
    log.trace(error.stack);
  }
  const buttons: string[] = [];
  const needsSignIn =
    InfisicalError.is(error, 'not-signed-in') || (InfisicalError.is(error) && error.status === 401);
  if (needsSignIn && actions.signIn) buttons.push('Sign In');
  if (InfisicalError.is(error) && error.status === 404 && actions.refresh) buttons.push('Refresh');
  buttons.push('Show Logs');
  const choice = await vscode.window.showErrorMessage(`${what}: ${message}`, ...buttons);
  if (choice === 'Show Logs') log.show();
  else if (choice === 'Sign In') await actions.signIn?.();
  else if (choice === 'Refresh') await actions.refresh?.();
}
