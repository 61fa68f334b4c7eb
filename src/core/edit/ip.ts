/**
 * IPv4/IPv6 address and CIDR parsing for trusted IPs. Plain code rather than regexes so the
 * messages can say what is wrong, and so IPv4-embedded IPv6 (`::ffff:10.0.0.1`) is accepted as
 * Node's `net.isIPv6` — which the Infisical server uses — accepts it.
 */

export type IpType = 'ipv4' | 'ipv6';

/** A trusted IP as Infisical stores it. */
export interface StoredTrustedIp {
  ipAddress: string;
  type: IpType;
  prefix?: number | null;
}

export type IpParseResult = { ok: true; value: StoredTrustedIp } | { ok: false; reason: string };

const DECIMAL = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => DECIMAL.test(p) && Number(p) <= 255);
}

export function isIPv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string): string[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    return parts.every((p) => p !== '') ? parts : undefined;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (const [i, g] of all.entries()) {
    if (HEX_GROUP.test(g)) count += 1;
    else if (i === all.length - 1 && isIPv4(g)) count += 2;
    else return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** Parses `ip` or `ip/prefix` text into the stored form, or says why it is not valid. */
export function parseTrustedIp(input: string): IpParseResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'is empty: enter an IPv4/IPv6 address or a CIDR block' };
  const [address = '', prefixText, ...rest] = text.split('/');
  if (rest.length > 0) return { ok: false, reason: `"${text}" has more than one "/"` };
  const type: IpType | undefined = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!type) {
    return { ok: false, reason: `"${text}" is not a valid IPv4, IPv6, or CIDR block` };
  }
  if (prefixText === undefined) return { ok: true, value: { ipAddress: address, type } };
  const max = type === 'ipv4' ? 32 : 128;
  if (!DECIMAL.test(prefixText) || Number(prefixText) > max) {
    return {
      ok: false,
      reason: `"${text}" has an invalid prefix: use /0 to /${max} for ${type.toUpperCase()}`,
    };
  }
  return { ok: true, value: { ipAddress: address, type, prefix: Number(prefixText) } };
}

/** The `ip/prefix` text a person edits, from the stored form. */
export function formatTrustedIp(ip: Pick<StoredTrustedIp, 'ipAddress' | 'prefix'>): string {
  return ip.prefix === undefined || ip.prefix === null ? ip.ipAddress : `${ip.ipAddress}/${ip.prefix}`;
}

/** Ranges every plan may use; anything else needs a paid Infisical plan. */
export const FREE_PLAN_TRUSTED_IPS: readonly string[] = ['0.0.0.0/0', '::/0'];

export function needsPaidPlan(ipTexts: readonly string[]): boolean {
  return ipTexts.some((t) => !FREE_PLAN_TRUSTED_IPS.includes(t.trim()));
}
