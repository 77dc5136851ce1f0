/**
 * Bounded concurrency: at most `concurrency` tasks at a time, taken in order; `shouldStop` is
 * checked before each task starts (tasks already running finish).
 */
export async function runPool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>, shouldStop: () => boolean): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (!shouldStop() && next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
