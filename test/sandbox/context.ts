/** What every API route handler receives, and the helpers they share. */
import { permissionDenied } from './http';
import type { Actor } from './tokens';
import type { SandboxState } from './types';

/** The server's side of a handler: its state, clock and persistence. */
export interface SandboxEnv {
  state: SandboxState;
  tokenTtlSeconds: number;
  now(): number;
  /** Call after every mutation (persists the state file when one is configured). */
  commit(): void;
  newId(): string;
}

export interface RouteContext {
  env: SandboxEnv;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Set for authenticated routes. */
  actor: Actor | undefined;
}

export interface ApiResult {
  status?: number;
  body: unknown;
}

export type RouteAuth = 'none' | 'any' | 'identity' | 'user';

export interface ApiRoute {
  method: string;
  pattern: string;
  auth: RouteAuth;
  handle(ctx: RouteContext): ApiResult;
}

/** The authenticated caller (routes declared with auth other than 'none'). */
export function actorOf(ctx: RouteContext): Actor {
  if (!ctx.actor) throw new Error(`route ${ctx.method} ${ctx.path} ran without an actor`);
  return ctx.actor;
}

/** Throws 403 PermissionDenied for read-only callers. */
export function requireWrite(actor: Actor, action: string, subject: string): void {
  if (actor.readOnly) throw permissionDenied(action, subject);
}

export function isoNow(env: SandboxEnv): string {
  return new Date(env.now()).toISOString();
}

/** Bumps an ISO timestamp strictly forward, so back-to-back updates always differ. */
export function nextTimestamp(env: SandboxEnv, previous: string): string {
  const now = env.now();
  const before = Date.parse(previous);
  return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
}
