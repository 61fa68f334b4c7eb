import { ofetch } from 'ofetch';
import type * as z from '../schemas/zod';
import { InfisicalError } from './errors';
import { httpError, networkError } from './failures';
import type { Audience } from './messages';
import * as messages from './messages';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `retry-after` longer than this is not waited for: the error goes to the caller. */
  maxRetryAfterMs: number;
}

export interface RequestEvent {
  method: HttpMethod;
  endpoint: string;
  status?: number;
  ms: number;
  attempt: number;
  error?: string;
}

export interface ClientOptions {
  /** Site URL, e.g. `https://eu.infisical.com` (no `/api`). */
  baseUrl: string;
  /** The current access token; `undefined` means signed out. */
  getToken?: () => string | undefined | Promise<string | undefined>;
  /** Called once on a 401; resolves true when a fresh token is available and the request should be retried. */
  onUnauthorized?: () => Promise<boolean>;
  userAgent?: string;
  timeoutMs?: number;
  /** For a PATCH that carries credentials: the server checks them against Microsoft first. */
  credentialTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Observes every attempt (for logs); carries no header or body. */
  onRequest?: (event: RequestEvent) => void;
  /** Who reads the errors' messages: the CLI has no view to refresh. */
  audience?: Audience;
  /** Told before each wait between attempts, so a UI can say why nothing seems to happen. */
  onRetry?: (event: { method: HttpMethod; endpoint: string; delayMs: number; status?: number }) => void;
}

export interface RequestOptions<S extends z.ZodMiniType> {
  method: HttpMethod;
  path: string;
  schema: S;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** false for sign-in calls that carry credentials in the body instead of a bearer token. */
  auth?: boolean;
  /** Extra values to keep out of error texts (credentials in the body). */
  secrets?: (string | undefined)[];
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const CREDENTIAL_TIMEOUT_MS = 60_000;
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 30_000,
};
/** Larger bodies are refused rather than parsed: no Infisical answer we use comes near it. */
export const MAX_BODY_CHARS = 16 * 1024 * 1024;

const RETRYABLE_GET_STATUS = new Set([502, 503, 504]);

/** The HTTP client for one Infisical site. Stateless apart from its options. */
export class InfisicalClient {
  readonly baseUrl: string;
  readonly host: string;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: ClientOptions) {
    const url = new URL(options.baseUrl);
    this.baseUrl = url.origin + url.pathname.replace(/\/+$/, '');
    this.host = url.host;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  async request<S extends z.ZodMiniType>(req: RequestOptions<S>): Promise<z.output<S>> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = req.auth === false ? undefined : await this.options.getToken?.();
      if (req.auth !== false && !token) {
        throw new InfisicalError({
          kind: 'not-signed-in',
          method: req.method,
          endpoint: req.path,
          message: messages.notSignedIn(this.host),
        });
      }
      const started = Date.now();
      try {
        const result = await this.once(req, token, attempt);
        this.options.onRequest?.({
          method: req.method,
          endpoint: req.path,
          status: 200,
          ms: Date.now() - started,
          attempt,
        });
        return result;
      } catch (caught) {
        const error = caught as InfisicalError;
        this.options.onRequest?.({
          method: req.method,
          endpoint: req.path,
          status: error.status,
          ms: Date.now() - started,
          attempt,
          error: error.kind,
        });
        if (error.status === 401 && !refreshed && this.options.onUnauthorized && req.auth !== false) {
          refreshed = true;
          if (await this.options.onUnauthorized()) {
            attempt -= 1; // a renewed token is a fresh start, not a retry
            continue;
          }
        }
        const delay = this.retryDelay(req.method, error, attempt);
        if (delay === undefined) throw error;
        this.options.onRetry?.({
          method: req.method,
          endpoint: req.path,
          delayMs: delay,
          status: error.status,
        });
        await sleep(delay, req.signal);
      }
    }
  }

  /** How long to wait before the next attempt, or undefined to give up. */
  private retryDelay(method: HttpMethod, error: InfisicalError, attempt: number): number | undefined {
    if (attempt >= this.retry.maxAttempts) return undefined;
    if (error.status === 429) {
      // Nothing happened on the server, so every method may retry; but only as long as told.
      const told = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
      if (told !== undefined && told > this.retry.maxRetryAfterMs) return undefined;
      return told ?? this.backoff(attempt);
    }
    if (method !== 'GET') return undefined;
    if (error.status !== undefined && RETRYABLE_GET_STATUS.has(error.status)) return this.backoff(attempt);
    if (error.kind === 'connection-refused' || error.kind === 'network') return this.backoff(attempt);
    return undefined;
  }

  private backoff(attempt: number): number {
    const capped = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return capped / 2 + (Math.random() * capped) / 2;
  }

  /** The timeout for a request whose body carries credentials the server verifies remotely. */
  get credentialTimeoutMs(): number {
    return this.options.credentialTimeoutMs ?? Math.max(CREDENTIAL_TIMEOUT_MS, this.options.timeoutMs ?? 0);
  }

  private async once<S extends z.ZodMiniType>(
    req: RequestOptions<S>,
    token: string | undefined,
    attempt: number,
  ): Promise<z.output<S>> {
    const secrets = [token, ...(req.secrets ?? [])];
    const base = { method: req.method, endpoint: req.path };
    if (req.signal?.aborted) throw cancelled(base);

    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });

    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (this.options.userAgent) headers['User-Agent'] = this.options.userAgent;

    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await ofetch.raw<string, 'text'>(req.path, {
        baseURL: this.baseUrl,
        method: req.method,
        query: req.query,
        body: req.body as Record<string, unknown> | undefined,
        headers,
        signal: controller.signal,
        retry: 0,
        ignoreResponseError: true,
        responseType: 'text',
      });
      status = response.status;
      text = response._data ?? '';
      retryAfter = response.headers.get('retry-after');
    } catch (caught) {
      if (req.signal?.aborted) throw cancelled(base);
      if (timedOut) {
        throw new InfisicalError({
          ...base,
          kind: 'timeout',
          message: messages.timeout(this.host, timeoutMs, req.method, req.path, this.options.audience),
        });
      }
      throw networkError(caught, base, attempt, this.host);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }

    if (status >= 200 && status < 300) return this.parseSuccess(req, text, status, base);
    throw httpError({
      status,
      text,
      retryAfterHeader: retryAfter,
      base,
      secrets,
      host: this.host,
      baseUrl: this.baseUrl,
      audience: this.options.audience,
    });
  }

  private parseSuccess<S extends z.ZodMiniType>(
    req: RequestOptions<S>,
    text: string,
    status: number,
    base: { method: HttpMethod; endpoint: string },
  ): z.output<S> {
    const invalid = (why: string) =>
      new InfisicalError({
        ...base,
        kind: 'invalid-response',
        status,
        message: messages.invalidResponse(this.host, this.baseUrl, req.method, req.path, why),
      });
    if (text.length > MAX_BODY_CHARS) throw invalid(messages.tooLarge(text.length));
    if (messages.isHtml(text))
      throw new InfisicalError({
        ...base,
        kind: 'invalid-response',
        status,
        message: messages.notInfisicalApi(this.host, this.baseUrl, req.method, req.path, status),
      });
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      throw invalid(messages.notJson(text));
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.length ? first.path.join('.') : 'the body';
      throw invalid(messages.wrongShape(where, first?.message));
    }
    return parsed.data;
  }
}

function cancelled(base: { method: HttpMethod; endpoint: string }) {
  return new InfisicalError({ ...base, kind: 'cancelled', message: messages.CANCELLED });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted)
      return reject(new InfisicalError({ kind: 'cancelled', message: messages.CANCELLED }));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new InfisicalError({ kind: 'cancelled', message: messages.CANCELLED }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
