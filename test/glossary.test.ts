import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeUtf8, GlossaryError, parseGlossary, readGlossary, type ProjectGlossary } from '../pipeline/glossary/read-glossary.ts';
import { containsTerm, containsTermVerbatim, glossaryTermsFor, matchingTerms } from '../pipeline/glossary/glossary-terms.ts';
import { checkGlossary } from '../pipeline/check/markup-rules.ts';
import type { TargetContext } from '../pipeline/check/unit.ts';
import { describeConflict, mergeTargetGlossary } from '../pipeline/glossary/target-glossary.ts';

const TARGETS = ['en', 'ms'];
const read = (text: string, targets: string[] = TARGETS) => parseGlossary(text, 'glossary.csv', targets);
const problemsOf = (text: string, targets: string[] = TARGETS): string[] => {
  try {
    read(text, targets);
  } catch (error) {
    if (error instanceof GlossaryError) return error.problems;
    throw error;
  }
  return [];
};

describe('glossary CSV: reading', () => {
  it('reads renderings, dnt rows, notes and the line of each row (BOM, CRLF, empty lines, quoted line breaks)', () => {
    const text = '\ufeffid,en,ms,note\r\nBank Indonesia,Bank Indonesia,Bank Indonesia,"central bank,\r\nin Jakarta"\r\n\r\njfid,,,dnt\r\nKorea Utara,North Korea,,\r\n';
    // Lines: 1 header, 2–3 Bank Indonesia (a line break in its note), 4 empty, 5 jfid, 6 Korea Utara.
    const glossary = read(text);
    expect(glossary.locales).toEqual(['en', 'ms']);
    expect(glossary.rows).toEqual([
      { line: 2, source: 'Bank Indonesia', renderings: { en: 'Bank Indonesia', ms: 'Bank Indonesia' }, note: 'central bank,\r\nin Jakarta', doNotTranslate: false },
      { line: 5, source: 'jfid', renderings: {}, note: 'dnt', doNotTranslate: true },
      { line: 6, source: 'Korea Utara', renderings: { en: 'North Korea' }, doNotTranslate: false },
    ]);
  });

  it('a row with an empty cell does not apply to that target; dnt rows apply to every target', () => {
    const glossary = read('id,en,ms,note\nKorea Utara,North Korea,,\njfid,,,"dnt: the site"\n');
    expect(glossaryTermsFor(glossary, 'en')).toEqual([
      { source: 'Korea Utara', target: 'North Korea', doNotTranslate: false, line: 2 },
      { source: 'jfid', doNotTranslate: true, note: 'dnt: the site', line: 3 },
    ]);
    expect(glossaryTermsFor(glossary, 'ms')).toEqual([{ source: 'jfid', doNotTranslate: true, note: 'dnt: the site', line: 3 }]);
  });

  it('a column of a base language serves its regional targets (en for en-GB)', () => {
    const glossary = read('id,en,note\nKorea Utara,North Korea,\n', ['en-GB']);
    expect(glossaryTermsFor(glossary, 'en-GB').map((t) => t.target)).toEqual(['North Korea']);
  });

  it('round-trips any terms and notes written by csv-stringify (commas, quotes, line breaks in notes)', () => {
    const term = fc.string({ unit: fc.constantFrom('a', 'B', ' ', ',', '"', 'é', 'ö', '-', "'", '1'), minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '');
    const note = fc.string({ unit: fc.constantFrom('x', ',', '"', '\n', '\r\n', ' ', 'dn'), maxLength: 10 });
    const row = fc.record({ source: term, en: fc.option(term, { nil: undefined }), ms: fc.option(term, { nil: undefined }), note });
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => r.source.trim().toLocaleLowerCase('id').replace(/\s+/g, ' '), maxLength: 8 }), fc.boolean(), (rows, crlf) => {
        // A row needs a rendering or a dnt note; a dnt row has no renderings.
        const valid = rows.map((r) => (r.en === undefined && r.ms === undefined ? { ...r, note: `dnt ${r.note}` } : { ...r, note: r.note.trim().toLowerCase().startsWith('dnt') ? `n${r.note}` : r.note }));
        const text = stringify([['id', 'en', 'ms', 'note'], ...valid.map((r) => [r.source, r.en ?? '', r.ms ?? '', r.note])], { record_delimiter: crlf ? 'windows' : 'unix' });
        const glossary: ProjectGlossary = read(text);
        // Each row's line: 1 + the line breaks before it (records written one by one give the same text).
        const records = [['id', 'en', 'ms', 'note'], ...valid.map((r) => [r.source, r.en ?? '', r.ms ?? '', r.note])].map((rec) => stringify([rec], { record_delimiter: crlf ? 'windows' : 'unix' }));
        const breaks = (t: string) => t.match(/\r\n|\n|\r/g)?.length ?? 0;
        expect(glossary.rows.map((r) => r.line)).toEqual(valid.map((_, i) => 1 + breaks(records.slice(0, i + 1).join(''))));
        expect(glossary.rows.map((r) => ({ source: r.source, en: r.renderings.en, ms: r.renderings.ms, note: r.note ?? '' }))).toEqual(
          valid.map((r) => ({ source: r.source.trim(), en: r.en?.trim() || undefined, ms: r.ms?.trim() || undefined, note: r.note.trim() })),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('glossary CSV: errors name the file, the line and the fix', () => {
  it.each([
    ['a header column that is not a locale', 'id,en,en_US,note\nA,B,C,\n', 'glossary.csv:1: header column "en_US" is neither a locale'],
    ['a first column other than id', 'term,en\nA,B\n', 'glossary.csv:1: the first column must be "id"'],
    ['an empty id', 'id,en,note\nA,B,\n,C,\n', 'glossary.csv:3: empty id'],
    ['a duplicate id (ignoring case)', 'id,en,note\nBank Indonesia,BI,\nA,B,\nbank  indonesia,Bank of Indonesia,\n', 'glossary.csv:4: duplicate id "bank  indonesia" (first on line 2'],
    ['a control character in a term', 'id,en,note\nA\tB,C,\n', 'glossary.csv:2: the id "A\\tB" holds a control character'],
    ['a line break inside a rendering', 'id,en,note\nA,"B\nC",\n', 'glossary.csv:2: the en rendering "B\\nC" holds a control character'],
    ['a row with neither rendering nor dnt', 'id,en,note\nA,,just a note\n', 'glossary.csv:2: "A" has no rendering for any target and its note is not dnt'],
    ['a dnt row with renderings', 'id,en,note\njfid,JFID,dnt\n', 'glossary.csv:2: "jfid" is marked dnt but has renderings (en)'],
    ['an unclosed quote', 'id,en,note\nA,B,\nC,"D,\n', 'glossary.csv:3: not valid CSV'],
    ['a row with too many fields', 'id,en,note\nA,B,\nC,D,E,F\n', 'glossary.csv:3: not valid CSV: the row has 4 fields where the header has 3'],
    ['the CSV error message: "the row has 1 field", singular', 'id,en,note\nA,B,\nC\n', 'glossary.csv:3: not valid CSV: the row has 1 field where the header has 3;'],
    ['an empty file', '', 'glossary.csv:1: the file is empty'],
  ])('%s', (_what, text, expected) => {
    const problems = problemsOf(text);
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('reads a locale column for a target this config lacks as nothing, and says so (a glossary shared by several configs)', () => {
    const glossary = read('id,en,fr,note\nA,B,C,\nD,,E,\n', ['en']);
    expect(glossary.locales).toEqual(['en']);
    expect(glossary.ignoredColumns).toEqual([{ name: 'fr', line: 1 }]);
    expect(glossaryTermsFor(glossary, 'en').map((t) => [t.source, t.target])).toEqual([['A', 'B']]);
  });

  it('reports every row problem at once', () => {
    expect(problemsOf('id,en,note\n,A,\nB,,\nC,D,\nc,E,\n')).toHaveLength(3);
  });
});

describe('a Latin-1 (non-UTF-8) glossary file is refused, naming the first bad byte', () => {
  const utf8 = 'id,en,note\nAndrés Sánchez,Andrés Sánchez,\n';
  const latin1 = Buffer.from(utf8, 'latin1'); // é = E9, á = E1: not UTF-8
  const badByte = utf8.indexOf('é') + 1; // 1-based; the characters before it are ASCII

  it('readGlossary: "glossary.csv: not UTF-8 (byte N); save it as UTF-8", where UTF-8 reads the terms', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-'));
    try {
      fs.writeFileSync(path.join(dir, 'glossary.csv'), latin1);
      let problems: string[] = [];
      try {
        readGlossary(path.join(dir, 'glossary.csv'), 'glossary.csv', ['en']);
      } catch (error) {
        if (!(error instanceof GlossaryError)) throw error;
        problems = error.problems;
      }
      expect(problems).toEqual([`glossary.csv: not UTF-8 (byte ${badByte}); save it as UTF-8`]);
      fs.writeFileSync(path.join(dir, 'glossary.csv'), `\ufeff${utf8}`);
      expect(readGlossary(path.join(dir, 'glossary.csv'), 'glossary.csv', ['en']).rows.map((r) => r.source)).toEqual(['Andrés Sánchez']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decodeUtf8: the bad byte after multi-byte characters and a U+FFFD written in the file', () => {
    const good = Buffer.from('é\ufffdx', 'utf8'); // 2 + 3 + 1 bytes
    expect(decodeUtf8(good)).toBe('é\ufffdx');
    expect(decodeUtf8(Buffer.concat([good, Buffer.from([0x41, 0xe9, 0x73])]))).toBe(good.length + 2);
    expect(decodeUtf8(Buffer.from([0xff, 0xfe, 0x69, 0x00]))).toBe(1); // UTF-16 with its BOM
    expect(decodeUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(2); // cut inside a character at the end
  });
});

describe('matchingTerms', () => {
  const terms = [
    { source: 'Bank Indonesia', target: 'Bank Indonesia', doNotTranslate: false },
    { source: 'bank', target: 'bank', doNotTranslate: false },
    { source: 'jfid', doNotTranslate: true },
    { source: 'Kim Jong Un', target: 'Kim Jong Un', doNotTranslate: false },
  ];
  const sources = (texts: string[]) => matchingTerms(terms, texts).map((t) => t.source);

  it('whole words, case-insensitive, multi-word across any white space', () => {
    expect(sources(['Gubernur BANK  INDONESIA berkata.'])).toEqual(['Bank Indonesia']); // `bank` only inside the longer term
    expect(sources(['Gubernur BANK  INDONESIA dan bank daerah.'])).toEqual(['Bank Indonesia', 'bank']);
    expect(sources(['Para bankir bertemu.'])).toEqual([]);
    expect(sources(['bank-bank daerah'])).toEqual(['bank']);
    expect(sources(['JFID – berita', 'Kim\nJong Un tiba.'])).toEqual(['jfid', 'Kim Jong Un']);
    expect(sources(['jfid.com', 'xjfid'])).toEqual(['jfid']);
    expect(sources([])).toEqual([]);
  });

  it('reads tagged text: tags are not letters, escapes are characters', () => {
    expect(sources(['Presiden <g1>Kim</g1> Jong Un di <g2>Bank</g2> Indonesia.'])).toEqual(['Bank Indonesia', 'Kim Jong Un']);
    expect(containsTerm('PT A&amp;B', 'PT A&B')).toBe(true);
  });

  it('Overlapping terms: the longest match must win', () => {
    const overlapping = [
      { source: 'Bank Indonesia', target: 'BI', doNotTranslate: false },
      { source: 'Bank Indonesia Pusat', target: 'Bank Indonesia Headquarters', doNotTranslate: false },
      { source: 'Indonesia', target: 'Indonesia', doNotTranslate: false },
      { source: 'Pusat Data', target: 'Data Centre', doNotTranslate: false },
    ];
    const of = (texts: string[]) => matchingTerms(overlapping, texts).map((t) => t.source);
    // Every occurrence of the shorter terms lies inside "Bank Indonesia Pusat": only it matches.
    expect(of(['Gubernur Bank  Indonesia PUSAT mengumumkan…'])).toEqual(['Bank Indonesia Pusat']);
    // An occurrence outside the longer term counts, in the same text or another one.
    expect(of(['Bank Indonesia Pusat dan Bank Indonesia.'])).toEqual(['Bank Indonesia', 'Bank Indonesia Pusat']); // each "Indonesia" inside a longer term
    expect(of(['Bank Indonesia Pusat.', 'Di <g1>Bank</g1> Indonesia, Indonesia.'])).toEqual(['Bank Indonesia', 'Bank Indonesia Pusat', 'Indonesia']);
    // Overlapping without containment: both match ("Pusat Data" is not inside "Bank Indonesia Pusat").
    expect(of(['Bank Indonesia Pusat Data'])).toEqual(['Bank Indonesia Pusat', 'Pusat Data']);
    // The term alone still matches.
    expect(of(['Bank Indonesia menaikkan suku bunga.'])).toEqual(['Bank Indonesia']);
  });

  it('Indonesian lower-casing: İ and I', () => {
    expect(containsTerm('İSTANBUL', 'istanbul')).toBe(false); // dotted capital I lower-cases to i + combining dot
    expect(containsTerm('ISTANA', 'istana')).toBe(true);
  });
});

describe('the check\'s glossary rule for project terms', () => {
  const context = (terms: NonNullable<TargetContext['projectGlossary']>['terms']): TargetContext => ({
    locale: 'en',
    sourceLocale: 'id',
    requireReview: false,
    pseudoTarget: false,
    glossary: {},
    doNotTranslate: [],
    projectGlossary: { file: 'glossary.csv', terms },
  });
  const unit = (source: string, target: string) => ({ key: 's-1', source, target });

  it('Overlapping terms: the longest match must win', () => {
    const target = context([
      { source: 'Bank Indonesia', target: 'BI', doNotTranslate: false, line: 2 },
      { source: 'Bank Indonesia Pusat', target: 'Bank Indonesia Headquarters', doNotTranslate: false, line: 3 },
    ]);
    expect(checkGlossary(unit('Gubernur Bank Indonesia Pusat mengumumkan…', 'The governor of Bank Indonesia Headquarters announced…'), target)).toEqual([]);
    expect(checkGlossary(unit('Gubernur Bank Indonesia Pusat mengumumkan…', 'The governor of the central bank announced…'), target).map((f) => f.message)).toEqual([
      'glossary: the source says "Bank Indonesia Pusat", which the project glossary (glossary.csv:3) renders in en as "Bank Indonesia Headquarters"; use "Bank Indonesia Headquarters", or change the glossary row.',
    ]);
    // The shorter term on its own is still asked for.
    expect(checkGlossary(unit('Bank Indonesia Pusat dan Bank Indonesia.', 'Bank Indonesia Headquarters and the central bank.'), target).map((f) => f.message)).toEqual([
      expect.stringContaining('the source says "Bank Indonesia", which the project glossary (glossary.csv:2) renders in en as "BI"'),
    ]);
  });

  it('Do-not-translate must be verbatim in the check', () => {
    const target = context([{ source: 'jfid', doNotTranslate: true, line: 2 }]);
    // Found in the source in any case; kept only exactly as the glossary writes it.
    for (const source of ['jfid – berita', 'JFID – berita'])
      for (const [translation, warnings] of [['jfid – news', 0], ['JFID – news', 1], ['Jfid – news', 1], ['jfid.com – news', 0], ['news', 1]] as const)
        expect(checkGlossary(unit(source, translation), target).map((f) => [f.rule, f.severity]), `${source} → ${translation}`).toEqual(warnings ? [['do-not-translate', 'warning']] : []);
    expect(checkGlossary(unit('JFID', 'JFID'), target)[0].message).toBe('"jfid" must stay as written (do-not-translate in the project glossary, glossary.csv:2); keep it verbatim, exactly "jfid" (case included), or change the glossary row.');
    // Multi-word: case exact, white space between words free; tags ignored.
    expect(containsTermVerbatim('at the Wilson\nCenter', 'Wilson Center')).toBe(true);
    expect(containsTermVerbatim('at the <g1>Wilson</g1> Center', 'Wilson Center')).toBe(true);
    expect(containsTermVerbatim('at the Wilson center', 'Wilson Center')).toBe(false);
    expect(containsTermVerbatim('at the Wilson Centers', 'Wilson Center')).toBe(false);
  });
});

describe('Glossary warnings for text the pipeline never translates', () => {
  const terms = [
    { source: 'Korea Utara', target: 'North Korea', doNotTranslate: false, line: 3 },
    { source: 'jfid', doNotTranslate: true, line: 2 },
  ];
  const target: TargetContext = { locale: 'en', sourceLocale: 'id', requireReview: false, pseudoTarget: false, glossary: { beras: 'rice' }, doNotTranslate: ['KPK'], projectGlossary: { file: 'glossary.csv', terms } };
  const rules = (source: string, translation: string) => checkGlossary({ key: 's-1', source, target: translation }, target).map((f) => `${f.rule}/${f.severity}`);

  it('a term only in a link title, an HTML or JSX attribute or inline code of the source is not asked for', () => {
    expect(rules('Baca [situs kami](https://jfid.id/korea "Berita Korea Utara terbaru").', 'Read [our site](https://jfid.id/korea "Berita Korea Utara terbaru").')).toEqual([]);
    expect(rules("Baca [situs kami](https://jfid.id/korea 'Korea Utara') dan [ini](https://jfid.id/x (Korea Utara)).", "Read [our site](https://jfid.id/korea 'Korea Utara') and [this](https://jfid.id/x (Korea Utara)).")).toEqual([]);
    expect(rules('Lihat <img src="peta.png" alt="Peta Korea Utara"> di sini.', 'See <img src="peta.png" alt="Peta Korea Utara"> here.')).toEqual([]);
    expect(rules('Lihat <Peta judul="Korea Utara" negara={"jfid"} /> di sini.', 'See <Peta judul="Korea Utara" negara={"jfid"} /> here.')).toEqual([]);
    expect(rules('Ini isu `Korea Utara` dari ``jfid`` soal `beras` dan `KPK`.', 'This is the `Korea Utara` issue of ``jfid`` about `beras` and `KPK`.')).toEqual([]);
    expect(rules('Laporan ke redaksi@jfid.id atau https://jfid.id/korea-utara/beras.', 'Report to redaksi@jfid.id or https://jfid.id/korea-utara/beras.')).toEqual([]);
  });

  it('in the prose of the source it is asked for, and a rendering where the pipeline copies text does not count', () => {
    expect(rules('Presiden Korea Utara tiba di [jfid](https://jfid.id "Korea Utara").', 'The president of North Korea arrived at [jfid](https://jfid.id "Korea Utara").')).toEqual([]);
    expect(rules('Presiden Korea Utara tiba di [jfid](https://jfid.id "Korea Utara").', 'The president of the DPRK arrived at [JFID](https://jfid.id "North Korea").')).toEqual(['glossary/warning', 'do-not-translate/warning']);
    expect(rules('Presiden Korea Utara dan jfid.', 'The DPRK president and `jfid` <b title="North Korea">.</b>')).toEqual(['glossary/warning', 'do-not-translate/warning']);
    // The target's own glossary and do-not-translate terms (errors) read the same text.
    expect(rules('Harga beras kata KPK.', 'The price of `beras`, says <abbr title="KPK">the commission</abbr>.')).toEqual(['glossary/error', 'do-not-translate/error']);
    expect(rules('Harga `beras` di <abbr title="KPK">komisi</abbr>.', 'The price of `beras` at <abbr title="KPK">the commission</abbr>.')).toEqual([]);
  });

  it('the alt text of an image is translated, so it is still checked', () => {
    expect(rules('![Peta Korea Utara](peta.png)', '![Map of the DPRK](peta.png)')).toEqual(['glossary/warning']);
    expect(rules('![Peta Korea Utara](peta.png)', '![Map of North Korea](peta.png)')).toEqual([]);
    expect(rules('Lihat ![Peta Korea Utara][peta] di sini.', 'See ![Map of North Korea][peta] here.')).toEqual([]);
  });
});

describe('mergeTargetGlossary', () => {
  const project = [
    { source: 'Korea Utara', target: 'North Korea', doNotTranslate: false, line: 3 },
    { source: 'jfid', doNotTranslate: true, line: 2 },
  ];

  it('without project terms the target lists are unchanged', () => {
    expect(mergeTargetGlossary([], { glossary: { pasar: 'market' }, doNotTranslate: ['KPK'] })).toEqual({ renderings: { pasar: 'market' }, doNotTranslate: ['KPK'], projectDoNotTranslate: [], conflicts: [] });
  });

  it('the project glossary wins; each disagreement is a conflict naming both places', () => {
    const merged = mergeTargetGlossary(project, { glossary: { 'korea utara': 'N. Korea', pasar: 'market' }, doNotTranslate: ['JFID', 'KPK'] });
    expect(merged.renderings).toEqual({ pasar: 'market', 'Korea Utara': 'North Korea' });
    expect(merged.doNotTranslate).toEqual(['KPK']);
    expect(merged.projectDoNotTranslate).toEqual(['jfid']);
    expect(merged.conflicts.map((c) => describeConflict(c, 'en', 'glossary.csv'))).toEqual([
      'targets.en.glossary renders "korea utara" as "N. Korea", but the project glossary (glossary.csv:3) renders it "North Korea"; the project glossary wins. Remove the entry from targets.en.glossary, or change the glossary row.',
    ]);
  });
});
