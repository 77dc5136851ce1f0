import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codePoints, makeSegments, runJob, startHarness, type Harness } from './deepl-emulator/test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/**
 * Exactly-once billing. The emulator fails BEFORE billing (429, 5xx, 456), as DeepL does not bill
 * a failed request; the provider never re-sends a segment it delivered, and the resumed run sends
 * only what was not delivered. So the total billed is exactly the code points of the unique
 * segments, whatever the faults. (A connection dropped AFTER billing would bill twice on retry;
 * no client can prevent that, see `noResponseAfterBilling` in the emulator tests.)
 */
describe('DeepL provider: exactly-once billing', () => {
  it('~300 unique segments, 20% 429s and 5% 5xx, stopped by quota midway, resumed: billed once each', async () => {
    const segments = makeSegments(300, 4);
    const expected = codePoints(segments.map((s) => s.text));
    h.emulator.setFaults({ seed: 2024, tooManyRequests: { fraction: 0.2 }, serverError: { fraction: 0.05 }, quotaCharacters: Math.floor(expected / 2) });

    const first = await runJob(h.provider({ retries: 12 }), segments);
    expect(first.error?.kind).toBe('quota');
    expect(first.results.size).toBeGreaterThan(100);
    expect(first.results.size).toBeLessThan(300);
    expect(first.error?.stats?.billedCharacters).toBe(h.emulator.billedCharacters);
    const delivered = segments.filter((s) => first.results.has(s.id));
    expect(h.emulator.billedCharacters).toBe(codePoints(delivered.map((s) => s.text)));

    // The quota resets; the faults go on. A fresh provider gets only what is missing.
    h.emulator.setFaults({ seed: 99, tooManyRequests: { fraction: 0.2 }, serverError: { fraction: 0.05 } });
    const rest = segments.filter((s) => !first.results.has(s.id));
    const second = await runJob(h.provider({ retries: 12 }), rest);
    expect(second.error).toBeUndefined();
    expect(second.stats?.rejected).toEqual([]);
    expect(first.results.size + second.results.size).toBe(300);

    const translate = h.emulator.translateRequests();
    expect(translate.some((r) => r.fault === 'tooManyRequests')).toBe(true);
    expect(translate.some((r) => r.fault === 'serverError')).toBe(true);
    expect(translate.filter((r) => r.status === 456).length).toBeGreaterThan(0);
    // Per-request accounting agrees with the total, and each text was billed exactly once.
    const billedTexts = translate.filter((r) => r.billedCharacters > 0).flatMap((r) => r.texts);
    expect(new Set(billedTexts).size).toBe(billedTexts.length);
    expect(billedTexts.length).toBe(300);
    expect(h.emulator.billedCharacters).toBe(expected);
    expect((first.error?.stats?.billedCharacters ?? 0) + (second.stats?.billedCharacters ?? 0)).toBe(expected);
  });
});
