import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../pipeline/provider.ts';
import { createDeepLProvider } from '../pipeline/providers/deepl.ts';
import { verifyTags } from '../pipeline/tagged-text.ts';
import { fakeTranslate, MAX_BODY_BYTES, MAX_TEXTS } from './deepl-emulator/index.ts';
import { codePoints, makeSegments, runJob, startHarness, type Harness } from './deepl-emulator/test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const xml = { tagHandling: 'xml' };

describe('DeepL provider: batching', () => {
  it('never sends more than 50 texts or 128 KiB per request, and packs as few requests as it can', async () => {
    // 130 context-free sentences (their own paragraphs) and 40 long ones.
    const short = Array.from({ length: 130 }, (_, i) => ({ id: `a${i}`, text: `Berita nomor ${i} dari kota besar.` }));
    const long = Array.from({ length: 40 }, (_, i) => ({ id: `b${i}`, text: `Panjang ${i} ${'rumah besar di kota '.repeat(400)}` }));
    const out = await runJob(h.provider(), [...short, ...long]);
    expect(out.error).toBeUndefined();
    expect(out.results.size).toBe(170);
    const requests = h.emulator.translateRequests();
    for (const r of requests) {
      expect(r.status).toBe(200);
      expect(r.texts.length).toBeLessThanOrEqual(MAX_TEXTS);
      expect(r.bodyBytes).toBeLessThanOrEqual(MAX_BODY_BYTES);
    }
    // 130 short texts → 3 requests; 40 × ~8 KB → several requests by size.
    const bySize = Math.ceil(codePoints(long.map((s) => s.text)) / (124 * 1024));
    expect(requests.length).toBeLessThanOrEqual(3 + bySize + 1);
    expect(out.stats?.requests).toBe(requests.length);
    expect(out.stats?.billedCharacters).toBe(h.emulator.billedCharacters);
    expect(h.emulator.billedCharacters).toBe(codePoints([...short, ...long].map((s) => s.text)));
  });

  it('translates identical texts once and delivers them to every id', async () => {
    const out = await runJob(h.provider(), [
      { id: '1', text: 'Harga beras naik.' },
      { id: '2', text: 'Harga beras naik.' },
    ]);
    expect(out.results.get('1')).toBe(out.results.get('2'));
    expect(h.emulator.billedCharacters).toBe(codePoints(['Harga beras naik.']));
  });

  it('never runs more than `concurrency` requests at once', async () => {
    h.emulator.setFaults({ slow: { ms: 30 } });
    const out = await runJob(h.provider({ concurrency: 3 }), makeSegments(40, 2));
    expect(out.error).toBeUndefined();
    expect(h.emulator.translateRequests()).toHaveLength(20);
    expect(h.emulator.maxConcurrentRequests).toBe(3);
  });
});

describe('DeepL provider: context strategies', () => {
  it('sentence: each sentence is a text, its paragraph goes as context, one request per paragraph', async () => {
    const segments = makeSegments(12, 4);
    const out = await runJob(h.provider({ contextStrategy: 'sentence' }), segments);
    expect(out.error).toBeUndefined();
    const requests = h.emulator.translateRequests();
    expect(requests).toHaveLength(3);
    for (const r of requests) {
      const paragraph = segments.filter((s) => r.texts.includes(s.text));
      expect(paragraph).toHaveLength(4);
      expect(r.context).toBe(paragraph[0].context);
      expect(r.params.tag_handling).toBe('xml');
    }
    // Context is free: billed = the sentences only.
    expect(h.emulator.billedCharacters).toBe(codePoints(segments.map((s) => s.text)));
    for (const s of segments) expect(out.results.get(s.id)).toBe(fakeTranslate(s.text, xml));
  });

  it('sentence: neighbouring paragraphs share a request while their joined context fits contextChars (not billed)', async () => {
    const segments = makeSegments(12, 4);
    const paragraphs = [...new Set(segments.map((s) => s.context))];
    await runJob(h.provider({ contextChars: 2000 }), segments);
    const [request, ...rest] = h.emulator.translateRequests();
    expect(rest).toEqual([]);
    expect(request.texts).toEqual(segments.map((s) => s.text));
    expect(request.context).toBe(paragraphs.join('\n\n'));
    expect(h.emulator.billedCharacters).toBe(codePoints(segments.map((s) => s.text)));

    const budget = (paragraphs[0] as string).length + (paragraphs[1] as string).length + 2;
    await runJob(h.provider({ contextChars: budget }), segments);
    expect(h.emulator.translateRequests().slice(1).map((r) => r.texts.length)).toEqual([8, 4]);
  });

  it('sentence: a sentence that is its whole paragraph needs no context and is packed with others', async () => {
    const segments = ['Satu berita.', 'Dua berita.', 'Tiga berita.'].map((text, i) => ({ id: String(i), text, context: text }));
    await runJob(h.provider(), segments);
    const requests = h.emulator.translateRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0].context).toBeUndefined();
  });

  it('paragraph: the sentences of a paragraph travel as one text in <s> wrappers and are split back', async () => {
    const segments = makeSegments(12, 4);
    const out = await runJob(h.provider({ contextStrategy: 'paragraph' }), segments);
    expect(out.error).toBeUndefined();
    const requests = h.emulator.translateRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0].texts).toHaveLength(3);
    expect(requests[0].texts[0]).toBe(segments.slice(0, 4).map((s) => `<s>${s.text}</s>`).join(' '));
    expect(requests[0].params.splitting_tags).toBe('s');
    for (const s of segments) {
      expect(out.results.has(s.id)).toBe(true);
      expect(verifyTags(s.text, out.results.get(s.id) as string)).toEqual([]);
    }
  });

  it('fingerprint includes target code, formality, glossary, do-not-translate and strategy', () => {
    const make = (options: Record<string, unknown>) => createDeepLProvider({ options, env: {}, cacheDir: h.cacheDir });
    const base = make({}).fingerprint({ sourceLocale: 'id', targetLocale: 'en' });
    expect(base).toContain('EN-US');
    expect(base).toContain('context=sentence');
    expect(make({ targetCode: 'EN-GB' }).fingerprint({ sourceLocale: 'id', targetLocale: 'en' })).toContain('EN-GB');
    expect(make({ contextStrategy: 'paragraph' }).fingerprint({ sourceLocale: 'id', targetLocale: 'en' })).not.toBe(base);
    expect(make({ glossary: { rumah: 'home' } }).fingerprint({ sourceLocale: 'id', targetLocale: 'en' })).not.toBe(base);
    expect(make({ glossary: { rumah: 'house' } }).fingerprint({ sourceLocale: 'id', targetLocale: 'en' })).not.toBe(make({ glossary: { rumah: 'home' } }).fingerprint({ sourceLocale: 'id', targetLocale: 'en' }));
    expect(make({ doNotTranslate: ['KPK'] }).fingerprint({ sourceLocale: 'id', targetLocale: 'en' })).not.toBe(base);
    expect(make({ formality: 'more' }).fingerprint({ sourceLocale: 'id', targetLocale: 'de' })).not.toBe(make({}).fingerprint({ sourceLocale: 'id', targetLocale: 'de' }));
  });
});

describe('DeepL provider: markup safety', () => {
  it('restores tags, even when DeepL moves a tag pair within the sentence', async () => {
    const text = 'Presiden makan <g1>nasi</g1> di <g2>rumah <x3/> besar</g2>.';
    const out = await runJob(h.provider(), [{ id: 'a', text }]);
    const translated = out.results.get('a') as string;
    expect(translated).toBe(fakeTranslate(text, xml));
    expect(translated).toBe('President <g1>rice</g1> eat in <g2>house <x3/> big</g2>.');
    expect(verifyTags(text, translated)).toEqual([]);
  });

  it('retries a segment whose tags came back broken, alone, once', async () => {
    h.emulator.setFaults({ dropTags: { match: 'rusak', times: 1 } });
    const segments = [
      { id: 'ok', text: 'Berita <g1>baik</g1>.', context: 'Berita baik. Rumah rusak.' },
      { id: 'bad', text: 'Rumah <g1>rusak</g1>.', context: 'Berita baik. Rumah rusak.' },
    ];
    const out = await runJob(h.provider(), segments);
    expect(out.stats?.rejected).toEqual([]);
    expect(out.results.get('bad')).toBe(fakeTranslate('Rumah <g1>rusak</g1>.', xml));
    const requests = h.emulator.translateRequests();
    expect(requests).toHaveLength(2);
    expect(requests[1].texts).toEqual(['Rumah <g1>rusak</g1>.']);
    expect(requests[1].context).toBe('Berita baik. Rumah rusak.');
  });

  it('reports a segment broken twice as failed and never delivers it', async () => {
    h.emulator.setFaults({ dropTags: { match: 'rusak' } });
    const out = await runJob(h.provider(), [
      { id: 'ok', text: 'Berita <g1>baik</g1>.' },
      { id: 'bad', text: 'Rumah <g1>rusak</g1>.' },
    ]);
    expect(out.error).toBeUndefined();
    expect(out.results.has('bad')).toBe(false);
    expect(out.results.has('ok')).toBe(true);
    expect(out.stats?.rejected).toEqual([{ id: 'bad', reason: expect.stringContaining('missing-tag g1') }]);
    expect(h.emulator.translateRequests()).toHaveLength(2);
  });

  it('paragraph strategy: a paragraph whose wrappers broke is retried sentence by sentence', async () => {
    h.emulator.setFaults({ dropTags: { match: '<s>', times: 1 } });
    const segments = makeSegments(4, 4);
    const out = await runJob(h.provider({ contextStrategy: 'paragraph' }), segments);
    expect(out.stats?.rejected).toEqual([]);
    expect(out.results.size).toBe(4);
    const requests = h.emulator.translateRequests();
    expect(requests).toHaveLength(5);
    expect(requests.slice(1).map((r) => r.texts)).toEqual(segments.map((s) => [s.text]));
  });

  it('protects do-not-translate terms as atoms and puts them back', async () => {
    const text = 'Kota Baru &amp; rumah <g1>besar</g1> di Kota Baru.';
    const out = await runJob(h.provider({ doNotTranslate: ['Kota Baru'] }), [{ id: 'a', text }]);
    const sent = h.emulator.translateRequests()[0].texts[0];
    expect(sent).toBe('<x2/> &amp; rumah <g1>besar</g1> di <x3/>.');
    expect(out.results.get('a')).toBe('Kota Baru &amp; <g1>big</g1> house in Kota Baru.');
  });
});

describe('DeepL provider: locales and options', () => {
  it('maps locales to DeepL codes and sends formality where supported', async () => {
    await runJob(h.provider(), [{ id: 'a', text: 'Satu.' }], 'en');
    await runJob(h.provider({ targetCode: 'EN-GB' }), [{ id: 'a', text: 'Dua.' }], 'en');
    await runJob(h.provider(), [{ id: 'a', text: 'Tiga.' }], 'pt');
    await runJob(h.provider(), [{ id: 'a', text: 'Empat.' }], 'zh');
    await runJob(h.provider({ formality: 'more' }), [{ id: 'a', text: 'Lima.' }], 'de');
    const sent = h.emulator.translateRequests().map((r) => [r.params.target_lang, r.params.formality]);
    expect(sent).toEqual([['en-US', undefined], ['en-GB', undefined], ['pt-BR', undefined], ['zh-HANS', undefined], ['de', 'more']]);
  });

  it('rejects at creation what DeepL cannot do (config errors)', () => {
    const make = (options: Record<string, unknown>) => () => createDeepLProvider({ options, env: {}, cacheDir: h.cacheDir });
    expect(make({ locale: 'en', formality: 'more' })).toThrow(/does not support formality for EN-US/);
    expect(make({ locale: 'en', formality: 'more' })).toThrow(ProviderError);
    expect(make({ locale: 'tlh' })).toThrow(/cannot translate into 'tlh'/);
    expect(make({ contextStrategy: 'document' })).toThrow(/contextStrategy/);
    expect(make({ concurrency: 0 })).toThrow(/concurrency/);
    try {
      make({ targetCode: 'JA', formality: 'less' })();
      make({ locale: 'en', formality: 'prefer_more' })();
    } catch {
      expect.unreachable('supported combinations must pass');
    }
    const error = (() => {
      try {
        make({ locale: 'en', formality: 'less' })();
      } catch (e) {
        return e as ProviderError;
      }
    })();
    expect(error?.kind).toBe('config');
  });

  it('reports an unsupported target as a config error when the locale is only known at translate time', async () => {
    const out = await runJob(h.provider({ formality: 'less' }), [{ id: 'a', text: 'Satu.' }], 'en');
    expect(out.error?.kind).toBe('config');
    expect(h.emulator.requests).toHaveLength(0);
  });
});
