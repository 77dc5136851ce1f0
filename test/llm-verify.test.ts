import { describe, expect, it } from 'vitest';
import { checkSchema } from '../pipeline/config/schema-problems.ts';
import { ProviderError } from '../pipeline/provider.ts';
import { buildMessages, responseFormat } from '../pipeline/providers/llm/build-prompt.ts';
import { llmOptionsSchema, parseLlmOptions } from '../pipeline/providers/llm/llm-options.ts';
import { parseAnswer } from '../pipeline/providers/llm/parse-answer.ts';
import { halves, planBatches } from '../pipeline/providers/llm/plan-batches.ts';
import { closeLanguages, commentaryPrefix, isProse, refusesUnchanged, verifyTranslation } from '../pipeline/providers/llm/verify-translation.ts';
import { requestContext, segmentWindow, REQUEST_CONTEXT_CHARS, WINDOW_CHARS } from '../pipeline/providers/llm/context-window.ts';
import { glossaryLines, selectGlossary } from '../pipeline/providers/llm/select-glossary.ts';
import { ConfigError, validateConfig } from '../pipeline/config/load-config.ts';
import { DEFAULT_CONFIG } from './helpers/workspace.ts';
import os from 'node:os';
import path from 'node:path';

const verify = (source: string, translation: unknown, missingNeighbours?: string[]) =>
  verifyTranslation({ source, translation, sourceLocale: 'id', targetLocale: 'en', missingNeighbours });

describe('verifyTranslation', () => {
  it('accepts faithful translations of the article, figures localised', () => {
    expect(
      verify(
        'Undangan tersebut disampaikan oleh Kim saat keduanya bertemu di pusat antariksa <g1>Vostochny Cosmodrome</g1> di Rusia timur pada Rabu (13/9/2023).',
        'The invitation was extended by Kim when the two met at the <g1>Vostochny Cosmodrome</g1> space centre in eastern Russia on Wednesday (September 13, 2023).',
      ),
    ).toBeUndefined();
    expect(verify('Harga beras naik 3,5 persen menjadi Rp 12.500 per kilogram.', 'The price of rice rose 3.5 percent to IDR 12,500 per kilogram.')).toBeUndefined();
    expect(verify('Vladimir Putin', 'Vladimir Putin')).toBeUndefined();
    expect(verify('<x1/> 2023', '<x1/> 2023')).toBeUndefined();
  });

  it('names each failure mode', () => {
    expect(verify('Rumah besar.', 42)).toMatch(/not a string/);
    expect(verify('Rumah besar.', '  ')).toMatch(/empty/);
    expect(verify('Presiden datang ke kota.', 'Presiden datang ke kota.')).toMatch(/equals the source/);
    expect(verify('Rumah besar.', 'Here is the translation: Big house.')).toMatch(/commentary/);
    expect(verify('Rumah besar.', 'Berikut terjemahannya: Big house.')).toMatch(/commentary/);
    expect(verify('Rumah <g1>besar</g1>.', 'Big house.')).toMatch(/tags lost or altered: <g1> missing/);
    expect(verify('Harga naik 15 persen pada 2023.', 'The price rose 16 percent in 2023.')).toMatch(/figures changed or lost: 15 persen/);
    expect(verify('Pemerintah akan membangun jalan baru di kota.', 'Government.')).toMatch(/length ratio/);
    expect(verify('Rumah besar di kota.', 'Big house in the city. Prices rose sharply in the market.', ['Harga naik tajam di pasar.'])).toMatch(/merges/);
    // The same value is fine when the neighbour came back on its own.
    expect(verify('Rumah besar di kota.', 'Big house in the city.', ['Harga naik tajam di pasar.'])).toBeUndefined();
  });

  it('commentary: a small case-insensitive list, not ordinary openings', () => {
    for (const text of [
      'Here is the translation: x',
      "here's your translation: x",
      'TRANSLATION: x',
      'English translation: x',
      'Translated text: x',
      'Sure, here is the translation: x',
      "Certainly! Here's the English version: x",
      'Berikut ini terjemahan: x',
      'Berikut adalah terjemahan dalam bahasa Inggris: x',
      'Terjemahan: x',
      'Note: x',
    ])
      expect(commentaryPrefix(text), text).toBeDefined();
    for (const text of ['Translators said on Monday…', 'Here the president spoke.', 'Surely not.']) expect(commentaryPrefix(text), text).toBeUndefined();
  });

  it('finding 3a: a sentence opening with "Of course,", "Okay,", "Sure," or "Certainly" is a translation, not commentary', () => {
    const cases: Array<[string, string]> = [
      ['Tentu saja, pemerintah akan mendukung penuh rencana itu.', 'Of course, the government will fully support the plan.'],
      ['Oke, kami akan datang besok pagi.', 'Okay, we will come tomorrow morning.'],
      ['Tentu, kata dia, semua warga boleh datang.', 'Sure, he said, all residents may come.'],
      ['Tentu saja, inilah tempat masalahnya bermula.', 'Of course, here is where the problem began.'],
      ['Pasti! Dia menjawab dengan tegas.', 'Certainly! He answered firmly.'],
    ];
    for (const [source, translation] of cases) {
      expect(commentaryPrefix(translation), translation).toBeUndefined();
      expect(verify(source, translation), translation).toBeUndefined();
    }
    // Real commentary is still refused, and a note the source has too is not commentary.
    expect(verify('Tentu saja, pemerintah akan mendukung.', 'Sure, here is the translation: Of course, the government will support.')).toMatch(/commentary/);
    expect(verify('Catatan: harga bisa berubah sewaktu-waktu.', 'Note: prices may change at any time.')).toBeUndefined();
    expect(verify('Harga bisa berubah sewaktu-waktu.', 'Note: prices may change at any time.')).toMatch(/commentary/);
  });

  it('A genuine sentence is refused as "commentary": a source that speaks of a translation may be translated "Here is the translation…"', () => {
    const cases: Array<[string, string]> = [
      ['Inilah terjemahan lengkap pidato Presiden Jokowi di Sidang Umum PBB.', "Here is the full translation of President Jokowi's speech at the UN General Assembly."],
      ['Simak terjemahan pidato Presiden Jokowi di Sidang Umum PBB berikut ini.', "Here is the translation of President Jokowi's speech at the UN General Assembly."],
      ['Alih bahasa: Budi Santoso', 'Translation: Budi Santoso'],
      ['Penerjemah: Budi Santoso', 'Translation: Budi Santoso'],
      ['Naskah ini disadur dari laporan Reuters.', 'Here is an adapted translation of a Reuters report.'],
      ['Redaksi menyadur pidato itu: berikut isinya.', "Here is our translation of the speech: its content follows."],
    ];
    for (const [source, translation] of cases) expect(verify(source, translation), translation).toBeUndefined();
    // The same answers to a source that does not speak of a translation are still commentary.
    expect(verify('Inilah pidato lengkap Presiden Jokowi di Sidang Umum PBB.', "Here is the full translation of President Jokowi's speech at the UN General Assembly.")).toMatch(/commentary/);
    expect(verify('Budi Santoso', 'Translation: Budi Santoso')).toMatch(/commentary/);
    // A note is commentary whatever the source says.
    expect(verify('Alih bahasa: Budi Santoso', 'Note: Translation: Budi Santoso')).toMatch(/commentary: "Note:"/);
    expect(commentaryPrefix('Translation: Budi Santoso', { aboutTranslation: true })).toBeUndefined();
    expect(commentaryPrefix('Note: the name is kept.', { aboutTranslation: true })).toBe('Note:');
  });

  it('the refusal quotes the whole commentary phrase, up to 60 characters', () => {
    expect(verify('Rumah besar di kota itu.', 'Here is the translation: Big house in that city.')).toBe('the translation starts with commentary: "Here is the translation:"');
    expect(verify('Inilah pidato lengkap Presiden Jokowi di Sidang Umum PBB.', "Here is the full translation of President Jokowi's speech at the UN General Assembly.")).toBe(
      'the translation starts with commentary: "Here is the full translation"',
    );
    expect(verify('Rumah besar di kota itu.', 'Sure, here is the translation: Big house in that city.')).toBe('the translation starts with commentary: "Sure, here is the translation:"');
    expect(verify('Rumah besar di kota itu.', 'Berikut terjemahannya: Big house in that city.')).toBe('the translation starts with commentary: "Berikut terjemahannya:"');
    const long = 'Here is my careful and complete English translation of the Indonesian news article:';
    const reason = verify('Rumah besar di kota itu, kata wali kota pada hari Senin.', `${long} Big house in that city, the mayor said on Monday.`);
    expect(reason).toBe(`the translation starts with commentary: "${long.slice(0, 59).trimEnd()}…"`);
    expect(commentaryPrefix(`${long} Big house.`)).toBe(long);
  });

  it('finding 3b: an unchanged value is refused only when the pair is not close and the source is not already in the target language', () => {
    const english = '"This is a historic meeting for both of our countries."';
    const indonesian = 'Pemerintah akan membangun jalan baru di kota itu.';
    const detector = (language: string, reliable = true) => () => ({ language, reliable });
    expect(closeLanguages('id', 'ms')).toBe(true);
    expect(closeLanguages('id', 'ms-MY')).toBe(true);
    expect(closeLanguages('id', 'en')).toBe(false);
    // Into Malay an identical sentence may be right: never refused as untranslated.
    expect(verifyTranslation({ source: indonesian, translation: indonesian, sourceLocale: 'id', targetLocale: 'ms' })).toBeUndefined();
    // Into English: accepted when the detector reliably reads the source as English.
    expect(verifyTranslation({ source: english, translation: english, sourceLocale: 'id', targetLocale: 'en', detectLanguage: detector('en') })).toBeUndefined();
    expect(refusesUnchanged(english, 'id', 'en-GB', detector('en'))).toBe(false);
    // Not when it reads as Indonesian, nor when the detection is not reliable, nor without a detector.
    expect(verifyTranslation({ source: indonesian, translation: indonesian, sourceLocale: 'id', targetLocale: 'en', detectLanguage: detector('id') })).toMatch(/equals the source/);
    expect(refusesUnchanged(english, 'id', 'en', detector('en', false))).toBe(true);
    expect(refusesUnchanged(indonesian, 'id', 'en')).toBe(true);
  });

  it('prose needs a lower-case word: names, figures and links may stay', () => {
    expect(isProse('Presiden datang ke Jakarta.')).toBe(true);
    expect(isProse('(bir/bir)')).toBe(false); // regression: an editor's initials byline came back unchanged and was rejected as untranslated
    expect(isProse('Dani Pedrosa ESP Repsol Honda (RC213V) 1 m 59.212s [Lap 7/7] 323 km/h (Max)2.')).toBe(false); // regression: a MotoGP results line, names and units, rejected as untranslated
    expect(isProse('Kim Jong Un')).toBe(false);
    expect(isProse('https://jfid.example/berita 2023')).toBe(false);
  });
});

describe('parseAnswer', () => {
  it('reads one JSON object, reporting missing and added ids', () => {
    const parsed = parseAnswer('{"1":"a","3":"c"}', ['1', '2']);
    expect(parsed).toEqual({ ok: true, values: new Map([['1', 'a'], ['3', 'c']]), missing: ['2'], extra: ['3'] });
    expect(parseAnswer('```json\n{"1":"a"}\n```', ['1'])).toEqual({ ok: false, reason: 'the answer was not JSON' });
    expect(parseAnswer('["a"]', ['1'])).toEqual({ ok: false, reason: 'the answer was not a JSON object' });
    expect(parseAnswer(null, ['1'])).toEqual({ ok: false, reason: 'the answer was empty' });
  });
});

describe('planning and prompt', () => {
  it('packs in order by segment count and token cap; a huge segment goes alone', () => {
    const texts = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(300), 'd'.repeat(30), 'e'.repeat(30)];
    expect(planBatches(texts, (t) => t, { maxSegments: 2, maxTokens: 1000 }).map((b) => b.length)).toEqual([2, 2, 1]);
    expect(planBatches(texts, (t) => t, { maxSegments: 10, maxTokens: 50 }).map((b) => b.map((t) => t[0]).join(''))).toEqual(['ab', 'c', 'de']);
    expect(halves([1, 2, 3])).toEqual([[1, 2], [3]]);
  });

  it('selects glossary entries by whole word, any case; never dnt terms', () => {
    const terms = [
      { source: 'pasar', target: 'market', doNotTranslate: false },
      { source: 'Bank Indonesia', target: 'Bank Indonesia (the central bank)', doNotTranslate: false },
      { source: 'jfid', doNotTranslate: true },
    ];
    expect(selectGlossary(terms, ['Pasar ramai.', 'jfid'])).toEqual([terms[0]]);
    expect(selectGlossary(terms, ['pasaran', 'BANK INDONESIA naik'])).toEqual([terms[1]]);
  });

  it('builds the messages with the JSON object last and a strict schema of the ids', () => {
    const messages = buildMessages({
      sourceLocale: 'id',
      targetLocale: 'ms',
      segments: [{ id: '1', text: 'Rumah <g1>besar</g1>.' }],
      context: ['Rumah besar. Kota kecil.'],
      glossary: [{ source: 'rumah', target: 'rumah', doNotTranslate: false }],
      retryReason: 'the answer was not JSON',
    });
    expect(messages.at(-1)).toEqual({ role: 'user', content: '{"1":"Rumah <g1>besar</g1>."}' });
    expect(messages[0].content).toMatch(/from Indonesian \(id\) to Malay \(ms\)/);
    expect(messages.filter((m) => m.content.includes(' \u2192 ')).map((m) => m.content.split('\n').filter((l) => l.includes(' \u2192 ')))).toEqual([['rumah \u2192 rumah']]);
    expect(messages.some((m) => m.content.includes('was refused: the answer was not JSON'))).toBe(true);
    expect(responseFormat('json_schema', ['1', '2'])).toMatchObject({ json_schema: { strict: true, schema: { required: ['1', '2'], additionalProperties: false } } });
  });
});

describe('context window (finding 2)', () => {
  const sentence = (i: number) => `Kalimat nomor ${i} ini membahas harga beras di pasar tradisional kota yang terus naik selama musim kemarau panjang tahun ini.`;
  const paragraph = Array.from({ length: 120 }, (_, i) => sentence(i + 1)).join(' ');

  it('finding 2: a segment gets its neighbouring sentences, at most WINDOW_CHARS, centred on it; not found: the start', () => {
    expect(paragraph.length).toBeGreaterThan(14_000);
    const w = segmentWindow(paragraph, sentence(60));
    expect(w).toBeDefined();
    const text = paragraph.slice(w!.start, w!.end);
    expect(text.length).toBeLessThanOrEqual(WINDOW_CHARS);
    for (const i of [59, 60, 61]) expect(text).toContain(sentence(i));
    expect(text).not.toContain(sentence(50));
    // White space differences between the segment and the paragraph are tolerated.
    const loose = segmentWindow(paragraph, sentence(60).replace(/ /g, '  '));
    expect(loose).toEqual(w);
    // A segment whose atom (inline code, a link) left a gap in its plain text is still placed.
    const gapped = sentence(60).replace('harga beras', ' ');
    const placed = segmentWindow(paragraph, gapped);
    const placedText = paragraph.slice(placed!.start, placed!.end);
    expect(placedText.length).toBeLessThanOrEqual(WINDOW_CHARS);
    for (const i of [59, 60, 61]) expect(placedText).toContain(sentence(i));
    // Not found in the paragraph: the window is the paragraph's start.
    const start = segmentWindow(paragraph, 'Sesuatu yang tidak ada di paragraf.');
    expect(start?.start).toBe(0);
    expect(paragraph.slice(start!.start, start!.end)).toContain(sentence(1));
    expect(start!.end).toBeLessThanOrEqual(WINDOW_CHARS);
    // A one-sentence paragraph is the segment itself: no context.
    expect(segmentWindow(sentence(1), sentence(1))).toBeUndefined();
  });

  it('finding 2: windows of one paragraph merge, and a request holds at most REQUEST_CONTEXT_CHARS of context', () => {
    const windows = Array.from({ length: 20 }, (_, i) => segmentWindow(paragraph, sentence(30 + i)));
    const pieces = requestContext(windows);
    expect(pieces.join('').length).toBeLessThanOrEqual(REQUEST_CONTEXT_CHARS);
    expect(pieces).toHaveLength(1);
    expect(pieces[0].startsWith('…')).toBe(true);
    expect(pieces[0]).toContain(sentence(29));
    // Two distant segments: two pieces, each around its own segment.
    const apart = requestContext([segmentWindow(paragraph, sentence(10)), segmentWindow(paragraph, sentence(100))]);
    expect(apart).toHaveLength(2);
    expect(apart[0]).toContain(sentence(9));
    expect(apart[1]).toContain(sentence(101));
  });
});

describe('glossary lines (finding 5)', () => {
  it('finding 5: terms and renderings are escaped exactly as segment text', () => {
    expect(glossaryLines([{ source: 'P&G', target: 'Procter & Gamble', doNotTranslate: false }, { source: 'menteri', target: '<Minister>', doNotTranslate: false }])).toBe(
      'P&amp;G \u2192 Procter &amp; Gamble\nmenteri \u2192 &lt;Minister&gt;',
    );
  });
});

describe('llm options', () => {
  it('finding 4: budget without pricing is a config error at config load, naming the fix', () => {
    const file = path.join(os.tmpdir(), 'llm-budget-test', 'translate.config.yaml');
    const raw = (target: Record<string, unknown>) => ({ ...DEFAULT_CONFIG, targets: { en: { provider: 'llm', model: 'gpt-4o-mini', ...target } } });
    let error: unknown;
    try {
      validateConfig(raw({ budget: 5 }), file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'targets.en.budget: budget needs pricing to estimate a cost; add pricing: { inputPerMillionTokens, outputPerMillionTokens }',
    ]);
    expect(() => validateConfig(raw({ budget: 5, pricing: { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 } }), file)).not.toThrow();
    expect(checkSchema(llmOptionsSchema, { model: 'm', budget: 1 }).ok).toBe(false);
    expect(() => parseLlmOptions({ model: 'm', budget: 1 })).toThrow(/option 'budget' budget needs pricing/);
  });

  it('requires a model, rejects unknown keys with a suggestion, applies defaults', () => {
    expect(() => parseLlmOptions({})).toThrow(ProviderError);
    expect(() => parseLlmOptions({})).toThrow(/option 'model'/);
    const checked = checkSchema(llmOptionsSchema, { model: 'gpt-4o-mini', temprature: 0 });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems[0].message).toMatch(/did you mean "temperature"/);
    expect(parseLlmOptions({ model: 'm', locale: 'en' })).toMatchObject({ batchSegments: 20, concurrency: 2, retries: 4, temperature: 0, responseFormat: 'json_schema', timeoutMs: 120_000 });
    expect(() => parseLlmOptions({ model: 'm', pricing: { inputPerMillionTokens: 1 } })).toThrow(/pricing\.outputPerMillionTokens/);
  });
});
