import * as vscode from 'vscode';
import { InfisicalError } from '../core/api/errors';
import type { Log } from '../log';

/** Raised by a command for a failure whose message is already for a person. */
export class UserError extends Error {}

/** Error text for a person: never a stack, never `[object Object]`. */
export function describeError(error: unknown): string {
  if (error instanceof InfisicalError || error instanceof UserError) return error.message;
  if (error instanceof vscode.CancellationError) return 'Cancelled.';
  if (error instanceof Error && error.message) return `Unexpected error: ${error.message}`;
  return 'Unexpected error.';
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

/** Whether an error only says the user cancelled (which is not an error to report). */
export function isCancellation(error: unknown): boolean {
  return InfisicalError.is(error, 'cancelled') || error instanceof vscode.CancellationError;
}

/**
 * Runs slow work under a cancellable notification; the AbortSignal stops the request when
 * the user cancels. A stopped write may still have reached the server: `onCancelled` lets the
 * caller show the server's state again (refresh a view) before the cancellation propagates.
 */
export function withProgress<T>(
  title: string,
  work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
  onCancelled?: () => void,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await work(controller.signal, (message) => progress.report({ message }));
      } catch (error) {
        if (isCancellation(error)) onCancelled?.();
        throw error;
      } finally {
        sub.dispose();
      }
    },
  );
}
