import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError, type ProviderSegment } from '../pipeline/provider.ts';
import { retryAfterMs } from '../pipeline/providers/llm/classify-error.ts';
import { emulatorTranslate, type AnswerFaultMode } from './llm-emulator/index.ts';
import { llmSegments, runLlmJob, startLlmHarness, type LlmHarness } from './helpers/llm-harness.ts';

let h: LlmHarness;
beforeEach(async () => {
  h = await startLlmHarness();
});
afterEach(async () => {
  await h.close();
});

const THREE: ProviderSegment[] = [
  { id: 'a', text: 'Presiden <g1>datang</g1> ke kota pada tahun 2023.' },
  { id: 'b', text: 'Harga <g1>nasi</g1> di pasar naik 15 persen hari ini.' },
  { id: 'c', text: 'Anak membaca buku merah <x1/> di rumah.' },
];
const BAD = THREE[1].text;

/** Every failure mode, and the reason the provider gives for it. */
const MODES: Array<[AnswerFaultMode, RegExp]> = [
  ['notJson', /not JSON/],
  ['codeFence', /not JSON/],
  ['proseWrapped', /not JSON/],
  ['missingId', /lacked this segment's id/],
  ['extraId', /added ids/],
  ['untranslated', /equals the source/],
  ['commentary', /starts with commentary/],
  ['tagsLost', /tags lost or altered/],
  ['tagsAltered', /tags lost or altered/],
  ['figureChanged', /figures changed/],
  ['truncated', /length ratio/],
  ['repeated', /length ratio/],
];

function stillConsistent() {
  const totals = h.emulator.totals();
  return { requests: totals.requests, tokens: { input: totals.promptTokens, output: totals.completionTokens } };
}

describe('llm provider: answer failure modes', () => {
  for (const [mode, reason] of MODES) {
    it(`${mode}: the segment is retried alone once with the reason, then rejected and never delivered`, async () => {
      h.emulator.setFaults({ answers: [{ mode, match: BAD }] });
      const out = await runLlmJob(h.provider(), THREE);
      expect(out.error).toBeUndefined();
      expect(out.results.has('b')).toBe(false);
      expect(out.results.get('a')).toBe(emulatorTranslate(THREE[0].text));
      expect(out.results.get('c')).toBe(emulatorTranslate(THREE[2].text));
      expect(out.stats?.rejected).toHaveLength(1);
      expect(out.stats?.rejected[0].id).toBe('b');
      expect(out.stats?.rejected[0].reason).toMatch(reason);
      const alone = h.emulator.chatRequests().filter((r) => r.ids.length === 1 && r.segments['1'] === BAD);
      expect(alone).toHaveLength(1);
      expect(alone[0].messages.slice(0, -1).some((m) => m.content.includes('was refused') && reason.test(m.content))).toBe(true);
      expect({ requests: out.stats?.requests, tokens: out.stats?.tokens }).toEqual(stillConsistent());
    });
  }

  it('a failure that does not repeat is delivered after the retry alone', async () => {
    h.emulator.setFaults({ answers: [{ mode: 'commentary', match: BAD, times: 1, prefix: 'Berikut terjemahannya: ' }] });
    const out = await runLlmJob(h.provider(), THREE);
    expect(out.stats?.rejected).toEqual([]);
    expect(out.results.get('b')).toBe(emulatorTranslate(BAD));
    expect(out.stats?.requests).toBe(2);
  });

  it('merge: a value holding its missing neighbour is refused; both are retried alone and delivered', async () => {
    h.emulator.setFaults({ answers: [{ mode: 'merge', match: BAD }] });
    const out = await runLlmJob(h.provider(), THREE);
    expect(out.stats?.rejected).toEqual([]);
    for (const s of THREE) expect(out.results.get(s.id)).toBe(emulatorTranslate(s.text));
    const alone = h.emulator.chatRequests().slice(1);
    expect(alone.map((r) => r.segments['1']).sort()).toEqual([THREE[1].text, THREE[2].text].sort());
    const reasons = alone.map((r) => r.messages.slice(0, -1).map((m) => m.content).join('\n'));
    expect(reasons.some((t) => /merges a neighbouring segment/.test(t))).toBe(true);
    expect(reasons.some((t) => /lacked this segment's id/.test(t))).toBe(true);
  });

  it('finding 3b: a sentence already in the target language, or into Malay, may come back unchanged; Indonesian into English may not', async () => {
    h.emulator.setFaults({ answers: [{ mode: 'untranslated' }] });
    const quote = { id: 'q', text: '"This is a historic meeting for both of our countries."' };
    const prose = { id: 'p', text: 'Pemerintah akan membangun jalan baru di kota itu tahun depan.' };
    const english = await runLlmJob(h.provider({ batchSegments: 1, concurrency: 1 }), [quote, prose]);
    expect(english.results.get('q')).toBe(quote.text);
    expect(english.results.has('p')).toBe(false);
    expect(english.stats?.rejected.map((r) => [r.id, r.refused ?? 'answer'])).toEqual([['p', 'answer']]);
    expect(english.stats?.rejected[0].reason).toMatch(/equals the source/);

    h.emulator.reset();
    h.emulator.setFaults({ answers: [{ mode: 'untranslated' }] });
    const malay = await runLlmJob(h.provider(), [prose], undefined, 'ms');
    expect(malay.stats?.rejected).toEqual([]);
    expect(malay.results.get('p')).toBe(prose.text);
    expect(h.emulator.chatRequests()).toHaveLength(1);
  });

  it('a name or a number may come back unchanged', async () => {
    h.emulator.setFaults({ answers: [{ mode: 'untranslated' }] });
    const out = await runLlmJob(h.provider(), [
      { id: 'n', text: 'Vladimir Putin' },
      { id: 'u', text: '<x1/> 2023' },
    ]);
    expect(out.stats?.rejected).toEqual([]);
    expect(out.results.get('n')).toBe('Vladimir Putin');
  });
});

describe('llm provider: faults', () => {
  it('429 waits for retry-after-ms (and retry-after) and counts every attempt', async () => {
    h.emulator.setFaults({ rateLimit: { times: 1, retryAfterSeconds: 1, retryAfterMs: 300 } });
    const started = Date.now();
    const out = await runLlmJob(h.provider({ retryDelayMs: 1 }), THREE);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(out.error).toBeUndefined();
    expect(out.results.size).toBe(3);
    expect(h.emulator.chatRequests().map((r) => r.fault ?? r.status)).toEqual(['rateLimit', 200]);
    expect(out.stats?.requests).toBe(2);
    const headers = (values: Record<string, string>) => ({ headers: new Headers(values) });
    expect(retryAfterMs(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(headers({ 'retry-after-ms': '150', 'retry-after': '2' }))).toBe(150);
    expect(retryAfterMs(headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(headers({}))).toBeUndefined();
  });

  it('5xx and dropped connections are retried with backoff; stats match the emulator', async () => {
    h.emulator.setFaults({ serverError: { times: 2, status: 502 }, noResponse: { requests: [3] } });
    const out = await runLlmJob(h.provider(), THREE);
    expect(out.error).toBeUndefined();
    expect(out.results.size).toBe(3);
    expect(h.emulator.chatRequests().map((r) => r.fault ?? r.status)).toEqual(['serverError', 'serverError', 'noResponse', 200]);
    expect({ requests: out.stats?.requests, tokens: out.stats?.tokens }).toEqual(stillConsistent());
  });

  it('gives up as unavailable after the retries, with stats and without the key', async () => {
    await h.close();
    h = await startLlmHarness({ apiKey: 'sk-proj-SECRET0123456789abcdef' });
    h.emulator.setFaults({ serverError: { status: 500 } });
    const out = await runLlmJob(h.provider({ retries: 2 }), THREE);
    expect(out.error).toBeInstanceOf(ProviderError);
    expect(out.error?.kind).toBe('unavailable');
    expect(out.error?.stats?.requests).toBe(3);
    expect(out.error?.message).not.toContain('SECRET0123456789');
    expect(JSON.stringify(out.error?.stats)).not.toContain('SECRET');
  });

  it('a batch over the context window is split in halves; a single segment over it is rejected', async () => {
    const segments = llmSegments(8);
    const probe = await runLlmJob(h.provider({ batchSegments: 8 }), segments);
    expect(probe.error).toBeUndefined();
    const whole = h.emulator.chatRequests()[0].promptTokens;
    h.emulator.reset();
    h.emulator.configure({ maxContextTokens: whole - 1 });
    const out = await runLlmJob(h.provider({ batchSegments: 8 }), segments);
    expect(out.error).toBeUndefined();
    expect(out.stats?.rejected).toEqual([]);
    expect(out.results.size).toBe(8);
    const chats = h.emulator.chatRequests();
    expect(chats[0].fault).toBe('contextLength');
    expect(chats.filter((r) => r.status === 200).map((r) => r.ids.length)).toEqual([4, 4]);

    h.emulator.reset();
    h.emulator.configure({ maxContextTokens: 10 });
    const tooLong = await runLlmJob(h.provider({ batchSegments: 2 }), segments.slice(0, 2));
    expect(tooLong.results.size).toBe(0);
    expect(tooLong.stats?.rejected.map((r) => r.id).sort()).toEqual([segments[0].id, segments[1].id].sort());
    expect(tooLong.stats?.rejected[0].reason).toMatch(/the prompt for this segment \(\d+ tokens with the style guide and context; \d+ without the context\) exceeds the model's context window/);
    expect(tooLong.stats?.rejected.every((r) => r.refused === 'request')).toBe(true);
  });

  it("finding 1a: a single segment over the context window is asked once more without its context, then rejected as the server's refusal (refused: 'request')", async () => {
    const title = 'Harga beras naik tajam di pasar tradisional Jakarta menjelang akhir tahun';
    const paragraph = Array.from({ length: 12 }, (_, i) => `Kalimat ${i + 1} tentang harga beras yang naik di pasar kota selama musim kemarau panjang.`).join(' ');
    const segment = { id: 's', text: 'Kalimat 6 tentang harga beras yang naik di pasar kota selama musim kemarau panjang.', context: paragraph, title };
    // Probe: the prompt with and without the context.
    await runLlmJob(h.provider(), [segment]);
    await runLlmJob(h.provider(), [{ id: 's', text: segment.text }]);
    const [withContext, bare] = h.emulator.chatRequests().map((r) => r.promptTokens);
    expect(withContext).toBeGreaterThan(bare);

    // The context is what overflows: the retry without it is answered and delivered.
    h.emulator.reset();
    h.emulator.configure({ maxContextTokens: bare });
    const cured = await runLlmJob(h.provider(), [segment]);
    expect(cured.error).toBeUndefined();
    expect(cured.stats?.rejected).toEqual([]);
    expect(cured.results.get('s')).toBe(emulatorTranslate(segment.text));
    const [first, second] = h.emulator.chatRequests();
    expect(first.fault).toBe('contextLength');
    expect(second.status).toBe(200);
    const notes = (r: typeof first) => r.messages.slice(0, -1).map((m) => m.content).join('\n');
    expect(notes(first)).toContain('Context (');
    expect(notes(first)).toContain(title);
    expect(notes(second)).not.toContain('Context (');
    expect(notes(second)).not.toContain(title);

    // Too long even without context: rejected as a request the server refused, naming the prompt, not remembered.
    h.emulator.reset();
    h.emulator.configure({ maxContextTokens: bare - 1 });
    const refused = await runLlmJob(h.provider(), [segment]);
    expect(refused.error).toBeUndefined();
    expect(refused.results.size).toBe(0);
    expect(refused.stats?.rejected).toHaveLength(1);
    const [rejection] = refused.stats!.rejected;
    expect(rejection.refused).toBe('request');
    expect(rejection.reason).toContain(`the prompt for this segment (${withContext} tokens with the style guide and context; ${bare} without the context) exceeds the model's context window of ${bare - 1} tokens`);
    expect(rejection.reason).not.toMatch(/segment is too long/);
    expect(h.emulator.chatRequests().map((r) => r.fault)).toEqual(['contextLength', 'contextLength']);
  });

  for (const status of [400, 422] as const) {
    it(`finding 1b: a ${status} refusal of the request itself stops the run as a config error, after delivering what arrived, without per-segment rejections`, async () => {
      await h.close();
      h = await startLlmHarness({ apiKey: 'sk-proj-SECRET0123456789abcdef' });
      h.emulator.setFaults({ badRequest: { when: ({ seq }) => seq >= 2, status, message: "Unrecognized request argument supplied: 'seed_x' (key sk-proj-SECRET0123456789abcdef)", param: 'seed_x' } });
      const segments = llmSegments(8);
      const out = await runLlmJob(h.provider({ batchSegments: 2, concurrency: 1 }), segments);
      expect(out.error).toBeInstanceOf(ProviderError);
      expect(out.error?.kind).toBe('config');
      expect(out.error?.message).toContain("Unrecognized request argument supplied: 'seed_x'");
      expect(out.error?.message).toContain(String(status));
      expect(out.error?.message).toMatch(/'model'/);
      expect(out.error?.message).toMatch(/'baseUrl'/);
      expect(out.error?.message).toMatch(/'responseFormat'/);
      expect(out.error?.message).toMatch(/2 of 8 segments were translated and delivered/);
      expect(out.error?.message).not.toContain('SECRET0123456789');
      // What was answered before is delivered; nothing is rejected and nothing more is sent.
      expect([...out.results.keys()]).toEqual(segments.slice(0, 2).map((s) => s.id));
      expect((out.error?.stats as { rejected?: unknown[] } | undefined)?.rejected).toEqual([]);
      expect(h.emulator.chatRequests().map((r) => r.fault ?? r.status)).toEqual([200, 'badRequest']);
      expect(out.error?.stats?.requests).toBe(2);
    });
  }

  it('finding 6: an OPENAI_BASE_URL that is not a URL is a config error at creation, not an outage, and never shows the key', () => {
    const key = 'sk-proj-SECRET0123456789abcdef';
    for (const bad of ['127.0.0.1:11434/v1', 'localhost:11434', 'not a url', key]) {
      let error: unknown;
      try {
        h.provider({}, { env: { OPENAI_API_KEY: key, OPENAI_BASE_URL: bad } });
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).kind).toBe('config');
      expect((error as ProviderError).message).toMatch(/^OPENAI_BASE_URL is not a URL: .*set it to the server's base URL with \/v1, e.g\. http:\/\/127\.0\.0\.1:11434\/v1/);
      expect((error as ProviderError).message).not.toContain('SECRET0123456789');
      expect((error as ProviderError).message).not.toMatch(/unavailable|rerun later/i);
    }
    expect(() => h.provider({ baseUrl: 'ftp://example.org/v1' })).toThrow(ProviderError);
    expect(h.emulator.chatRequests()).toHaveLength(0);
  });

  it('401: stops with an auth error saying how to set OPENAI_API_KEY, without the key', async () => {
    const key = 'sk-wrong-0123456789SECRET';
    const out = await runLlmJob(h.provider({}, { env: { OPENAI_API_KEY: key, OPENAI_BASE_URL: h.emulator.url } }), THREE);
    expect(out.error).toBeInstanceOf(ProviderError);
    expect(out.error?.kind).toBe('auth');
    expect(out.error?.message).toMatch(/OPENAI_API_KEY/);
    expect(out.error?.message).toMatch(/OPENAI_BASE_URL/);
    expect(out.error?.message).not.toContain('0123456789SECRET');
    expect(out.error?.stats?.requests).toBe(1);
    expect(out.results.size).toBe(0);
  });

  it('403 is an auth error too; no key at all fails before any request', async () => {
    h.emulator.setFaults({ forbidden: {} });
    const forbidden = await runLlmJob(h.provider(), THREE);
    expect(forbidden.error?.kind).toBe('auth');
    h.emulator.reset();
    const none = await runLlmJob(h.provider({}, { env: { OPENAI_BASE_URL: h.emulator.url } }), THREE);
    expect(none.error?.kind).toBe('auth');
    expect(none.error?.message).toMatch(/set OPENAI_API_KEY/);
    expect(h.emulator.chatRequests()).toHaveLength(0);
  });

  it('falls back to json_object once the server refuses json_schema, and remembers it', async () => {
    h.emulator.configure({ jsonSchema: false });
    const provider = h.provider();
    const first = await runLlmJob(provider, THREE.slice(0, 1));
    expect(first.results.size).toBe(1);
    const second = await runLlmJob(provider, THREE.slice(1));
    expect(second.results.size).toBe(2);
    expect(h.emulator.chatRequests().map((r) => `${r.responseFormat}:${r.status}`)).toEqual(['json_schema:400', 'json_object:200', 'json_object:200']);
    expect(first.stats?.requests).toBe(2);
  });
});

describe('llm provider: exactly once', () => {
  it('a fatal fault mid-job: in-flight answers are delivered, and a resume sends only the rest; each segment billed once', async () => {
    const segments = llmSegments(12);
    const saved = new Map<string, string>();
    const persist = (out: { results: Map<string, string> }) => {
      for (const [id, text] of out.results) saved.set(id, text);
    };
    h.emulator.setFaults({ serverError: { when: ({ seq }) => seq >= 3 } });
    const first = await runLlmJob(h.provider({ batchSegments: 2, concurrency: 2, retries: 0 }), segments);
    persist(first);
    expect(first.error?.kind).toBe('unavailable');
    expect(first.error?.stats?.requests).toBe(h.emulator.totals().requests);
    expect(saved.size).toBeGreaterThan(0);
    expect(saved.size).toBeLessThan(segments.length);

    h.emulator.setFaults({});
    const rest = segments.filter((s) => !saved.has(s.id));
    const second = await runLlmJob(h.provider({ batchSegments: 2, concurrency: 2 }), rest);
    persist(second);
    expect(second.error).toBeUndefined();
    expect(saved.size).toBe(segments.length);
    for (const s of segments) expect(saved.get(s.id)).toBe(emulatorTranslate(s.text));

    const billed = new Map<string, number>();
    for (const r of h.emulator.chatRequests()) if (r.usage) for (const text of Object.values(r.segments)) billed.set(text, (billed.get(text) ?? 0) + 1);
    for (const s of segments) expect(billed.get(s.text)).toBe(1);
  });

  it('a persistence failure in onResults stops the job and surfaces that error', async () => {
    const provider = h.provider({ batchSegments: 1, concurrency: 1 });
    let calls = 0;
    await expect(
      provider.translate({ sourceLocale: 'id', targetLocale: 'en', segments: THREE }, () => {
        if (++calls === 2) throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(h.emulator.chatRequests()).toHaveLength(2);
  });
});
