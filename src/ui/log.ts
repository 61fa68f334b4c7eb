import * as vscode from 'vscode';
import { redact } from '../core/api/errors';

/**
 * The extension's LogOutputChannel (never shown by itself). Everything written goes through
 * `redact`, which removes every secret the extension has handled in this session and any
 * bearer token, so a log at trace level is safe to paste into an issue.
 */
export class Log implements vscode.Disposable {
  /** Created on the first line written: activation has nothing to log. */
  private output?: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  private get channel(): vscode.LogOutputChannel {
    this.output ??= vscode.window.createOutputChannel('Infisical Connections', { log: true });
    return this.output;
  }

  /** Registers a value that must never appear in the log. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  redact(text: string): string {
    return redact(text, [...this.secrets]);
  }

  trace(message: string): void {
    this.channel.trace(this.redact(message));
  }
  info(message: string): void {
    this.channel.info(this.redact(message));
  }
  warn(message: string): void {
    this.channel.warn(this.redact(message));
  }
  error(message: string): void {
    this.channel.error(this.redact(message));
  }
  /** The level VS Code writes this channel at (the user's choice, per extension or global). */
  get level(): vscode.LogLevel {
    return this.channel.logLevel;
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.output?.dispose();
  }
}
