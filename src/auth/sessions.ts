import * as vscode from 'vscode';
import type { Log } from '../ui/log';
import type { Profile, Profiles } from './profiles';
import { ProfileSession } from './session';

/** How long a request may wait for Infisical's answer (`infisical.requestTimeoutSeconds`). */
export function requestTimeoutMs(): number {
  const seconds = vscode.workspace.getConfiguration('infisical').get<number>('requestTimeoutSeconds', 15);
  return Math.min(300, Math.max(1, Number.isFinite(seconds) ? seconds : 15)) * 1000;
}

/**
 * The per-profile session cache: one ProfileSession (API client, token renewal) per profile,
 * rebuilt when the profile's settings change. It needs the API client (and so zod): loaded on
 * first use, never at activation.
 */
export class Sessions {
  private readonly sessions = new Map<string, { key: string; session: ProfileSession }>();

  constructor(
    private readonly profiles: Profiles,
    private readonly log: Log,
    private readonly userAgent: string,
  ) {}

  session(profile: Profile): ProfileSession {
    const timeoutMs = requestTimeoutMs();
    const key = JSON.stringify([profile.siteUrl, profile.auth, profile.clientId, timeoutMs]);
    const existing = this.sessions.get(profile.name);
    if (existing?.key === key) return existing.session;
    const session = new ProfileSession(profile, this.profiles, this.log, {
      userAgent: this.userAgent,
      timeoutMs,
      onRetry: (e) => {
        const seconds = Math.ceil(e.delayMs / 1000);
        const why = e.status === 429 ? 'Infisical rate limit' : `${e.status ?? 'network'} error`;
        vscode.window.setStatusBarMessage(`$(sync~spin) ${why}: retrying in ${seconds} s…`, e.delayMs);
      },
    });
    this.sessions.set(profile.name, { key, session });
    return session;
  }

  /** The active profile's session, or undefined when there is no profile. */
  active(): ProfileSession | undefined {
    const profile = this.profiles.active();
    return profile ? this.session(profile) : undefined;
  }

  forget(name: string): void {
    this.sessions.delete(name);
  }
}
