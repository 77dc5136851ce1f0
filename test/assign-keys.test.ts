import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignKeys } from '../pipeline/identity/assign-keys.ts';

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
