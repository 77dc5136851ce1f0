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
    expect(h.provider({}, { glossary: [{ source: 'pasar', target: 'bazaar', doNotTranslate: false }] }).fingerprint(pair)).not.toBe(base);
    expect(base).not.toContain(h.emulator.apiKey);
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
