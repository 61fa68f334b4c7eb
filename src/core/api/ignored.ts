/**
 * What a server's answer to a PATCH does not reflect of what was sent. Servers drop keys they do
 * not know and answer 200 (a June 2025 Infisical drops `rotation`, `isAutoRotationEnabled` and
 * `gatewayId` of connections), so a change that "succeeded" may have changed nothing: each such
 * field is reported, never shown as saved.
 */

/** Keys the server never returns (write-only): nothing to compare. */
const WRITE_ONLY = new Set(['credentials']);

export interface IgnoredField {
  field: string;
  /** A sentence for a person: "the server ignored rotation: it does not support it". */
  message: string;
}

export function ignoredFields(sent: object, answer: object): IgnoredField[] {
  const got = answer as Record<string, unknown>;
  const ignored: IgnoredField[] = [];
  for (const [field, value] of Object.entries(sent)) {
    if (WRITE_ONLY.has(field) || value === undefined) continue;
    if (!(field in got) && value !== null)
      ignored.push({ field, message: `the server ignored ${field}: it does not support it` });
    else if (!reflects(value, got[field]))
      ignored.push({
        field,
        message: `the server did not keep ${field}: it answered ${JSON.stringify(got[field] ?? null)}`,
      });
  }
  return ignored;
}

/**
 * Whether an answer holds what was sent. Lists are compared by being lists only: servers answer
 * them in their own form (a trusted IP sent as `10.0.0.0/8` comes back as address and prefix).
 */
function reflects(sent: unknown, got: unknown): boolean {
  if (sent === null || sent === undefined) return got === null || got === undefined;
  if (Array.isArray(sent)) return Array.isArray(got);
  if (typeof sent === 'object') {
    if (typeof got !== 'object' || got === null) return false;
    const held = got as Record<string, unknown>;
    return Object.entries(sent).every(([k, v]) => v === undefined || reflects(v, held[k]));
  }
  if (typeof sent === 'string' && typeof got === 'string') return sent.trim() === got.trim();
  return sent === got;
}
