/**
 * "Did you mean …?" for names a plan cannot find: Infisical matches names exactly, so a typo or a
 * different case in a workspace file blocks the resource. The names offered are those a typo
 * explains: the same name in another case first, then the nearest within a few edits.
 */

/** Edits (insert, delete, substitute, swap of two neighbours) from `a` to `b`; above `cap`: cap + 1. */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      current.push(d);
      best = Math.min(best, d);
    }
    if (best > cap) return cap + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/** How many edits a typo of a name this long may explain. */
const allowedEdits = (length: number) => (length <= 4 ? 1 : length <= 12 ? 2 : 3);

/** Up to `max` names a typo of `name` explains, nearest first (ties: alphabetical). */
export function similarNames(name: string, names: Iterable<string>, max = 3): string[] {
  const wanted = name.toLowerCase();
  const cap = allowedEdits(name.length);
  const scored: [number, string][] = [];
  for (const candidate of new Set(names)) {
    if (candidate === name) continue;
    const lower = candidate.toLowerCase();
    // Another case of the same name ranks before any edit.
    const d = lower === wanted ? -1 : editDistance(wanted, lower, cap);
    if (d <= cap) scored.push([d, candidate]);
  }
  scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));
  return scored.slice(0, max).map(([, n]) => n);
}

/** ` Did you mean "a"?` / ` Did you mean "a" or "b"?`, or nothing. */
export function didYouMean(suggestions: string[]): string {
  if (!suggestions.length) return '';
  const quoted = suggestions.map((s) => JSON.stringify(s));
  const last = quoted.pop();
  return ` Did you mean ${quoted.length ? `${quoted.join(', ')} or ${last}` : last}?`;
}

/**
 * A suggester that stops after `limit` names: a file of another organization (every name
 * unknown) must not cost a comparison of each against every name of this one.
 */
export function suggester(limit = 25): (name: string, names: Iterable<string>) => string[] {
  let left = limit;
  return (name, names) => {
    if (left <= 0) return [];
    left--;
    return similarNames(name, names);
  };
}
