import * as deepl from 'deepl-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_EMULATOR_KEY, fakeTranslate, startDeepLEmulator, type DeepLEmulator } from './deepl-emulator/index.ts';

let emulator: DeepLEmulator;
let client: deepl.DeepLClient;
beforeEach(async () => {
  emulator = await startDeepLEmulator();
  client = new deepl.DeepLClient(DEFAULT_EMULATOR_KEY, { serverUrl: emulator.url, maxRetries: 1 });
});
afterEach(async () => {
  await emulator.stop();
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${emulator.url}/v2/translate`, {
    method: 'POST',
    headers: { Authorization: `DeepL-Auth-Key ${DEFAULT_EMULATOR_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

describe('DeepL emulator', () => {
  it('translates deterministically, keeps XML tags, bills code points and not the context', async () => {
    const results = await client.translateText(['Saya makan <g1>nasi</g1> 🍚.', 'Anak &amp; kucing.'], 'id', 'en-US', { tagHandling: 'xml', context: 'Konteks panjang yang tidak ditagih.' });
    expect(results.map((r) => r.text)).toEqual(['I <g1>rice</g1> eat 🍚.', 'Child &amp; cat.']);
    expect(results.map((r) => r.billedCharacters)).toEqual([27, 18]);
    expect(emulator.billedCharacters).toBe(45);
    expect(emulator.requests[0]).toMatchObject({ texts: ['Saya makan <g1>nasi</g1> 🍚.', 'Anak &amp; kucing.'], context: 'Konteks panjang yang tidak ditagih.', billedCharacters: 45 });
    expect(fakeTranslate('Saya makan <g1>nasi</g1> 🍚.', { tagHandling: 'xml', reorderTags: false })).toBe('I eat <g1>rice</g1> 🍚.');
  });

  it('accepts JSON bodies', async () => {
    const res = await fetch(`${emulator.url}/v2/translate`, {
      method: 'POST',
      headers: { Authorization: `DeepL-Auth-Key ${DEFAULT_EMULATOR_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: ['Rumah besar.'], target_lang: 'EN-GB', show_billed_characters: true }),
    });
    expect(await res.json()).toEqual({ translations: [{ detected_source_language: 'ID', text: 'House big.', billed_characters: 12 }] });
  });

  it('answers 403 without the right key', async () => {
    expect((await post('text=a&target_lang=DE', { Authorization: 'DeepL-Auth-Key nope' })).status).toBe(403);
    expect((await post('text=a&target_lang=DE', { Authorization: '' })).status).toBe(403);
    await expect(new deepl.Translator('nope', { serverUrl: emulator.url }).getUsage()).rejects.toBeInstanceOf(deepl.AuthorizationError);
  });

  it('enforces DeepL limits: 50 texts (400), 128 KiB (413), target_lang and formality (400)', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `text=t${i}`).join('&');
    const tooMany = await post(`${many}&target_lang=DE`);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toHaveProperty('message');
    expect((await post(`text=${'a'.repeat(130 * 1024)}&target_lang=DE`)).status).toBe(413);
    expect((await post('text=a&target_lang=EN')).status).toBe(400);
    expect((await post('text=a&target_lang=EN-US&formality=more')).status).toBe(400);
    expect((await post('text=a&target_lang=DE&formality=more')).status).toBe(200);
    expect(emulator.billedCharacters).toBe(1);
  });

  it('serves usage and languages', async () => {
    const usage = await client.getUsage();
    expect(usage.character).toMatchObject({ count: 0, limit: 500_000 });
    const targets = await client.getTargetLanguages();
    expect(targets.find((l) => l.code === 'de')?.supportsFormality).toBe(true);
    expect(targets.find((l) => l.code === 'en-US')?.supportsFormality).toBe(false);
    expect((await client.getSourceLanguages()).some((l) => l.code === 'id')).toBe(true);
  });

  it('implements v2 and v3 glossaries as deepl-node calls them', async () => {
    const v2 = await client.createGlossary('v2', 'id', 'en', new deepl.GlossaryEntries({ entries: { rumah: 'home' } }));
    expect((await client.getGlossaryEntries(v2)).entries()).toEqual({ rumah: 'home' });
    expect((await client.listGlossaries()).map((g) => g.name)).toEqual(['v2']);
    const v3 = await client.createMultilingualGlossary('v3', [
      { sourceLangCode: 'id', targetLangCode: 'en', entries: new deepl.GlossaryEntries({ entries: { kucing: 'kitty' } }) },
      { sourceLangCode: 'id', targetLangCode: 'de', entries: new deepl.GlossaryEntries({ entries: { kucing: 'Katze' } }) },
    ]);
    expect(v3.dictionaries).toHaveLength(2);
    expect((await client.getMultilingualGlossary(v3.glossaryId)).name).toBe('v3');
    expect((await client.getMultilingualGlossaryDictionaryEntries(v3, 'id', 'de')).entries.entries()).toEqual({ kucing: 'Katze' });
    await client.replaceMultilingualGlossaryDictionary(v3, { sourceLangCode: 'id', targetLangCode: 'de', entries: new deepl.GlossaryEntries({ entries: { kucing: 'Kater' } }) });
    expect((await client.translateText('kucing.', 'id', 'de', { glossary: v3 })).text).toBe('Kater.');
    expect((await client.translateText('kucing.', 'id', 'en-US', { glossary: v3.glossaryId })).text).toBe('kitty.');
    await client.deleteMultilingualGlossaryDictionary(v3, 'id', 'de');
    expect((await client.listMultilingualGlossaries()).find((g) => g.glossaryId === v3.glossaryId)?.dictionaries).toHaveLength(1);
    await client.deleteMultilingualGlossary(v3);
    await client.deleteGlossary(v2);
    await expect(client.getMultilingualGlossary(v3.glossaryId)).rejects.toBeInstanceOf(deepl.GlossaryNotFoundError);
  });

  it('injects seeded faults reproducibly, before billing', async () => {
    const pattern = async (seed: number) => {
      const e = await startDeepLEmulator({ faults: { seed, tooManyRequests: { fraction: 0.3 }, serverError: { fraction: 0.1 } } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const r = await fetch(`${e.url}/v2/translate`, {
          method: 'POST',
          headers: { Authorization: `DeepL-Auth-Key ${DEFAULT_EMULATOR_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'text=abc&target_lang=DE',
        });
        statuses.push(r.status);
      }
      const billed = e.billedCharacters;
      await e.stop();
      expect(billed).toBe(3 * statuses.filter((s) => s === 200).length);
      return statuses;
    };
    const a = await pattern(5);
    expect(await pattern(5)).toEqual(a);
    expect(a).toContain(429);
    expect(a).toContain(503);
  });

  it('rate-limits beyond N requests per window', async () => {
    emulator.setFaults({ rateLimit: { requests: 2, perMs: 10_000 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('text=a&target_lang=DE')).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  it('quota: 456 once the billed total would pass the limit; usage reports it', async () => {
    emulator.setFaults({ quotaCharacters: 5 });
    expect((await post('text=abc&target_lang=DE')).status).toBe(200);
    const over = await post('text=abc&target_lang=DE');
    expect(over.status).toBe(456);
    expect(await over.json()).toEqual({ message: 'Quota Exceeded' });
    expect((await client.getUsage()).character).toMatchObject({ count: 3, limit: 5 });
  });

  it('documents the one unavoidable double billing: a connection dropped after billing', async () => {
    emulator.setFaults({ noResponseAfterBilling: { first: 1 } });
    const retrying = new deepl.DeepLClient(DEFAULT_EMULATOR_KEY, { serverUrl: emulator.url, maxRetries: 2 });
    await retrying.translateText('Rumah.', 'id', 'de');
    expect(emulator.translateRequests().map((r) => r.fault ?? r.status)).toEqual(['noResponseAfterBilling', 200]);
    expect(emulator.billedCharacters).toBe(12); // paid twice for 6 characters
  });
});
