import type { PlannedResource, ScopeFailure } from '../planModel';

/** A path in the file under one entry of its section (`['identities', 2, …rest]`). */
export type At = (...rest: (string | number)[]) => (string | number)[];

/** A resource the plan cannot change, and why. */
export const blocked = (
  base: Omit<PlannedResource, 'action' | 'changes' | 'problems' | 'notes'>,
  message: string,
  path?: (string | number)[],
  suggestions?: string[],
): PlannedResource => ({
  ...base,
  action: 'blocked',
  changes: [],
  problems: [suggestions?.length ? { message, path, suggestions } : { message, path }],
  notes: [],
});

/** A resource of a scope that could not be read: nothing is planned or sent for it. */
export const notPlanned = (
  base: Omit<PlannedResource, 'action' | 'changes' | 'problems' | 'notes'>,
  failure: ScopeFailure,
  path?: (string | number)[],
): PlannedResource => ({
  ...base,
  action: 'blocked',
  changes: [],
  problems: [{ message: `Not planned: ${failure.scope} could not be read. ${failure.message}`, path }],
  notes: [],
  notPlanned: failure,
});

/** A PATCH issue path as the file writes it (`rotation.rotateAtUtc.hours` → `rotation.rotateAtUtc`). */
export function filePath(path: (string | number)[]): (string | number)[] {
  if (path[0] === 'rotation' && path[1] === 'rotateAtUtc') return path.slice(0, 2);
  if (path[0] === 'accessTokenTrustedIps') return path.slice(0, 2);
  return path;
}
