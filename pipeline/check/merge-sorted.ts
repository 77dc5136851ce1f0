/**
 * k-way merge of sorted sequences through a binary heap of their heads (k is small: the check's
 * spilled runs, a few dozen at most, so a dependency for these lines would not pay).
 */

interface Head<T> {
  value: T;
  source: number;
  rest: Iterator<T>;
}

/**
 * The items of `sources` (each already sorted by `compare`) as one sequence sorted by `compare`,
 * read lazily, one item ahead per source. Stable: of items that compare equal, those of an earlier
 * source come first, and a source's own items keep their order, so merging the runs of a stable
 * sort (split in arrival order) gives that sort's order. Consumes each source once.
 */
export function* mergeSorted<T>(sources: ReadonlyArray<Iterable<T>>, compare: (a: T, b: T) => number): Generator<T> {
  const before = (a: Head<T>, b: Head<T>) => {
    const order = compare(a.value, b.value);
    return order < 0 || (order === 0 && a.source < b.source);
  };
  const heap: Head<T>[] = [];
  const siftDown = (at: number) => {
    const n = heap.length;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= n) return;
      const child = left + 1 < n && before(heap[left + 1], heap[left]) ? left + 1 : left;
      if (!before(heap[child], heap[at])) return;
      [heap[at], heap[child]] = [heap[child], heap[at]];
      at = child;
    }
  };
  sources.forEach((source, index) => {
    const rest = source[Symbol.iterator]();
    const first = rest.next();
    if (!first.done) heap.push({ value: first.value, source: index, rest });
  });
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  while (heap.length > 0) {
    const top = heap[0];
    yield top.value;
    const next = top.rest.next();
    if (next.done) {
      const last = heap.pop() as Head<T>;
      if (heap.length === 0) return;
      heap[0] = last;
    } else {
      top.value = next.value;
    }
    siftDown(0);
  }
}
