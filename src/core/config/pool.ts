/**
 * Runs `work` over `items` with at most `limit` in flight, keeping the results in the items'
 * order. Once `signal` aborts, items not yet started are not started: the promise rejects with
 * the abort reason after the ones in flight settle.
 */
export async function runPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      if (signal?.aborted) {
        failure = { error: signal.reason ?? new Error('cancelled') };
        return;
      }
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
