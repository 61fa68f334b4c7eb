import { createInfisicalApi, type InfisicalApi } from '../core/api';
import { InfisicalError } from '../core/api/errors';
import type { Organization } from '../core/schemas/auth';
import { checkSiteUrl } from '../core/site';
import type { Output } from './io';

/**
 * Credentials and site from the environment only (never flags, never files), under the names
 * Infisical's own CLI reads (its `cli/packages/util/constants.go` and `infisical login` docs).
 */
export const ENV = {
  token: 'INFISICAL_TOKEN',
  clientId: 'INFISICAL_UNIVERSAL_AUTH_CLIENT_ID',
  clientSecret: 'INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET',
  site: 'INFISICAL_API_URL',
  domain: 'INFISICAL_DOMAIN',
} as const;

/** A failure the CLI explains in one line and exits 1 for. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The site named by the environment (with or without Infisical's `/api` suffix), checked. */
export function envSite(env: NodeJS.ProcessEnv): string | undefined {
  const api = env[ENV.site]?.trim() || undefined;
  const domain = env[ENV.domain]?.trim() || undefined;
  if (api && domain && checkedSite(api, ENV.site) !== checkedSite(domain, ENV.domain))
    throw new CliError(
      `${ENV.site} (${api}) and ${ENV.domain} (${domain}) name different servers: set one of them`,
    );
  const raw = api ?? domain;
  return raw === undefined ? undefined : checkedSite(raw, api ? ENV.site : ENV.domain);
}

export function checkedSite(url: string, where: string): string {
  const checked = checkSiteUrl(url);
  if (!checked.ok) {
    // The extension's own wording names a VS Code setting; the CLI has no such switch.
    const reason = /allowInsecureHttp/.test(checked.reason)
      ? 'http:// would send your credentials unencrypted to a host other than this machine: use https://'
      : checked.reason;
    throw new CliError(`${where}: ${reason}`);
  }
  return checked.url;
}

export interface Session {
  api: InfisicalApi;
  site: string;
  /** The organization of an identity token, or the organizations of a user token. */
  orgs: Organization[];
}

export interface SignInOptions {
  verbose?: boolean;
  /** Per request (ms); the client's default when absent. */
  timeoutMs?: number;
}

type Credentials =
  | { kind: 'token'; token: string }
  | { kind: 'universal-auth'; clientId: string; clientSecret: string };

function credentialsFrom(env: NodeJS.ProcessEnv): Credentials {
  const token = env[ENV.token]?.trim();
  if (token) return { kind: 'token', token };
  const clientId = env[ENV.clientId]?.trim();
  const clientSecret = env[ENV.clientSecret]?.trim();
  if (clientId && clientSecret) return { kind: 'universal-auth', clientId, clientSecret };
  if (clientId || clientSecret)
    throw new CliError(
      `${clientId ? ENV.clientSecret : ENV.clientId} is not set: a machine identity signs in with both ${ENV.clientId} and ${ENV.clientSecret}`,
    );
  throw new CliError(
    `No credentials: set ${ENV.token} (an access token), or ${ENV.clientId} and ${ENV.clientSecret} (a machine identity's Universal Auth). They are read from the environment only.`,
  );
}

const refused = (error: unknown): error is InfisicalError =>
  InfisicalError.is(error, 'http') && error.status === 401;

/** Signs in to `site` and finds the organization(s) of the credentials. No other request. */
export async function signIn(
  site: string,
  env: NodeJS.ProcessEnv,
  out: Output,
  opts: SignInOptions = {},
): Promise<Session> {
  const creds = credentialsFrom(env);
  let token: string | undefined;
  if (creds.kind === 'token') token = creds.token;
  else out.hide(creds.clientSecret);
  out.hide(token);
  const api = createInfisicalApi({
    baseUrl: site,
    getToken: () => token,
    userAgent: 'infisical-azure',
    audience: 'cli',
    timeoutMs: opts.timeoutMs,
    onRequest: opts.verbose
      ? (e) => out.err(`${e.method} ${e.endpoint} ${e.status ?? e.error ?? ''} ${e.ms} ms`)
      : undefined,
    onRetry: (e) =>
      out.err(
        `waiting ${(e.delayMs / 1000).toFixed(1)} s before retrying ${e.method} ${e.endpoint}${e.status ? ` (${e.status})` : ''}`,
      ),
  });
  const host = api.client.host;

  if (creds.kind === 'universal-auth') {
    try {
      const login = await api.auth.universalAuthLogin(creds);
      token = login.accessToken;
      out.hide(token);
    } catch (error) {
      if (InfisicalError.is(error, 'http') && error.status !== undefined && error.status < 500)
        throw new CliError(
          `${host} refused the Universal Auth login (${error.status}${error.serverMessage ? `: ${error.serverMessage}` : ''}). Check ${ENV.clientId} and ${ENV.clientSecret}, and that this identity has Universal Auth on ${site}.`,
        );
      throw error;
    }
  }

  const source = creds.kind === 'token' ? ENV.token : 'the Universal Auth access token';
  try {
    return { api, site, orgs: [await api.auth.identityOrganization()] };
  } catch (error) {
    const fallBack =
      InfisicalError.is(error, 'http') &&
      (error.status === 401 || error.status === 403 || error.status === 404);
    if (!fallBack) throw error;
  }
  try {
    return { api, site, orgs: await api.auth.userOrganizations() };
  } catch (error) {
    if (refused(error))
      throw new CliError(
        `${host} did not accept ${source} (401${error.serverMessage ? `: ${error.serverMessage}` : ''}): it is expired, revoked or for another server. Set a fresh one.`,
      );
    throw error;
  }
}

/** The organization to check a file against: the file's own when the credentials have it. */
export function orgFor(session: Session, wanted: string): Organization | undefined {
  return session.orgs.find((o) => o.id === wanted) ?? session.orgs[0];
}
