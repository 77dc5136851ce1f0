import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { ProviderFactory } from '../pipeline/provider.ts';
import { withPublicationFields, renderMarkdownBundle, type BundleMeta } from '../pipeline/bundle/render-bundle.ts';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { normalizeSegment } from '../pipeline/store/fuzzy-score.ts';
import { formatSummary } from '../pipeline/run/format-summary.ts';
import type { RunSummary } from '../pipeline/run/summary.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { prefixing } from './helpers/prefixing-provider.ts';
import { frontMatterOf, NO_PYYAML, parseStrict, PYYAML, pyyamlLoadAll } from './helpers/yaml-readers.ts';

/** Values a YAML 1.1 reader (PyYAML, Psych, go-yaml v2) takes for a boolean, null, number or date when plain. */
const AMBIGUOUS = ['yes', 'No', 'on', 'Off', 'y', 'n', 'null', '~', 'true', 'FALSE', '2024-01-02', '1_000', '0x1F', '12:30'];

/** A stand-in engine that answers from a dictionary (else `MS …`): lets a test choose what comes back. */
const answering =
  (answers: Record<string, string>): ProviderFactory =>
  () => ({
    name: 'answering',
    publishable: true,
    fingerprint: () => 'answering',
    async translate(job, onResults) {
      onResults(job.segments.map((s) => ({ id: s.id, text: answers[s.text] ?? `MS ${s.text}` })));
      return { requests: 1, billedCharacters: 0 };
    },
  });

const MS = { ...DEFAULT_CONFIG, targets: { ms: { provider: 'deepl', targetCode: 'ID' } } };
const BODY = 'Kalimat pertama di sini.';

/**
 * Both readers agree on the front matters of these bundles (no value here is one YAML 1.1 reads
 * otherwise): the `yaml` package's data of each, after checking PyYAML reads the same (one python3 run).
 */
function readAll(markdowns: readonly string[]): Array<Record<string, unknown>> {
  const texts = markdowns.map(frontMatterOf);
  const data = texts.map(parseStrict);
  if (PYYAML) expect(pyyamlLoadAll(texts)).toEqual(data.map((d) => ({ data: JSON.parse(JSON.stringify(d)) })));
  return data;
}
const readBoth = (markdown: string) => readAll([markdown])[0];

describe('issue 12 item 8a: a translated block-scalar field is replaced whole, with the line break after it', () => {
  for (const eol of ['\n', '\r\n']) {
    const name = eol === '\n' ? 'LF' : 'CRLF';
    it(`summary: | and description: >- with keys after them (${name})`, async () => {
      const source = ['---', 'title: Banjir di Bogor', 'summary: |', '  Baris pertama ringkasan.', '  Baris kedua.', 'description: >- # ringkas', '  Deskripsi yang', '  dilipat.', 'slug: banjir-bogor', 'tags: [banjir, bogor]', '---', '', BODY, ''].join(eol);
      const ws = createWorkspace({ 'source/h.md': source }, MS);
      await ws.translate({ providers: { deepl: prefixing } });
      const bundle = ws.read('dist/ms/h.md');
      expect(bundle.split(/^---\r?$/m)).toHaveLength(3); // one front matter, never a second block on top
      const expected = [
        '---',
        'title: MS Banjir di Bogor',
        'summary: "MS Baris pertama ringkasan.\\nBaris kedua.\\n"',
        'description: "MS Deskripsi yang dilipat." # ringkas',
        'slug: banjir-bogor',
        'tags: [banjir, bogor]',
        'lang: ms',
        'translationKey: h',
        'sourcePath: source/h.md',
        'translationStatus: machine',
        '---',
        '',
        `MS ${BODY}`,
        '',
      ].join(eol);
      expect(bundle).toBe(expected);
      expect(readBoth(bundle)).toMatchObject({ summary: 'MS Baris pertama ringkasan.\nBaris kedua.\n', description: 'MS Deskripsi yang dilipat.', slug: 'banjir-bogor' });
    });
  }

  it('keeps each field in its own style where it can: plain, single-quoted, double-quoted', async () => {
    const source = `---\ntitle: Banjir di Bogor\ndescription: 'Deskripsi singkat'\nsummary: "Ringkasan berita"\n---\n\n${BODY}\n`;
    const ws = createWorkspace({ 'source/h.md': source }, MS);
    await ws.translate({ providers: { deepl: answering({ 'Banjir di Bogor': 'Floods: Bogor', 'Deskripsi singkat': "Bogor's flood" }) } });
    const yamlText = frontMatterOf(ws.read('dist/ms/h.md'));
    // A plain field whose translation a reader would misread plain (`: `) is double-quoted.
    expect(yamlText).toMatch(/^title: "Floods: Bogor"\ndescription: 'Bogor''s flood'\nsummary: "MS Ringkasan berita"\n/);
  });
});

describe('issue 12 item 8a: a front matter written as one flow map', () => {
  it('gets quoted translations (a comma cannot stand plain there) and its publication fields inside the map', async () => {
    const ws = createWorkspace({ 'source/h.md': `---\n{title: Banjir di Bogor, slug: banjir}\n---\n\n${BODY}\n` }, MS);
    await ws.translate({ providers: { deepl: answering({ 'Banjir di Bogor': 'Floods, Bogor' }) } });
    const bundle = ws.read('dist/ms/h.md');
    expect(readBoth(bundle)).toEqual({ title: 'Floods, Bogor', slug: 'banjir', lang: 'ms', translationKey: 'h', sourcePath: 'source/h.md', translationStatus: 'machine' });
    expect(bundle.endsWith(`---\n\nMS ${BODY}\n`)).toBe(true);
  });
});

describe("issue 12 item 8b: the article's own translationKey is kept", () => {
  it('is published as the author wrote it, and the bundle still leaves dist/ with its article', async () => {
    const ws = createWorkspace({ 'source/h.md': `---\ntitle: Banjir\ntranslationKey: banjir-bogor-2024 # untuk Hugo\n---\n\n${BODY}\n` }, MS);
    await ws.translate({ providers: { deepl: prefixing } });
    const bundle = ws.read('dist/ms/h.md');
    expect(bundle).toContain('\ntranslationKey: banjir-bogor-2024 # untuk Hugo\n');
    expect(readBoth(bundle)).toMatchObject({ translationKey: 'banjir-bogor-2024', sourcePath: 'source/h.md', lang: 'ms' });
    // Unpublishing knows the bundle by its sourcePath, not by a translationKey equal to the id.
    ws.write('source/other.md', `${BODY}\n`);
    const { rmSync } = await import('node:fs');
    rmSync(`${ws.dir}/source/h.md`);
    const summary = await ws.translate({ providers: { deepl: prefixing } });
    expect(summary.unpublished).toEqual(['h']);
    expect(ws.exists('dist/ms/h.md')).toBe(false);
  });

  it('an empty translationKey is filled with the article id', () => {
    expect(withPublicationFields(`---\ntranslationKey:\n---\n`, meta())).toBe(`---\ntranslationKey: k\nlang: ms\nsourcePath: source/k.md\ntranslationStatus: machine\n---\n`);
  });
});

describe('issue 12 item 8c: a front matter that already has publication fields changes only their values', () => {
  it('a source with lang keeps its flow sequences, folded scalars, spacing and comments byte for byte', async () => {
    const front = ['---', '# catatan redaksi', 'lang:   id   # bahasa asli', 'title: Banjir di Bogor', 'tags: [ banjir,  bogor ]', 'kategori: {a: 1, b: 2}', 'catatan: >', '  baris satu', '  baris dua', 'waktu:    pagi', 'draft: false', '---'];
    const config = { ...MS, targets: { ms: { provider: 'deepl', targetCode: 'ID', requireReview: true } } };
    const ws = createWorkspace({ 'source/h.md': `${front.join('\n')}\n\n${BODY}\n` }, config);
    await ws.translate({ providers: { deepl: prefixing } });
    const bundle = ws.read('dist/ms/h.md');
    const expected = front.map((line) => line.replace('lang:   id', 'lang:   ms').replace('title: Banjir di Bogor', 'title: MS Banjir di Bogor').replace('draft: false', 'draft: true'));
    expected.splice(-1, 0, 'translationKey: h', 'sourcePath: source/h.md', 'translationStatus: machine');
    expect(bundle).toBe(`${expected.join('\n')}\n\nMS ${BODY}\n`);
    expect(readBoth(bundle)).toMatchObject({ lang: 'ms', draft: true, tags: ['banjir', 'bogor'], catatan: 'baris satu baris dua\n' });
  });

  it('replaces an existing value node of any shape in place, keeping what is around it', () => {
    const cases: Array<[string, string]> = [
      ['lang:\nx: 1\n', 'lang: ms\nx: 1\n'],
      ['lang: # asli\nx: 1\n', 'lang: ms # asli\nx: 1\n'],
      ["lang: 'id' # asli\n", "lang: 'ms' # asli\n"],
      ['lang: "id"\n', 'lang: "ms"\n'],
      ['lang: [id, en]\nx: 1\n', 'lang: ms\nx: 1\n'],
      ['lang: |\n  id\nx: 1\n', 'lang: "ms"\nx: 1\n'],
      ['lang: &l id\nx: *l\n', 'lang: &l ms\nx: *l\n'],
      ['translationStatus: machine\nlang: ms\n', 'translationStatus: machine\nlang: ms\n'],
      ['sourcePath: lama.md\n', 'sourcePath: source/k.md\n'],
    ];
    const outs = cases.map(([yamlText]) => withPublicationFields(`---\n${yamlText}---\n\nIsi.\n`, meta()));
    for (const [i, [yamlText, want]] of cases.entries()) {
      const yamlOut = frontMatterOf(outs[i]);
      expect(yamlOut.startsWith(want), `${JSON.stringify(yamlText)} → ${JSON.stringify(yamlOut)}`).toBe(true);
    }
    for (const data of readAll(outs)) expect(data).toMatchObject({ lang: 'ms', translationKey: 'k', sourcePath: 'source/k.md', translationStatus: 'machine' });
  });
});

describe("issue 12 item 8d: the file's own line endings", () => {
  it('a CRLF source with lang gets CRLF everywhere; a CRLF source without front matter gets a CRLF one', async () => {
    const ws = createWorkspace(
      {
        'source/a.md': `---\r\nlang: id\r\ntitle: Banjir\r\nsummary: |\r\n  Satu.\r\n  Dua.\r\n---\r\n\r\n${BODY}\r\n`,
        'source/b.md': `${BODY}\r\n\r\nKalimat kedua.\r\n`,
      },
      MS,
    );
    await ws.translate({ providers: { deepl: prefixing } });
    const bundles = ['a', 'b'].map((name) => ws.read(`dist/ms/${name}.md`));
    for (const bundle of bundles) expect(bundle.replace(/\r\n/g, ''), 'a line break that is not CRLF').not.toMatch(/[\r\n]/);
    expect(readAll(bundles)).toMatchObject([{ lang: 'ms', translationKey: 'a' }, { lang: 'ms', translationKey: 'b' }]);
    expect(ws.read('dist/ms/a.md')).toBe(`---\r\nlang: ms\r\ntitle: MS Banjir\r\nsummary: "MS Satu.\\nDua.\\n"\r\ntranslationKey: a\r\nsourcePath: source/a.md\r\ntranslationStatus: machine\r\n---\r\n\r\nMS ${BODY}\r\n`);
  });
});

describe('issue 12 item 8e: values YAML 1.1 readers misread are written quoted', () => {
  it('translations, a Norwegian lang and an article named like a boolean come back as strings in every reader', async () => {
    const words = ['Ya', 'Tidak', 'Nyala', 'Mati', 'Kosong', 'Benar', 'Tanggal', 'Seribu'];
    const ids = ['yes', 'no', 'on', 'off', 'null', 'true', '2024-01-02', 'y'];
    const answers = Object.fromEntries(words.map((word, i) => [word, AMBIGUOUS[i]]));
    const files = Object.fromEntries(words.map((word, i) => [`source/${ids[i]}.md`, `---\ntitle: ${word}\n---\n\n${word}\n`]));
    const ws = createWorkspace(files, { ...DEFAULT_CONFIG, targets: { no: { provider: 'deepl', targetCode: 'NB' } } });
    await ws.translate({ providers: { deepl: answering(answers) } });
    const texts: string[] = [];
    const expected: Array<Record<string, string>> = [];
    for (const [i, id] of ids.entries()) {
      const answer = AMBIGUOUS[i];
      texts.push(frontMatterOf(ws.read(`dist/no/${id}.md`)), ws.read(`dist/no/${id}.yaml`), ws.read(`locales/no/${id}.yaml`));
      const bundle = { title: answer, lang: 'no', translationKey: id, sourcePath: `source/${id}.md`, translationStatus: 'machine' };
      const values = Object.fromEntries(Object.keys(parse(ws.read(`locales/no/${id}.yaml`))).map((key) => [key, answer]));
      expected.push(bundle, values, values);
    }
    for (const [i, text] of texts.entries()) expect(parse(text)).toEqual(expected[i]);
    if (PYYAML) expect(pyyamlLoadAll(texts).map((read) => read.data)).toEqual(expected);
  });

  it('a field named like a boolean (`on`) is a quoted key in locale files and bundles', async () => {
    const ws = createWorkspace({ 'source/a.md': `---\non: Siaran langsung\n---\n\n${BODY}\n` }, { ...MS, fields: ['on'] });
    await ws.translate({ providers: { deepl: prefixing } });
    const files = ['locales/id/a.yaml', 'locales/ms/a.yaml', 'dist/ms/a.yaml'];
    for (const file of files) expect(ws.read(file), file).toMatch(/^"on": /m);
    if (PYYAML) for (const read of pyyamlLoadAll(files.map((file) => ws.read(file)))) expect(Object.keys(read.data ?? {})).toContain('on');
  });

  it('publication fields are quoted where they need it, plain where they do not', () => {
    const out = withPublicationFields(`---\ntitle: Judul\n---\n`, { lang: 'no', translationKey: 'on', sourcePath: 'source/a #1.md', status: 'machine', draft: true });
    expect(frontMatterOf(out)).toBe('title: Judul\nlang: "no"\ntranslationKey: "on"\nsourcePath: "source/a #1.md"\ntranslationStatus: machine\ndraft: true\n');
  });
});

describe('issue 12 item 9: every source file yields a bundle or a reported problem, per target', () => {
  it('a page whose front matter has no translatable field and no prose is published with its publication fields', async () => {
    const ws = createWorkspace({ 'source/kosong.md': '---\nlayout: galeri\nauthor: Redaksi\n---\n', 'source/kode.md': '```js\nlet x = 1;\n```\n' }, { ...DEFAULT_CONFIG, targets: { ms: { provider: 'identity' }, en: { provider: 'identity', requireReview: true } } });
    const summary = await ws.translate();
    expect(summary).toMatchObject({ errors: [], warnings: [], exitCode: 0 });
    for (const locale of ['ms', 'en']) {
      expect(ws.read(`dist/${locale}/kosong.md`)).toBe(`---\nlayout: galeri\nauthor: Redaksi\nlang: ${locale}\ntranslationKey: kosong\nsourcePath: source/kosong.md\ntranslationStatus: reviewed\n---\n`);
      expect(ws.read(`dist/${locale}/kode.md`)).toBe(`---\nlang: ${locale}\ntranslationKey: kode\nsourcePath: source/kode.md\ntranslationStatus: reviewed\n---\n\n\`\`\`js\nlet x = 1;\n\`\`\`\n`);
    }
    // A second run writes nothing.
    expect((await ws.translate()).filesWritten).toBe(0);
  });

  it('an article with nothing publishable in a target gets no bundle there and a warning naming it', async () => {
    const ws = createWorkspace({ 'source/a.md': `---\ntitle: Banjir\n---\n\n${BODY}\n` }, { ...DEFAULT_CONFIG, targets: { xx: { provider: 'pseudo' }, ms: { provider: 'identity' } } });
    const summary = await ws.translate();
    expect(ws.exists('dist/xx/a.md')).toBe(false);
    expect(ws.exists('dist/ms/a.md')).toBe(true);
    expect(summary.warnings).toEqual([{ file: 'source/a.md', code: 'not-published', message: expect.stringContaining('not published in xx (no dist/xx/a.md)') }]);
    expect(summary.warnings[0].message).toContain('2 pseudo (never published)');
    expect(summary.exitCode).toBe(0);
    // A rerun that changes nothing says it again (the article is not recorded as done), and writes nothing.
    const again = await ws.translate();
    expect(again.warnings).toEqual(summary.warnings);
    expect(again.filesWritten).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: random front matter through the bundle, read by both readers.

const meta = (overrides: Partial<BundleMeta> = {}): BundleMeta => ({ lang: 'ms', translationKey: 'k', sourcePath: 'source/k.md', status: 'machine', ...overrides });
const FIELDS = ['title', 'description', 'summary'];
const WORDS = ['Banjir', 'di', 'Bogor', 'harga', 'naik', '“kutip”', 'é', 'Rp1.500', '(AP)'];
const words = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const comment = fc.constantFrom('', ' # komentar');

/** A translated field's value in some style: the text after `key:` through its last line break. */
const fieldValue = fc.oneof(
  fc.tuple(words, comment).map(([w, c]) => ` ${w}${c}\n`),
  fc.tuple(words, comment).map(([w, c]) => ` '${w}'${c}\n`),
  fc.tuple(words, comment).map(([w, c]) => ` "${w}"${c}\n`),
  fc.tuple(fc.constantFrom('|', '>', '|-', '>+', '|2'), comment, fc.array(words, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '\n')).map(([h, c, ls, t]) => ` ${h}${c}\n${ls.map((l) => `  ${l}`).join('\n')}\n${t}`),
);

/** A publication field already in the source, in some shape. */
const publicationField = fc.oneof(
  fc.constantFrom('lang: id\n', "lang: 'id' # asli\n", 'lang:\n', 'lang: # kosong\n', 'lang: [id, en]\n', 'lang:\n  - id\n', 'lang: |\n  id\n', 'lang:   "id"\n'),
  fc.constantFrom('translationKey: berita-1\n', 'translationKey: "yes"\n', 'translationKey:\n', "translationKey: 'k' # Hugo\n"),
  fc.constantFrom('draft: false\n', 'draft: true\n', 'draft: no\n'),
  fc.constantFrom('translationStatus: machine\n', 'sourcePath: lama.md\n'),
);

/** Other keys and comments: must come out byte for byte, read the same by each reader. */
const otherEntry = fc.oneof(
  fc.constantFrom(
    'date: 2024-01-02\n',
    'tags: [ banjir,  "bogor" ]\n',
    'kategori: {a: 1, b: [x, y]}\n',
    'params:\n  lokasi: Bogor\n  catatan: |\n    Satu.\n    Dua.\n',
    'catatan: >-\n  baris satu\n  baris dua\n',
    '# catatan redaksi\n',
    'waktu:    pagi   # spasi\n',
    'alias: &a nilai\nulang: *a\n',
    'panjang:\n  teks yang\n  berlanjut\n',
  ),
  fc.tuple(fc.constantFrom('aktif', 'tampil', 'kosong', 'angka'), fc.constantFrom(...AMBIGUOUS)).map(([k, v]) => `${k}: ${v}\n`),
);

const translation = fc.oneof(fc.constantFrom(...AMBIGUOUS), words, fc.constantFrom('Floods: Bogor', "Bogor's flood", 'a #1', '- list', 'line\nbreak', 'tab\there', '"quoted"', ' lead', 'trail ', '[x]', '{y}', '@at', '`tick`', '%pct', '!bang', '&amp', '*star', '? q', 'x:y', 'ends:'));

const documentArb = fc
  .record({
    translated: fc.subarray(FIELDS).chain((keys) => fc.tuple(...keys.map((key) => fc.tuple(fc.constant(key), fieldValue, translation)))),
    publication: fc.uniqueArray(publicationField, { selector: (line) => line.split(':')[0], maxLength: 4 }),
    others: fc.uniqueArray(otherEntry, { selector: (line) => line.split(':')[0], maxLength: 5 }),
    seed: fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
    crlf: fc.boolean(),
    frontMatter: fc.boolean(),
    meta: fc.record({
      lang: fc.constantFrom('ms', 'no', 'on', 'y', 'en-US'),
      translationKey: fc.constantFrom('k', 'yes', 'null', '2024-01-02', 'a #1', 'berita/x: y'),
      sourcePath: fc.constantFrom('source/k.md', 'source/on.md', 'source/a #1.md'),
      status: fc.constantFrom('reviewed' as const, 'machine' as const, 'partial' as const),
      draft: fc.boolean(),
    }),
  })
  .map(({ translated, publication, others, seed, crlf, frontMatter, meta: m }) => {
    const entries: Array<{ text: string; kind: 'translated' | 'publication' | 'other'; key: string; translation?: string }> = [
      ...translated.map(([key, value, t]) => ({ text: `${key}:${value}`, kind: 'translated' as const, key, translation: t })),
      ...publication.map((text) => ({ text, kind: 'publication' as const, key: text.split(':')[0] })),
      ...others.map((text) => ({ text, kind: 'other' as const, key: text.split(':')[0] })),
    ];
    const order = entries.map((entry, i) => ({ entry, rank: seed[i] })).sort((a, b) => a.rank - b.rank).map((x) => x.entry);
    const eol = crlf ? '\r\n' : '\n';
    const withEol = (s: string) => s.replace(/\n/g, eol);
    const body = `${BODY}${eol}`;
    const source = frontMatter || order.length > 0 ? `---${eol}${order.map((e) => withEol(e.text)).join('')}---${eol}${eol}${body}` : body;
    return { source, eol, entries: order.map((e) => ({ ...e, text: withEol(e.text) })), meta: m as BundleMeta };
  });

type Doc = ReturnType<(typeof documentArb)['generate']>['value'];

function render(doc: Doc) {
  const article = extractArticle(doc.source, { fields: FIELDS, split: segmentSentences });
  const byField = new Map(doc.entries.filter((e) => e.kind === 'translated').map((e) => [e.key, e.translation as string]));
  const bundle = renderMarkdownBundle(doc.source, article.segments, (i) => (article.segments[i].field ? byField.get(article.segments[i].field!) : undefined), doc.meta);
  return { article, byField, bundle };
}

/** What each field must read as, in any reader: translations, publication fields, and the source's own reading of the others. */
function expectedFields(doc: Doc, sourceData: Record<string, unknown>, byField: Map<string, string>): Record<string, unknown> {
  const want: Record<string, unknown> = { lang: doc.meta.lang, sourcePath: doc.meta.sourcePath, translationStatus: doc.meta.status };
  const ownKey = sourceData.translationKey;
  want.translationKey = ownKey !== undefined && ownKey !== null && ownKey !== '' ? ownKey : doc.meta.translationKey;
  if (doc.meta.draft) want.draft = true;
  else if ('draft' in sourceData) want.draft = sourceData.draft;
  for (const [key, value] of byField) want[key] = normalizeSegment(value) === normalizeSegment(String(sourceData[key])) ? sourceData[key] : value;
  return want;
}

describe('issue 12 item 8: front matter round trip through the bundle (property)', () => {
  it('the bundle front matter parses (yaml), publication and translated fields hold their values, everything else is byte for byte', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const { bundle, byField } = render(doc);
        const yamlText = frontMatterOf(bundle);
        const sourceData = doc.source.startsWith('---') ? parseStrict(frontMatterOf(doc.source)) : {};
        const data = parseStrict(yamlText);
        expect(data).toMatchObject(expectedFields(doc, sourceData, byField));
        // Keys other than the publication and translated fields: byte for byte, in order, on their own lines.
        let from = 0;
        for (const entry of doc.entries.filter((e) => e.kind === 'other')) {
          const at = `${doc.eol}${yamlText}`.indexOf(`${doc.eol}${entry.text}`, from);
          expect(at, `${JSON.stringify(entry.text)} kept in ${JSON.stringify(yamlText)}`).toBeGreaterThanOrEqual(from);
          from = at + entry.text.length;
          const key = entry.key;
          if (!key.startsWith('#')) expect(data[key]).toEqual(sourceData[key]);
        }
        // One line ending: the file's own.
        if (doc.eol === '\r\n') expect(bundle.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        else expect(bundle).not.toContain('\r');
        // The body after the front matter is untouched but for its translation.
        expect(bundle.endsWith(`---${doc.eol}${doc.eol}${BODY}${doc.eol}`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('PyYAML reads the same bundles: no error, the same strings, the source\'s own reading of the other keys', (ctx) => {
    if (!PYYAML) ctx.skip(NO_PYYAML);
    const docs = fc.sample(documentArb, { numRuns: 500, seed: 20241212 });
    const rendered = docs.map((doc) => ({ doc, ...render(doc) }));
    const bundles = pyyamlLoadAll(rendered.map((r) => frontMatterOf(r.bundle)));
    const sources = pyyamlLoadAll(rendered.map((r) => (r.doc.source.startsWith('---') ? frontMatterOf(r.doc.source) : '')));
    const failures = rendered.flatMap((r, i): unknown[] => {
      const got = bundles[i];
      if (got.error !== undefined) return [{ source: r.doc.source, bundle: r.bundle, error: got.error }];
      const want: Record<string, unknown> = expectedFields(r.doc, sources[i].data ?? {}, r.byField);
      for (const entry of r.doc.entries) if (entry.kind === 'other' && !entry.key.startsWith('#')) want[entry.key] = sources[i].data?.[entry.key];
      const wrong = Object.keys(want).filter((key) => JSON.stringify(got.data?.[key]) !== JSON.stringify(want[key]));
      return wrong.length === 0 ? [] : [{ source: r.doc.source, bundle: r.bundle, wrong: wrong.map((key) => ({ key, got: got.data?.[key], want: want[key] })) }];
    });
    expect(failures.slice(0, 3)).toEqual([]);
  });
});

describe('issue 12 item 9: the run names what it did not publish, without burying the rest', () => {
  it('a TOML front matter (+++) is reported with the fix, not sent as prose under a second front matter', async () => {
    const ws = createWorkspace({ 'source/t.md': `+++\ntitle = "Banjir"\n+++\n\n${BODY}\n` }, MS);
    const summary = await ws.translate({ providers: { deepl: prefixing } });
    expect(summary.errors).toEqual([expect.objectContaining({ file: 'source/t.md', line: 1, code: 'bad-front-matter', message: expect.stringContaining('TOML front matter ("+++") is not supported') })]);
    expect(ws.exists('dist/ms/t.md')).toBe(false);
    expect(ws.calls).toEqual([]);
  });

  it('lists three not-published articles one by one and counts the rest in one line', () => {
    const summary: RunSummary = { articles: 5, segments: 5, locales: {}, filesWritten: 0, unpublished: [], dryRun: false, errors: [], exitCode: 1, providerFailures: [], warnings: [] };
    for (const name of ['a', 'b', 'c', 'd', 'e']) summary.warnings.push({ file: `source/${name}.md`, code: 'not-published', message: `source/${name}.md: not published in en` });
    summary.warnings.push({ file: 'source/a.md', line: 2, code: 'control-characters', message: 'source/a.md:2: control character' });
    const lines = formatSummary(summary).split('\n').filter((line) => line.startsWith('warning:'));
    expect(lines).toEqual([
      'warning: source/a.md: not published in en',
      'warning: source/b.md: not published in en',
      'warning: source/c.md: not published in en',
      'warning: source/a.md:2: control character',
      'warning: 2 more not published in a target (nothing publishable there yet); `translate --json` lists each under warnings.',
    ]);
  });
});
