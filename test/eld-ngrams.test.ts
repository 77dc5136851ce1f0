/**
 * The check's compact reading of eld's `small` n-gram database (pipeline/check/eld-ngrams.ts) is
 * the database the package ships, entry by entry, and eld over it detects exactly what `eld/small`
 * detects: language, reliability and every score, on corpus sentences and arbitrary strings.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { eldFolder, loadCompactEld, NgramsFormatError, parseNgramsModule, type EldInstance } from '../pipeline/check/eld-ngrams.ts';
import { ROOT } from './helpers/corpus.ts';

type Detection = { language: string; isReliable(): boolean; getScores(): Record<string, number> };
let packaged: { detect(text: string): Detection };
let compact: EldInstance;
beforeAll(async () => {
  packaged = (await import('eld/small')).eld as unknown as typeof packaged;
  compact = await loadCompactEld();
});

const same = (text: string) => {
  const a = packaged.detect(text);
  const b = compact.detect(text) as Detection;
  expect([b.language, b.isReliable(), JSON.stringify(b.getScores())]).toEqual([a.language, a.isReliable(), JSON.stringify(a.getScores())]);
};

describe('eld over the compact database', () => {
  it('reads every entry of the shipped database', async () => {
    const shipped = (await import(/* @vite-ignore */ path.join(eldFolder(), 'src/ngrams/small.js'))) as { ngramsData: { type: string; languages: object; ngrams: Record<string, object> } };
    const parsed = parseNgramsModule(fs.readFileSync(path.join(eldFolder(), 'src/ngrams/small.js'), 'utf8'));
    expect(parsed.type).toBe(shipped.ngramsData.type);
    expect(parsed.languages).toEqual(shipped.ngramsData.languages);
    const keys = Object.keys(shipped.ngramsData.ngrams);
    expect(Object.keys(parsed.ngrams)).toEqual(keys);
    for (const key of keys) if (JSON.stringify(parsed.ngrams[key]) !== JSON.stringify(shipped.ngramsData.ngrams[key])) expect.fail(`entry ${JSON.stringify(key)} differs`);
    expect(parsed.ngrams['not an n-gram']).toBeUndefined();
    expect(parsed.ngrams.constructor).toBeUndefined();
  });

  it('detects what eld/small detects on the corpus, line by line and sentence by sentence', () => {
    const folders = ['test/fixtures/corpus/indosum-news-id', 'test/fixtures/corpus/react-id-docs', 'source', 'locales/en', 'locales/ms'];
    let texts = 0;
    for (const folder of folders) {
      for (const file of fs.readdirSync(path.join(ROOT, folder))) {
        const text = fs.readFileSync(path.join(ROOT, folder, file), 'utf8');
        for (const piece of text.split(/\n|(?<=[.!?]) /)) {
          same(piece);
          texts++;
        }
      }
    }
    expect(texts).toBeGreaterThan(1000);
  });

  it('detects what eld/small detects on arbitrary text (any script, quotes, backslashes)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => same(text)), { numRuns: 500 });
    fc.assert(fc.property(fc.array(fc.constantFrom('yang', 'dan', 'the', "don't", 'über', 'ŝ', '\\', "'", '日本', 'кот', ' ', '.'), { maxLength: 30 }), (words) => same(words.join(' '))), { numRuns: 500 });
  });

  it('refuses a database in a form it does not know', () => {
    expect(() => parseNgramsModule("export const ngramsData = {type:'S60',languages:{0:'am'},ngrams:{'a\\nb':{0:1}}}")).toThrow(NgramsFormatError);
    expect(() => parseNgramsModule('export default {}')).toThrow(NgramsFormatError);
  });
});
