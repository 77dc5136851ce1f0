import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GlossaryTerm } from '../pipeline/provider.ts';
import { emulatorTranslate } from './llm-emulator/index.ts';
import { llmSegments, runLlmJob, startLlmHarness, type LlmHarness } from './helpers/llm-harness.ts';

let h: LlmHarness;
beforeEach(async () => {
  h = await startLlmHarness();
});
afterEach(async () => {
  await h.close();
});

describe('llm provider: protocol', () => {
  it('sends each request as one JSON object of ids in the last user message and maps answers back', async () => {
    const segments = llmSegments(10);
    const out = await runLlmJob(h.provider({ batchSegments: 4 }), segments);
    expect(out.error).toBeUndefined();
    expect(out.stats?.rejected).toEqual([]);
    expect(out.results.size).toBe(10);
    for (const s of segments) expect(out.results.get(s.id)).toBe(emulatorTranslate(s.text));
    const chats = h.emulator.chatRequests();
    expect(chats.map((r) => r.ids)).toEqual([['1', '2', '3', '4'], ['1', '2', '3', '4'], ['1', '2']]);
    for (const r of chats) {
      const last = r.messages[r.messages.length - 1];
      expect(last.role).toBe('user');
      expect(Object.keys(JSON.parse(last.content))).toEqual(r.ids);
      expect(r.messages.slice(0, -1).every((m) => !m.content.includes('"1":'))).toBe(true);
      expect(r.messages[0].content).toMatch(/from Indonesian \(id\) to English \(en\)/);
      expect(r.responseFormat).toBe('json_schema');
    }
    expect(Object.values(chats[0].segments)).toEqual(segments.slice(0, 4).map((s) => s.text));
    // Context: the segments' paragraph, in an earlier message.
    expect(chats[0].messages.some((m) => m.role !== 'system' && m.content.includes(segments[0].context as string))).toBe(true);
    expect(out.stats?.requests).toBe(3);
  });

  it('sends only the glossary entries whose term occurs in the request, as `term → rendering` lines', async () => {
    const glossary: GlossaryTerm[] = [
      { source: 'Joko Widodo', target: 'Joko Widodo (Jokowi)', doNotTranslate: false },
      { source: 'pasar', target: 'bazaar', doNotTranslate: false },
      { source: 'Kementerian Keuangan', target: 'Ministry of Finance', doNotTranslate: false },
    ];
    const segments = [
      { id: 'a', text: 'Presiden Joko Widodo datang ke kota.' },
      { id: 'b', text: 'Harga nasi di pasar baru.' },
      { id: 'c', text: 'Anak membaca buku merah.' },
    ];
    const out = await runLlmJob(h.provider({ batchSegments: 1 }, { glossary }), segments);
    expect(out.error).toBeUndefined();
    const [a, b, c] = h.emulator.chatRequests();
    expect(a.glossary).toEqual([['Joko Widodo', 'Joko Widodo (Jokowi)']]);
    expect(b.glossary).toEqual([['pasar', 'bazaar']]);
    expect(c.glossary).toEqual([]);
    expect(a.messages.slice(0, -1).some((m) => m.content.split('\n').includes('Joko Widodo \u2192 Joko Widodo (Jokowi)'))).toBe(true);
    expect(out.results.get('b')).toBe('Price rice in bazaar new.');
  });

  it('protects do-not-translate terms as atoms and restores them', async () => {
    const glossary: GlossaryTerm[] = [{ source: 'jfid', doNotTranslate: true, note: 'dnt' }];
    const out = await runLlmJob(h.provider({}, { glossary }), [{ id: 'a', text: 'jfid – Presiden <g1>datang</g1> ke kota.' }]);
    expect(out.error).toBeUndefined();
    const [r] = h.emulator.chatRequests();
    expect(r.segments['1']).toBe('<x2/> – Presiden <g1>datang</g1> ke kota.');
    expect(r.glossary).toEqual([]);
    expect(out.results.get('a')).toBe('jfid – President <g1>comes</g1> to city.');
  });

  it('puts the style guide and the target instructions in the messages; a missing style guide is a config error naming it', async () => {
    writeFileSync(join(h.dir, 'house-style.md'), '# House style\n\nWrite "per cent", never "%".\n');
    const out = await runLlmJob(h.provider({ styleGuide: 'house-style.md', instructions: 'Use British spelling.' }), [{ id: 'a', text: 'Harga nasi naik.' }]);
    expect(out.error).toBeUndefined();
    const texts = h.emulator.chatRequests()[0].messages.slice(0, -1).map((m) => m.content).join('\n');
    expect(texts).toContain('Write "per cent", never "%".');
    expect(texts).toContain('Use British spelling.');
    expect(() => h.provider({ styleGuide: 'missing-style.md' })).toThrow(/style guide 'missing-style\.md'/);
  });

  it('gives the article title as context, except to the title segment itself', async () => {
    const title = 'Harga beras naik di Jakarta';
    const out = await runLlmJob(h.provider({ batchSegments: 1, concurrency: 1 }), [
      { id: 't', text: title, title },
      { id: 'a', text: 'Presiden datang ke pasar.', title },
    ]);
    expect(out.error).toBeUndefined();
    const context = (i: number) => h.emulator.chatRequests()[i].messages.slice(0, -1).map((m) => m.content).join('\n');
    const byFirstId = (id: string) => h.emulator.chatRequests().findIndex((r) => Object.values(r.segments)[0] === (id === 't' ? title : 'Presiden datang ke pasar.'));
    expect(context(byFirstId('a'))).toContain(`Article title (context; do not translate it): ${title}`);
    expect(context(byFirstId('t'))).not.toContain('Article title');
  });

  it('finding 2: a huge paragraph is trimmed to a window around each segment and capped per request; estimate() plans the same context', async () => {
    const sentence = (i: number) => `Kalimat nomor ${i} ini membahas harga beras di pasar tradisional kota yang terus naik selama musim kemarau panjang tahun ini, kata seorang pedagang kepada wartawan di lokasi pada hari Senin pagi.`;
    const paragraph = Array.from({ length: 120 }, (_, i) => sentence(i + 1)).join(' ');
    expect(paragraph.length).toBeGreaterThan(23_000);
    const segments = Array.from({ length: 120 }, (_, i) => ({ id: `s${i + 1}`, text: sentence(i + 1), context: paragraph }));
    // A server whose window holds a batch and its trimmed context, but not the whole paragraph.
    h.emulator.configure({ maxContextTokens: 2500 }); // the paragraph alone is about 3,960 emulator tokens
    const provider = h.provider({ batchSegments: 20 });
    const estimate = await provider.estimate!({ sourceLocale: 'id', targetLocale: 'en', segments });
    const out = await runLlmJob(provider, segments);
    expect(out.error).toBeUndefined();
    expect(out.stats?.rejected).toEqual([]);
    expect(out.results.size).toBe(120);
    const chats = h.emulator.chatRequests();
    expect(chats.every((r) => r.fault === undefined)).toBe(true);
    expect(chats).toHaveLength(6);
    const contextOf = (r: (typeof chats)[number]) => r.messages.find((m) => m.content.includes('Context ('))?.content ?? '';
    for (const r of chats) {
      const context = contextOf(r).slice(contextOf(r).indexOf('\n\n') + 2);
      expect(context.length).toBeGreaterThan(0);
      expect(context.length).toBeLessThanOrEqual(2000);
      expect(context).not.toContain(paragraph);
    }
    // The context is around the request's own segments: the third batch holds sentences 41–60.
    const third = chats.find((r) => Object.values(r.segments)[0] === sentence(41));
    expect(third).toBeDefined();
    expect(contextOf(third!)).toContain(sentence(40));
    expect(contextOf(third!)).not.toContain(sentence(10));
    // estimate() counts the trimmed prompts: far below one whole paragraph per request.
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    expect(estimate.requests).toBe(6);
    expect(estimate.tokens!.input).toBeLessThan(6 * countTokens(paragraph));

    // A segment alone gets at most 600 characters of its paragraph, centred on it.
    h.emulator.reset();
    const alone = await runLlmJob(h.provider(), [segments[59]]);
    expect(alone.error).toBeUndefined();
    const window = contextOf(h.emulator.chatRequests()[0]);
    expect(window).toContain(sentence(59));
    expect(window).toContain(sentence(61));
    expect(window.slice(window.indexOf('\n\n') + 2).replace(/…/g, '').length).toBeLessThanOrEqual(600);
  });

  it('finding 5: glossary terms and renderings travel escaped like the segments, and the emulator applies them', async () => {
    const glossary: GlossaryTerm[] = [
      { source: 'P&G', target: 'Procter & Gamble', doNotTranslate: false },
      { source: 'menteri', target: '<Minister>', doNotTranslate: false },
    ];
    const segments = [
      { id: 'a', text: 'Saham P&amp;G naik di pasar baru.' },
      { id: 'b', text: 'Kata menteri di kota itu kemarin.' },
    ];
    const out = await runLlmJob(h.provider({ batchSegments: 1, concurrency: 1 }, { glossary }), segments);
    expect(out.error).toBeUndefined();
    expect(out.stats?.rejected).toEqual([]);
    const [a, b] = h.emulator.chatRequests();
    expect(a.segments['1']).toBe(segments[0].text);
    expect(a.glossary).toEqual([['P&amp;G', 'Procter &amp; Gamble']]);
    expect(b.glossary).toEqual([['menteri', '&lt;Minister&gt;']]);
    expect(out.results.get('a')).toBe(emulatorTranslate(segments[0].text, [['P&amp;G', 'Procter &amp; Gamble']]));
    expect(out.results.get('a')).toContain('Procter &amp; Gamble');
    expect(out.results.get('b')).toContain('&lt;Minister&gt;');
  });

  it('sends identical texts once and delivers them to every id', async () => {
    const out = await runLlmJob(h.provider(), [
      { id: 'a', text: 'Rumah besar.' },
      { id: 'b', text: 'Rumah besar.' },
      { id: 'c', text: '' },
    ]);
    expect(out.results.get('a')).toBe('House big.');
    expect(out.results.get('b')).toBe('House big.');
    expect(out.results.get('c')).toBe('');
    expect(h.emulator.chatRequests()[0].ids).toEqual(['1']);
  });

  it('reports tokens equal to the emulator\'s bill and the fingerprint changes with model, style and glossary only', async () => {
    const out = await runLlmJob(h.provider({ batchSegments: 3 }), llmSegments(7));
    const totals = h.emulator.totals();
    expect(out.stats?.tokens).toEqual({ input: totals.promptTokens, output: totals.completionTokens });
    expect(out.stats?.requests).toBe(totals.requests);
    expect(out.stats?.billedCharacters).toBe(0);
    const pair = { sourceLocale: 'id', targetLocale: 'en' };
    const base = h.provider().fingerprint(pair);
    expect(h.provider({ concurrency: 5, batchSegments: 3 }).fingerprint(pair)).toBe(base);
    expect(h.provider({ model: 'other' }).fingerprint(pair)).not.toBe(base);
    expect(h.provider({ instructions: 'Be brief.' }).fingerprint(pair)).not.toBe(base);
    expect(base).not.toContain(h.emulator.apiKey);
  });

  it('keys the glossary per segment: an edit to a row a sentence does not contain keeps its memory key (regression: any glossary edit re-paid every sentence)', () => {
    const pair = { sourceLocale: 'id', targetLocale: 'en' };
    const pasar = { source: 'pasar', target: 'bazaar', doNotTranslate: false };
    const glossary = (extra: GlossaryTerm[]) => h.provider({}, { glossary: [pasar, ...extra] });
    const before = glossary([]);
    const after = glossary([{ source: 'Pyongyang', target: 'Pyongyang', doNotTranslate: false }]);
    expect(after.fingerprint(pair)).toBe(before.fingerprint(pair));
    // A sentence without any glossary term: no per-segment part at all.
    expect(before.segmentFingerprint!(pair, 'Harga beras naik.')).toBe('');
    // A sentence with `pasar`: the same part until that row changes, whatever else is added.
    const part = before.segmentFingerprint!(pair, 'Harga di pasar naik.');
    expect(part).not.toBe('');
    expect(after.segmentFingerprint!(pair, 'Harga di pasar naik.')).toBe(part);
    expect(glossary([]).segmentFingerprint!(pair, 'Harga di Pyongyang naik.')).toBe('');
    expect(after.segmentFingerprint!(pair, 'Harga di Pyongyang naik.')).not.toBe('');
    expect(h.provider({}, { glossary: [{ ...pasar, target: 'market' }] }).segmentFingerprint!(pair, 'Harga di pasar naik.')).not.toBe(part);
  });

  it('estimates requests, tokens and cost without calling the server, batches planned as sent', async () => {
    const segments = llmSegments(9);
    const provider = h.provider({ batchSegments: 4, pricing: { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 }, budget: 1 });
    const estimate = await provider.estimate!({ sourceLocale: 'id', targetLocale: 'en', segments });
    expect(h.emulator.chatRequests()).toHaveLength(0);
    expect(estimate.requests).toBe(3);
    expect(estimate.billedCharacters).toBe(0);
    expect(estimate.tokens!.input).toBeGreaterThan(estimate.tokens!.output);
    expect(estimate.cost).toBeCloseTo((estimate.tokens!.input * 0.15 + estimate.tokens!.output * 0.6) / 1e6, 12);
    expect(provider.budget).toBe(1);
    const out = await runLlmJob(provider, segments);
    expect(out.stats?.requests).toBe(estimate.requests);
  });

  it('close() is idempotent', async () => {
    const provider = h.provider();
    await provider.close!();
    await provider.close!();
  });
});
