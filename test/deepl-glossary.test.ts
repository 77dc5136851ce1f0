import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GLOSSARY_CACHE_FILE } from '../pipeline/providers/deepl/glossary-cache.ts';
import { runJob, startHarness, type Harness } from './deepl-emulator/test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const creates = () => h.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v3/glossaries');
const deletes = () => h.emulator.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/v3/glossaries/'));
const segment = [{ id: 'a', text: 'Harga beras di pasar naik.' }];

describe('DeepL provider: glossary', () => {
  it('creates one multilingual glossary, uses it, and reuses it from a second provider instance', async () => {
    const glossary = { 'beras di': 'rice at the', pasar: 'marketplace' };
    const first = await runJob(h.provider({ glossary }), segment);
    expect(first.results.get('a')).toBe('Price rice at the marketplace naik.');
    expect(creates()).toHaveLength(1);
    const id = [...h.emulator.glossaries.glossaries.keys()][0];
    const created = h.emulator.glossaries.get(id);
    expect(created?.dictionaries.map((d) => [d.sourceLang, d.targetLang, Object.fromEntries(d.entries)])).toEqual([['id', 'en', glossary]]);
    expect(h.emulator.translateRequests()[0].params.glossary_id).toBe(id);

    const before = h.emulator.requests.length;
    const second = await runJob(h.provider({ glossary: { pasar: 'marketplace', 'beras di': 'rice at the' } }), segment);
    expect(second.error).toBeUndefined();
    expect(creates()).toHaveLength(1); // zero creates in the second run
    expect(h.emulator.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v3/glossaries/${id}`, 'POST /v2/translate']);
    expect(h.emulator.translateRequests()[1].params.glossary_id).toBe(id);
    expect(second.stats?.glossaryRequests).toBe(1);
  });

  it('recreates the glossary when the terms change, and deletes the old one', async () => {
    await runJob(h.provider({ glossary: { pasar: 'marketplace' } }), segment);
    const oldId = [...h.emulator.glossaries.glossaries.keys()][0];
    const out = await runJob(h.provider({ glossary: { pasar: 'bazaar' } }), segment);
    expect(out.results.get('a')).toContain('bazaar');
    expect(creates()).toHaveLength(2);
    expect(deletes().map((r) => r.path)).toEqual([`/v3/glossaries/${oldId}`]);
    expect(h.emulator.glossaries.glossaries.size).toBe(1);
    const cache = JSON.parse(readFileSync(join(h.cacheDir, GLOSSARY_CACHE_FILE), 'utf8'));
    expect(Object.values(cache.glossaries)).toHaveLength(1);
  });

  it('recreates a remembered glossary that DeepL no longer has', async () => {
    await runJob(h.provider({ glossary: { pasar: 'marketplace' } }), segment);
    h.emulator.glossaries.glossaries.clear();
    const out = await runJob(h.provider({ glossary: { pasar: 'marketplace' } }), segment);
    expect(out.error).toBeUndefined();
    expect(creates()).toHaveLength(2);
  });

  it('keeps one glossary per target code (EN-US and EN-GB do not evict each other)', async () => {
    await runJob(h.provider({ glossary: { pasar: 'market' } }), segment, 'en');
    await runJob(h.provider({ glossary: { pasar: 'marketplace' }, targetCode: 'EN-GB' }), segment, 'en');
    await runJob(h.provider({ glossary: { pasar: 'market' } }), segment, 'en');
    expect(creates()).toHaveLength(2);
    expect(deletes()).toHaveLength(0);
  });

  it('creates the glossary once when one provider runs several jobs at once', async () => {
    const provider = h.provider({ glossary: { pasar: 'marketplace' } });
    await Promise.all([runJob(provider, segment), runJob(provider, [{ id: 'b', text: 'Pasar baru.' }])]);
    expect(creates()).toHaveLength(1);
  });

  it('writes only ids and hashes to the cache folder', async () => {
    await runJob(h.provider({ glossary: { pasar: 'marketplace' } }), segment);
    expect(readdirSync(h.cacheDir)).toEqual([GLOSSARY_CACHE_FILE]);
    const text = readFileSync(join(h.cacheDir, GLOSSARY_CACHE_FILE), 'utf8');
    expect(text).not.toContain('marketplace');
    expect(text).not.toContain(h.key);
  });
});
