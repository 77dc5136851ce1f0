/**
 * The conformance suite every `TranslationMemory` passes. Run it from a test file:
 * `describeMemoryConformance('sqlite', () => openSqliteMemory(tempFile()))`.
 * `open` must return (or resolve to) a fresh, empty store on every call; every store it opened is
 * closed after each test. Every call is awaited: a store may answer synchronously (SQLite) or from a
 * server (PostgreSQL).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MemoryEntry, MemoryKey, TranslationMemory } from '../pipeline/store/translation-memory.ts';

const base = { provider: 'deepl', fingerprint: 'en-US|formality=default', sourceLocale: 'id', targetLocale: 'en' } as const;

export function entry(source: string, target: string, overrides: Partial<MemoryEntry> = {}): MemoryEntry {
  return { ...base, source, target, ...overrides };
}

export function key(source: string, overrides: Partial<MemoryKey> = {}): MemoryKey {
  return { ...base, source, ...overrides };
}

/** A 12-word Indonesian sentence (13 tokens with the full stop) and its translation. */
export const NEAR = {
  stored: 'Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada Senin.',
  target: 'President Joko Widodo inaugurated a new toll road in Central Java on Monday.',
  oneWordEdit: 'Presiden Joko Widodo meresmikan jalan tol baru di Jawa Timur pada Senin.',
  twoWordEdit: 'Presiden Joko Widodo meresmikan jembatan tol baru di Jawa Barat pada Senin.',
  unrelated: 'Harga beras di pasar tradisional naik tajam menjelang bulan puasa tahun ini.',
};

/** Declare the conformance suite (a vitest `describe`) for the stores `open` returns. */
export function describeMemoryConformance(name: string, open: () => TranslationMemory | Promise<TranslationMemory>): void {
  describe(`TranslationMemory conformance: ${name}`, () => {
    const opened: TranslationMemory[] = [];
    const fresh = async (): Promise<TranslationMemory> => {
      const memory = await open();
      opened.push(memory);
      return memory;
    };
    afterEach(async () => {
      for (const memory of opened.splice(0)) await memory.close();
    });

    it('returns exact hits aligned with the keys, undefined for misses', async () => {
      const memory = await fresh();
      await memory.putMany([entry('Selamat pagi.', 'Good morning.'), entry('Terima kasih.', 'Thank you.')]);
      expect(await memory.getMany([key('Terima kasih.'), key('Apa kabar?'), key('Selamat pagi.')])).toEqual([
        'Thank you.',
        undefined,
        'Good morning.',
      ]);
      expect(await memory.getMany([])).toEqual([]);
    });

    it('misses on an empty memory and accepts an empty putMany', async () => {
      const memory = await fresh();
      await memory.putMany([]);
      expect(await memory.getMany([key('Selamat pagi.')])).toEqual([undefined]);
    });

    it('normalizes whitespace and Unicode composition of the source', async () => {
      const memory = await fresh();
      await memory.putMany([entry('  Kota   Jakarta\n sangat\tpadat. ', 'Jakarta is very crowded.')]);
      await memory.putMany([entry('Cafe\u0301 itu ramai.', 'The café is busy.')]);
      expect(
        await memory.getMany([
          key('Kota Jakarta sangat padat.'),
          key('Kota Jakarta\u00a0sangat padat.'),
          key('\nKota  Jakarta sangat padat.\n'),
          key('Caf\u00e9 itu ramai.'),
        ]),
      ).toEqual(['Jakarta is very crowded.', 'Jakarta is very crowded.', 'Jakarta is very crowded.', 'The café is busy.']);
      // Whitespace inside words still matters.
      expect(await memory.getMany([key('KotaJakarta sangat padat.')])).toEqual([undefined]);
    });

    it('keeps keys differing by provider, fingerprint, locales or case apart', async () => {
      const memory = await fresh();
      const source = 'Gempa mengguncang Sulawesi.';
      const variants: Array<Partial<MemoryEntry>> = [
        {},
        { provider: 'apertium' },
        { fingerprint: 'en-GB|formality=default' },
        { targetLocale: 'ms' },
        { sourceLocale: 'jv' },
      ];
      await memory.putMany(variants.map((overrides, index) => entry(source, `target ${index}`, overrides)));
      expect(await memory.getMany(variants.map((overrides) => key(source, overrides)))).toEqual(variants.map((_, index) => `target ${index}`));
      expect(await memory.getMany([key(source, { provider: 'human', fingerprint: '' }), key(source.toLowerCase())])).toEqual([undefined, undefined]);
    });

    it('does not confuse fields across the key boundary', async () => {
      const memory = await fresh();
      await memory.putMany([entry('x', 'one', { provider: 'a', fingerprint: 'b c' })]);
      expect(await memory.getMany([key('x', { provider: 'a b', fingerprint: 'c' })])).toEqual([undefined]);
    });

    it('upserts: a later put replaces the target, within and across batches', async () => {
      const memory = await fresh();
      await memory.putMany([entry('Banjir melanda Jakarta.', 'Floods hit Jakarta.')]);
      await memory.putMany([entry('Banjir  melanda Jakarta.', 'Flooding hits Jakarta.')]);
      expect(await memory.getMany([key('Banjir melanda Jakarta.')])).toEqual(['Flooding hits Jakarta.']);
      await memory.putMany([entry('Hujan deras.', 'first'), entry('Hujan deras.', 'second')]);
      expect(await memory.getMany([key('Hujan deras.')])).toEqual(['second']);
      // The replaced entry is not reported twice by fuzzy.
      const matches = await memory.fuzzy({ ...base, source: 'Banjir melanda Jakarta.', minScore: 0.5 });
      expect(matches).toEqual([{ source: 'Banjir melanda Jakarta.', target: 'Flooding hits Jakarta.', provider: 'deepl', origin: 'deepl', score: 1 }]);
    });

    it('keeps an origin per entry (default: the provider), replaced with the target, not part of the key', async () => {
      const memory = await fresh();
      const human = { provider: 'human', fingerprint: '' };
      await memory.putMany([
        entry('Banjir melanda Jakarta.', 'Floods hit Jakarta.', { ...human, origin: 'tmx:agency.tmx' }),
        entry('Gempa mengguncang Sulawesi.', 'An earthquake shook Sulawesi.', human),
      ]);
      const find = (source: string) => memory.fuzzy({ sourceLocale: 'id', targetLocale: 'en', provider: 'human', source, minScore: 0.99 });
      expect(await find('Banjir melanda Jakarta.')).toEqual([{ source: 'Banjir melanda Jakarta.', target: 'Floods hit Jakarta.', provider: 'human', origin: 'tmx:agency.tmx', score: 1 }]);
      expect((await find('Gempa mengguncang Sulawesi.'))[0].origin).toBe('human');
      // Same key from another origin: one entry, the later target and origin win.
      await memory.putMany([entry('Banjir  melanda Jakarta.', 'Flooding hits Jakarta.', { ...human, origin: 'tmx:other.tmx' })]);
      expect(await find('Banjir melanda Jakarta.')).toEqual([{ source: 'Banjir melanda Jakarta.', target: 'Flooding hits Jakarta.', provider: 'human', origin: 'tmx:other.tmx', score: 1 }]);
      expect(await memory.getMany([key('Banjir melanda Jakarta.', human)])).toEqual(['Flooding hits Jakarta.']);
      // The same target again without an origin: the origin goes back to the provider.
      await memory.putMany([entry('Banjir melanda Jakarta.', 'Flooding hits Jakarta.', human)]);
      expect((await find('Banjir melanda Jakarta.'))[0].origin).toBe('human');
    });

    it('stores the text as given (markup, quotes, emoji, long text)', async () => {
      const memory = await fresh();
      const long = `${'kata '.repeat(2000)}akhir.`;
      const sources = ['Kata **penting** dan `kode`.', 'Ia berkata, "Tidak!"', 'Cuaca 🌧️ hari ini.', long, ''];
      await memory.putMany(sources.map((source, index) => entry(source, `t${index}\n  with "spaces"`)));
      expect(await memory.getMany(sources.map((source) => key(source)))).toEqual(sources.map((_, index) => `t${index}\n  with "spaces"`));
    });

    it('handles thousands of keys in one call', async () => {
      const memory = await fresh();
      const entries = Array.from({ length: 3000 }, (_, index) => entry(`Kalimat nomor ${index}.`, `Sentence number ${index}.`));
      await memory.putMany(entries);
      const keys = entries.map((item, index) => key(index % 2 ? item.source : `${item.source} lagi`));
      const result = await memory.getMany(keys);
      expect(result.filter((value) => value !== undefined)).toHaveLength(1500);
      expect(result[1]).toBe('Sentence number 1.');
      expect(result[0]).toBeUndefined();
    });

    it('settles calls made without waiting for each other: every batch stored once all have resolved', async () => {
      const memory = await fresh();
      const batches = Array.from({ length: 8 }, (_, batch) => Array.from({ length: 50 }, (_, index) => entry(`Berita ${batch} nomor ${index}.`, `News ${batch} number ${index}.`)));
      await Promise.all(batches.map((batch) => memory.putMany(batch)));
      const reads = await Promise.all(batches.map((batch) => memory.getMany(batch.map((item) => key(item.source)))));
      expect(reads).toEqual(batches.map((batch) => batch.map((item) => item.target)));
    });

    it('reports a bad call as a rejected promise, and closing twice is harmless', async () => {
      const memory = await fresh();
      // A store may refuse a bad query before or after reaching its data: either way the promise rejects.
      const call = memory.fuzzy({ sourceLocale: 'id', targetLocale: 'en', provider: 'human', source: 'x', minScore: -1 });
      await expect(call).rejects.toThrow(/minScore/);
      await memory.close();
      await memory.close();
    });

    describe('fuzzy', () => {
      const human = { provider: 'human', fingerprint: '' };
      const seed = (memory: TranslationMemory): Promise<void> =>
        memory.putMany([
          entry(NEAR.stored, NEAR.target, human),
          entry(NEAR.twoWordEdit, 'President Joko Widodo inaugurated a new toll bridge in West Java on Monday.', human),
          entry(NEAR.unrelated, 'Rice prices in traditional markets rose sharply ahead of the fasting month this year.', human),
          // Same sentence from a machine provider: not returned for provider `human`.
          entry(NEAR.oneWordEdit, 'machine output', { provider: 'deepl' }),
          // Same sentence into another target locale: not returned for `en`.
          entry(NEAR.oneWordEdit, 'other locale', { ...human, targetLocale: 'ms' }),
        ]);
      const query = (source: string, minScore: number, limit?: number) => ({ sourceLocale: 'id', targetLocale: 'en', provider: 'human', source, minScore, limit });

      it('finds a near sentence (one word edited in twelve) at about 0.92', async () => {
        const memory = await fresh();
        await seed(memory);
        const [best] = await memory.fuzzy(query(NEAR.oneWordEdit, 0.9));
        expect(best).toMatchObject({ source: NEAR.stored, target: NEAR.target, provider: 'human' });
        expect(best.score).toBeCloseTo(12 / 13, 3);
      });

      it('does not return an unrelated sentence', async () => {
        const memory = await fresh();
        await seed(memory);
        const matches = await memory.fuzzy(query(NEAR.oneWordEdit, 0.5, 10));
        expect(matches.map((match) => match.source)).not.toContain(NEAR.unrelated);
        expect(await memory.fuzzy(query('Timnas Indonesia menang dua gol tanpa balas.', 0.5))).toEqual([]);
      });

      it('orders best first, respects limit and minScore, scores exact as 1', async () => {
        const memory = await fresh();
        await seed(memory);
        const all = await memory.fuzzy(query(NEAR.oneWordEdit, 0.7, 10));
        expect(all.map((match) => match.source)).toEqual([NEAR.stored, NEAR.twoWordEdit]);
        expect(all[0].score).toBeGreaterThan(all[1].score);
        expect(all[1].score).toBeCloseTo(11 / 13, 3); // two words from the query
        expect(await memory.fuzzy(query(NEAR.oneWordEdit, 0.7, 1))).toHaveLength(1);
        expect(await memory.fuzzy(query(NEAR.stored, 0.95))).toEqual([{ source: NEAR.stored, target: NEAR.target, provider: 'human', origin: 'human', score: 1 }]);
        expect((await memory.fuzzy(query(NEAR.twoWordEdit, 0.9, 10))).map((match) => match.source)).toEqual([NEAR.twoWordEdit]);
      });

      it('treats a case difference as a slight penalty and whitespace as none', async () => {
        const memory = await fresh();
        await seed(memory);
        const lower = NEAR.stored.replace('Presiden', 'presiden');
        const [caseMatch] = await memory.fuzzy(query(lower, 0.9));
        expect(caseMatch.source).toBe(NEAR.stored);
        expect(caseMatch.score).toBeGreaterThan(0.98);
        expect(caseMatch.score).toBeLessThan(1);
        expect((await memory.fuzzy(query(`  ${NEAR.stored.replace(/ /g, '\n ')}`, 0.99)))[0].score).toBe(1);
      });

      it('defaults to at most three matches', async () => {
        const memory = await fresh();
        const words = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat'];
        await memory.putMany(words.map((day) => entry(`Rapat kabinet digelar di Istana Merdeka pada hari ${day} pagi.`, day, human)));
        const matches = await memory.fuzzy(query('Rapat kabinet digelar di Istana Merdeka pada hari Sabtu pagi.', 0.8));
        expect(matches).toHaveLength(3);
        for (const match of matches) expect(match.score).toBeCloseTo(10 / 11, 3);
      });

      it('finds short segments and rejects invalid options', async () => {
        const memory = await fresh();
        await memory.putMany([entry('Jakarta, 12 Mei.', 'Jakarta, May 12.', human)]);
        expect((await memory.fuzzy(query('Jakarta, 13 Mei.', 0.6))).map((match) => match.target)).toEqual(['Jakarta, May 12.']);
        await expect(memory.fuzzy(query('x', 1.5))).rejects.toThrow(/minScore/);
        expect(await memory.fuzzy(query('Jakarta, 12 Mei.', 0.5, 0))).toEqual([]);
      });
    });
  });
}
