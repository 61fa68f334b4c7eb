/**
 * HTTP plumbing shared by the API and control routes: Infisical's error body, zod issue
 * formatting, JSON answers, body reading and a tiny path router.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

export interface ValidationIssue {
  code: string;
  message: string;
  path: (string | number)[];
  [extra: string]: unknown;
}

/** A failure that becomes `{ reqId, statusCode, message, error, ...extra }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: string,
    readonly detail: string | ValidationIssue[],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(typeof detail === 'string' ? detail : `${errorName} (${detail.length} issues)`);
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);
export const unauthorized = (message: string): ApiError => new ApiError(401, 'UnauthorizedError', message);
export const forbidden = (message: string): ApiError => new ApiError(403, 'ForbiddenError', message);
export const notFound = (message: string): ApiError => new ApiError(404, 'NotFound', message);
export const validationFailure = (issues: ValidationIssue[]): ApiError =>
  new ApiError(422, 'ValidationFailure', issues);
/** Infisical's CASL denial: "You are not allowed to {action} on {subject}". */
export const permissionDenied = (action: string, subject: string): ApiError =>
  new ApiError(403, 'PermissionDenied', `You are not allowed to ${action} on ${subject}`, { details: [] });

/** zod issues as Infisical sends them: `{ code, message, path[], ...details }`, never the input. */
export function toIssues(error: z.ZodError, prefix: (string | number)[] = []): ValidationIssue[] {
  return error.issues.map((issue) => {
    const { path, code, message, ...rest } = issue as typeof issue & { input?: unknown };
    delete rest.input;
    return {
      ...rest,
      code,
      message,
      path: [...prefix, ...path.map((p) => (typeof p === 'number' ? p : String(p)))],
    };
  });
}

/** Parses with `schema` or throws a 422 whose issue paths start with `prefix`. */
export function parseOr422<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix: (string | number)[] = [],
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailure(toIssues(result.error, prefix));
  return result.data;
}

export function newReqId(): string {
  return `req-${randomBytes(7).toString('hex')}`;
}

export function errorBody(error: ApiError, reqId: string): Record<string, unknown> {
  return {
    reqId,
    statusCode: error.status,
    message: error.detail,
    error: error.errorName,
    ...error.extra,
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** The raw request body, or an ApiError (413) past {@link BODY_LIMIT_BYTES}. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        failed = true;
        reject(new ApiError(413, 'PayloadTooLarge', 'Request body is too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

/**
 * Like Fastify: no body (or no JSON content type) → undefined; a JSON content type with an empty
 * or unparsable body → 400.
 */
export function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  const isJson = (contentType ?? '').toLowerCase().includes('json');
  if (raw.length === 0) {
    if (isJson) throw badRequest("Body cannot be empty when content-type is set to 'application/json'");
    return undefined;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw badRequest("Body is not valid JSON but content-type is set to 'application/json'");
  }
}

export function queryObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) out[key] = value;
  return out;
}

/** A route table entry: `pattern` segments starting with ':' capture (URI-decoded) params. */
export interface RouteDef<H> {
  method: string;
  pattern: string;
  handler: H;
}

export interface RouteMatch<H> {
  handler: H;
  params: Record<string, string>;
}

/** First route (in table order) whose method and segments match; static routes must come first. */
export function matchRoute<H>(
  routes: readonly RouteDef<H>[],
  method: string,
  path: string,
): RouteMatch<H> | undefined {
  const segments = path.split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const parts = route.pattern.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const part = parts[i] ?? '';
      const segment = segments[i] ?? '';
      if (part.startsWith(':')) {
        if (segment === '') ok = false;
        else params[part.slice(1)] = safeDecode(segment);
      } else if (part !== segment) {
        ok = false;
      }
    }
    if (ok) return { handler: route.handler, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
