import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignKeys } from '../pipeline/identity/assign-keys.ts';
import { fuzzyScore, normalizeSegment } from '../pipeline/store/fuzzy-score.ts';
import { textHash } from '../pipeline/util/hash.ts';

const keyed = (sources: string[]) => {
  const { keys } = assignKeys([], sources.map((source) => ({ source })));
  return sources.map((source, i) => ({ key: keys[i], source }));
};

describe('segment keys', () => {
  it('are content hashes, with a suffix for a repeated sentence, and names for fields', () => {
    const { keys } = assignKeys([], [{ source: 'Judul', field: 'title' }, { source: 'Harga naik.' }, { source: 'Harga naik.' }]);
    expect(keys[0]).toBe('title');
    expect(keys[1]).toMatch(/^s-[0-9a-f]{10}$/);
    expect(keys[2]).toBe(`${keys[1]}-2`);
  });

  it('an edited sentence keeps its key and reports its earlier text; an unrelated one gets a new key', () => {
    const before = keyed(['Harga beras naik tajam di Jakarta.', 'Pedagang mengeluh sejak pagi.', 'Pemerintah berjanji turun tangan.']);
    const { keys, edits } = assignKeys(before, [
      { source: 'Harga beras naik tajam di Jakarta.' },
      { source: 'Pedagang mengeluh sejak subuh.' },
      { source: 'Gempa mengguncang Sulawesi tengah malam.' },
    ]);
    expect(keys[1]).toBe(before[1].key);
    expect(edits.get(1)).toBe('Pedagang mengeluh sejak pagi.');
    expect(keys[2]).not.toBe(before[2].key);
    expect(edits.has(2)).toBe(false);
  });

  it('untouched sentences keep their keys under any inserts, deletes and moves (property)', () => {
    const sentence = fc.integer({ min: 0, max: 10_000 }).map((n) => `Kalimat nomor ${n} tentang berita hari ini.`);
    fc.assert(
      fc.property(
        fc.uniqueArray(sentence, { minLength: 1, maxLength: 30 }),
        fc.uniqueArray(sentence, { maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.integer(),
        (original, added, deletions, seed) => {
          const before = keyed(original);
          let current = [...original];
          for (const d of deletions) if (current.length > 0) current.splice(d % current.length, 1);
          for (const s of added) if (!original.includes(s)) current.splice(Math.abs(seed) % (current.length + 1), 0, s);
          current = current.sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7)); // a move
          const { keys } = assignKeys(before, current.map((source) => ({ source })));
          current.forEach((source, i) => {
            const was = before.find((entry) => entry.source === source);
            if (was) expect(keys[i]).toBe(was.key);
          });
          expect(new Set(keys).size).toBe(keys.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * The quadratic implementation assignKeys had before it was made linear (queues copied per entry,
 * neighbours found by scanning, every previous index of the window visited): the reference the
 * linear one must agree with on every input.
 */
function referenceAssignKeys(previous: ReadonlyArray<{ key: string; source: string }>, current: ReadonlyArray<{ source: string; field?: string }>) {
  const isField = (key: string) => !key.startsWith('s-');
  const nearest = (matched: readonly number[], i: number, direction: -1 | 1) => {
    for (let j = i + direction; j >= 0 && j < matched.length; j += direction) if (matched[j] >= 0) return matched[j];
    return -1;
  };
  const keys: string[] = new Array(current.length);
  const edits = new Map<number, string>();
  const previousByKey = new Map(previous.map((entry) => [entry.key, entry]));
  const used = new Set<string>();
  const matchedPrevious = new Array<number>(current.length).fill(-1);
  const queues = new Map<string, number[]>();
  previous.forEach((entry, index) => {
    if (isField(entry.key)) return;
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
  const taken = new Set(matchedPrevious.filter((index) => index >= 0));
  current.forEach((segment, i) => {
    if (keys[i] !== undefined) return;
    const lower = nearest(matchedPrevious, i, -1);
    const upper = nearest(matchedPrevious, i, +1);
    let best = -1;
    let bestScore = 0.5;
    for (let p = lower + 1; p < (upper === -1 ? previous.length : upper); p++) {
      if (taken.has(p) || isField(previous[p].key)) continue;
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

describe('segment keys: the linear assignment', () => {
  it('agrees with the quadratic reference on random edits, inserts, deletes, moves and repeats (property)', () => {
    // Few words, so texts repeat, edits stay similar (≥ 50%) or not, and windows overlap.
    const word = fc.constantFrom('harga', 'beras', 'naik', 'turun', 'Presiden', 'presiden', 'kota', 'pasar', 'hari', 'ini');
    const sentence = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => `Berita ${words.join(' ')}.`);
    const segment = fc.oneof({ weight: 9, arbitrary: sentence.map((source) => ({ source })) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('title', 'summary'), sentence).map(([field, source]) => ({ source, field })) });
    const op = fc.tuple(fc.constantFrom('keep', 'drop', 'edit', 'twin', 'insert', 'move', 'repeat'), fc.nat(), sentence, word);
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 25 }), fc.array(op, { maxLength: 25 }), (original, ops) => {
        const first = assignKeys([], original);
        const seen = new Set<string>();
        const before = original.map((s, i) => ({ key: first.keys[i], source: s.source })).filter((e) => !seen.has(e.key) && seen.add(e.key));
        const current = original.map((s) => ({ ...s }));
        for (const [kind, n, text, w] of ops) {
          const at = current.length === 0 ? 0 : n % current.length;
          if (kind === 'insert') current.splice(n % (current.length + 1), 0, { source: text });
          else if (current.length === 0 || kind === 'keep') continue;
          else if (kind === 'drop') current.splice(at, 1);
          else if (kind === 'edit') current[at] = { ...current[at], source: current[at].source.replace(/ \S+/, ` ${w}`) };
          else if (kind === 'twin') current.splice(at, 1, { source: current[at].source.replace(/ \S+/, ` ${w}`) }, { source: current[at].source.replace(/\.$/, ` ${w}.`) });
          else if (kind === 'move') current.splice(n % current.length, 0, ...current.splice(at, 1));
          else current.splice(n % (current.length + 1), 0, { source: current[at].source });
        }
        const actual = assignKeys(before, current);
        const expected = referenceAssignKeys(before, current);
        expect(actual.keys).toEqual(expected.keys);
        expect([...actual.edits].sort()).toEqual([...expected.edits].sort());
      }),
      { numRuns: 1000 },
    );
  });
});
