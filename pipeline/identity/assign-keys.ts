import { fuzzyScore, normalizeSegment } from '../store/fuzzy-score.ts';
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
  const queues = new Map<string, number[]>();
  previous.forEach((entry, index) => {
    if (isFieldKey(entry.key)) return;
    const text = normalizeSegment(entry.source);
    queues.set(text, [...(queues.get(text) ?? []), index]);
  });
  current.forEach((segment, i) => {
    if (segment.field !== undefined) {
      keys[i] = segment.field;
      const before = previousByKey.get(segment.field);
      if (before && normalizeSegment(before.source) !== normalizeSegment(segment.source)) edits.set(i, before.source);
      return;
    }
    const index = queues.get(normalizeSegment(segment.source))?.shift();
    if (index === undefined) return;
    keys[i] = previous[index].key;
    matchedPrevious[i] = index;
    used.add(keys[i]);
  });

  // 2. An unmatched sentence between the same neighbours as an unmatched earlier one, and similar
  //    to it, is an edit of it.
  const taken = new Set(matchedPrevious.filter((index) => index >= 0));
  current.forEach((segment, i) => {
    if (keys[i] !== undefined) return;
    const lower = nearest(matchedPrevious, i, -1);
    const upper = nearest(matchedPrevious, i, +1);
    let best = -1;
    let bestScore = EDIT_SIMILARITY;
    for (let p = lower + 1; p < (upper === -1 ? previous.length : upper); p++) {
      if (taken.has(p) || isFieldKey(previous[p].key)) continue;
      const score = fuzzyScore(previous[p].source, segment.source);
      if (score > bestScore) [best, bestScore] = [p, score];
    }
    if (best === -1) return;
    keys[i] = previous[best].key;
    matchedPrevious[i] = best;
    taken.add(best);
    used.add(keys[i]);
    edits.set(i, previous[best].source);
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

/** The previous-index of the closest matched segment before (-1) or after (+1) position i. */
function nearest(matched: readonly number[], i: number, direction: -1 | 1): number {
  for (let j = i + direction; j >= 0 && j < matched.length; j += direction) if (matched[j] >= 0) return matched[j];
  return -1;
}
