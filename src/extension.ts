import type * as vscode from 'vscode';

/**
 * Activation builds services and registers contributions only: no network I/O and no
 * work that can wait (see BENCHMARKS.md for the measured cost).
 */
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
