import type * as vscode from 'vscode';
import type { Profile, Profiles } from './auth/profiles';
import type { ProfileSession } from './auth/session';
import type { Sessions } from './auth/sessions';
import type { ResourceType } from './core/edit/adapters';
import type { Log } from './ui/log';
import type { Snapshots } from './ui/snapshots';

/** What every surface of the extension shares. Built at activation without any I/O. */
export interface Ext {
  context: vscode.ExtensionContext;
  log: Log;
  profiles: Profiles;
  /** The per-profile session cache (and with it the API client), loaded on first use. */
  sessions(): Promise<Sessions>;
  /**
   * The session of a profile, by name or as given; fails with "no longer exists: sign in again"
   * when a named profile is gone.
   */
  session(profile: string | Profile): Promise<ProfileSession>;
  /** Refreshes every view (after a sign-in, a switch). */
  refreshAll(): void;
  /** Refreshes what a change to a resource shows: the connections view, or nothing for Azure Auth. */
  refreshAfterChange(resource: ResourceType): void;
  /** Read-only texts for "server vs. your edit" diffs. */
  snapshots: Snapshots;
}
