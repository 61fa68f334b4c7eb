import { InfisicalError } from './errors';

/**
 * What one Infisical server can do, learnt from its answers (never from its version: self-hosted
 * servers of every age run, and a version number says nothing about a backport). One instance
 * lives with one API client, so a profile asks each question of its server once.
 */

/** The optional features the client falls back from, by what a person would call them. */
export const CAPABILITY_NAMES = {
  identityDetails: 'the identity details route (GET /api/v1/identities/details)',
  projectList: 'the project list (GET /api/v1/projects)',
  rotation: 'automatic rotation of Azure Client Secrets connections',
  projectConnections: 'connections that belong to a project',
} as const;
export type Capability = keyof typeof CAPABILITY_NAMES;

/** `true` the server has it, `false` it lacks it, absent: not asked yet. */
type Known = Partial<Record<Capability, boolean>>;

export class ServerCapabilities {
  private readonly known: Known = {};

  get(capability: Capability): boolean | undefined {
    return this.known[capability];
  }

  /** The first answer wins: a server does not change what it can do while a profile uses it. */
  learn(capability: Capability, present: boolean): void {
    this.known[capability] ??= present;
  }

  /** Names of what this server was found to lack. */
  missing(): string[] {
    return (Object.keys(this.known) as Capability[])
      .filter((c) => this.known[c] === false)
      .map((c) => CAPABILITY_NAMES[c]);
  }
}

/**
 * A route this server does not have: 404, or the 500 an older server gives when a newer
 * static path (`/identities/details`) falls into its parameterised sibling (`/identities/:id`),
 * whose database lookup of "details" fails as `FindByOrgId`.
 */
export function isMissingRoute(error: unknown): error is InfisicalError {
  if (!InfisicalError.is(error, 'http')) return false;
  return error.status === 404 || (error.status === 500 && error.code === 'FindByOrgId');
}

/**
 * The payload of a JWT, unverified: the server verifies its own tokens; the client only reads
 * which identity a token names. Undefined for anything that is not a JWT.
 */
export function jwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Connections as a server lists them say whether it has rotation: the keys, not their values. */
export function connectionsShowRotation(connections: readonly object[]): boolean | undefined {
  if (connections.length === 0) return undefined;
  return connections.some((c) => 'isAutoRotationEnabled' in c || 'rotation' in c);
}
