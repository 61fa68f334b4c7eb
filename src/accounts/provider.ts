import * as vscode from 'vscode';
import type { Ext } from '../context';

export const AUTH_PROVIDER_ID = 'infisical';

/**
 * Infisical sessions in VS Code's Accounts menu: one per signed-in profile. Signing out there
 * removes the profile's secrets. Listing sessions never touches the network: the token shown is
 * the one cached in SecretStorage.
 */
export class InfisicalAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed =
    new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private known = new Map<string, vscode.AuthenticationSession>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly ext: Ext,
    private readonly signIn: () => Promise<string | undefined>,
    private readonly signOut: (profile: string) => Promise<void>,
  ) {
    this.subscription = ext.profiles.onDidChange(() => void this.announce());
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const sessions: vscode.AuthenticationSession[] = [];
    for (const profile of this.ext.profiles.all()) {
      const credential = await this.ext.profiles.credential(profile);
      if (!credential) continue;
      const cached =
        profile.auth === 'access-token'
          ? credential
          : (await this.ext.profiles.session(profile.name))?.accessToken;
      const org = this.ext.profiles.org(profile.name);
      sessions.push({
        id: profile.name,
        accessToken: cached ?? '',
        account: { id: profile.name, label: org ? `${profile.name} (${org.name})` : profile.name },
        scopes: [],
      });
    }
    return sessions;
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const name = await this.signIn();
    const session = name ? (await this.getSessions()).find((s) => s.id === name) : undefined;
    if (!session) throw new Error('Sign-in to Infisical was cancelled.');
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.signOut(sessionId);
  }

  /** Tells VS Code which sessions came and went since last time. */
  private async announce(): Promise<void> {
    const now = new Map((await this.getSessions()).map((s) => [s.id, s]));
    const added = [...now.values()].filter((s) => !this.known.has(s.id));
    const removed = [...this.known.values()].filter((s) => !now.has(s.id));
    const changed = [...now.values()].filter((s) => {
      const before = this.known.get(s.id);
      return before && (before.accessToken !== s.accessToken || before.account.label !== s.account.label);
    });
    this.known = now;
    if (added.length || removed.length || changed.length) this.changed.fire({ added, removed, changed });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
