import { toConnectionEdit } from '../edit/connectionPatch';
import { formatDuration } from '../edit/duration';
import { formatTrustedIp, isIPv4, parseTrustedIp } from '../edit/ip';
import type { AppConnection } from '../schemas/appConnection';
import { type IdentityAzureAuth, normalizePrincipalIds } from '../schemas/azureAuth';
import type { AzureAuthDecl, ConnectionDecl } from './schema';

/**
 * Equivalence of the values a file and a server write differently, so a plan never reports
 * noise: trusted IPs as "10.0.0.0/8" or as stored { ipAddress, type, prefix }, IPv6 in any case
 * or compression, a single address with or without its full-length prefix, and lists whose
 * order does not matter (trusted IPs, service principals).
 */

/** The canonical text of an address or CIDR block, or the trimmed text when it is not one. */
export function canonicalIp(text: string): string {
  const parsed = parseTrustedIp(text);
  if (!parsed.ok) return text.trim();
  const { ipAddress, type, prefix } = parsed.value;
  const address = type === 'ipv4' ? ipAddress : expandIPv6(ipAddress);
  const full = type === 'ipv4' ? 32 : 128;
  return prefix === undefined || prefix === null || prefix === full ? address : `${address}/${prefix}`;
}

/** Eight groups of four lowercase hex digits; an embedded IPv4 tail becomes two groups. */
function expandIPv6(text: string): string {
  let t = text.toLowerCase();
  const tail = t.slice(t.lastIndexOf(':') + 1);
  if (isIPv4(tail)) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    t = `${t.slice(0, t.lastIndexOf(':') + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = t.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const fill = rest === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => g.padStart(4, '0')).join(':');
}

export function sameIpSet(a: readonly string[], b: readonly string[]): boolean {
  return sameSet(a.map(canonicalIp), b.map(canonicalIp));
}

/** Service principal object ids: GUIDs, compared without case and order. */
export function samePrincipals(a: readonly string[], b: readonly string[]): boolean {
  return sameSet(
    a.map((id) => id.trim().toLowerCase()),
    b.map((id) => id.trim().toLowerCase()),
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

export function principalList(stored: string | null | undefined): string[] {
  const text = normalizePrincipalIds(stored ?? '');
  return text === '' ? [] : text.split(', ');
}

/** Seconds as a person writes them: "30d", "1h", "1d 12h"; 0 stays 0 (no maximum / no limit). */
export function durationText(seconds: number): string | number {
  return seconds === 0 ? 0 : formatDuration(seconds);
}

export function rotateAtText(at: { hours: number; minutes: number }): string {
  return `${String(at.hours).padStart(2, '0')}:${String(at.minutes).padStart(2, '0')}`;
}

export function parseRotateAt(text: string): { hours: number; minutes: number } {
  const [h = '0', m = '0'] = text.split(':');
  return { hours: Number(h), minutes: Number(m) };
}

/** An identity's Azure Auth written the way the file writes it (every field managed). */
export function azureAuthToDecl(server: IdentityAzureAuth): Required<AzureAuthDeclText> {
  return {
    tenantId: server.tenantId,
    resource: server.resource,
    allowedServicePrincipalIds: principalList(server.allowedServicePrincipalIds),
    accessTokenTrustedIps: (server.accessTokenTrustedIps ?? []).map(formatTrustedIp),
    accessTokenTTL: durationText(server.accessTokenTTL),
    accessTokenMaxTTL: durationText(server.accessTokenMaxTTL),
    accessTokenNumUsesLimit: server.accessTokenNumUsesLimit,
  };
}

/** The file's text form of Azure Auth: durations stay as written. */
export type AzureAuthDeclText = Omit<AzureAuthDecl, 'accessTokenTTL' | 'accessTokenMaxTTL'> & {
  accessTokenTTL?: string | number;
  accessTokenMaxTTL?: string | number;
};

/** A connection written the way the file writes it: non-secret fields only, rotation as "HH:MM". */
export function connectionToDecl(server: AppConnection, project?: string): ConnectionDeclText {
  const edit = toConnectionEdit(server);
  const decl: ConnectionDeclText = { name: server.name, id: server.id };
  if (project) decl.project = project;
  decl.method = server.method as ConnectionDecl['method'];
  decl.description = edit.description;
  decl.credentials = { ...edit.credentials };
  decl.isAutoRotationEnabled = edit.isAutoRotationEnabled;
  if (edit.rotation)
    decl.rotation = {
      rotationInterval: edit.rotation.rotationInterval,
      rotateAtUtc: rotateAtText(edit.rotation.rotateAtUtc),
    };
  return decl;
}

export type ConnectionDeclText = Omit<ConnectionDecl, 'credentials'> & {
  credentials?: Record<string, string | { env: string }>;
};
