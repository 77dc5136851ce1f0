import { normalizeSegment, scoreTokens, SPACING_SCORE, tokenizeForFuzzy, type FuzzyToken } from '../store/fuzzy-score.ts';
import { textHash } from '../util/hash.ts';

export interface KeyedSource {
  key: string;
  source: string;
}

export interface KeyAssignment {
  /** One key per current segment, in order. */
  keys: string[];
  /** Index of a current segment → the earlier source it replaces under the same key (an edit). */
  edits: Map<number, string>;
}

/** How similar an edited sentence must stay to its earlier version to keep its key. */
const EDIT_SIMILARITY = 0.5;

/**
 * Give every segment a key that survives edits elsewhere: keys are content hashes assigned once,
 * then carried by the text. Unchanged sentences keep their key wherever they move; a sentence
 * edited in place keeps its key (so a reviewer's translation can turn stale rather than vanish);
 * a new sentence gets a fresh key. Field segments (front matter) are keyed by field name.
 */
export function assignKeys(previous: readonly KeyedSource[], current: ReadonlyArray<{ source: string; field?: string }>): KeyAssignment {
  const keys: string[] = new Array(current.length);
  const edits = new Map<number, string>();
  const previousByKey = new Map(previous.map((entry) => [entry.key, entry]));
  const used = new Set<string>();
  const matchedPrevious = new Array<number>(current.length).fill(-1);

  // 1. Fields by name; sentences by identical text, first come first served.
  // Queues grow in place and are read through a head index (no array copy per entry, no shift).
  const queues = new Map<string, { indices: number[]; head: number }>();
  previous.forEach((entry, index) => {
    if (isFieldKey(entry.key)) return;
    const text = normalizeSegment(entry.source);
    const queue = queues.get(text);
    if (queue) queue.indices.push(index);
    else queues.set(text, { indices: [index], head: 0 });
  });
  current.forEach((segment, i) => {
    if (segment.field !== undefined) {
      keys[i] = segment.field;
      const before = previousByKey.get(segment.field);
      if (before && normalizeSegment(before.source) !== normalizeSegment(segment.source)) edits.set(i, before.source);
      return;
    }
    const queue = queues.get(normalizeSegment(segment.source));
    if (!queue || queue.head >= queue.indices.length) return;
    const index = queue.indices[queue.head++];
    keys[i] = previous[index].key;
    matchedPrevious[i] = index;
    used.add(keys[i]);
  });

  // 2. An unmatched sentence between the same neighbours as an unmatched earlier one, and similar
  //    to it, is an edit of it.
  //    Linear bookkeeping: the neighbour before is carried along the loop, the one after comes from
  //    a suffix array of step 1's matches (step 2 only matches at the current position), and the
  //    window visits only previous sentences still free (sorted, taken ones skipped by `skip`).
  const taken = new Set(matchedPrevious.filter((index) => index >= 0));
  const upperAfter = new Array<number>(current.length + 1).fill(-1);
  for (let i = current.length - 1; i >= 0; i--) upperAfter[i] = matchedPrevious[i] >= 0 ? matchedPrevious[i] : upperAfter[i + 1];
  const free: number[] = [];
  for (let p = 0; p < previous.length; p++) if (!taken.has(p) && !isFieldKey(previous[p].key)) free.push(p);
  // skip[k]: the first position ≥ k in `free` not taken in step 2 (path-compressed).
  const skip = free.map((_, k) => k);
  skip.push(free.length);
  const alive = (k: number): number => {
    let root = k;
    while (skip[root] !== root) root = skip[root];
    while (skip[k] !== root) {
      const up = skip[k];
      skip[k] = root;
      k = up;
    }
    return root;
  };
  const score = fuzzyScorer();
  let lower = -1;
  current.forEach((segment, i) => {
    if (keys[i] === undefined) {
      const upper = upperAfter[i + 1];
      const end = upper === -1 ? previous.length : upper;
      let best = -1;
      let bestAt = -1;
      let bestScore = EDIT_SIMILARITY;
      for (let k = alive(firstAbove(free, lower)); k < free.length && free[k] < end; k = alive(k + 1)) {
        const p = free[k];
        const s = score(previous[p].source, segment.source, bestScore);
        if (s > bestScore) [best, bestAt, bestScore] = [p, k, s];
      }
      if (best !== -1) {
        keys[i] = previous[best].key;
        matchedPrevious[i] = best;
        taken.add(best);
        skip[bestAt] = bestAt + 1;
        used.add(keys[i]);
        edits.set(i, previous[best].source);
      }
    }
    if (matchedPrevious[i] >= 0) lower = matchedPrevious[i];
  });

  // 3. New sentences: a content hash, suffixed when the same text occurs again.
  current.forEach((segment, i) => {
    if (keys[i] !== undefined) return;
    const base = `s-${textHash(segment.source, 10)}`;
    let key = base;
    for (let n = 2; used.has(key) || previousByKey.has(key); n++) key = `${base}-${n}`;
    keys[i] = key;
    used.add(key);
  });
  return { keys, edits };
}

/** Sentence keys start with `s-`; anything else names a front-matter field. */
export function isFieldKey(key: string): boolean {
  return !key.startsWith('s-');
}

/** The first position in the sorted `values` whose value is greater than `floor` (binary search). */
function firstAbove(values: readonly number[], floor: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] > floor) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * `fuzzyScore` with each text's tokens computed once, and a score certainly not above `atLeast`
 * cut short (the caller keeps only a score above it, so the result it acts on is the same).
 */
function fuzzyScorer(): (a: string, b: string, atLeast: number) => number {
  const cache = new Map<string, { normal: string; tokens: FuzzyToken[] }>();
  const prepared = (text: string) => {
    let entry = cache.get(text);
    if (!entry) {
      const normal = normalizeSegment(text);
      entry = { normal, tokens: tokenizeForFuzzy(normal) };
      cache.set(text, entry);
    }
    return entry;
  };
  return (a, b, atLeast) => {
    const left = prepared(a);
    const right = prepared(b);
    if (left.normal === right.normal) return 1;
    return Math.min(scoreTokens(left.tokens, right.tokens, atLeast), SPACING_SCORE);
  };
}
