import type * as vscode from 'vscode';
import type { Profiles } from './auth/profiles';
import type { Snapshots } from './documents/snapshots';
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
  /** Refreshes what a saved resource changes: the connections tree, or nothing for Azure Auth. */
  refreshAfterSave(kind: 'connection' | 'azure-auth'): void;
  /** Read-only texts for "server vs. your edit" diffs. */
  snapshots: Snapshots;
}
