/**
 * The faults of the fault matrix (issue #7): what the sandbox answers for each, and what the
 * message a person sees must say. Shared by the extension-host half (test/extension/faults.test.ts),
 * the form column (test/e2e/faults.test.mjs) and the table (scripts/fault-matrix.mjs).
 */
import type { FaultRule } from './types';

export interface Fault {
  id: string;
  label: string;
  /** The sandbox rule (method and path come from the operation); none for "refused". */
  rule?: Omit<FaultRule, 'method' | 'path'>;
  /** What the message must say, for a person to know what happened. */
  says: RegExp;
}

const BUSINESS_400 = {
  reqId: 'req-fault-400',
  statusCode: 400,
  error: 'BadRequest',
  message: 'Identity does not have Azure Auth configured',
};
const BUSINESS_409 = {
  reqId: 'req-fault-409',
  statusCode: 409,
  error: 'Conflict',
  message: 'An Azure Auth configuration for this identity is being changed by another request',
};
const ISSUES_422 = {
  reqId: 'req-fault-422',
  statusCode: 422,
  error: 'ValidationFailure',
  message: [{ code: 'custom', message: 'Value is not allowed here', path: ['accessTokenNumUsesLimit'] }],
};

export const FAULTS: Fault[] = [
  { id: 'timeout', label: 'timeout', rule: { kind: 'hang' }, says: /did not answer within 2 s/ },
  { id: 'refused', label: 'connection refused', says: /connection refused\. Is the server running/ },
  {
    id: 'reset',
    label: 'reset mid-body',
    rule: { kind: 'reset' },
    says: /closed before the answer was complete/,
  },
  { id: '401', label: '401', rule: { status: 401 }, says: /\(401\).*(sign in|client secret)/i },
  { id: '403', label: '403', rule: { status: 403 }, says: /\(403\).*not allowed/ },
  { id: '404', label: '404', rule: { status: 404 }, says: /\b404\b/ },
  {
    id: '400',
    label: '400',
    rule: { status: 400, body: BUSINESS_400 },
    says: /does not have Azure Auth configured/,
  },
  {
    id: '409',
    label: '409',
    rule: { status: 409, body: BUSINESS_409 },
    says: /being changed by another request/,
  },
  {
    id: '422',
    label: '422 with issues',
    rule: { status: 422, body: ISSUES_422 },
    says: /Value is not allowed here/,
  },
  {
    id: '429-retry-after',
    label: '429 + retry-after',
    rule: { status: 429, headers: { 'retry-after': '1' } },
    says: /Rate limit exceeded .*\(429\)\. Try again in 1 s/,
  },
  {
    id: '429',
    label: '429',
    rule: { status: 429 },
    says: /Rate limit exceeded .*\(429\)\. Try again in \d+ s/,
  },
  { id: '500', label: '500', rule: { status: 500 }, says: /server error \(500\)/ },
  { id: '502', label: '502', rule: { status: 502 }, says: /server error \(502\)/ },
  { id: '503', label: '503', rule: { status: 503 }, says: /server error \(503\)/ },
  {
    id: 'html',
    label: 'HTML',
    rule: { kind: 'html' },
    says: /with an HTML page \(200\): this is not an Infisical API — check the URL/,
  },
  {
    id: 'wrong-shape',
    label: 'wrong shape',
    rule: { kind: 'wrong-shape' },
    says: /JSON of an unexpected shape/,
  },
  { id: 'huge', label: 'huge body', rule: { kind: 'huge' }, says: /too large to be an Infisical answer/ },
];
