/**
 * Runs work one at a time per key, in the order it arrives, whatever happens to the work before
 * it. Saves and reads of one Infisical resource go through it, from whichever editor or form:
 * a save then checks for conflicts against what the previous save left, not the state before it.
 */
export class Serial {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Whether work for the key is running or waiting. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}

/** The one queue of each resource: the same key from every surface that edits it. */
export const resourceQueue = new Serial();

export function resourceKey(profile: string, resource: string, id: string): string {
  return JSON.stringify([profile, resource, id]);
}
