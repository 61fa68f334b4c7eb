import type * as vscode from 'vscode';
import type { Profiles } from './auth/profiles';
import type { Log } from './log';
import type { Services } from './services';

/** What every surface of the extension shares. Built at activation without any I/O. */
export interface Ext {
  context: vscode.ExtensionContext;
  log: Log;
  profiles: Profiles;
  /** The API layer, loaded on first use. */
  services(): Promise<Services>;
  /** Refreshes every view (after a sign-in, a switch, a save). */
  refreshAll(): void;
}
