/**
 * Fault injection: rules matched by method and path (exact, or a prefix ending in '*'), each
 * affecting `times` requests (default: until cleared), answered with latency, a canned status and
 * body, or a broken transport (hang, reset, malformed JSON, HTML, wrong shape, a huge body).
 */
import { type ServerResponse, STATUS_CODES } from 'node:http';
import { z } from 'zod';
import type { FaultRule } from './types';

export const faultRuleSchema = z.strictObject({
  method: z.string().min(1).optional(),
  path: z.string().startsWith('/'),
  query: z.record(z.string(), z.string().nullable()).optional(),
  times: z.number().int().min(1).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  kind: z.enum(['hang', 'reset', 'malformed-json', 'html', 'wrong-shape', 'huge']).optional(),
});

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export class FaultStore {
  private readonly rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules.length = 0;
  }

  list(): FaultRule[] {
    return this.rules.map(({ rule, remaining }) =>
      Number.isFinite(remaining) ? { ...rule, times: remaining } : { ...rule },
    );
  }

  /** The first rule matching the request, consuming one of its `times`. */
  take(method: string, path: string, query: URLSearchParams = new URLSearchParams()): FaultRule | undefined {
    const index = this.rules.findIndex(({ rule }) => matches(rule, method, path, query));
    const active = this.rules[index];
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.rules.splice(index, 1);
    return active.rule;
  }
}

function matches(rule: FaultRule, method: string, path: string, query: URLSearchParams): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (Object.entries(rule.query ?? {}).some(([name, value]) => query.get(name) !== value)) return false;
  return rule.path.endsWith('*') ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
}

/** Whether the rule replaces the answer (otherwise it only delays the real one). */
export function replacesAnswer(rule: FaultRule): boolean {
  return rule.kind !== undefined || rule.status !== undefined || rule.body !== undefined;
}

const ERROR_NAMES: Record<number, [string, string]> = {
  400: ['BadRequest', 'Bad request'],
  401: ['UnauthorizedError', 'Token exceeded max age, please re-authenticate'],
  403: ['PermissionDenied', 'You are not allowed to perform this action'],
  404: ['NotFound', 'Not found'],
  409: ['Conflict', 'Conflict'],
  500: ['InternalServerError', 'Something went wrong'],
  502: ['BadGateway', 'Bad gateway'],
  503: ['ServiceUnavailable', 'Service unavailable'],
  504: ['GatewayTimeout', 'Gateway timeout'],
};

/** The body a status-only rule answers with: Infisical's error shape (429 names its wait). */
function defaultBody(status: number, headers: Record<string, string>, reqId: string): unknown {
  if (status < 400) return {};
  if (status === 429) {
    const seconds = Number(headers['retry-after'] ?? 60) || 60;
    return {
      reqId,
      statusCode: 429,
      message: `Rate limit exceeded. Please try again in ${seconds} seconds`,
      error: 'RateLimitExceeded',
    };
  }
  const [error, message] = ERROR_NAMES[status] ?? ['Error', `Sandbox fault ${status}`];
  return { reqId, statusCode: status, message, error };
}

/** 200: a web app's index page (a site URL missing its API); other statuses: a proxy's error page. */
function htmlPage(status: number): string {
  if (status === 200) {
    return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Infisical</title></head>\n<body><div id="root"></div><script type="module" src="/assets/index.js"></script></body></html>\n';
  }
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
}

const HUGE_ITEM = `{"id":"00000000-0000-4000-8000-000000000000","name":"huge-item","padding":"${'x'.repeat(922)}"},`;
/** 1,000 items of 1,000 bytes: 20 chunks make a 20 MB body. */
const HUGE_CHUNK = HUGE_ITEM.repeat(1000);
const HUGE_CHUNKS = 20;

/** Writes the faulty answer; returns the status it sent (0 when nothing was sent). */
export async function answerWithFault(res: ServerResponse, rule: FaultRule, reqId: string): Promise<number> {
  const headers = Object.fromEntries(
    Object.entries(rule.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  switch (rule.kind) {
    case 'hang':
      return 0;
    case 'reset':
      return reset(res, rule.status ?? 200, headers);
    case 'malformed-json':
      return send(
        res,
        rule.status ?? 200,
        'application/json; charset=utf-8',
        '{"appConnections":[{"id":"3f8e2a51-',
        headers,
      );
    case 'html': {
      const status = rule.status ?? 200;
      return send(res, status, 'text/html; charset=utf-8', htmlPage(status), headers);
    }
    case 'wrong-shape':
      return send(
        res,
        rule.status ?? 200,
        'application/json; charset=utf-8',
        JSON.stringify({ data: { unexpected: true }, items: null, totalCount: 'many' }),
        headers,
      );
    case 'huge':
      return huge(res, rule.status ?? 200, headers);
    default: {
      const status = rule.status ?? 200;
      const body = rule.body !== undefined ? rule.body : defaultBody(status, headers, reqId);
      return send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
    }
  }
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string>,
): number {
  if (res.destroyed) return 0;
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
  return status;
}

/** Promises a full body, writes part of it, then destroys the socket. */
function reset(res: ServerResponse, status: number, headers: Record<string, string>): number {
  if (res.destroyed) return 0;
  const partial = '{"appConnections":[{"id":"3f8e2a51-7c4b-4d19';
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': '4096',
    ...headers,
  });
  res.write(partial, () => res.socket?.destroy());
  return status;
}

/** ~20 MB of valid JSON, written with back-pressure; stops if the client goes away. */
async function huge(res: ServerResponse, status: number, headers: Record<string, string>): Promise<number> {
  if (res.destroyed) return 0;
  const head = '{"items":[';
  const tail = '{"id":"end"}]}';
  const length =
    Buffer.byteLength(head) + Buffer.byteLength(HUGE_CHUNK) * HUGE_CHUNKS + Buffer.byteLength(tail);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(length),
    ...headers,
  });
  res.write(head);
  for (let i = 0; i < HUGE_CHUNKS; i++) {
    if (res.destroyed) return status;
    if (!res.write(HUGE_CHUNK)) await drained(res);
  }
  if (!res.destroyed) res.end(tail);
  return status;
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
