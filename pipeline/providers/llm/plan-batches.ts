/**
 * Packing segments into chat requests: at most `maxSegments` per request and, while a request
 * holds more than one, at most `maxTokens` estimated source tokens. Order is kept (neighbours share
 * a request, and with it their context). Pure and cheap: the estimate is characters / 3, which is
 * above what o200k_base and cl100k_base count for Indonesian news prose (about 4 characters per
 * token), so a batch stays under the cap whatever tokenizer the server uses.
 */
export interface BatchLimits {
  maxSegments: number;
  maxTokens: number;
}

/** A cheap, conservative token estimate of `text` (characters / 3, at least 1). */
export function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 3));
}

/**
 * Greedy in-order packing of `items` (whose texts `textOf` returns). A single item over the token
 * cap still gets a request of its own (the server may accept it, or refuse it as too long, and
 * then only that item fails).
 */
export function planBatches<T>(items: readonly T[], textOf: (item: T) => string, limits: BatchLimits): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let tokens = 0;
  for (const item of items) {
    const cost = roughTokens(textOf(item));
    if (current.length > 0 && (current.length >= limits.maxSegments || tokens + cost > limits.maxTokens)) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(item);
    tokens += cost;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** A batch cut in two halves (the first one larger when odd), for a request the server found too long. */
export function halves<T>(batch: readonly T[]): [T[], T[]] {
  const mid = Math.ceil(batch.length / 2);
  return [batch.slice(0, mid), batch.slice(mid)];
}
