import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { spliceTranslations } from '../pipeline/markdown/splice.ts';
import { renderMarkdownBundle } from '../pipeline/bundle/render-bundle.ts';
import { normalizeSegment } from '../pipeline/store/fuzzy-score.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { prefixing } from './helpers/prefixing-provider.ts';
import { frontMatterOf, NO_PYYAML, parseStrict, PYYAML, pyyamlLoadAll } from './helpers/yaml-readers.ts';

const FIELDS = ['title', 'description', 'summary'];
const META = { lang: 'ms', translationKey: 'k', sourcePath: 'source/h.md', status: 'machine' as const };

/** PyYAML's reading of each text: the error, or the values of the given keys. */
function pyyamlLoad(cases: Array<{ yaml: string; keys: string[] }>): Array<{ error?: string; values?: Record<string, unknown> }> {
  return pyyamlLoadAll(cases.map((c) => c.yaml)).map((read, i) => (read.error !== undefined ? { error: read.error } : { values: Object.fromEntries(cases[i].keys.map((key) => [key, read.data?.[key]])) }));
}

describe("block-scalar front-matter fields break the bundle's YAML", () => {
  const config = { ...DEFAULT_CONFIG, targets: { ms: { provider: 'deepl', targetCode: 'ID' } } };
  const article = (eol: string) =>
    ['---', 'title: Banjir di Bogor', 'description: |', '  Baris pertama deskripsi.', '  Baris kedua deskripsi.', 'summary: Ringkasan berita.', '---', '', 'Kalimat pertama di sini.', ''].join(eol);
  const folded = (eol: string) => ['---', 'title: >-', '  Banjir besar', '  di Bogor', 'date: 2024-01-02', '---', '', 'Kalimat pertama di sini.', ''].join(eol);
  const last = (eol: string) => ['---', 'date: 2024-01-02', 'description: |+', '  Baris pertama.', '', '---', '', 'Kalimat pertama di sini.', ''].join(eol);

  for (const eol of ['\n', '\r\n']) {
    const name = eol === '\n' ? 'LF' : 'CRLF';
    it(`a literal block description keeps the next field on its own line (${name})`, async () => {
      const ws = createWorkspace({ 'source/h.md': article(eol) }, config);
      await ws.translate({ providers: { deepl: prefixing } });
      const bundle = ws.read('dist/ms/h.md');
      const yamlText = frontMatterOf(bundle);
      // A plain field stays plain (issue 12 item 8: the original style where it can hold the translation).
      expect(yamlText).toContain(`${eol}summary: MS Ringkasan berita.${eol}`);
      expect(yamlText).toContain(`${eol}description: "MS Baris pertama deskripsi.\\nBaris kedua deskripsi.\\n"${eol}`);
      const data = parseStrict(yamlText);
      expect(data.title).toBe('MS Banjir di Bogor');
      expect(String(data.description).replace(/\n$/, '')).toBe('MS Baris pertama deskripsi.\nBaris kedua deskripsi.');
      expect(data.summary).toBe('MS Ringkasan berita.');
      if (PYYAML) expect(pyyamlLoad([{ yaml: yamlText, keys: FIELDS }])).toEqual([{ values: { title: data.title, description: data.description, summary: data.summary } }]);
    });

    it(`a folded title over two lines keeps the date after it (${name})`, async () => {
      const ws = createWorkspace({ 'source/h.md': folded(eol) }, config);
      await ws.translate({ providers: { deepl: prefixing } });
      const yamlText = frontMatterOf(ws.read('dist/ms/h.md'));
      expect(yamlText.startsWith(`title: "MS Banjir besar di Bogor"${eol}date: 2024-01-02${eol}`)).toBe(true);
      const data = parseStrict(yamlText);
      expect(data.title).toBe('MS Banjir besar di Bogor');
      expect(data.date).toBe('2024-01-02');
      if (PYYAML) expect(pyyamlLoad([{ yaml: yamlText, keys: ['title'] }])).toEqual([{ values: { title: 'MS Banjir besar di Bogor' } }]);
    });

    it(`a keep-chomped block field as the last key before the closing fence (${name})`, async () => {
      const ws = createWorkspace({ 'source/h.md': last(eol) }, config);
      await ws.translate({ providers: { deepl: prefixing } });
      const yamlText = frontMatterOf(ws.read('dist/ms/h.md'));
      expect(yamlText.startsWith(`date: 2024-01-02${eol}description: "MS Baris pertama.\\n\\n"${eol}`)).toBe(true);
      expect(parseStrict(yamlText).description).toBe('MS Baris pertama.\n\n');
      if (PYYAML) expect(pyyamlLoad([{ yaml: yamlText, keys: ['description'] }])).toEqual([{ values: { description: 'MS Baris pertama.\n\n' } }]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Property: any scalar style, any order, any translation.

const WORDS = ['Banjir', 'di', 'Bogor', 'harga', 'Beras', 'naik', 'Jakarta', 'kata', 'dia', 'Rp1.500', 'Rp3,5', '(AP)', 'é', '“kutip”', 'Menteri'];
/** Extra characters only quoted and block scalars may hold as they are. */
const SPECIALS = ['#', ' #', ': ', ':', '"', "'", '\\', '- ', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', ','];

const words = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
/** Words with YAML indicators in between; starts with a word (a letter), no leading/trailing spaces. */
const rich = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.option(fc.constantFrom(...SPECIALS), { nil: ' ' })), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.map(([w, s], i) => (i === parts.length - 1 ? w : w + s)).join(''));
const lines = (line: fc.Arbitrary<string>) => fc.array(line, { minLength: 1, maxLength: 4 });
const comment = fc.constantFrom('', ' # komentar', ' # a: b # c');

/** A field value in one scalar style: the text after `key:` up to and including the last line break. */
const fieldValue: fc.Arbitrary<string> = fc.oneof(
  // plain, on one line, on the next line, or over several lines
  fc.tuple(words, comment).map(([w, c]) => ` ${w}${c}\n`),
  words.map((w) => `\n  ${w}\n`),
  fc.tuple(lines(words), fc.boolean()).map(([ls, gap]) => ` ${ls.join(gap ? '\n\n  ' : '\n  ')}\n`),
  // single- and double-quoted, one or several lines
  fc.tuple(lines(rich), comment).map(([ls, c]) => ` '${ls.map((l) => l.replace(/'/g, "''")).join('\n  ')}'${c}\n`),
  fc.tuple(lines(rich), comment).map(([ls, c]) => ` ${ls.map((l, i) => { const q = JSON.stringify(l); return ls.length === 1 ? q : i === 0 ? q.slice(0, -1) : i === ls.length - 1 ? q.slice(1) : q.slice(1, -1); }).join('\n  ')}${c}\n`),
  // literal and folded blocks with chomping and indentation indicators, inner and trailing blank lines
  fc
    .record({
      style: fc.constantFrom('|', '>'),
      chomp: fc.constantFrom('', '-', '+'),
      indicator: fc.boolean(),
      comment,
      body: lines(fc.oneof(rich, fc.constant(''))).filter((ls) => ls.some((l) => l !== '')),
      extraIndent: fc.boolean(),
      trailing: fc.constantFrom('', '\n', '\n\n', '  \n', '\n  \n'),
    })
    .map(({ style, chomp, indicator, comment: c, body, extraIndent, trailing }) => {
      // Without an indicator a leading blank line is fine; with one, a first line may be more indented.
      const content = body.map((l, i) => (l === '' ? '' : `  ${indicator && extraIndent && i === 0 ? '  ' : ''}${l}`)).join('\n');
      return ` ${style}${indicator ? `2${chomp}` : chomp}${c}\n${content}\n${trailing}`;
    }),
);

/** Fields never translated: they must come out byte for byte. */
const OTHER_FIELDS = [
  'date: 2024-01-02\n',
  'slug: banjir-di-bogor\n',
  'tags:\n  - banjir\n  - "bogor"\n',
  'author: \'Redaksi\' # penulis\n',
  'params:\n  lokasi: Bogor\n  catatan: |\n    Satu.\n    Dua.\n',
  '# catatan redaksi\n',
  'weight: 3\n',
  'draft: false\n',
];

/** A translation: quotes, colons, `#`, YAML indicators, line breaks, tabs, control and wide characters. */
const translation = fc
  .array(
    fc.oneof(
      fc.constantFrom(...WORDS, ...SPECIALS, '\n', '\r\n', '\n\n', '\t', ' ', '---', '\n---\n', '...', '\u0085', '\u2028', '\u00a0', '\u0007', '😀'),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const documentArb: fc.Arbitrary<Doc> = fc
  .record({
    translated: fc.subarray(FIELDS, { minLength: 1 }).chain((keys) => fc.tuple(...keys.map((key) => fc.tuple(fc.constant(key), fieldValue, fc.option(translation, { freq: 5, nil: undefined }))))),
    others: fc.subarray(OTHER_FIELDS),
    seed: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    crlf: fc.boolean(),
  })
  .map(({ translated, others, seed, crlf }) => {
    const entries: Array<{ text: string; key?: string; translation?: string | null }> = [
      ...translated.map(([key, value, t]) => ({ text: `${key}:${value}`, key, translation: t ?? null })),
      ...others.map((text) => ({ text })),
    ];
    // Random order (a translated field may be first, last before the fence, anywhere).
    const order = entries.map((entry, i) => ({ entry, rank: seed[i] })).sort((a, b) => a.rank - b.rank).map((x) => x.entry);
    const eol = crlf ? '\r\n' : '\n';
    const withEol = (s: string) => (crlf ? s.replace(/\n/g, '\r\n') : s);
    const yamlText = order.map((e) => withEol(e.text)).join('');
    const source = `---${eol}${yamlText}---${eol}${eol}Kalimat pertama di sini.${eol}`;
    return { source, yamlText, eol, entries: order.map((e) => ({ ...e, text: withEol(e.text) })) };
  });

interface Doc {
  source: string;
  yamlText: string;
  eol: string;
  entries: Array<{ text: string; key?: string; translation?: string | null }>;
}

/** Render the bundle of a generated document; a `null` translation stands for "same as the source". */
function bundleOf(doc: Doc) {
  const article = extractArticle(doc.source, { fields: FIELDS, split: segmentSentences });
  const sourceData = parseStrict(doc.yamlText);
  const translations = new Map<string, string>();
  for (const entry of doc.entries) if (entry.key) translations.set(entry.key, entry.translation ?? String(sourceData[entry.key]));
  const fieldSegments = article.segments.filter((s) => s.field !== undefined);
  expect(fieldSegments.map((s) => s.field).sort()).toEqual([...translations.keys()].sort());
  const bundle = renderMarkdownBundle(doc.source, article.segments, (i) => (article.segments[i].field ? translations.get(article.segments[i].field!) : undefined), META);
  return { article, sourceData, translations, bundle };
}

/** Whether a translation is written, or the source bytes kept (equal to the source but for whitespace). */
const changed = (translationText: string, sourceText: string) => normalizeSegment(translationText) !== normalizeSegment(sourceText);

describe('translated front-matter fields in every YAML scalar style (property)', () => {
  it('the bundle front matter parses, other fields keep their bytes and lines, translated fields hold the translation', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        // Source documents are valid YAML to begin with.
        const { article, sourceData, translations, bundle } = bundleOf(doc);
        // The identity translation is byte-exact.
        expect(spliceTranslations(doc.source, article.segments, (s) => s.source)).toBe(doc.source);

        const yamlText = frontMatterOf(bundle);
        const data = parseStrict(yamlText);
        const linesOf = `${doc.eol}${yamlText}`;
        for (const entry of doc.entries) {
          if (!entry.key) {
            expect(linesOf, 'an untranslated field or comment stays byte for byte on its own lines').toContain(`${doc.eol}${entry.text}`);
            continue;
          }
          const sourceValue = String(sourceData[entry.key]);
          const value = translations.get(entry.key)!;
          if (changed(value, sourceValue)) {
            expect(data[entry.key]).toBe(value);
          } else {
            expect(linesOf, 'an unchanged field keeps its source bytes').toContain(`${doc.eol}${entry.text}`);
            expect(data[entry.key]).toBe(sourceValue);
          }
        }
        for (const [key, value] of Object.entries(sourceData)) if (!translations.has(key)) expect(data[key]).toEqual(value);
        expect(data.translationKey).toBe('k');
        expect(bundle.endsWith(`---${doc.eol}${doc.eol}Kalimat pertama di sini.${doc.eol}`)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('PyYAML (safe_load) reads the same bundles, with the translated values', (ctx) => {
    if (!PYYAML) ctx.skip(NO_PYYAML);
    const docs = fc.sample(documentArb, { numRuns: 400, seed: 20240102 });
    const cases = docs.map((doc) => {
      const { sourceData, translations, bundle } = bundleOf(doc);
      const expected: Record<string, string> = {};
      for (const [key, value] of translations) if (changed(value, String(sourceData[key]))) expected[key] = value;
      return { doc, yaml: frontMatterOf(bundle), expected };
    });
    const loaded = pyyamlLoad(cases.map((c) => ({ yaml: c.yaml, keys: Object.keys(c.expected) })));
    const failures = cases
      .map((c, i) => ({ source: c.doc.source, yaml: c.yaml, expected: c.expected, got: loaded[i] }))
      .filter((c) => c.got.error !== undefined || JSON.stringify(c.got.values) !== JSON.stringify(c.expected));
    expect(failures.slice(0, 3)).toEqual([]);
  });
});
