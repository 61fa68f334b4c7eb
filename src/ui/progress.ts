import * as vscode from 'vscode';
import { isCancellation } from './errors';

/**
 * The one bridge from VS Code's cancellation to the AbortSignal every request takes: the signal
 * aborts when `token` is cancelled. Dispose the result when the work is over.
 */
export function abortSignalOf(token: vscode.CancellationToken): vscode.Disposable & { signal: AbortSignal } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => subscription.dispose() };
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
      const abort = abortSignalOf(token);
      try {
        return await work(abort.signal, (message) => progress.report({ message }));
      } catch (error) {
        if (isCancellation(error)) onCancelled?.();
        throw error;
      } finally {
        abort.dispose();
      }
    },
  );
}
