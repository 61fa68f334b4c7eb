import { count } from '../text';
import type { HttpMethod } from './client';
import type { ErrorKind } from './errors';

/**
 * What the API client's failures say to a person: what failed, why, and what to do. The client
 * (client.ts) decides which failure it is; the words are all here. How a failure then reaches
 * the user (a toast, a tree node, a form) is src/ui/errors.ts.
 */

export const CANCELLED = 'Cancelled.';

export function notSignedIn(host: string): string {
  return `Not signed in to ${host}: sign in to continue.`;
}

/** How each audience raises the request timeout. */
const RAISE_TIMEOUT: Record<Audience, string> = {
  cli: 'a slow server needs a longer timeout: --timeout <seconds> or INFISICAL_TIMEOUT (up to 300)',
  extension: 'a slow server needs a longer timeout: the setting infisical.requestTimeoutSeconds',
};

export function timeout(
  host: string,
  timeoutMs: number,
  method: string,
  path: string,
  audience: Audience = 'extension',
): string {
  return `${host} did not answer within ${Math.round(timeoutMs / 1000)} s (${method} ${path}). Check the server URL and your network, then retry; ${RAISE_TIMEOUT[audience]}.`;
}

/** An answer that is not one of Infisical's; `why` is one of tooLarge, notJson, wrongShape. */
export function invalidResponse(
  host: string,
  baseUrl: string,
  method: string,
  path: string,
  why: string,
): string {
  return `${host} answered ${method} ${path} with ${why}. Is ${baseUrl} an Infisical server (and its version recent)?`;
}

export function tooLarge(chars: number): string {
  return `a body too large to be an Infisical answer (${(chars / 1024 / 1024).toFixed(1)} MB)`;
}

export function notJson(text: string): string {
  return `something that is not JSON (${describeText(text)})`;
}

export function wrongShape(where: string, zodMessage: string | undefined): string {
  return `JSON of an unexpected shape (${where}: ${plainIssue(zodMessage)})`;
}

/** A failure below HTTP: refused, unresolved, TLS, or a connection that failed or closed. */
export function network(kind: ErrorKind, host: string, code: string | undefined, attempt: number): string {
  if (kind === 'connection-refused')
    return `Could not connect to ${host}: connection refused. Is the server running and the URL right?`;
  if (kind === 'dns')
    return `Could not resolve ${host} (${code}). Check the server URL and your network or DNS.`;
  if (kind === 'tls') return tlsMessage(host, code ?? '');
  const what = CLOSED_CODES.has(code ?? '')
    ? `The connection to ${host} closed before the answer was complete`
    : `The connection to ${host} failed${code ? ` (${code})` : ''}`;
  return `${what}${attempt > 1 ? ` (${attempt} attempts)` : ''}. Check your network or proxy, then retry.`;
}

const TRUST_IT =
  'If you trust it, add the certificate of the CA that issued it to your system’s trusted certificates, or to a PEM file named by the NODE_EXTRA_CA_CERTS environment variable, then restart VS Code.';

/** What went wrong with a server's certificate, and what a person can do about it. */
const TLS_PROBLEMS: [RegExp, (host: string) => string, string][] = [
  [/SELF_SIGNED/, () => 'its certificate is self-signed', TRUST_IT],
  [
    /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/,
    () => 'its certificate was issued by a certificate authority this machine does not trust',
    TRUST_IT,
  ],
  [
    /CERT_HAS_EXPIRED/,
    () => 'its certificate has expired',
    'The server’s administrator must renew it (or this computer’s clock is wrong).',
  ],
  [
    /CERT_NOT_YET_VALID/,
    () => 'its certificate is not valid yet',
    'Check this computer’s clock, or ask the server’s administrator.',
  ],
  [
    /ALTNAME|HOSTNAME_MISMATCH/,
    (host) => `its certificate is for another host name than ${host.replace(/:\d+$/, '')}`,
    'Use the host name the certificate names in the site URL.',
  ],
  [/CERT_REVOKED/, () => 'its certificate has been revoked', 'Ask the server’s administrator.'],
  [
    /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNKNOWN_PROTOCOL/,
    () => 'it does not speak TLS there',
    'Check the site URL: is it http:// or another port?',
  ],
];

function tlsMessage(host: string, code: string): string {
  const [, reason, advice] = TLS_PROBLEMS.find(([pattern]) => pattern.test(code)) ?? [
    undefined,
    () => 'the secure connection could not be set up',
    TRUST_IT,
  ];
  return `TLS certificate problem with ${host}: ${reason(host)} (${code}). ${advice} Certificate checks are never switched off.`;
}

/** Who reads the message: the CLI has no view to refresh. */
export type Audience = 'extension' | 'cli';

/** An error status, with the server’s own reason when it gave one, and what to do. */
export function http(
  status: number,
  serverMessage: string | undefined,
  retryAfterSeconds: number | undefined,
  host: string,
  notJson: boolean,
  text: string,
  method: HttpMethod,
  audience: Audience = 'extension',
): string {
  const said = serverMessage ? `: ${serverMessage}` : notJson ? ` (${describeText(text)})` : '';
  // A GET changes nothing: a refusal of one is about the request, not a change.
  const what = method === 'GET' ? 'the request' : 'the change';
  const refresh = audience === 'cli' ? 'run the command again' : 'refresh the view';
  if (status === 400) return `Infisical refused ${what} (400)${said}`;
  if (status === 401) return `Infisical did not accept the access token (401)${said}. Sign in again.`;
  if (status === 403)
    return `Permission denied (403)${said}. The identity you signed in with lacks this permission.`;
  if (status === 404)
    return method === 'GET'
      ? `Not found (404)${said}. It may have been deleted, or the server lacks this API${audience === 'cli' ? '.' : `: ${refresh}.`}`
      : `Not found (404)${said}. It may have been deleted: ${refresh}.`;
  if (status === 409) return `Conflict (409)${said}`;
  if (status === 422) return `Infisical rejected the request as invalid${said}`;
  if (status === 429) {
    const wait = retryAfterSeconds === undefined ? 'a moment' : `${retryAfterSeconds} s`;
    return `Rate limit exceeded on ${host} (429). Try again in ${wait}.`;
  }
  if (status >= 500) return `${host} had a server error (${status})${said}. Try again later.`;
  return `${host} answered ${status}${said}`;
}

/** What a route gives, for a server that lacks it; the first pattern that matches names it. */
const ROUTE_FEATURES: [RegExp, string][] = [
  [/^\/api\/v1\/identities\/details$/, 'the identity details route (GET /api/v1/identities/details)'],
  [/^\/api\/v1\/projects$/, 'the project list (GET /api/v1/projects)'],
  [/\/rotate-credentials$/, 'rotation of a connection’s credentials on demand'],
  [/^\/api\/v1\/app-connections\/azure-client-secrets/, 'Azure Client Secrets connections'],
  [/^\/api\/v1\/app-connections/, 'app connections'],
  [/^\/api\/v1\/auth\/azure-auth\//, 'Azure Auth for machine identities'],
  [/^\/api\/v2\/organizations\/[^/]+\/identity-memberships$/, 'the organization’s machine identity list'],
  [/^\/api\/v1\/auth\/universal-auth\//, 'Universal Auth'],
];

/**
 * A route this server does not have (Fastify’s "Route … not found", or an older server’s 500 when
 * a newer path falls into a parameterised one): which feature is missing, and why.
 */
export function missingRoute(host: string, method: string, path: string, status: number): string {
  const feature = ROUTE_FEATURES.find(([pattern]) => pattern.test(path))?.[1] ?? `${method} ${path}`;
  return `${host} does not have ${feature} (${status} on ${method} ${path}): the server is older than this feature. Everything that does not need it still works; upgrading the Infisical server adds it.`;
}

/** An HTML page where JSON was expected: a web app, a proxy or a login page, not the API. */
export function notInfisicalApi(
  host: string,
  baseUrl: string,
  method: string,
  path: string,
  status: number,
): string {
  return `${host} answered ${method} ${path} with an HTML page (${status}): this is not an Infisical API — check the URL (${baseUrl}).`;
}

/** The azure-client-secrets route read another app's connection: refused before any change. */
export function wrongApp(name: string, app: string, patch: boolean): string {
  return `Connection "${name}" is an ${app} connection, not an Azure Client Secrets one: ${patch ? 'it was not changed (nothing was sent)' : 'it cannot be read as one'}.`;
}

/** The server said so when asked before a PATCH: the PATCH is not sent. */
export function notAzureConnection(id: string, serverMessage: string): string {
  return `Connection ${id} is not an Azure Client Secrets connection (${serverMessage}): it was not changed (nothing was sent).`;
}

/** Neither `/identities/details` nor an identity in the token: not an identity's token. */
export function noIdentityInToken(host: string): string {
  return `${host} does not have the identity details route (GET /api/v1/identities/details), and the token names no machine identity.`;
}

export function isHtml(text: string): boolean {
  return /^<(!doctype|html)/i.test(text.trim());
}

/** Codes of a connection the server (or something on the way) closed while answering. */
const CLOSED_CODES = new Set([
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'EPIPE',
]);

/** A zod issue in words: "expected array, received undefined" → "missing, expected an array". */
function plainIssue(message: string | undefined): string {
  if (!message) return 'not what Infisical sends';
  const m = /expected (\w+), received (\w+)/.exec(message);
  if (!m) return message.replace(/^Invalid input: /, '');
  const [, expected, received] = m;
  const article = /^[aeiou]/.test(expected ?? '') ? 'an' : 'a';
  return received === 'undefined'
    ? `missing (${article} ${expected} was expected)`
    : `${article} ${expected} was expected, not ${received === 'null' ? 'null' : `a ${received}`}`;
}

function describeText(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'an empty body';
  if (isHtml(trimmed)) return 'an HTML page';
  return `${count(trimmed.length, 'character')} starting “${trimmed.slice(0, 24).replace(/\s+/g, ' ')}…”`;
}
