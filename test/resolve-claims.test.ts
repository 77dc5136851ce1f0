/**
 * The claim protocol in resolveNeeds, model-based: 2–4 simulated runners with overlapping needs
 * share one memory (test/helpers/fake-shared-memory.ts, on vitest's fake clock), their providers
 * answering in chunks after random delays (some longer than the lease, so only the heartbeat keeps
 * a claim), one runner's provider possibly failing (a network error) or the runner killed (stops
 * mid-request without releasing anything). The model: every payment was made under a live claim of
 * the payer; each unique segment is paid once, a second time only when the first payer was killed
 * (and after it was); every runner that finishes has every segment, and its figures add up.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { resolveNeeds, type Need, type Resolution } from '../pipeline/run/resolve-needs.ts';
import { ProviderError, type Provider, type ProviderResult, type ProviderStats } from '../pipeline/provider.ts';
import type { MemoryKey } from '../pipeline/store/translation-memory.ts';
import type { Segment } from '../pipeline/segment.ts';
import { createSharedState, sharedMemoryView, type SharedMemoryView } from './helpers/fake-shared-memory.ts';

const LEASE_MS = 1_000;
const WAIT_MS = 120_000;
const POOL = Array.from({ length: 10 }, (_, i) => `Kalimat nomor ${i + 1} tentang harga beras.`);
const segment = (source: string, line: number): Segment => ({ source, tagged: source, tags: {}, start: 0, end: source.length, linePrefixes: [], context: source, line });
const key = (source: string): MemoryKey => ({ provider: 'fake', fingerprint: 'fp', sourceLocale: 'id', targetLocale: 'en', source });
const answer = (text: string) => `EN ${text}`;

interface Payment {
  runner: number;
  text: string;
  time: number;
  /** The payer held a live claim on the segment when the request left. */
  live: boolean;
}

type Fault = { kind: 'none' } | { kind: 'fail'; runner: number; afterChunks: number } | { kind: 'kill'; runner: number; at: number };

interface RunnerPlan {
  needs: number[];
  start: number;
  chunkSize: number;
  /** Provider time per chunk (ms), cycled. */
  delays: number[];
  /** Memory round trip (ms), cycled. */
  memoryDelays: number[];
}

const never = new Promise<never>(() => {});

/**
 * A provider that sends `chunkSize` segments per request: a request is paid when it leaves, its
 * answers arrive `delays[i]` later. A failing chunk is refused after its delay (not paid, as a 429
 * or a reset is not billed); a killed runner's request never comes back.
 */
function chunkedProvider(runner: number, plan: RunnerPlan, view: SharedMemoryView, payments: Payment[], state: { killed: boolean; failAfter?: number }): Provider {
  let chunkNo = 0;
  return {
    name: 'fake',
    publishable: true,
    fingerprint: () => 'fp',
    async translate(job, onResults: (results: ProviderResult[]) => void): Promise<ProviderStats> {
      const stats = { requests: 0, billedCharacters: 0 };
      for (let i = 0; i < job.segments.length; i += plan.chunkSize) {
        const chunk = job.segments.slice(i, i + plan.chunkSize);
        const delay = plan.delays[chunkNo % plan.delays.length];
        const failing = state.failAfter !== undefined && chunkNo >= state.failAfter;
        chunkNo++;
        if (state.killed) await never;
        if (!failing) {
          for (const s of chunk) payments.push({ runner, text: s.text, time: Date.now(), live: view.holdsLive(key(s.text)) });
          stats.requests++;
          stats.billedCharacters += chunk.reduce((n, s) => n + s.text.length, 0);
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (state.killed) await never;
        if (failing) throw new ProviderError('network', 'connection reset by the fake server', { stats });
        onResults(chunk.map((s) => ({ id: s.id, text: answer(s.text) })));
      }
      return stats;
    },
  };
}

async function simulate(plans: RunnerPlan[], fault: Fault) {
  const shared = createSharedState();
  const payments: Payment[] = [];
  const results: Array<Resolution | undefined> = plans.map(() => undefined);
  const errors: unknown[] = [];
  const waits: number[][] = plans.map(() => []);
  const states = plans.map((_, r) => ({ killed: false, failAfter: fault.kind === 'fail' && fault.runner === r ? fault.afterChunks : undefined }));
  const views = plans.map((plan, r) => {
    let n = 0;
    return sharedMemoryView(shared, `runner-${r}`, () => plan.memoryDelays[n++ % plan.memoryDelays.length]);
  });
  plans.forEach((plan, r) => {
    setTimeout(() => {
      const needs: Need[] = plan.needs.map((i) => ({ segment: segment(POOL[i], i + 1), bypassMemory: false }));
      resolveNeeds(needs, {
        memory: views[r],
        sourceLocale: 'id',
        targetLocale: 'en',
        provider: chunkedProvider(r, plan, views[r], payments, states[r]),
        providerName: 'fake',
        fingerprint: 'fp',
        claimTiming: { leaseMs: LEASE_MS, waitMs: WAIT_MS },
        onWait: (segments) => waits[r].push(segments),
      }).then(
        (resolution) => void (results[r] = resolution),
        (error: unknown) => void errors.push(error),
      );
    }, plan.start);
  });
  let killedAt: number | undefined;
  if (fault.kind === 'kill') {
    setTimeout(() => {
      killedAt = Date.now();
      states[fault.runner].killed = true;
      views[fault.runner].kill();
    }, fault.at);
  }
  const finishing = plans.map((_, r) => !(fault.kind === 'kill' && fault.runner === r));
  const settled = () => plans.every((_, r) => !finishing[r] || results[r] !== undefined || errors.length > 0);
  for (let elapsed = 0; elapsed < 20 * 60_000 && !settled(); elapsed += 100) await vi.advanceTimersByTimeAsync(100);
  return { payments, results, errors, killedAt, waits, finishing };
}

const runnerPlan = fc.record({
  needs: fc.uniqueArray(fc.integer({ min: 0, max: POOL.length - 1 }), { minLength: 1, maxLength: POOL.length }),
  start: fc.integer({ min: 0, max: 400 }),
  chunkSize: fc.integer({ min: 1, max: 4 }),
  delays: fc.array(fc.integer({ min: 20, max: 2_500 }), { minLength: 1, maxLength: 4 }),
  memoryDelays: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 4 }),
});

const scenario = fc.array(runnerPlan, { minLength: 2, maxLength: 4 }).chain((plans) =>
  fc.tuple(
    fc.constant(plans),
    fc.oneof(
      fc.constant<Fault>({ kind: 'none' }),
      fc.record({ kind: fc.constant('fail' as const), runner: fc.integer({ min: 0, max: plans.length - 1 }), afterChunks: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ kind: fc.constant('kill' as const), runner: fc.integer({ min: 0, max: plans.length - 1 }), at: fc.integer({ min: 0, max: 3_000 }) }),
    ),
  ),
);

describe('resolveNeeds with claims on a shared memory (model)', () => {
  afterEach(() => {
    vi.clearAllTimers();
    vi.useRealTimers();
  });

  it('pays each unique segment once across runners; a killed runner’s request is paid again only after it died; finishing runners have everything', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ([plans, fault]) => {
        vi.useFakeTimers();
        try {
          const { payments, results, errors, killedAt, finishing } = await simulate(plans, fault);
          expect(errors).toEqual([]);
          const killed = fault.kind === 'kill' ? fault.runner : undefined;
          const failing = fault.kind === 'fail' ? fault.runner : undefined;
          // Nobody sends a segment without a live claim on it.
          expect(payments.filter((p) => !p.live)).toEqual([]);
          const byText = new Map<string, Payment[]>();
          for (const p of payments) byText.set(p.text, [...(byText.get(p.text) ?? []), p]);
          for (const [text, paid] of byText) {
            if (paid.length === 1) continue;
            // Twice at most, and only when the first payer was killed, the second paying after that.
            expect({ text, runners: paid.map((p) => p.runner) }).toEqual({ text, runners: [killed, expect.any(Number)] });
            expect(paid).toHaveLength(2);
            expect(paid[1].runner).not.toBe(killed);
            expect(paid[1].time).toBeGreaterThanOrEqual(killedAt as number);
          }
          plans.forEach((plan, r) => {
            if (!finishing[r]) return;
            const resolution = results[r] as Resolution;
            const texts = plan.needs.map((i) => POOL[i]);
            if (r === failing && resolution.error) {
              // Stopped by its provider: every segment is either resolved or pending, none lost.
              for (const text of texts) expect(resolution.machine.get(text) ?? (resolution.pending.some((s) => s.source === text) ? 'pending' : undefined)).toBeDefined();
              return;
            }
            expect(resolution.error).toBeUndefined();
            expect(resolution.pending).toEqual([]);
            expect(resolution.failed).toBe(0);
            for (const text of texts) expect(resolution.machine.get(text)).toBe(answer(text));
            expect(resolution.fromProvider + resolution.fromMemory).toBe(texts.length);
            expect(resolution.fromProvider).toBe(payments.filter((p) => p.runner === r).length);
            // Every segment someone finishing needed was paid for by someone.
            for (const text of texts) expect(byText.get(text)?.length ?? 0).toBeGreaterThanOrEqual(1);
          });
        } finally {
          vi.clearAllTimers();
          vi.useRealTimers();
        }
      }),
      { numRuns: 60 },
    );
  });
});
