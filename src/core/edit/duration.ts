/** Human-readable durations for TTL fields: "30d", "2h 30m", "45s"; 0 reads as "0s". */

const UNITS: [suffix: string, seconds: number][] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return String(totalSeconds);
  if (totalSeconds === 0) return '0s';
  let rest = Math.floor(totalSeconds);
  const parts: string[] = [];
  for (const [suffix, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${suffix}`);
    rest -= n * size;
  }
  return parts.join(' ');
}

/** Parses "30d", "2h 30m", "1d12h", "3600" or "3600s" into seconds; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const re = /(\d+)\s*([dhms])\s*/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    const size = UNITS.find(([s]) => s === m?.[2])?.[1] ?? 0;
    total += Number(m[1]) * size;
    consumed = re.lastIndex;
  }
  return consumed > 0 && consumed === trimmed.length ? total : undefined;
}
