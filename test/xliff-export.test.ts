/**
 * XLIFF export (issue 16): every version validated by an independent reader (xmllint with the
 * OASIS XSDs vendored in test/fixtures/exchange-schemas), the exact inline-code mapping on a small
 * article, states, notes and matches from a workspace's record, and a property: random tagged
 * texts written as inline codes read back (xliff-read.ts) as the same tagged text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { loadConfig, type Config } from '../pipeline/config/load-config.ts';
import { applyReview } from '../pipeline/review/apply-review.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { escapeText, tokenize } from '../pipeline/tagged-text.ts';
import type { TagMarkup } from '../pipeline/segment.ts';
import { exportXliff, type XliffVersion } from '../pipeline/exchange/xliff-export.ts';
import { importXliff } from '../pipeline/exchange/xliff-import.ts';
import { assertOutPath, OutPathError } from '../pipeline/exchange/out-path.ts';
import { readXliff, type InlineToken } from '../pipeline/exchange/xliff-read.ts';
import type { XliffDocument } from '../pipeline/exchange/xliff-model.ts';
import { writeXliff12 } from '../pipeline/exchange/xliff-write-12.ts';
import { writeXliff21 } from '../pipeline/exchange/xliff-write-21.ts';
import { ROOT, SHARED_CORPORA, hasShared } from './helpers/corpus.ts';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';
import { prefixing } from './helpers/prefixing-provider.ts';

/** A real (not stand-in) engine served by a test double (`MS …`): its output is machine translation. */
const ENGINE = { ...DEFAULT_CONFIG, targets: { en: { provider: 'apertium' } } };
const engine = { providers: { apertium: prefixing } };

const SCHEMAS = path.join(ROOT, 'test/fixtures/exchange-schemas');
const XMLLINT = ['/usr/bin/xmllint', '/usr/local/bin/xmllint'].find((p) => fs.existsSync(p));
if (!XMLLINT) console.warn('xliff-export: xmllint not found, schema validation skipped (apt-get install libxml2-utils)');

/** The schema runs each version must pass: 1.2 strict and transitional; 2.1 core + matches module (matches.xsd imports the core). */
const SCHEMA_RUNS: Record<XliffVersion, string[]> = {
  '1.2': ['xliff-1.2/xliff-core-1.2-strict.xsd', 'xliff-1.2/xliff-core-1.2-transitional.xsd'],
  '2.1': ['xliff-2.1/matches.xsd'],
};

function xmllint(xsd: string, xml: string): { ok: boolean; output: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-xlf-')), 'out.xlf');
  fs.writeFileSync(file, xml);
  const result = spawnSync(XMLLINT!, ['--noout', '--nonet', '--schema', path.join(SCHEMAS, xsd), file], { encoding: 'utf8' });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

const MARKUP_ARTICLE = [
  '---',
  'title: Harga Beras Naik',
  'description: Data lengkap ada di https://example.com/harga setiap pekan.',
  '---',
  '',
  'Harga **beras** naik tajam di [Jakarta](https://example.com/jakarta "Kota") pekan ini.',
  'Menurut data `BPS`, kenaikan mencapai 5&nbsp;persen<sup>1</sup> & lebih.',
  '',
  'Pedagang <b>mengeluh</b> sejak pagi[^1] dan warga ~~berharap~~ menunggu ![grafik harga](img/harga.png).',
  'Kunjungi <https://example.com> atau kirim surel ke redaksi@example.com.',
  '',
  'Harga *cabai* juga naik\\* menurut {{ site.name }} hari ini.',
  '',
  'Kalimat dengan karakter kendali \u0001 di tengah.',
  '',
  '[^1]: Catatan kaki tentang pasar tradisional.',
  '',
].join('\n');
const APPROVED = 'Harga **beras** naik tajam di [Jakarta](https://example.com/jakarta "Kota") pekan ini.';
/** Near the approved sentence: translated with a fuzzy note from the memory. */
const NEAR = 'Harga **beras** naik tajam di [Jakarta](https://example.com/jakarta "Kota") minggu ini.';
const CHANGED = 'Harga **beras** naik sangat tajam di [Jakarta](https://example.com/jakarta "Kota") pekan ini.';

/** Seed article, the markup article, a CRLF article and (when beside the repo) markup-rich shared corpus articles. */
function corpusFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'source/putin.md': fs.readFileSync(path.join(ROOT, 'source/putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara.md'), 'utf8'),
    'source/news/markup.md': MARKUP_ARTICLE,
    'source/news/crlf.md': '---\r\ntitle: Baris Windows\r\n---\r\n\r\nKalimat pertama ada di sini\r\ndan berlanjut ke baris kedua.\r\nKalimat **kedua** di sini.\r\n',
  };
  for (const file of fs.readdirSync(path.join(ROOT, 'test/fixtures/corpus/react-id-docs')).filter((f) => f.endsWith('.md') && !f.startsWith('LICENSE'))) {
    files[`source/docs/${file}`] = fs.readFileSync(path.join(ROOT, 'test/fixtures/corpus/react-id-docs', file), 'utf8');
  }
  if (hasShared) {
    const news = path.join(SHARED_CORPORA, 'indosum-news-id/articles');
    for (const file of fs.readdirSync(news).sort().slice(0, 3)) files[`source/indosum/${file}`] = fs.readFileSync(path.join(news, file), 'utf8');
    for (const file of ['forwardRef.md', 'memo.md']) {
      const full = path.join(SHARED_CORPORA, 'react-id-docs/docs/src/content/reference/react', file);
      if (fs.existsSync(full)) files[`source/react/${file}`] = fs.readFileSync(full, 'utf8');
    }
  }
  return files;
}

/** Replace (or with `undefined`, delete) the line of `key` in the en locale file of `article`. */
function setValue(ws: Workspace, article: string, key: string, value: string | undefined): void {
  const file = `locales/en/${article}.yaml`;
  const lines = ws.read(file).split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${key}:`));
  if (at < 0) throw new Error(`no ${key} in ${file}`);
  if (value === undefined) lines.splice(at, 1);
  else lines[at] = `${key}: '${value.replace(/'/g, "''")}'`;
  ws.write(file, lines.join('\n'));
}

const keyOf = (ws: Workspace, article: string, sentence: string) => {
  const record = ws.read(`locales/id/${article}.yaml`);
  const line = record.split('\n').find((l) => l.includes(sentence.slice(0, 30)));
  return line?.split(':')[0] as string;
};

/**
 * A translated workspace whose record has every status: reviewed (edited in YAML),
 * stale (edited, then the source changed: `was:` and a suggestion), fuzzy notes (a new sentence
 * near a reviewed one), rejected, missing (key deleted) and unknown (state file deleted).
 */
function recordWithEveryStatus(): Promise<{ ws: Workspace; config: Config }> {
  // Built once and only read by the tests (three runs of translate over some 20 articles).
  everyStatus ??= buildRecordWithEveryStatus();
  return everyStatus;
}
let everyStatus: Promise<{ ws: Workspace; config: Config }> | undefined;

async function buildRecordWithEveryStatus(): Promise<{ ws: Workspace; config: Config }> {
  const ws = createWorkspace(corpusFiles(), { ...ENGINE, fields: ['title', 'description'] });
  await ws.translate(engine);
  const config = loadConfig(path.join(ws.dir, 'translate.config.yaml'));
  // A reviewer's edit; the next run stores it in the memory.
  const reviewedKey = keyOf(ws, 'news/markup', 'Harga **beras**');
  setValue(ws, 'news/markup', reviewedKey, 'The price of **rice** rose sharply in [Jakarta](https://example.com/jakarta "Kota") this week.');
  await ws.translate(engine);
  ws.write('source/news/markup.md', MARKUP_ARTICLE.replace(APPROVED, CHANGED));
  ws.write('source/news/plain.md', `${NEAR}\n`);
  await ws.translate(engine);
  applyReview(config, 'reject', 'en', 'news/markup', [keyOf(ws, 'news/markup', 'Pedagang <b>')], segmentSentences);
  setValue(ws, 'news/markup', keyOf(ws, 'news/markup', 'Kunjungi'), undefined);
  setValue(ws, 'news/markup', keyOf(ws, 'news/markup', 'Harga *cabai*'), 'The price of *chillies* rose too\\* according to {{ site.name }} today.');
  fs.rmSync(path.join(ws.dir, 'locales/en/news/crlf.state.yaml'));
  return { ws, config };
}

describe.skipIf(!XMLLINT)('exported XLIFF validates against the OASIS schemas (xmllint)', () => {
  it('1.2 (strict and transitional) and 2.1 (core + matches) over the seed, markup-rich and corpus articles, every status', async () => {
    const { config } = await recordWithEveryStatus();
    for (const version of ['1.2', '2.1'] as const) {
      const result = exportXliff(config, { locale: 'en', version, only: ['new', 'stale', 'machine', 'reviewed'] });
      expect(result.byStatus).toMatchObject({ missing: 1, rejected: 1, stale: 1 });
      expect(result.byStatus.reviewed).toBe(1);
      expect(result.byStatus.unknown).toBeGreaterThanOrEqual(3);
      expect(result.byStatus.machine).toBeGreaterThan(50);
      for (const xsd of SCHEMA_RUNS[version]) {
        const lint = xmllint(xsd, result.xml);
        expect(lint.output, `${version} ${xsd}`).toMatch(/validates/);
        expect(lint.ok).toBe(true);
      }
      // The validator is not asleep: a unit without its required id fails.
      const broken = version === '2.1' ? result.xml.replace(/<unit id="[^"]*"/, '<unit') : result.xml.replace(/<trans-unit id="[^"]*"/, '<trans-unit');
      expect(xmllint(SCHEMA_RUNS[version][0], broken).ok).toBe(false);
    }
  }, 120_000);
});

describe('what the export carries', () => {
  it('states, notes and matches per status; --only selects; articles without units are left out', async () => {
    const { ws, config } = await recordWithEveryStatus();
    const xml21 = exportXliff(config, { locale: 'en', version: '2.1', only: ['new', 'stale', 'machine', 'reviewed'] }).xml;
    const xml12 = exportXliff(config, { locale: 'en', version: '1.2', only: ['new', 'stale', 'machine', 'reviewed'] }).xml;
    const units21 = unitsOf(xml21, '2.1');
    const units12 = unitsOf(xml12, '1.2');
    const stateOf = (units: Map<string, UnitView>, article: string, sentence: string) => units.get(keyOf(ws, article, sentence));

    // stale: the old target kept, initial; `was:` note; the fresh machine suggestion as a match
    const stale21 = stateOf(units21, 'news/markup', 'Harga **beras**')!;
    expect(stale21.state).toBe('initial');
    expect(stale21.target).toContain('<pc id="g1"');
    expect(stale21.notes).toContain(`Source before the change: ${APPROVED}`);
    expect(stale21.xml).toMatch(/<mtc:match ref="#s1" type="mt" origin="machine translation">/);
    const stale12 = stateOf(units12, 'news/markup', 'Harga **beras**')!;
    expect(stale12.state).toBe('needs-review-translation');
    expect(stale12.xml).toMatch(/<alt-trans origin="machine translation">/);

    // a new sentence near the approved one: the memory's fuzzy match with its similarity
    const fuzzy21 = stateOf(units21, 'news/plain', 'minggu ini')!;
    expect(fuzzy21.xml).toMatch(/<mtc:match ref="#s1" type="tm" origin="memory" similarity="\d+">/);
    expect(stateOf(units12, 'news/plain', 'minggu ini')!.xml).toMatch(/<alt-trans match-quality="\d+" origin="memory">/);

    // rejected: no target, the rejected text as a note; missing: no target
    const rejected21 = stateOf(units21, 'news/markup', 'Pedagang <b>')!;
    expect(rejected21).toMatchObject({ state: 'initial', target: undefined });
    expect(rejected21.notes.some((n) => n.startsWith('Rejected translation: '))).toBe(true);
    expect(stateOf(units12, 'news/markup', 'Pedagang <b>')).toMatchObject({ state: undefined, target: undefined, approved: 'no' });
    expect(stateOf(units21, 'news/markup', 'Kunjungi')).toMatchObject({ state: 'initial', target: undefined });

    // reviewed (a YAML edit): reviewed / signed-off + approved
    expect(stateOf(units21, 'news/markup', 'Harga *cabai*')!.state).toBe('reviewed');
    expect(stateOf(units12, 'news/markup', 'Harga *cabai*')).toMatchObject({ state: 'signed-off', approved: 'yes' });
    // machine: translated (1.2 with the MT qualifier); unknown: translated / needs-review-translation
    const machineKey = keyOf(ws, 'news/markup', 'Menurut data');
    expect(units21.get(machineKey)!.state).toBe('translated');
    expect(units12.get(machineKey)!.xml).toMatch(/<target state="translated" state-qualifier="leveraged-mt">/);
    expect(stateOf(units21, 'news/crlf', 'Kalimat **kedua**')!.state).toBe('translated');
    expect(stateOf(units12, 'news/crlf', 'Kalimat **kedua**')!.state).toBe('needs-review-translation');

    // context: previous and next sentence, the article title as a file note
    const context = units21.get(machineKey)!.notes;
    expect(context).toContain(`Context: previous sentence: ${CHANGED}`);
    expect(context.some((n) => n.startsWith('Context: next sentence: Pedagang <b>mengeluh</b>'))).toBe(true);
    expect(xml21).toContain('<note category="context" appliesTo="source">Context: article title: Harga Beras Naik</note>');

    // --only: the default is the work to do (no reviewed unit); `reviewed` alone leaves out articles without one
    const work = exportXliff(config, { locale: 'en', version: '2.1' });
    expect(work.byStatus.reviewed).toBe(0);
    expect(work.units).toBe(work.byStatus.missing + work.byStatus.rejected + work.byStatus.stale + work.byStatus.machine + work.byStatus.unknown);
    const reviewedOnly = exportXliff(config, { locale: 'en', version: '2.1', only: ['reviewed'] });
    expect(reviewedOnly.articles).toBe(1);
    expect(reviewedOnly.units).toBe(reviewedOnly.byStatus.reviewed);
    expect(unitsOf(reviewedOnly.xml, '2.1').size).toBe(reviewedOnly.units);
  }, 120_000);

  it('keeps a carriage return and a control character of the source (2.1 <cp>, 1.2 x-codepoint)', async () => {
    const { config } = await recordWithEveryStatus();
    const xml21 = exportXliff(config, { locale: 'en', version: '2.1', only: ['machine', 'new'] }).xml;
    const xml12 = exportXliff(config, { locale: 'en', version: '1.2', only: ['machine', 'new'] }).xml;
    expect(xml21).toContain('Kalimat pertama ada di sini&#13;\ndan berlanjut');
    expect(xml21).toContain('karakter kendali <cp hex="0001"/> di tengah.');
    expect(xml12).toContain('karakter kendali <x id="cp1" ctype="x-codepoint" equiv-text="U+0001"/> di tengah.');
    for (const [xml, version] of [[xml21, '2.1'], [xml12, '1.2']] as const) {
      const read = readXliff(xml, `en.${version}.xlf`);
      const sources = read.files.flatMap((f) => f.units.map((u) => canonical(u.source)));
      expect(sources).toContain('Kalimat pertama ada di sini\r\ndan berlanjut ke baris kedua.');
      expect(sources).toContain('Kalimat dengan karakter kendali \u0001 di tengah.');
    }
  }, 120_000);
});

describe('stand-in text (pseudo, identity) goes to the agency as new work, not as machine translation', () => {
  const SMALL = '---\ntitle: Harga Beras\n---\n\nHarga beras naik tajam. Pedagang mengeluh sejak pagi.\n';
  const configOf = (ws: Workspace) => loadConfig(path.join(ws.dir, 'translate.config.yaml'));

  /** Every unit of both versions: no target, new (2.1 initial, 1.2 no target, not approved), the stand-in note; valid. */
  function expectNewWork(config: Config, what: RegExp): void {
    for (const version of ['1.2', '2.1'] as const) {
      const result = exportXliff(config, { locale: 'en', version });
      expect(result.units).toBe(3);
      expect(result.standIn).toBe(3);
      expect(result.xml).not.toMatch(/<target/);
      expect(result.xml).not.toContain('⟦');
      for (const unit of unitsOf(result.xml, version).values()) {
        expect(unit.target).toBeUndefined();
        expect(unit.state).toBe(version === '2.1' ? 'initial' : undefined);
        if (version === '1.2') expect(unit.approved).toBe('no');
        expect(unit.notes).toContain('Status: new: not translated yet');
        expect(unit.notes.find((n) => n.startsWith('Stand-in text, not a translation: the locale file holds '))).toMatch(what);
      }
      if (XMLLINT) for (const xsd of SCHEMA_RUNS[version]) expect(xmllint(xsd, result.xml).ok, `${version} ${xsd}`).toBe(true);
    }
    // Selected as new work, not as machine translation.
    expect(exportXliff(config, { locale: 'en', version: '2.1', only: ['new'] }).units).toBe(3);
    expect(exportXliff(config, { locale: 'en', version: '2.1', only: ['machine'] }).units).toBe(0);
  }

  it('pseudo text, also after the target switched to a real engine (translate not run since), and when its record is lost', async () => {
    const ws = createWorkspace({ 'source/a.md': SMALL });
    await ws.translate();
    expectNewWork(configOf(ws), /pseudo-localized placeholder text/);
    ws.write('translate.config.yaml', ws.read('translate.config.yaml').replace('provider: pseudo', 'provider: apertium'));
    expectNewWork(configOf(ws), /pseudo-localized placeholder text/);
    fs.rmSync(path.join(ws.dir, 'locales/en/a.state.yaml'));
    expectNewWork(configOf(ws), /pseudo-localized placeholder text/);
  });

  it('identity text (the Indonesian source) until a reviewer approves it; the agency\'s target imports', async () => {
    const ws = createWorkspace({ 'source/a.md': SMALL }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } });
    await ws.translate();
    const config = configOf(ws);
    expectNewWork(config, /the Indonesian source copied unchanged/);
    // The agency fills a target where there was none (state translated, as a CAT tool sets it): the import applies it over the stand-in text.
    const xml = exportXliff(config, { locale: 'en', version: '2.1' }).xml;
    const file = path.join(ws.dir, 'agency.xlf');
    fs.writeFileSync(file, xml.replace(/<segment id="s1" state="initial">(\s*<source[^>]*>Harga beras naik tajam\.<\/source>)/, '<segment id="s1" state="translated">$1\n        <target>Rice prices soared.</target>'));
    const report = await importXliff(config, file, { memory: ws.memory });
    expect(report.problems).toEqual([]);
    expect(report.applied).toHaveLength(1);
    expect(ws.read('locales/en/a.yaml')).toContain(': Rice prices soared.');
    // A reviewer approves identity text (a sentence that stays as it is): a translation, sent with its target.
    const key = keyOf(ws, 'a', 'Pedagang mengeluh');
    applyReview(config, 'approve', 'en', 'a', [key], segmentSentences);
    const unit = unitsOf(exportXliff(config, { locale: 'en', version: '2.1', only: ['reviewed'] }).xml, '2.1').get(key)!;
    expect(unit).toMatchObject({ state: 'reviewed', target: 'Pedagang mengeluh sejak pagi.' });
  });
});

describe('inline codes of a small article, exactly', () => {
  const article = '---\ntitle: Harga\n---\n\nHarga **beras** naik di [Jakarta](https://x.id/j) menurut `BPS`.\n';

  it('2.1: <pc>/<ph> with our ids, the markdown in <originalData>; 1.2: <g>/<x> with ctype, equiv-text and the codes note', async () => {
    const ws = createWorkspace({ 'source/a.md': article });
    await ws.translate();
    const config = loadConfig(path.join(ws.dir, 'translate.config.yaml'));
    const key = keyOf(ws, 'a', 'Harga **beras**');
    const value = 'The price of **rice** rose in [Jakarta](https://x.id/j) according to `BPS`.';
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(new RegExp(`^${key}:.*$`, 'm'), `${key}: '${value}'`));

    const unit21 = unitsOf(exportXliff(config, { locale: 'en', version: '2.1', only: ['reviewed'] }).xml, '2.1').get(key)!;
    expect(unit21.xml).toContain(
      [
        '<originalData>',
        '        <data id="d1">**</data>',
        '        <data id="d2">[</data>',
        '        <data id="d3">](https://x.id/j)</data>',
        '        <data id="d4">`BPS`</data>',
        '      </originalData>',
      ].join('\n'),
    );
    const pc = (id: string, start: string, end: string, type: string, text: string) => `<pc id="${id}" dataRefStart="${start}" dataRefEnd="${end}" type="${type}" canCopy="no" canDelete="no">${text}</pc>`;
    const ph = '<ph id="x3" dataRef="d4" type="other" canCopy="no" canDelete="no"/>';
    expect(unit21.source).toBe(`Harga ${pc('g1', 'd1', 'd1', 'fmt', 'beras')} naik di ${pc('g2', 'd2', 'd3', 'link', 'Jakarta')} menurut ${ph}.`);
    expect(unit21.target).toBe(`The price of ${pc('g1', 'd1', 'd1', 'fmt', 'rice')} rose in ${pc('g2', 'd2', 'd3', 'link', 'Jakarta')} according to ${ph}.`);
    expect(unit21.state).toBe('reviewed');

    const unit12 = unitsOf(exportXliff(config, { locale: 'en', version: '1.2', only: ['reviewed'] }).xml, '1.2').get(key)!;
    const x = '<x id="x3" ctype="x-code" clone="no" equiv-text="`BPS`"/>';
    expect(unit12.source).toBe(`Harga <g id="g1" ctype="bold" clone="no">beras</g> naik di <g id="g2" ctype="link" clone="no">Jakarta</g> menurut ${x}.`);
    expect(unit12.target).toBe(`The price of <g id="g1" ctype="bold" clone="no">rice</g> rose in <g id="g2" ctype="link" clone="no">Jakarta</g> according to ${x}.`);
    expect(unit12.notes).toContain('Inline codes: g1 = ** … **; g2 = [ … ](https://x.id/j); x3 = `BPS`');
    expect(unit12.xml).toMatch(new RegExp(`<trans-unit id="${key}" resname="${key}" approved="yes" extradata="jfid-translate written=[0-9a-f]{12}[^"]*" xml:space="preserve">`));
  });
});

describe('npm run xliff (the command)', () => {
  it('export writes the file and a --json summary; usage errors exit 2; --help for both subcommands', async () => {
    const ws = createWorkspace({ 'source/a.md': '---\ntitle: Harga\n---\n\nHarga **beras** naik.\n' });
    await ws.translate();
    const run = ws.cli('xliff', ['export', '--locale', 'en', '--out', 'out/en.xlf', '--version', '1.2', '--json']);
    expect(run.stderr).toMatch(/2 units from 1 article \(2 machine\) written to out\/en\.xlf/);
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ file: 'out/en.xlf', locale: 'en', version: '1.2', only: ['new', 'stale', 'machine'], articles: 1, units: 2, byStatus: { machine: 2 } });
    expect(summary.bytes).toBe(Buffer.byteLength(ws.read('out/en.xlf')));
    expect(ws.read('out/en.xlf')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<xliff version="1.2"/);

    const toStdout = ws.cli('xliff', ['export', '--locale', 'en', '--out', '-']);
    expect(toStdout.status).toBe(0);
    expect(toStdout.stdout).toMatch(/<xliff version="2.1" srcLang="id" trgLang="en"/);

    const usage: Array<[string[], RegExp]> = [
      [['export', '--locale', 'fr', '--out', 'x.xlf'], /^xliff: "fr" is not a target locale \(targets: en\)\n$/],
      [['export', '--locale', 'en', '--out', 'x.xlf', '--version', '2.0'], /^xliff: --version must be 2.1 or 1.2, got "2.0"\n/],
      [['export', '--locale', 'en', '--out', 'x.xlf', '--only', 'new,fresh'], /^xliff: --only takes new, stale, machine, reviewed, all/],
    ];
    for (const [args, message] of usage) {
      const bad = ws.cli('xliff', args);
      expect(bad.status, args.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
    expect(ws.exists('x.xlf')).toBe(false);
    expect(ws.cli('xliff', ['export', '--help']).stdout).toMatch(/--only LIST/);
    expect(ws.cli('xliff', ['import', '--help']).stdout).toMatch(/--dry-run/);
  }, 60_000);

  it('--out inside the workspace is refused (exit 2, the article kept); nothing selected writes no file (exit 0, --json written: false)', () => {
    const article = '---\ntitle: Harga\n---\n\nHarga **beras** naik.\n';
    const ws = createWorkspace({ 'source/markup.md': article });
    const refused = ws.cli('xliff', ['export', '--locale', 'en', '--out', 'source/markup.md']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^xliff: --out source\/markup\.md is inside the source folder \(source\/\): .*e\.g\. --out agency\/en\.xlf\n$/);
    expect(ws.read('source/markup.md')).toBe(article);

    // Nothing translated, nothing reviewed: --only reviewed selects no unit.
    const empty = ws.cli('xliff', ['export', '--locale', 'en', '--out', 'agency/en.xlf', '--version', '1.2', '--only', 'reviewed', '--json']);
    expect(empty.status).toBe(0);
    expect(empty.stderr).toMatch(/no units selected \(en: reviewed\): nothing written to agency\/en\.xlf/);
    expect(JSON.parse(empty.stdout)).toMatchObject({ units: 0, written: false, file: 'agency/en.xlf' });
    expect(ws.exists('agency/en.xlf')).toBe(false);
  }, 60_000);
});

describe('--out never overwrites the workspace (out-path.ts, used by xliff export and tm export)', () => {
  it('refuses paths inside the source, locales and output folders, the config and the memory file (symbolic links followed); allows others', () => {
    const ws = createWorkspace({ 'source/a.md': '---\ntitle: Harga\n---\n\nHarga naik.\n' });
    const config = loadConfig(path.join(ws.dir, 'translate.config.yaml'));
    ws.write('locales/en/a.yaml', 'title: Price\n');
    fs.symlinkSync(path.join(ws.dir, 'locales'), path.join(ws.dir, 'link'));
    const refused: Array<[string, RegExp]> = [
      ['source/a.md', /inside the source folder \(source\/\)/],
      ['source/new/en.xlf', /inside the source folder/],
      ['locales/ms/markup.yaml', /inside the locales folder \(locales\/\)/],
      ['link/en/a.yaml', /inside the locales folder/],
      ['dist/en.xlf', /inside the output folder \(dist\/\)/],
      ['translate.config.yaml', /is the config file translate\.config\.yaml/],
      ['.cache/memory.sqlite', /is the translation memory \.cache\/memory\.sqlite/],
      ['.cache/memory.sqlite-wal', /is the translation memory/],
      [path.join(ws.dir, 'source'), /inside the source folder/],
    ];
    for (const [out, message] of refused) {
      let error: unknown;
      try {
        assertOutPath(config, out, ws.dir, 'agency/en.xlf');
      } catch (caught) {
        error = caught;
      }
      expect(error, out).toBeInstanceOf(OutPathError);
      expect((error as Error).message, out).toMatch(message);
      expect((error as Error).message).toMatch(/e\.g\. --out agency\/en\.xlf$/);
    }
    for (const out of ['-', 'agency/en.xlf', 'en.xlf', '.cache/en.xlf', 'sources-old/a.md', path.join(os.tmpdir(), 'en.xlf')]) expect(() => assertOutPath(config, out, ws.dir, 'x'), out).not.toThrow();
    // Relative to the working folder, not the config's: from source/, `../x.xlf` is outside it.
    expect(() => assertOutPath(config, '../x.xlf', path.join(ws.dir, 'source'), 'x')).not.toThrow();
    expect(() => assertOutPath(config, 'x.xlf', path.join(ws.dir, 'source'), 'x')).toThrow(OutPathError);
  });

  it('a source glob at the project folder (source: "*.md"): only the articles themselves are refused', () => {
    const ws = createWorkspace({ 'a.md': 'Harga naik.\n' }, { ...DEFAULT_CONFIG, source: '*.md' });
    const config = loadConfig(path.join(ws.dir, 'translate.config.yaml'));
    expect(() => assertOutPath(config, 'a.md', ws.dir, 'x')).toThrow(/is the article a\.md of the source folder/);
    expect(() => assertOutPath(config, 'agency/en.xlf', ws.dir, 'x')).not.toThrow();
    expect(() => assertOutPath(config, 'locales/en.xlf', ws.dir, 'x')).toThrow(/inside the locales folder/);
  });
});

describe('property: inline codes read back as the same tagged text', () => {
  /** Text with what XML makes hard: markup characters, CR, tabs, controls XML cannot hold, C1, astral characters. */
  const textArb = fc.string({ unit: fc.constantFrom('a', 'B', ' ', '  ', '\n', '\r', '\r\n', '\t', '&', '<', '>', '"', "'", ']]>', '\u0001', '\u001f', '\uFFFE', '\u009d', 'é', '😀', '&amp;', '-'), maxLength: 8 });
  const markupArb = fc.string({ unit: fc.constantFrom('*', '[', '](u "t")', '<b>', '`', '&', '\u0002', ' ', 'x', '"'), maxLength: 4 });
  const stepArb = fc.array(fc.oneof(fc.record({ kind: fc.constant('text' as const), text: textArb }), fc.record({ kind: fc.constantFrom('open' as const, 'close' as const, 'atom' as const), markup: markupArb, close: markupArb })), { maxLength: 14 });

  /** Steps → a balanced tagged text with fresh ids, and the markup per id. */
  type Step = { kind: 'text'; text: string } | { kind: 'open' | 'close' | 'atom'; markup: string; close: string };
  function build(steps: readonly Step[]) {
    let tagged = '';
    let n = 0;
    const tags: Record<string, TagMarkup> = {};
    const open: string[] = [];
    for (const step of steps) {
      if (step.kind === 'text') tagged += escapeText(step.text);
      else if (step.kind === 'atom') {
        const id = `x${++n}`;
        tags[id] = { atom: step.markup };
        tagged += `<${id}/>`;
      } else if (step.kind === 'open') {
        const id = `g${++n}`;
        tags[id] = { open: step.markup, close: step.close };
        open.push(id);
        tagged += `<${id}>`;
      } else if (open.length > 0) tagged += `</${open.pop()}>`;
    }
    while (open.length > 0) tagged += `</${open.pop()}>`;
    return { tagged, tags };
  }

  it('for 1.2 and 2.1, source and target, through xliff-read.ts', () => {
    fc.assert(
      fc.property(stepArb, fc.constantFrom('1.2' as const, '2.1' as const), (steps, version) => {
        const { tagged, tags } = build(steps);
        const model: XliffDocument = {
          sourceLocale: 'id',
          targetLocale: 'en',
          tool: { id: 'test', version: '0' },
          files: [{ article: 'a', original: 'source/a.md', notes: [], units: [{ key: 's-1', sourceTagged: tagged, tags, targetTagged: tagged, status: 'machine', written: 'c0ffee', notes: [], matches: [] }] }],
        };
        const xml = version === '1.2' ? writeXliff12(model) : writeXliff21(model);
        const unit = readXliff(xml, 'p.xlf').files[0].units[0];
        const expected = canonical(tokenize(tagged));
        expect(canonical(unit.source)).toBe(expected);
        expect(canonical(unit.target!)).toBe(expected);
        expect(unit.problems).toEqual([]);
        expect(unit.written).toBe('c0ffee');
      }),
      { numRuns: 300 },
    );
  });
});

/** Tokens (ours or the reader's) → one tagged string, adjacent text runs merged. */
function canonical(tokens: ReadonlyArray<InlineToken | ReturnType<typeof tokenize>[number]>): string {
  return tokens.map((t) => (t.type === 'text' ? escapeText(t.value) : t.type === 'atom' ? `<${t.id}/>` : t.type === 'open' ? `<${t.id}>` : `</${t.id}>`)).join('');
}

interface UnitView {
  xml: string;
  state?: string;
  approved?: string;
  source: string;
  target?: string;
  notes: string[];
}

/** key → the unit's serialized XML, state, source and target content (inner XML) and note texts. */
function unitsOf(xml: string, version: XliffVersion): Map<string, UnitView> {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const out = new Map<string, UnitView>();
  const ns = / xmlns="urn:oasis:names:tc:xliff:document:[12].[02]"/g;
  const inner = (el: Element | undefined) => (el ? Array.from(el.childNodes).map((c) => c.toString().replace(ns, '')).join('') : undefined);
  const direct = (el: Element, name: string) => Array.from(el.childNodes).filter((c): c is Element => c.nodeType === 1 && (c as Element).localName === name);
  const units = Array.from(doc.getElementsByTagName(version === '2.1' ? 'unit' : 'trans-unit')) as unknown as Element[];
  for (const unit of units) {
    const key = unit.getAttribute(version === '2.1' ? 'name' : 'resname')!;
    const holder = version === '2.1' ? direct(unit, 'segment')[0] : unit;
    const target = direct(holder, 'target')[0];
    const notes = (Array.from(unit.getElementsByTagName('note')) as unknown as Element[]).map((n) => n.textContent ?? '');
    out.set(key, {
      xml: unit.toString().replace(ns, ''),
      state: (version === '2.1' ? holder.getAttribute('state') : target?.getAttribute('state')) ?? undefined,
      approved: unit.getAttribute('approved') ?? undefined,
      source: inner(direct(holder, 'source')[0])!,
      target: inner(target),
      notes,
    });
  }
  return out;
}
