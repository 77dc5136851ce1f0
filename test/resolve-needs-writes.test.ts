/**
 * resolveNeeds and an asynchronous memory: provider deliveries are synchronous callbacks, so each
 * starts its `putMany` at once; the writes are awaited before a retry and before resolveNeeds
 * settles, and a failed write rejects the run instead of being lost.
 */
import { describe, expect, it } from 'vitest';
import { refusedProvider, resolveNeeds, type Need, type ResolveContext } from '../pipeline/run/resolve-needs.ts';
import { createInMemoryMemory } from '../pipeline/store/in-memory-store.ts';
import type { MemoryEntry, TranslationMemory } from '../pipeline/store/translation-memory.ts';
import type { Provider, ProviderResult } from '../pipeline/provider.ts';
import type { Segment } from '../pipeline/segment.ts';

const segment = (source: string, line: number): Segment => ({ source, tagged: source, tags: {}, start: 0, end: source.length, linePrefixes: [], context: source, line });
const SOURCES = ['Harga beras naik.', 'Pedagang mengeluh.', 'Pemerintah berjanji.', 'Hujan turun sore ini.'];
const needs: Need[] = SOURCES.map((source, i) => ({ segment: segment(source, i + 1), bypassMemory: false }));

/** A memory whose writes settle later (a database server), recording when each started and ended. */
function slowMemory(options: { failOn?: (entries: MemoryEntry[]) => boolean } = {}) {
  const inner = createInMemoryMemory();
  const log: string[] = [];
  let pending = 0;
  const memory: TranslationMemory = {
    ...inner,
    putMany(entries) {
      const name = entries.map((e) => e.source).join('+');
      log.push(`start ${name}`);
      pending++;
      return new Promise<void>((resolve, reject) =>
        setTimeout(() => {
          pending--;
          log.push(`end ${name}`);
          if (options.failOn?.(entries)) reject(new Error(`database went away while storing ${name}`));
          else inner.putMany(entries).then(resolve, reject);
        }, 20),
      );
    },
  };
  return { memory, log, pending: () => pending };
}

/**
 * A provider that delivers each segment in its own `onResults` call, a macrotask apart (as answers
 * arrive from the network); `answer` gives the text (an empty one is refused by the gate).
 */
function deliveringProvider(answer: (text: string) => string, seen: string[] = []): Provider {
  return {
    name: 'fake',
    publishable: true,
    fingerprint: () => 'fp',
    async translate(job, onResults: (results: ProviderResult[]) => void) {
      for (const s of job.segments) {
        seen.push(s.text);
        await new Promise((resolve) => setImmediate(resolve));
        onResults([{ id: s.id, text: answer(s.text) }]);
      }
      return { requests: job.segments.length, billedCharacters: job.segments.reduce((n, s) => n + s.text.length, 0) };
    },
  };
}

const context = (memory: TranslationMemory, provider: Provider): ResolveContext => ({ memory, sourceLocale: 'id', targetLocale: 'en', provider, providerName: 'fake', fingerprint: 'fp' });
const key = (source: string, provider = 'fake') => ({ provider, fingerprint: 'fp', sourceLocale: 'id', targetLocale: 'en', source });

describe('resolveNeeds with a memory whose writes settle later', () => {
  it('starts each write at its delivery and settles only when every write has ended', async () => {
    const { memory, log, pending } = slowMemory();
    const resolution = await resolveNeeds(needs, context(memory, deliveringProvider((text) => `EN ${text}`)));
    expect(pending()).toBe(0);
    expect(resolution.fromProvider).toBe(4);
    // One write per delivery, started as it arrived (before the earlier ones ended).
    expect(log.filter((line) => line.startsWith('start'))).toEqual(SOURCES.map((s) => `start ${s}`));
    expect(log.indexOf(`start ${SOURCES[1]}`)).toBeLessThan(log.indexOf(`end ${SOURCES[0]}`));
    expect(await memory.getMany(SOURCES.map((s) => key(s)))).toEqual(SOURCES.map((s) => `EN ${s}`));
  });

  it('a refused answer is asked again only after the earlier writes ended, and its #refused entry is stored before returning', async () => {
    const { memory, log, pending } = slowMemory();
    const seen: string[] = [];
    const resolution = await resolveNeeds(needs, context(memory, deliveringProvider((text) => (text === SOURCES[2] ? '' : `EN ${text}`), seen)));
    expect(pending()).toBe(0);
    expect(resolution.failed).toBe(1);
    expect(seen).toEqual([...SOURCES, SOURCES[2]]);
    // The retry's write (#refused) starts after every write of the first pass ended.
    const refusedAt = log.lastIndexOf(`start ${SOURCES[2]}`);
    for (const s of [SOURCES[0], SOURCES[1], SOURCES[3]]) expect(log.indexOf(`end ${s}`)).toBeLessThan(refusedAt);
    expect(await memory.getMany([key(SOURCES[2], refusedProvider('fake'))])).toEqual(['the answer is empty']);
  });

  it('a write that fails after the provider finished rejects the run (nothing silently lost); the other writes still land', async () => {
    const { memory, pending } = slowMemory({ failOn: (entries) => entries.some((e) => e.source === SOURCES[3]) });
    await expect(resolveNeeds(needs, context(memory, deliveringProvider((text) => `EN ${text}`)))).rejects.toThrow(`database went away while storing ${SOURCES[3]}`);
    expect(pending()).toBe(0);
    expect(await memory.getMany(SOURCES.map((s) => key(s)))).toEqual([...SOURCES.slice(0, 3).map((s) => `EN ${s}`), undefined]);
  });

  it('a failed write stops the provider at its next delivery, and the run rejects with the write error', async () => {
    const { memory, pending } = slowMemory({ failOn: (entries) => entries.some((e) => e.source === SOURCES[0]) });
    const seen: string[] = [];
    // Deliveries slower than the failing write: the failure is known before the next delivery.
    const slow: Provider = {
      ...deliveringProvider(() => ''),
      async translate(job, onResults) {
        for (const s of job.segments) {
          seen.push(s.text);
          await new Promise((resolve) => setTimeout(resolve, 40));
          onResults([{ id: s.id, text: `EN ${s.text}` }]);
        }
        return { requests: job.segments.length, billedCharacters: 0 };
      },
    };
    await expect(resolveNeeds(needs, context(memory, slow))).rejects.toThrow(`database went away while storing ${SOURCES[0]}`);
    expect(pending()).toBe(0);
    // The second delivery found the failure and threw it into the provider, which stopped there.
    expect(seen).toEqual(SOURCES.slice(0, 2));
    expect(await memory.getMany(SOURCES.map((s) => key(s)))).toEqual([undefined, undefined, undefined, undefined]);
  });
});
