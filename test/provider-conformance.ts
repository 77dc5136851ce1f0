/**
 * The conformance suite every provider passes (like `memory-conformance.ts` for memories). Run it
 * from a test file with `describeProviderConformance(subject)`; the subject opens a fresh provider
 * wired to its engine (an emulator on 127.0.0.1, a local process, or nothing) for every test.
 *
 * What it holds a provider to (the contract in `pipeline/provider.ts`):
 * - ids in = ids out: every segment id is delivered exactly once or rejected with a reason, never
 *   both, and no id is invented;
 * - results are delivered as they arrive: before `translate` settles, and, when the engine can be
 *   made to fail after its first request, the results of that request before the rejection;
 * - tags verified: every delivered text has each `<gN>`/`<xN/>` of its source exactly once;
 * - errors typed: a whole-provider failure rejects with a `ProviderError` of the expected kind,
 *   carrying the stats, and never the secret;
 * - stats consistent: no request for an empty job, at least one otherwise; billed characters and
 *   tokens equal to the engine's own accounting where the subject can read it;
 * - the declared traits: `name` and `publishable` as in `PROVIDER_TRAITS`; a stable fingerprint
 *   that holds no secret;
 * - `close()` idempotent, also before any work.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ProviderError, type Provider, type ProviderErrorKind, type ProviderResult, type ProviderSegment, type ProviderStats, type TokenUsage } from '../pipeline/provider.ts';
import { PROVIDER_TRAITS } from '../pipeline/providers/provider-names.ts';
import { verifyTags } from '../pipeline/tagged-text.ts';

/** What the engine itself counted (an emulator's log), to compare with the provider's stats. */
export interface EngineAccounting {
  requests?: number;
  billedCharacters?: number;
  tokens?: TokenUsage;
}

export interface ConformanceSubject {
  /** Registered provider name (`PROVIDER_TRAITS` key). */
  name: string;
  sourceLocale: string;
  targetLocale: string;
  /** A fresh provider, wired to a fresh (or reset) engine. */
  open(): Promise<Provider>;
  /** The engine's accounting since the last `open()`, when the subject can read it. */
  accounting?(): EngineAccounting;
  /** A provider that fails as a whole (bad key, missing engine), the kind expected, and a secret that must not leak. */
  failing?(): Promise<{ provider: Provider; kind: ProviderErrorKind; secret?: string }>;
  /** Make the engine fail (as a whole) on every request after the first one, for the provider returned by the next `open()`. */
  failAfterFirstRequest?(): void;
  /** Segments one request carries at most, so the suite can build a job of several requests. */
  segmentsPerRequest?: number;
  /** Release the engine after the suite. */
  close?(): Promise<void>;
}

/**
 * Indonesian sentences with inline tags, atoms and escaped characters, as the pipeline sends them;
 * three per paragraph (`context`), so engines that group by paragraph make several requests.
 */
export function conformanceSegments(count: number): ProviderSegment[] {
  const shapes = [
    (i: number) => `Presiden <g1>Joko Widodo</g1> tiba di Jakarta pada hari ${i}.`,
    (i: number) => `Harga beras naik ${i} persen &amp; harga cabai turun.`,
    (i: number) => `Kata kunci <x1/> dipakai di kota ${i} untuk <g2>berita</g2> baru.`,
    (i: number) => `Menteri mengatakan bahwa pemerintah akan membangun jalan baru tahun ${2000 + i}.`,
  ];
  return Array.from({ length: count }, (_, i) => ({
    id: `seg-${i}`,
    text: shapes[i % shapes.length](i),
    context: `Paragraf berita nomor ${Math.floor(i / 3)} tentang kota dan pemerintah.`,
  }));
}

interface Outcome {
  results: Map<string, string>;
  deliveries: number;
  /** Deliveries made before `translate` settled. */
  deliveredBeforeSettling: number;
  stats?: ProviderStats;
  error?: unknown;
  duplicates: string[];
}

async function run(provider: Provider, subject: ConformanceSubject, segments: ProviderSegment[]): Promise<Outcome> {
  const outcome: Outcome = { results: new Map(), deliveries: 0, deliveredBeforeSettling: 0, duplicates: [] };
  let settled = false;
  const onResults = (results: ProviderResult[]) => {
    outcome.deliveries++;
    if (!settled) outcome.deliveredBeforeSettling++;
    for (const r of results) {
      if (outcome.results.has(r.id)) outcome.duplicates.push(r.id);
      outcome.results.set(r.id, r.text);
    }
  };
  try {
    outcome.stats = await provider.translate({ sourceLocale: subject.sourceLocale, targetLocale: subject.targetLocale, segments }, onResults);
  } catch (error) {
    outcome.error = error;
  }
  settled = true;
  return outcome;
}

/** Register the suite for one provider. */
export function describeProviderConformance(subject: ConformanceSubject): void {
  describe(`provider conformance: ${subject.name}`, () => {
    const opened: Provider[] = [];
    const open = async () => {
      const provider = await subject.open();
      opened.push(provider);
      return provider;
    };
    afterEach(async () => {
      for (const provider of opened.splice(0)) await provider.close?.();
    });
    if (subject.close) afterAll(subject.close);

    it('declares the traits the pipeline reads: name, publishability, a stable fingerprint without secrets', async () => {
      const provider = await open();
      const traits = PROVIDER_TRAITS[subject.name];
      expect(traits, `${subject.name} must be in PROVIDER_TRAITS`).toBeDefined();
      expect(provider.name).toBe(subject.name);
      expect(provider.publishable).toBe(traits.publishable);
      const pair = { sourceLocale: subject.sourceLocale, targetLocale: subject.targetLocale };
      const fingerprint = provider.fingerprint(pair);
      expect(typeof fingerprint).toBe('string');
      expect(fingerprint.length).toBeGreaterThan(0);
      expect(provider.fingerprint({ ...pair })).toBe(fingerprint);
      expect((await open()).fingerprint(pair)).toBe(fingerprint);
      for (const secret of Object.values(process.env).filter((v): v is string => typeof v === 'string' && /key|secret|token/i.test(v) && v.length >= 12)) expect(fingerprint).not.toContain(secret);
    });

    it('makes no request for an empty job and delivers nothing', async () => {
      const out = await run(await open(), subject, []);
      expect(out.error).toBeUndefined();
      expect(out.results.size).toBe(0);
      expect(out.stats?.requests).toBe(0);
      expect(out.stats?.billedCharacters).toBe(0);
      expect(out.stats?.tokens?.input ?? 0).toBe(0);
    });

    it('ids in = ids out: each id delivered once or rejected with a reason, none invented, tags intact', async () => {
      const segments = conformanceSegments(Math.max(6, (subject.segmentsPerRequest ?? 3) * 2 + 1));
      segments.push({ id: 'same-as-0', text: segments[0].text }); // repeated text: still its own id
      const out = await run(await open(), subject, segments);
      expect(out.error).toBeUndefined();
      expect(out.duplicates).toEqual([]);
      const ids = new Set(segments.map((s) => s.id));
      const rejected = out.stats?.rejected ?? [];
      for (const id of out.results.keys()) expect(ids.has(id), `invented id ${id}`).toBe(true);
      for (const r of rejected) {
        expect(ids.has(r.id), `rejected an unknown id ${r.id}`).toBe(true);
        expect(out.results.has(r.id), `${r.id} both delivered and rejected`).toBe(false);
        expect(r.reason.length).toBeGreaterThan(0);
      }
      expect(out.results.size + rejected.length).toBe(segments.length);
      const byId = new Map(segments.map((s) => [s.id, s.text]));
      for (const [id, text] of out.results) expect(verifyTags(byId.get(id) as string, text), `${id}: ${text}`).toEqual([]);
    });

    it('delivers results before translate settles, and keeps stats consistent with the engine', async () => {
      const segments = conformanceSegments(Math.max(4, (subject.segmentsPerRequest ?? 2) * 2));
      const out = await run(await open(), subject, segments);
      expect(out.error).toBeUndefined();
      expect(out.deliveredBeforeSettling).toBe(out.deliveries);
      expect(out.deliveries).toBeGreaterThan(0);
      const stats = out.stats as ProviderStats;
      expect(stats.requests).toBeGreaterThanOrEqual(1);
      expect(stats.billedCharacters).toBeGreaterThanOrEqual(0);
      if (stats.tokens) {
        expect(stats.tokens.input).toBeGreaterThan(0);
        expect(stats.tokens.output).toBeGreaterThan(0);
      }
      const engine = subject.accounting?.();
      if (engine?.requests !== undefined) expect(stats.requests).toBe(engine.requests);
      if (engine?.billedCharacters !== undefined) expect(stats.billedCharacters).toBe(engine.billedCharacters);
      if (engine?.tokens !== undefined) expect(stats.tokens).toEqual(engine.tokens);
    });

    it.runIf(subject.failAfterFirstRequest !== undefined)('delivers what arrived before a failure, then rejects with a typed error carrying the stats', async () => {
      subject.failAfterFirstRequest?.();
      const per = subject.segmentsPerRequest ?? 1;
      const segments = conformanceSegments(per * 3);
      const out = await run(await open(), subject, segments);
      expect(out.error).toBeInstanceOf(ProviderError);
      expect(out.results.size).toBeGreaterThan(0);
      expect(out.results.size).toBeLessThan(segments.length);
      expect(out.deliveredBeforeSettling).toBe(out.deliveries);
      const stats = (out.error as ProviderError).stats;
      expect(stats?.requests ?? 0).toBeGreaterThanOrEqual(2);
      const engine = subject.accounting?.();
      if (engine?.billedCharacters !== undefined) expect(stats?.billedCharacters).toBe(engine.billedCharacters);
      if (engine?.tokens !== undefined) expect(stats?.tokens).toEqual(engine.tokens);
    });

    it.runIf(subject.failing !== undefined)('fails as a whole with a ProviderError of the expected kind, without the secret', async () => {
      const { provider, kind, secret } = await (subject.failing as NonNullable<ConformanceSubject['failing']>)();
      opened.push(provider);
      const out = await run(provider, subject, conformanceSegments(3));
      expect(out.error).toBeInstanceOf(ProviderError);
      const error = out.error as ProviderError;
      expect(error.kind).toBe(kind);
      expect(out.results.size).toBe(0);
      if (secret) {
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error.stats ?? {})).not.toContain(secret);
      }
    });

    it('close() is idempotent, before and after work', async () => {
      const idle = await subject.open();
      await idle.close?.();
      await idle.close?.();
      const used = await subject.open();
      await run(used, subject, conformanceSegments(2));
      await used.close?.();
      await used.close?.();
    });
  });
}
