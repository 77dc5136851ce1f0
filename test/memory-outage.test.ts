/**
 * The memory's database goes away in the middle of a run: what the provider delivered before is
 * written to the locale files (paid once, never lost), nothing more is asked of the provider, the
 * run ends with exit 3 and the memory's message, and a rerun with the memory back pays only for
 * what was never delivered.
 */
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';
import { validateConfig } from '../pipeline/config/load-config.ts';
import { runTranslate } from '../pipeline/run/translate-run.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { createInMemoryMemory } from '../pipeline/store/in-memory-store.ts';
import { MemoryUnavailableError } from '../pipeline/store/memory-unavailable-error.ts';
import { MEMORY_UNAVAILABLE } from '../pipeline/run/memory-outage.ts';
import type { TranslationMemory } from '../pipeline/store/translation-memory.ts';
import { openPostgresMemory } from '../pipeline/store/postgres-memory.ts';
import { startPostgres } from './helpers/postgres-cluster.ts';
import type { Provider } from '../pipeline/provider.ts';

const SENTENCES = [
  'Harga beras naik tajam.',
  'Pedagang mengeluh di pasar.',
  'Hujan turun sejak pagi.',
  'Pemerintah berjanji menurunkan harga.',
  'Petani menunggu panen.',
  'Jalan utama tergenang air.',
  'Sekolah diliburkan hari ini.',
  'Warga membersihkan saluran.',
  'Bantuan tiba pada sore hari.',
];

/** Four articles of three sentences each; some sentences appear in two articles (sent once). */
const ARTICLES: Record<string, string> = Object.fromEntries(
  [0, 1, 2, 3].map((n) => [`source/a${n}.md`, `---\ntitle: Berita nomor ${n}\n---\n\n${[0, 1, 2].map((i) => SENTENCES[(n * 2 + i) % SENTENCES.length]).join(' ')}\n`]),
);

/** Every text the articles give the provider: titles and sentences. */
const everything = new Set([0, 1, 2, 3].flatMap((n) => [`Berita nomor ${n}`, ...[0, 1, 2].map((i) => SENTENCES[(n * 2 + i) % SENTENCES.length])]));

const OUTAGE = () => new MemoryUnavailableError('MEMORY_CONNECTION_LOST', 'postgres://jfid:***@127.0.0.1:5432/tm', 'The translation memory at postgres://jfid:***@127.0.0.1:5432/tm went away (connection lost).');

/** A real in-memory store whose calls all reject with a MemoryUnavailableError once `failAfter` writes have been stored. */
function failingMemory(inner: TranslationMemory, failAfter: number): TranslationMemory & { writes: () => number } {
  let writes = 0;
  const down = () => writes >= failAfter;
  return {
    writes: () => writes,
    async getMany(keys) {
      if (down()) throw OUTAGE();
      return inner.getMany(keys);
    },
    async putMany(entries) {
      if (down()) throw OUTAGE();
      writes++;
      return inner.putMany(entries);
    },
    async fuzzy(query) {
      if (down()) throw OUTAGE();
      return inner.fuzzy(query);
    },
    close: () => inner.close(),
  };
}

/**
 * A provider that delivers two segments at a time (`EN <text>`), counting each text it delivered
 * (paid); `afterDelivery(n)` is awaited after the n-th delivery (n from 1) of the provider's life.
 */
function countingProvider(paid: string[], afterDelivery: (n: number) => Promise<void> = async () => {}): Provider {
  let deliveries = 0;
  return {
    name: 'deepl',
    publishable: true,
    fingerprint: () => 'counting',
    async translate(job, onResults) {
      let requests = 0;
      for (let i = 0; i < job.segments.length; i += 2) {
        const batch = job.segments.slice(i, i + 2);
        requests++;
        paid.push(...batch.map((s) => s.text));
        onResults(batch.map((s) => ({ id: s.id, text: `EN ${s.text}` })));
        await afterDelivery(++deliveries);
      }
      return { requests, billedCharacters: 0 };
    },
  };
}

async function run(ws: Workspace, memory: TranslationMemory, paid: string[], afterDelivery?: (n: number) => Promise<void>) {
  const config = validateConfig(parse(ws.read('translate.config.yaml')), path.join(ws.dir, 'translate.config.yaml'));
  return runTranslate(config, {}, {
    memory,
    split: segmentSentences,
    log: { info() {}, warn() {}, progress() {} },
    createProvider: async () => countingProvider(paid, afterDelivery),
  });
}

/** Every value of the English locale files. */
function localeValues(ws: Workspace): Set<string> {
  const dir = path.join(ws.dir, 'locales/en');
  if (!fs.existsSync(dir)) return new Set();
  return new Set(fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).flatMap((f) => Object.values((parse(ws.read(`locales/en/${f}`)) ?? {}) as Record<string, string>)));
}

describe('the memory goes away mid-run', () => {
  it('keeps every delivered translation in the locale files, exits 3 with the memory error, and the rerun pays only for the rest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 8 }), async (failAfter) => {
        const ws = createWorkspace(ARTICLES, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl' } } });
        try {
          const inner = createInMemoryMemory();
          const paidFirst: string[] = [];
          const first = await run(ws, failingMemory(inner, failAfter), paidFirst);
          const values = localeValues(ws);
          for (const text of paidFirst) expect(values, `delivered "${text}" is in the locale files`).toContain(`EN ${text}`);
          const outage = first.errors.filter((e) => e.code === MEMORY_UNAVAILABLE);
          if (new Set(paidFirst).size < everything.size) {
            expect(outage).toHaveLength(1);
            expect(outage[0].message).toContain('postgres://jfid:***@127.0.0.1:5432/tm went away');
            expect(first.exitCode).toBe(3);
            expect(first.locales.en.pending.segments).toBeGreaterThan(0);
          }
          // The memory is back (holding what was stored before the outage).
          const paidSecond: string[] = [];
          const second = await run(ws, inner, paidSecond);
          expect(second.errors).toEqual([]);
          expect(second.exitCode).toBe(0);
          expect(paidSecond.filter((text) => paidFirst.includes(text)), 'paid twice').toEqual([]);
          expect(new Set([...paidFirst, ...paidSecond])).toEqual(everything);
          expect(new Set(paidFirst).size, 'each unique segment sent once per run').toBe(paidFirst.length);
        } finally {
          fs.rmSync(ws.dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 12, examples: [[1], [3]] },
    );
  }, 120_000);
});

const started = await startPostgres();
const cluster = 'skip' in started ? undefined : started;
if (!cluster) console.warn(`[memory-outage] ${(started as { skip: string }).skip}`);
afterAll(async () => cluster?.stop());

describe.skipIf(!cluster)('the PostgreSQL memory is killed mid-run (pg_ctl stop -m immediate)', () => {
  it('keeps every delivered translation in the locale files, exits 3 with the memory message, and the rerun pays nothing twice', async () => {
    const c = cluster!;
    // The claims of the killed run outlive the crash; a short lease lets the rerun take them over.
    const lease = process.env.TRANSLATE_CLAIM_LEASE_MS;
    process.env.TRANSLATE_CLAIM_LEASE_MS = '1500';
    const ws = createWorkspace(ARTICLES, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl' } } });
    const schema = `tm_outage_${process.pid}`;
    try {
      const memory = await openPostgresMemory(c.url, { schema });
      const paidFirst: string[] = [];
      // The server dies after the second delivery, while the provider still has work.
      const first = await run(ws, memory, paidFirst, async (n) => {
        if (n === 2) await c.kill();
        // A provider's next request takes a while (DeepL: hundreds of ms): the failed write is known by then.
        if (n >= 2) await new Promise((resolve) => setTimeout(resolve, 300));
      });
      await memory.close().catch(() => {});
      expect(paidFirst.length).toBeGreaterThan(4);
      expect(new Set(paidFirst).size).toBeLessThan(everything.size);
      const values = localeValues(ws);
      for (const text of paidFirst) expect(values, `delivered "${text}" is in the locale files`).toContain(`EN ${text}`);
      expect(first.exitCode).toBe(3);
      const outage = first.errors.filter((e) => e.code === MEMORY_UNAVAILABLE);
      expect(outage).toHaveLength(1);
      expect(outage[0].message).toContain(`postgres://tm:***@127.0.0.1:${c.port}/tm`);
      expect(outage[0].message).not.toContain(c.env.PGPASSWORD);

      await c.restart();
      const back = await openPostgresMemory(c.url, { schema });
      const paidSecond: string[] = [];
      const second = await run(ws, back, paidSecond);
      await back.close();
      expect(second.errors).toEqual([]);
      expect(second.exitCode).toBe(0);
      expect(paidSecond.filter((text) => paidFirst.includes(text)), 'paid twice').toEqual([]);
      expect(new Set([...paidFirst, ...paidSecond])).toEqual(everything);
    } finally {
      if (lease === undefined) delete process.env.TRANSLATE_CLAIM_LEASE_MS;
      else process.env.TRANSLATE_CLAIM_LEASE_MS = lease;
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  }, 120_000);
});
