/**
 * Access tokens: HS256 JWTs shaped like Infisical's (so a client may decode `exp`), backed by
 * {@link TokenRecord}s that carry TTL, max TTL, renewal and revocation, checked on every request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { unauthorized } from './http';
import type { IdentityRecord, SandboxState, TokenKind, TokenRecord } from './types';

/** Fixed on purpose: tokens are deterministic, so seeded ones stay valid across restarts. */
const SIGNING_KEY = 'infisical-sandbox-signing-key (test only, not a secret)';

const IDENTITY_TOKEN = 'identityAccessToken';
const USER_TOKEN = 'accessToken';

const EXPIRED_MESSAGE = 'Identity access token exceeded max age, please re-authenticate';

type JwtPayload = Record<string, unknown> & { iat?: number; exp?: number };

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

function sign(payload: JwtPayload): string {
  const head = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac('sha256', SIGNING_KEY).update(head).digest('base64url')}`;
}

/** The payload when the signature is ours; undefined for anything else. */
function verify(token: string): JwtPayload | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', SIGNING_KEY).update(`${header}.${payload}`).digest();
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as JwtPayload) : undefined;
  } catch {
    return undefined;
  }
}

/** The JWT for a token record, issued at `issuedAtMs` (exp = iat + ttl unless ttl is 0). */
export function encodeToken(record: TokenRecord, issuedAtMs: number): string {
  const iat = Math.floor(issuedAtMs / 1000);
  if (record.kind === 'user') {
    return sign({
      authTokenType: USER_TOKEN,
      userId: record.userId,
      tokenVersionId: record.id,
      organizationId: record.orgId,
      iat,
    });
  }
  return sign({
    identityId: record.identityId,
    identityAccessTokenId: record.id,
    authTokenType: IDENTITY_TOKEN,
    iat,
    ...(record.ttl > 0 ? { exp: iat + record.ttl } : {}),
  });
}

/** Why a record can no longer be used at `now`, or undefined while it is valid. */
export function tokenExpiry(record: TokenRecord, now: number): 'ttl' | 'max-ttl' | undefined {
  if (record.ttl > 0 && now > (record.lastRenewedAt ?? record.createdAt) + record.ttl * 1000) return 'ttl';
  if (record.maxTtl > 0 && now > record.createdAt + record.maxTtl * 1000) return 'max-ttl';
  return undefined;
}

function findRecord(state: SandboxState, token: string): { record: TokenRecord; payload: JwtPayload } {
  const payload = verify(token);
  if (!payload) throw unauthorized('Failed to authenticate: invalid token');
  const id = payload.authTokenType === USER_TOKEN ? payload.tokenVersionId : payload.identityAccessTokenId;
  const record = state.tokens.find((t) => t.id === id);
  if (!record || record.revoked) throw unauthorized('Failed to authorize: token has been revoked');
  return { record, payload };
}

export interface Actor {
  kind: 'identity' | 'user';
  tokenKind: TokenKind;
  orgId: string;
  identity: IdentityRecord | undefined;
  userId: string | null;
  /** Viewer identities: reads only. */
  readOnly: boolean;
}

/** The caller of an authenticated route, from its `Authorization: Bearer …` header. */
export function authenticate(state: SandboxState, authorization: string | undefined, now: number): Actor {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) throw unauthorized('Token missing');
  const { record, payload } = findRecord(state, match[1]);
  if (record.kind === 'user') {
    return {
      kind: 'user',
      tokenKind: 'user',
      orgId: record.orgId,
      identity: undefined,
      userId: record.userId,
      readOnly: false,
    };
  }
  const jwtExpired = typeof payload.exp === 'number' && now >= payload.exp * 1000;
  if (jwtExpired || tokenExpiry(record, now)) throw unauthorized(EXPIRED_MESSAGE);
  const identity = state.identities.find((i) => i.id === record.identityId);
  if (!identity) throw unauthorized('Failed to authenticate: identity not found');
  const readOnly = identity.role === 'viewer' || identity.role === 'no-access';
  return {
    kind: 'identity',
    tokenKind: readOnly ? 'readonly' : 'identity',
    orgId: identity.orgId,
    identity,
    userId: null,
    readOnly,
  };
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  accessTokenMaxTTL: number;
  tokenType: 'Bearer';
}

function issued(record: TokenRecord, issuedAtMs: number): IssuedToken {
  return {
    accessToken: encodeToken(record, issuedAtMs),
    expiresIn: record.ttl,
    accessTokenMaxTTL: record.maxTtl,
    tokenType: 'Bearer',
  };
}

/** A new universal-auth session for `identity`. */
export function issueIdentityToken(
  state: SandboxState,
  identity: IdentityRecord,
  id: string,
  ttl: number,
  now: number,
): IssuedToken {
  const record: TokenRecord = {
    id,
    kind: 'identity',
    identityId: identity.id,
    userId: null,
    orgId: identity.orgId,
    authMethod: 'universal-auth',
    createdAt: now,
    lastRenewedAt: null,
    ttl,
    maxTtl: ttl * 10,
    revoked: false,
  };
  state.tokens.push(record);
  identity.lastLoginAuthMethod = 'universal-auth';
  identity.lastLoginTime = new Date(now).toISOString();
  return issued(record, now);
}

/** Infisical's renewal rules: not past TTL, not past max TTL, and not extended beyond it. */
export function renewToken(state: SandboxState, token: string, now: number): IssuedToken {
  const { record } = findRecord(state, token);
  if (record.kind !== 'identity') throw unauthorized('Failed to renew: not an identity access token');
  const expiry = tokenExpiry(record, now);
  if (expiry === 'ttl') throw unauthorized('Failed to renew MI access token due to TTL expiration');
  if (expiry === 'max-ttl') throw unauthorized('Failed to renew MI access token due to Max TTL expiration');
  if (record.maxTtl > 0 && now + record.ttl * 1000 > record.createdAt + record.maxTtl * 1000) {
    throw unauthorized('Failed to renew MI access token past its Max TTL expiration');
  }
  record.lastRenewedAt = now;
  return issued(record, now);
}

export function revokeToken(state: SandboxState, token: string): void {
  findRecord(state, token).record.revoked = true;
}

/** Makes every universal-auth session expired (TTL and max TTL) as of `now`; returns the count. */
export function expireUniversalAuthTokens(state: SandboxState, now: number): number {
  let count = 0;
  for (const record of state.tokens) {
    if (record.authMethod !== 'universal-auth' || record.revoked) continue;
    const past = now - (Math.max(record.ttl, record.maxTtl) + 1) * 1000;
    record.createdAt = past;
    record.lastRenewedAt = past;
    count++;
  }
  return count;
}
