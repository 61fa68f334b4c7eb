/**
 * Types of the local Infisical-compatible sandbox: its public API (options, handle, fault rules,
 * request log) and the stored records. Everything in {@link SandboxState} is plain JSON so it can
 * be persisted, served by `GET /__sandbox/state` and edited by tests directly.
 */

export interface SandboxOptions {
  /** Default 0 (ephemeral); the server always binds 127.0.0.1. */
  port?: number;
  /** Adds generated identities and connections to the demo organization (benchmarks). */
  scale?: { identities: number; connections: number };
  /** Access-token TTL issued by universal-auth login (default 7200); max TTL = 10× it. */
  tokenTtlSeconds?: number;
  /** Optional JSON persistence: loaded at start if present, written after every mutation. */
  stateFile?: string;
  /** Optional request log line sink; lines never contain bodies, secrets or tokens. */
  log?: (line: string) => void;
  /**
   * Which Infisical server to answer as: `current` (default), or `2025-06`, the June 2025
   * release (legacy.ts). Unset: the INFISICAL_SANDBOX_SERVER environment variable, if set.
   */
  server?: 'current' | '2025-06';
}

export interface DemoCredentials {
  siteUrl: string;
  orgId: string;
  orgName: string;
  orgSlug: string;
  clientId: string;
  clientSecret: string;
  /** A pasted identity access token that never expires. */
  staticToken: string;
  /** A pasted user token: `/api/v1/organization` works and lists both organizations. */
  userToken: string;
  /** An identity with read-only permissions: every write answers 403 PermissionDenied. */
  readOnly: { clientId: string; clientSecret: string };
  /** A second organization with its own data, for profile switching. */
  second: { orgId: string; orgName: string; clientId: string; clientSecret: string };
}

export type TokenKind = 'identity' | 'user' | 'readonly' | 'none';

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** 0 while unanswered (and forever for a `hang` fault). */
  status: number;
  /**
   * true when the client went away before the whole answer was written (it cancelled or timed
   * out). A request aborted during a fault's latency is never processed: nothing changes.
   */
  aborted?: boolean;
  orgId?: string;
  tokenKind?: TokenKind;
}

export type FaultKind = 'hang' | 'reset' | 'malformed-json' | 'html' | 'wrong-shape' | 'huge';

export interface FaultRule {
  /** Default: any method. */
  method?: string;
  /** Exact path, or a prefix ending in '*', e.g. '/api/v1/app-connections*'. */
  path: string;
  /** Query parameters the request must carry with these values, null: must not carry (one scope of a shared route). */
  query?: Record<string, string | null>;
  /** How many matching requests it affects (default: unlimited until cleared). */
  times?: number;
  /** Delay before answering (combinable with the others). */
  latencyMs?: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  kind?: FaultKind;
}

export interface Sandbox {
  url: string;
  port: number;
  /** The Infisical server it answers as. */
  server: 'current' | '2025-06';
  demo: DemoCredentials;
  /** Every API request in arrival order (control routes excluded). */
  requests: RequestLogEntry[];
  faults: { add(rule: FaultRule): void; clear(): void };
  state: SandboxState;
  /** Back to the seed state; clears faults and the request log. */
  reset(): void;
  /** Closes the server and every open socket, hung ones included. */
  close(): Promise<void>;
}

// ---- Stored records -------------------------------------------------------------------------

export type OrgPlan = 'pro' | 'free';

export interface OrgRecord {
  id: string;
  name: string;
  slug: string;
  /** 'free' forbids trusted IP ranges other than 0.0.0.0/0 and ::/0. */
  plan: OrgPlan;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectRecord {
  id: string;
  orgId: string;
  name: string;
  slug: string;
  description?: string | null;
  type: string;
}

export type CredentialValue = string | number | boolean;

export interface RotationRecord {
  rotationInterval: number;
  rotateAtUtc: { hours: number; minutes: number };
  rotationStatus: 'success' | 'failed';
  nextRotationAt: string | null;
  lastRotationMessage: string | null;
  lastRotatedAt: string | null;
}

export interface ConnectionRecord {
  id: string;
  orgId: string;
  projectId: string | null;
  name: string;
  description: string | null;
  version: number;
  app: string;
  method: string;
  /** Stored in full, secrets included; answers only ever carry the sanitized subset. */
  credentials: Record<string, CredentialValue>;
  isPlatformManagedCredentials: boolean;
  gatewayId: string | null;
  isAutoRotationEnabled: boolean;
  rotation: RotationRecord | null;
  createdAt: string;
  updatedAt: string;
}

/** 'viewer' identities are read-only: every write answers 403. */
export type IdentityRole = 'admin' | 'member' | 'viewer' | 'no-access';

export interface IdentityRecord {
  id: string;
  orgId: string;
  name: string;
  authMethods: string[];
  hasDeleteProtection: boolean;
  role: IdentityRole;
  /** The organization membership's id (the list's `id`). */
  membershipId: string;
  lastLoginAuthMethod: string | null;
  lastLoginTime: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TrustedIp {
  ipAddress: string;
  type: 'ipv4' | 'ipv6';
  prefix?: number;
}

export interface AzureAuthRecord {
  id: string;
  identityId: string;
  tenantId: string;
  resource: string;
  allowedServicePrincipalIds: string;
  accessTokenTTL: number;
  accessTokenMaxTTL: number;
  accessTokenNumUsesLimit: number;
  accessTokenTrustedIps: TrustedIp[];
  accessTokenPeriod: number;
  createdAt: string;
  updatedAt: string;
}

export interface UniversalAuthClientRecord {
  identityId: string;
  clientId: string;
  clientSecret: string;
}

export interface UserRecord {
  id: string;
  email: string;
  /** Organizations the user belongs to; the first is the one the token acts in. */
  orgIds: string[];
}

export interface TokenRecord {
  /** The JWT's `identityAccessTokenId` (identity) or `tokenVersionId` (user). */
  id: string;
  kind: 'identity' | 'user';
  identityId: string | null;
  userId: string | null;
  orgId: string;
  authMethod: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastRenewedAt: number | null;
  /** Seconds; 0 = never expires. */
  ttl: number;
  /** Seconds; 0 = no maximum. */
  maxTtl: number;
  revoked: boolean;
}

export interface SandboxState {
  orgs: OrgRecord[];
  projects: ProjectRecord[];
  connections: ConnectionRecord[];
  identities: IdentityRecord[];
  azureAuths: AzureAuthRecord[];
  universalAuthClients: UniversalAuthClientRecord[];
  users: UserRecord[];
  tokens: TokenRecord[];
}
