import { isIPv4, parseTrustedIp } from './ip';

/**
 * Equivalence of the values a file, a form and a server write differently, so a plan never
 * reports noise: trusted IPs as "10.0.0.0/8" or as stored { ipAddress, type, prefix }, IPv6 in
 * any case or compression, a single address with or without its full-length prefix, and lists
 * whose order does not matter (trusted IPs, service principals).
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

/** Trims the parts and joins them with ", " as the server stores them. */
export function normalizePrincipalIds(text: string): string {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(', ');
}

export function principalList(stored: string | null | undefined): string[] {
  const text = normalizePrincipalIds(stored ?? '');
  return text === '' ? [] : text.split(', ');
}
