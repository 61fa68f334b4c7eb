import * as vscode from 'vscode';

export type SignInMethod = 'universal-auth' | 'access-token';

/** A profile as kept in user settings: nothing secret. */
export interface Profile {
  name: string;
  siteUrl: string;
  auth: SignInMethod;
  /** Universal Auth client id (an identifier, not a secret). */
  clientId?: string;
  /**
   * The organization found at sign-in (an identifier, not a secret). Kept with the profile, not
   * only in global state: code-server keeps global state per browser, like SecretStorage, and a
   * sign-in with a token of this organization from another browser must find this profile.
   */
  orgId?: string;
}

export interface OrgInfo {
  id: string;
  name: string;
  slug?: string;
  /** How the organization was found: an identity token or a user token. */
  via: 'identity' | 'user';
}

/** A cached universal-auth access token, kept in SecretStorage only. */
export interface StoredSession {
  accessToken: string;
  /** Epoch ms when the token stops working unless renewed. */
  expiresAt: number;
  /** Epoch ms after which it can no longer be renewed. */
  maxExpiresAt: number;
}

export const SITES = {
  us: 'https://us.infisical.com',
  eu: 'https://eu.infisical.com',
} as const;

const SETTING = 'profiles';
const ACTIVE_KEY = 'infisical.activeProfile';
const ORGS_KEY = 'infisical.organizations';
type SecretName = 'client-secret' | 'access-token' | 'session';
const SECRET_NAMES: SecretName[] = ['client-secret', 'access-token', 'session'];
const secretKey = (profile: string, name: SecretName) => `infisical/${encodeURIComponent(profile)}/${name}`;

/**
 * Profiles: names, sites and client ids in user settings (application scope, so a workspace can
 * never point a token at another server); credentials and tokens in SecretStorage only; the
 * active profile and discovered organizations in global state. Other windows see changes
 * through `onDidChangeConfiguration` and `secrets.onDidChange`.
 */
export class Profiles implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<{
    profile?: string;
    change: 'list' | 'active' | 'secret';
  }>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /**
   * Reads of SecretStorage, kept until the key changes (here or, through onDidChange, in another
   * window). Each read is a round trip to the window, which answers late while it is busy (for
   * example creating a webview): every request needs the token, so it is read once.
   */
  private readonly cache = new Map<string, Thenable<string | undefined>>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`infisical.${SETTING}`)) this.changed.fire({ change: 'list' });
      }),
      secrets.onDidChange((e) => {
        this.cache.delete(e.key);
        const match = /^infisical\/([^/]+)\/(client-secret|access-token)$/.exec(e.key);
        if (match?.[1]) this.changed.fire({ profile: decodeURIComponent(match[1]), change: 'secret' });
      }),
    );
  }

  all(): Profile[] {
    const raw = vscode.workspace.getConfiguration('infisical').get<unknown>(SETTING);
    return Array.isArray(raw) ? raw.filter(isProfile) : [];
  }

  get(name: string): Profile | undefined {
    return this.all().find((p) => p.name === name);
  }

  active(): Profile | undefined {
    const all = this.all();
    const name = this.state.get<string>(ACTIVE_KEY);
    return all.find((p) => p.name === name) ?? all[0];
  }

  async setActive(name: string): Promise<void> {
    await this.state.update(ACTIVE_KEY, name);
    this.changed.fire({ profile: name, change: 'active' });
  }

  org(name: string): OrgInfo | undefined {
    return this.state.get<Record<string, OrgInfo>>(ORGS_KEY)?.[name];
  }

  async setOrg(name: string, org: OrgInfo | undefined): Promise<void> {
    const all = { ...this.state.get<Record<string, OrgInfo>>(ORGS_KEY) };
    if (org) all[name] = org;
    else delete all[name];
    await this.state.update(ORGS_KEY, all);
  }

  /** Adds or replaces a profile and stores its credential. */
  async save(profile: Profile, credential: string, org: OrgInfo): Promise<void> {
    await this.signOut(profile.name, { quiet: true });
    await this.write(
      secretKey(profile.name, profile.auth === 'universal-auth' ? 'client-secret' : 'access-token'),
      credential,
    );
    await this.setOrg(profile.name, org);
    const others = this.all().filter((p) => p.name !== profile.name);
    const clean: Profile = { name: profile.name, siteUrl: profile.siteUrl, auth: profile.auth };
    if (profile.clientId) clean.clientId = profile.clientId;
    clean.orgId = org.id;
    await vscode.workspace
      .getConfiguration('infisical')
      .update(SETTING, [...others, clean], vscode.ConfigurationTarget.Global);
    await this.setActive(profile.name);
  }

  /** Deletes every secret of the profile; the profile itself stays, signed out. */
  async signOut(name: string, opts: { quiet?: boolean } = {}): Promise<void> {
    for (const secret of SECRET_NAMES) await this.write(secretKey(name, secret), undefined);
    if (!opts.quiet) this.changed.fire({ profile: name, change: 'secret' });
  }

  async remove(name: string): Promise<void> {
    await this.signOut(name, { quiet: true });
    await this.setOrg(name, undefined);
    await vscode.workspace.getConfiguration('infisical').update(
      SETTING,
      this.all().filter((p) => p.name !== name),
      vscode.ConfigurationTarget.Global,
    );
    if (this.state.get<string>(ACTIVE_KEY) === name) await this.state.update(ACTIVE_KEY, undefined);
    this.changed.fire({ profile: name, change: 'list' });
  }

  /**
   * The profile a sign-in with these credentials refreshes instead of adding a copy: the same
   * site and client ID (Universal Auth), or the same site and organization (access token). The
   * active profile wins when older versions left several.
   */
  sameAccount(draft: Pick<Profile, 'siteUrl' | 'auth' | 'clientId'>, orgId: string): Profile | undefined {
    const site = trimSlashes(draft.siteUrl);
    const same = this.all().filter(
      (p) =>
        trimSlashes(p.siteUrl) === site &&
        p.auth === draft.auth &&
        (p.auth === 'universal-auth'
          ? p.clientId !== undefined && p.clientId.toLowerCase() === draft.clientId?.toLowerCase()
          : (p.orgId ?? this.org(p.name)?.id) === orgId),
    );
    const active = this.state.get<string>(ACTIVE_KEY);
    return same.find((p) => p.name === active) ?? same[0];
  }

  credential(profile: Profile): Thenable<string | undefined> {
    return this.read(
      secretKey(profile.name, profile.auth === 'universal-auth' ? 'client-secret' : 'access-token'),
    );
  }

  async session(name: string): Promise<StoredSession | undefined> {
    const raw = await this.read(secretKey(name, 'session'));
    if (!raw) return undefined;
    try {
      const s = JSON.parse(raw) as Partial<StoredSession>;
      return typeof s.accessToken === 'string' &&
        typeof s.expiresAt === 'number' &&
        typeof s.maxExpiresAt === 'number'
        ? (s as StoredSession)
        : undefined;
    } catch {
      return undefined;
    }
  }

  async storeSession(name: string, session: StoredSession | undefined): Promise<void> {
    await this.write(secretKey(name, 'session'), session && JSON.stringify(session));
  }

  async isSignedIn(profile: Profile): Promise<boolean> {
    return (await this.credential(profile)) !== undefined;
  }

  private read(key: string): Thenable<string | undefined> {
    let value = this.cache.get(key);
    if (!value) {
      value = this.secrets.get(key).then(undefined, (error: unknown) => {
        this.cache.delete(key);
        throw error;
      });
      this.cache.set(key, value);
    }
    return value;
  }

  private async write(key: string, value: string | undefined): Promise<void> {
    this.cache.delete(key);
    try {
      if (value === undefined) await this.secrets.delete(key);
      else await this.secrets.store(key, value);
    } finally {
      this.cache.delete(key);
    }
  }

  dispose(): void {
    this.cache.clear();
    for (const d of this.disposables) d.dispose();
  }
}

function isProfile(value: unknown): value is Profile {
  const p = value as Partial<Profile> | null;
  return (
    typeof p?.name === 'string' &&
    typeof p.siteUrl === 'string' &&
    (p.auth === 'universal-auth' || p.auth === 'access-token')
  );
}

const trimSlashes = (url: string) => url.replace(/\/+$/, '');

/**
 * Where this window's SecretStorage keeps credentials: the browser's storage in VS Code for the
 * Web and code-server (a second browser starts without them), the OS keychain on the desktop.
 */
export function credentialsPlace(): string {
  return vscode.env.uiKind === vscode.UIKind.Web ? 'in this browser' : 'on this machine';
}

/** What a profile without its secret here says (status bar, pickers, prompts). */
export function noCredentialsText(name: string): string {
  return `${name} has no credentials ${credentialsPlace()} — Sign In again`;
}

/** A profile's name and its organization's, the organization once when the profile is named after it. */
export function profileTitle(name: string, org: OrgInfo | undefined): string {
  return org && org.name !== name ? `${name} · ${org.name}` : name;
}

/** The web app's URL for a site (self-hosted servers serve it from the same origin). */
export function webAppUrl(siteUrl: string, path = ''): string {
  return `${siteUrl.replace(/\/+$/, '')}${path}`;
}
