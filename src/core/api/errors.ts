import { escapeInvisible } from '../text';

/** What went wrong, as far as a person deciding what to do next needs to know. */
export type ErrorKind =
  | 'http' // the server answered with an error status
  | 'timeout'
  | 'connection-refused'
  | 'dns'
  | 'tls'
  | 'network' // reset, closed mid-body, unreachable
  | 'invalid-response' // not JSON, or JSON of the wrong shape
  | 'cancelled'
  | 'not-signed-in';

export interface FieldIssue {
  /** Path into the request body, as Infisical's 422 reports it (e.g. `["credentials", "tenantId"]`). */
  path: (string | number)[];
  message: string;
  code?: string;
}

export interface InfisicalErrorInit {
  kind: ErrorKind;
  message: string;
  method?: string;
  endpoint?: string;
  status?: number;
  code?: string;
  reqId?: string;
  serverMessage?: string;
  issues?: FieldIssue[];
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error type for every failure of the Infisical client. `message` is a sentence for a
 * person (what failed, why, what to do) and never holds a token or secret.
 */
export class InfisicalError extends Error {
  override readonly name = 'InfisicalError';
  readonly kind: ErrorKind;
  readonly method?: string;
  /** Path without query string. */
  readonly endpoint?: string;
  readonly status?: number;
  /** Infisical's `error` field, e.g. `ValidationFailure`, `PermissionDenied`. */
  readonly code?: string;
  readonly reqId?: string;
  /** The server's own message (for 422, the issues joined). */
  readonly serverMessage?: string;
  /** Zod issues of a 422. */
  readonly issues: FieldIssue[];
  readonly retryAfterSeconds?: number;

  constructor(init: InfisicalErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.method = init.method;
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.code = init.code;
    this.reqId = init.reqId;
    this.serverMessage = init.serverMessage;
    this.issues = init.issues ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** One line for logs: the request, the status and Infisical's request id. */
  get detail(): string {
    const parts = [this.method && this.endpoint ? `${this.method} ${this.endpoint}` : undefined];
    parts.push(this.status === undefined ? this.kind : `${this.status}${this.code ? ` ${this.code}` : ''}`);
    if (this.reqId) parts.push(`reqId ${this.reqId}`);
    return parts.filter(Boolean).join(' · ');
  }

  static is(error: unknown, kind?: ErrorKind): error is InfisicalError {
    return error instanceof InfisicalError && (kind === undefined || error.kind === kind);
  }
}

const REDACTED = '‹redacted›';

/** Replaces every occurrence of the given secrets (and bearer tokens) in a text. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`);
}

/** Formats a 422 issue as `field.path: message`. */
export function formatIssue(issue: FieldIssue): string {
  const path = escapeInvisible(issue.path.join('.'));
  return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
}
