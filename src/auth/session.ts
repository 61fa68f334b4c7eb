import { createInfisicalApi, type InfisicalApi } from '../core/api';
import type { ClientOptions } from '../core/api/client';
import { InfisicalError } from '../core/api/errors';
import type { AccessTokenResponse, Organization } from '../core/schemas/auth';
import type { Log } from '../ui/log';
import type { OrgInfo, Profile, Profiles, StoredSession } from './profiles';

/** Renew this long before expiry, so no request goes out with a token about to lapse. */
const RENEW_MARGIN_MS = 60_000;

export interface SessionOptions {
  userAgent: string;
  /** `infisical.requestTimeoutSeconds`, in ms (the client's default when absent). */
  timeoutMs?: number;
  now?: () => number;
  onRetry?: ClientOptions['onRetry'];
}

/**
 * One profile's connection to its Infisical site: the API client and the access token behind
 * it. Universal Auth tokens are cached in SecretStorage with their expiry, renewed before they
 * lapse or on a 401 (once), and replaced by a fresh login when renewal is refused.
 */
export class ProfileSession {
  readonly api: InfisicalApi;
  private pending?: Promise<string | undefined>;
  private readonly now: () => number;

  constructor(
    readonly profile: Profile,
    private readonly profiles: Profiles,
    private readonly log: Log,
    options: SessionOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.api = createInfisicalApi({
      baseUrl: profile.siteUrl,
      userAgent: options.userAgent,
      timeoutMs: options.timeoutMs,
      getToken: () => this.token(),
      onUnauthorized: () => this.refresh(),
      onRetry: options.onRetry,
      onRequest: (e) =>
        log.trace(
          `[${profile.name}] ${e.method} ${e.endpoint} → ${e.status ?? e.error ?? '?'} in ${e.ms} ms${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`,
        ),
    });
  }

  /** The access token to send now (undefined when signed out). */
  token(): Promise<string | undefined> {
    this.pending ??= this.currentToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async currentToken(): Promise<string | undefined> {
    const credential = await this.profiles.credential(this.profile);
    this.log.addSecret(credential);
    if (!credential) return undefined;
    if (this.profile.auth === 'access-token') return credential;
    const cached = await this.profiles.session(this.profile.name);
    this.log.addSecret(cached?.accessToken);
    const now = this.now();
    if (cached && cached.expiresAt - now > RENEW_MARGIN_MS) return cached.accessToken;
    if (cached && cached.maxExpiresAt - now > RENEW_MARGIN_MS) {
      const renewed = await this.renew(cached);
      if (renewed) return renewed;
    }
    return this.login(credential);
  }

  /** On a 401: renew, else log in again. Resolves true when a new token is ready. */
  async refresh(): Promise<boolean> {
    if (this.profile.auth === 'access-token') return false;
    const credential = await this.profiles.credential(this.profile);
    if (!credential) return false;
    const cached = await this.profiles.session(this.profile.name);
    if (cached && (await this.renew(cached))) return true;
    try {
      await this.login(credential);
      return true;
    } catch (error) {
      this.log.warn(`[${this.profile.name}] sign-in again failed: ${(error as Error).message}`);
      // Credentials refused: the session is over, say so with the reason. Anything else (the
      // server or the network failing) is what the user needs to hear about as it is.
      if (InfisicalError.is(error, 'http') && [400, 401, 403].includes(error.status ?? 0)) {
        throw new InfisicalError({
          kind: 'http',
          status: 401,
          code: error.code,
          reqId: error.reqId,
          method: error.method,
          endpoint: error.endpoint,
          serverMessage: error.serverMessage,
          message: `The access token expired and signing in again was refused (${error.status}): ${error.serverMessage ?? 'no reason given'}. Check the machine identity's client secret, then sign in again.`,
        });
      }
      throw error;
    }
  }

  private async renew(cached: StoredSession): Promise<string | undefined> {
    try {
      const res = await this.api.auth.renew(cached.accessToken);
      this.log.addSecret(res.accessToken);
      await this.profiles.storeSession(this.profile.name, {
        accessToken: res.accessToken,
        expiresAt: this.now() + res.expiresIn * 1000,
        maxExpiresAt: cached.maxExpiresAt,
      });
      this.log.info(`[${this.profile.name}] access token renewed`);
      return res.accessToken;
    } catch (error) {
      this.log.info(`[${this.profile.name}] renewal refused (${(error as Error).message}); signing in again`);
      await this.profiles.storeSession(this.profile.name, undefined);
      return undefined;
    }
  }

  private async login(clientSecret: string): Promise<string> {
    const res = await universalAuthLogin(this.api, this.profile, clientSecret);
    this.log.addSecret(res.accessToken);
    await this.profiles.storeSession(this.profile.name, toStoredSession(res, this.now()));
    this.log.info(`[${this.profile.name}] signed in with Universal Auth`);
    return res.accessToken;
  }
}

export function toStoredSession(res: AccessTokenResponse, now: number): StoredSession {
  const max = res.accessTokenMaxTTL ?? 0;
  return {
    accessToken: res.accessToken,
    expiresAt: now + res.expiresIn * 1000,
    maxExpiresAt: max > 0 ? now + max * 1000 : Number.MAX_SAFE_INTEGER,
  };
}

/** Universal Auth login, with a message that names the reason when it fails. */
export async function universalAuthLogin(
  api: InfisicalApi,
  profile: Profile,
  clientSecret: string,
  signal?: AbortSignal,
) {
  try {
    return await api.auth.universalAuthLogin({ clientId: profile.clientId ?? '', clientSecret }, { signal });
  } catch (error) {
    if (InfisicalError.is(error) && (error.status === 401 || error.status === 400 || error.status === 403)) {
      throw new InfisicalError({
        kind: 'http',
        status: error.status,
        code: error.code,
        reqId: error.reqId,
        method: error.method,
        endpoint: error.endpoint,
        serverMessage: error.serverMessage,
        message: `Universal Auth sign-in to ${new URL(profile.siteUrl).host} was refused (${error.status}): ${error.serverMessage ?? 'no reason given'}. Check the client ID and client secret of the machine identity.`,
      });
    }
    if (InfisicalError.is(error) && error.status === 404) {
      throw new InfisicalError({
        kind: 'http',
        status: 404,
        method: error.method,
        endpoint: error.endpoint,
        reqId: error.reqId,
        message: `${new URL(profile.siteUrl).host} has no Universal Auth login (404 for ${error.endpoint}). Is ${profile.siteUrl} the address of an Infisical server?`,
      });
    }
    throw error;
  }
}

/**
 * The organization behind a token: identity tokens answer /identities/details, user tokens
 * /organization. `choose` picks when a user belongs to several.
 */
export async function discoverOrganization(
  api: InfisicalApi,
  choose: (orgs: Organization[]) => Promise<Organization | undefined>,
  signal?: AbortSignal,
): Promise<OrgInfo | undefined> {
  try {
    const org = await api.auth.identityOrganization({ signal });
    return { id: org.id, name: org.name, slug: org.slug, via: 'identity' };
  } catch (error) {
    if (
      !InfisicalError.is(error, 'http') ||
      (error.status !== 401 && error.status !== 403 && error.status !== 404)
    ) {
      throw error;
    }
  }
  const orgs = await api.auth.userOrganizations({ signal });
  const org = orgs.length === 1 ? orgs[0] : await choose(orgs);
  return org ? { id: org.id, name: org.name, slug: org.slug, via: 'user' } : undefined;
}
