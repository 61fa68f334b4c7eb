import { apiErrorBodySchema } from '../schemas/common';
import type { HttpMethod } from './client';
import { type ErrorKind, type FieldIssue, InfisicalError, redact } from './errors';
import * as messages from './messages';

/** How the client turns a failed exchange into the one InfisicalError: an error status, or no answer. */

/** Error codes of Node's network stack, grouped by what a person should do about them. */
const NETWORK_CODES: Record<string, ErrorKind> = {
  ECONNREFUSED: 'connection-refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
};
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|DEPTH_ZERO|HOSTNAME_MISMATCH|ALTNAME/;

export interface HttpFailure {
  status: number;
  text: string;
  retryAfterHeader: string | null;
  base: { method: HttpMethod; endpoint: string };
  secrets: (string | undefined)[];
  host: string;
  baseUrl: string;
  audience?: messages.Audience;
}

const FASTIFY_NO_ROUTE = /^Route [A-Z]+:\S* not found$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A route the server does not have: Fastify's own 404, or the 500 `FindByOrgId` of an older
 * server whose `/identities/:identityId` took a newer static path's last segment for an id.
 */
export function lacksRoute(status: number, path: string, serverMessage?: string, code?: string): boolean {
  if (status === 404) return serverMessage !== undefined && FASTIFY_NO_ROUTE.test(serverMessage);
  const last = path.split('/').pop() ?? '';
  return status === 500 && code === 'FindByOrgId' && !UUID.test(last);
}

export function httpError({
  status,
  text,
  retryAfterHeader,
  base,
  secrets,
  host,
  baseUrl,
  audience,
}: HttpFailure): InfisicalError {
  let body: ReturnType<typeof apiErrorBodySchema.safeParse>['data'];
  try {
    body = apiErrorBodySchema.safeParse(JSON.parse(text)).data;
  } catch {
    body = undefined;
  }
  const issues: FieldIssue[] = Array.isArray(body?.message)
    ? body.message.map((i) => ({
        path: i.path ?? [],
        message: redact(i.message ?? 'is invalid', secrets),
        code: i.code,
      }))
    : [];
  const serverMessage =
    typeof body?.message === 'string'
      ? redact(body.message, secrets)
      : issues.length
        ? issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')
        : undefined;
  const retryAfterSeconds = status === 429 ? parseRetryAfter(retryAfterHeader, serverMessage) : undefined;
  const { method, endpoint } = base;
  const message =
    body === undefined && messages.isHtml(text)
      ? messages.notInfisicalApi(host, baseUrl, method, endpoint, status)
      : lacksRoute(status, endpoint, serverMessage, body?.error)
        ? messages.missingRoute(host, method, endpoint, status)
        : messages.http(
            status,
            serverMessage,
            retryAfterSeconds,
            host,
            body === undefined,
            text,
            method,
            audience,
          );
  return new InfisicalError({
    ...base,
    kind: 'http',
    status,
    code: body?.error,
    reqId: body?.reqId,
    serverMessage,
    issues,
    retryAfterSeconds,
    message,
  });
}

export function networkError(
  caught: unknown,
  base: { method: HttpMethod; endpoint: string },
  attempt: number,
  host: string,
): InfisicalError {
  const code = findCode(caught);
  const kind: ErrorKind =
    code === undefined ? 'network' : TLS_CODE.test(code) ? 'tls' : (NETWORK_CODES[code] ?? 'network');
  return new InfisicalError({
    ...base,
    kind,
    message: messages.network(kind, host, code, attempt),
    cause: code,
  });
}

/** `retry-after` as seconds or an HTTP date; else Infisical's "try again in N seconds". */
export function parseRetryAfter(
  header: string | null,
  message?: string,
  now = Date.now(),
): number | undefined {
  if (header) {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const match = message?.match(/try again in (\d+) seconds?/i);
  return match ? Number(match[1]) : undefined;
}

function findCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
