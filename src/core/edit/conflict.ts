/**
 * Whether the server's copy changed since a document or form was opened. `updatedAt` is the
 * only version Azure Auth has; connections also carry `version`, compared when both have it.
 */
export function serverChanged(
  opened: { updatedAt?: string; version?: number },
  current: { updatedAt?: string; version?: number },
): boolean {
  if (opened.version !== undefined && current.version !== undefined && opened.version !== current.version)
    return true;
  if (opened.updatedAt === undefined || current.updatedAt === undefined) return false;
  return Date.parse(opened.updatedAt) !== Date.parse(current.updatedAt);
}
