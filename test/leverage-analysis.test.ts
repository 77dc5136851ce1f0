import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
import fs from 'node:fs';
import fg from 'fast-glob';
import { parse, stringify } from 'yaml';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { countCharacters, countWords } from '../pipeline/analysis/indonesian-words.ts';
import { BAND_NAMES, bandOf, fuzzyBand, type LeverageBands } from '../pipeline/analysis/leverage-bands.ts';
import { validateConfig } from '../pipeline/config/load-config.ts';
import { loadArticle } from '../pipeline/run/load-article.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { plainText } from '../pipeline/tagged-text.ts';
import type { RunSummary } from '../pipeline/run/summary.ts';
import { prefixing } from './helpers/prefixing-provider.ts';

const ARTICLE_A = '---\ntitle: Harga Beras Naik\nauthor: Budi\n---\n\nHarga beras di pasar induk Cipinang naik tajam sejak awal pekan ini. Pedagang mengeluh.\n\nBaca **laporan** di [situs kami](https://jfid.id/beras).\n';

const IDENTITY = { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } };
/** A real (publishable, not stand-in) engine served by a test double: its output is machine translation. */
const ENGINE = { ...DEFAULT_CONFIG, targets: { en: { provider: 'apertium' } } };
const engine = { providers: { apertium: prefixing } };
const bandsOf = (summary: RunSummary, locale = 'en'): LeverageBands => summary.locales[locale].analysis!.bands;
const segmentsIn = (bands: LeverageBands) => Object.fromEntries(Object.entries(bands).filter(([, b]) => b.segments > 0).map(([name, b]) => [name, b.segments]));
const total = (bands: LeverageBands, k: 'segments' | 'words' | 'characters') => BAND_NAMES.reduce((sum, name) => sum + bands[name][k], 0);

describe('Indonesian word counting', () => {
  it('counts a hyphenated reduplication as one word, numbers as words, punctuation as none', () => {
    expect(countWords('anak-anak')).toBe(1);
    expect(countWords('Anak-anak bermain di sekolah.')).toBe(4);
    expect(countWords('sehari-hari, ke-2, se-Indonesia')).toBe(3);
    expect(countWords('Rp1.500.000')).toBe(1);
    expect(countWords('3,5 persen')).toBe(2);
    expect(countWords('pukul 10.30 WIB')).toBe(3);
    expect(countWords('... , ! ? — "«»"')).toBe(0);
    expect(countWords('Selamat pagi 👍🏽 🇮🇩')).toBe(2);
    expect(countWords('anak - anak')).toBe(2); // a dash between spaces joins nothing
    expect(countWords('')).toBe(0);
  });

  it('counts characters as code points, whitespace runs as one', () => {
    expect(countCharacters('anak-anak')).toBe(9);
    expect(countCharacters('👍🏽')).toBe(2);
    expect(countCharacters('  a \n  b  ')).toBe(3);
  });
});

describe('leverage bands', () => {
  it('bands by precedence: 101%, 100%, repetitions, fuzzy, no match (repetitions above fuzzy, as in Trados and memoQ)', () => {
    expect(bandOf({ inPlace: true, exact: true, fuzzyScore: 0.9, repeated: true })).toBe('context match (101%)');
    expect(bandOf({ inPlace: false, exact: true, fuzzyScore: 0.9, repeated: true })).toBe('100%');
    expect(bandOf({ inPlace: false, exact: false, fuzzyScore: 0.9, repeated: true })).toBe('repetitions');
    expect(bandOf({ inPlace: false, exact: false, fuzzyScore: 0.9, repeated: false })).toBe('85–94%');
    expect(bandOf({ inPlace: false, exact: false, fuzzyScore: 0.3, repeated: true })).toBe('repetitions');
    expect(bandOf({ inPlace: false, exact: false, repeated: false })).toBe('no match');
    expect([0.999, 0.95, 0.9499, 0.85, 0.75, 0.7499, 0.5, 0.4999].map(fuzzyBand)).toEqual(['95–99%', '95–99%', '85–94%', '85–94%', '75–84%', '50–74%', '50–74%', undefined]);
  });

  it('a translated article copied to a new file: the copy is 100% (recorded elsewhere), the original 101%', async () => {
    // A memory on disk and a publishable engine: the run manifest would skip the unchanged article; the analysis still counts it.
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A }, ENGINE, { sqlite: true });
    await ws.translate(engine);
    ws.write('source/copy.md', ARTICLE_A);
    const summary = await ws.translate({ dryRun: true, analysis: true, ...engine });
    expect(summary.segments).toBe(8);
    expect(segmentsIn(bandsOf(summary))).toEqual({ 'context match (101%)': 4, '100%': 4 });
    expect(ws.exists('locales/en/copy.yaml')).toBe(false);
    // Without the memory (a fresh clone), the locale files alone make the copy 100%.
    const clone = createWorkspace(Object.fromEntries(fg.sync(['source/**', 'locales/**'], { cwd: ws.dir }).map((f) => [f, ws.read(f)])), ENGINE);
    expect(segmentsIn(bandsOf(await clone.translate({ dryRun: true, analysis: true, ...engine })))).toEqual({ 'context match (101%)': 4, '100%': 4 });
  });

  it.each([
    ['pseudo', DEFAULT_CONFIG],
    ['identity', IDENTITY],
  ])('stand-in text (%s) is no match: not 101% in place, not 100% for a copy, in the memory or in the locale files alone', async (_name, config) => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A }, config, { sqlite: true });
    await ws.translate();
    // In place: every entry holds the stand-in's text, and none is a translation.
    expect(segmentsIn(bandsOf(await ws.translate({ dryRun: true, analysis: true })))).toEqual({ 'no match': 4 });
    // A new article reusing the sentences: repetitions of this batch, no 100% from the stand-in's memory or record.
    ws.write('source/copy.md', ARTICLE_A);
    expect(segmentsIn(bandsOf(await ws.translate({ dryRun: true, analysis: true })))).toEqual({ 'no match': 4, repetitions: 4 });
    const clone = createWorkspace(Object.fromEntries(fg.sync(['source/**', 'locales/**'], { cwd: ws.dir }).map((f) => [f, ws.read(f)])), config);
    expect(segmentsIn(bandsOf(await clone.translate({ dryRun: true, analysis: true })))).toEqual({ 'no match': 4, repetitions: 4 });
    // The target switched to a real engine: the stand-in text is still no match.
    ws.write('translate.config.yaml', stringify(ENGINE));
    expect(segmentsIn(bandsOf(await ws.translate({ dryRun: true, analysis: true, ...engine })))).toEqual({ 'no match': 4, repetitions: 4 });
  });

  it('pseudo-localized text whose record was lost (no state file) is no match', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A });
    await ws.translate();
    fs.rmSync(path.join(ws.dir, 'locales/en/a.state.yaml'));
    expect(segmentsIn(bandsOf(await ws.translate({ dryRun: true, analysis: true })))).toEqual({ 'no match': 4 });
  });

  it('a one-word edit of a reviewed sentence lands in a fuzzy band', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A });
    await ws.translate();
    // A reviewer rewrites every value: all reviewed, remembered as human by the next run.
    const en = parse(ws.read('locales/en/a.yaml')) as Record<string, string>;
    const human = Object.fromEntries(Object.entries(en).map(([key, value]) => [key, key === 'title' ? 'Rice prices rise' : value.replace(/[⟦⟧~]/g, '')]));
    ws.write('locales/en/a.yaml', stringify(human));
    await ws.translate();
    ws.write('source/a.md', ARTICLE_A.replace('awal pekan', 'akhir pekan'));
    const bands = bandsOf(await ws.translate({ dryRun: true, analysis: true }));
    expect(segmentsIn(bands)).toEqual({ 'context match (101%)': 3, '85–94%': 1 });
    expect(bands['85–94%'].words).toBe(12);
  });

  it('a new sentence in two new articles: one no match, one repetition', async () => {
    const ws = createWorkspace({
      'source/c.md': '---\ntitle: Banjir di Jakarta\n---\n\nHujan deras mengguyur ibu kota semalaman. Warga mengungsi ke masjid.\n',
      'source/d.md': '---\ntitle: Macet Panjang\n---\n\nHujan deras mengguyur ibu kota semalaman. Jalan tol ditutup.\n',
    });
    const bands = bandsOf(await ws.translate({ dryRun: true, analysis: true }));
    expect(segmentsIn(bands)).toEqual({ 'no match': 5, repetitions: 1 });
    expect(bands.repetitions).toEqual({ segments: 1, words: 6, characters: 'Hujan deras mengguyur ibu kota semalaman.'.length });
  });

  it('every segment lands in exactly one band: segments and words add up (property)', async () => {
    const sentences = ['Anak-anak bermain di halaman.', 'Harga cabai naik 3,5 persen.', 'Bantuan Rp1.500.000 dibagikan.', 'Warga mengungsi ke masjid.', 'Hujan turun sejak pagi.', 'Jalan tol ditutup sementara.', 'Pemerintah daerah menyiapkan posko.'];
    const article = fc.record({ title: fc.constantFrom('Banjir', 'Harga Naik', 'Kabar Pagi'), body: fc.array(fc.constantFrom(...sentences), { minLength: 1, maxLength: 4 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(article, { minLength: 1, maxLength: 4 }), fc.array(article, { maxLength: 3 }), fc.constantFrom('awal', 'akhir'), async (before, after, word) => {
        const text = (a: { title: string; body: string[] }) => `---\ntitle: ${a.title}\n---\n\n${a.body.join(' ')} Harga beras naik sejak ${word} pekan ini.\n`;
        const ws = createWorkspace(Object.fromEntries(before.map((a, i) => [`source/b${i}.md`, text(a)])), IDENTITY, { sqlite: true });
        await ws.translate();
        for (const [i, a] of after.entries()) ws.write(`source/n${i}.md`, text(a));
        const summary = await ws.translate({ dryRun: true, analysis: true });
        const bands = bandsOf(summary);
        const config = validateConfig(parse(ws.read('translate.config.yaml')), path.join(ws.dir, 'translate.config.yaml'));
        const segments = fg.sync('source/**/*.md', { cwd: ws.dir }).flatMap((file) => (loadArticle(config, file, segmentSentences) as { segments: Array<{ tagged: string }> }).segments);
        expect(total(bands, 'segments')).toBe(summary.segments);
        expect(total(bands, 'segments')).toBe(segments.length);
        expect(total(bands, 'words')).toBe(segments.reduce((n, s) => n + countWords(plainText(s.tagged)), 0));
        await ws.memory.close();
        fs.rmSync(ws.dir, { recursive: true, force: true });
      }),
      { numRuns: 12 },
    );
  });
});

describe('translate --dry-run --analysis (CLI)', () => {
  it('prints the bands per target in --json and as a table; --analysis without --dry-run is a usage error', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A });
    const run = ws.cli('translate', ['--dry-run', '--analysis', '--json']);
    expect(run.status).toBe(0);
    const bands = JSON.parse(run.stdout).locales.en.analysis.bands as LeverageBands;
    expect(Object.keys(bands)).toEqual([...BAND_NAMES]);
    expect(bands['no match'].segments).toBe(4);
    expect(run.stderr).toMatch(/no match\s+4\s+\d+\s+\d+/);
    expect(run.stderr).toMatch(/total\s+4\s/);
    expect(ws.exists('locales')).toBe(false);
    const refused = ws.cli('translate', ['--analysis']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--analysis needs --dry-run');
  });
});
