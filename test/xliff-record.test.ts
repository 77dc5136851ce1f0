/**
 * The record after an XLIFF import (issue 16): a reviewer's edit made after the export is never
 * overwritten by the agency's file, and an agency's unreviewed text never turns reviewed on its own.
 * Regression tests named after what the first breaker found.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';
import { loadConfig, type Config } from '../pipeline/config/load-config.ts';
import { exportXliff, type XliffVersion } from '../pipeline/exchange/xliff-export.ts';
import { importXliff } from '../pipeline/exchange/xliff-import.ts';
import { readXliff } from '../pipeline/exchange/xliff-read.ts';
import { parseState } from '../pipeline/locale/segment-state.ts';
import { applyReview } from '../pipeline/review/apply-review.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { prefixing } from './helpers/prefixing-provider.ts';
import type { ProviderFactory } from '../pipeline/provider.ts';

const ARTICLE = 'Harga beras naik tajam.\n\nPedagang mengeluh sejak pagi.\n';
const configOf = (ws: Workspace): Config => loadConfig(path.join(ws.dir, 'translate.config.yaml'));
/** The key of the entry whose value is `text`, or `MS text` (the machine's). */
const keyOf = (ws: Workspace, text: string): string => new RegExp(`^(s-[0-9a-f]+): (?:MS )?${text.replace('.', '\\.')}$`, 'm').exec(ws.read('locales/en/berita.yaml'))?.[1] as string;
const stateOf = (ws: Workspace, key: string) => parseState(ws.read('locales/en/berita.state.yaml')).get(key);
/** A real (publishable) engine: its text is a translation the export sends as target (stand-in text is not sent). */
const PROVIDERS = { deepl: prefixing };
const translate = (ws: Workspace) => ws.translate({ providers: PROVIDERS });

async function exported(version: XliffVersion, article = ARTICLE): Promise<{ ws: Workspace; xml: string; file: string }> {
  const ws = createWorkspace({ 'source/berita.md': article }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl' } } });
  await translate(ws);
  const { xml } = exportXliff(configOf(ws), { locale: 'en', version, only: ['new', 'stale', 'machine', 'reviewed'] });
  return { ws, xml, file: path.join(ws.dir, 'work.xlf') };
}

/** Where the unit's own `<source>` holding `source` ends (not a 2.1 `mtc:match`'s or a 1.2 `alt-trans`'s). */
function sourceAt(xml: string, source: string): number {
  for (let at = xml.indexOf(`>${source}</source>`); at !== -1; at = xml.indexOf(`>${source}</source>`, at + 1)) {
    const inMatch = xml.lastIndexOf('<mtc:match', at) > xml.lastIndexOf('<segment', at) || xml.lastIndexOf('<alt-trans', at) > xml.lastIndexOf('<trans-unit', at);
    if (!inMatch) return at;
  }
  throw new Error(`no unit with source ${source}`);
}

/** The agency's edit: the target text of the unit for `source` replaced (its state left as exported: not signed off). */
function translated(xml: string, source: string, translation: string): string {
  const at = sourceAt(xml, source);
  const start = xml.indexOf('<target', at);
  const open = xml.indexOf('>', start) + 1;
  const end = xml.indexOf('</target>', open);
  return xml.slice(0, open) + translation + xml.slice(end);
}

describe.each(['2.1', '1.2'] as const)('XLIFF %s import and the record', (version) => {
  it('a reviewer edit after the export is not overwritten by the import (conflict reported, other units applied)', async () => {
    const { ws, xml, file } = await exported(version);
    const rice = keyOf(ws, 'Harga beras naik tajam.');
    ws.write('locales/en/berita.yaml', ws.read('locales/en/berita.yaml').replace(`${rice}: MS Harga beras naik tajam.`, `${rice}: Rice prices soared.`));
    await translate(ws); // the hand edit is now a reviewed entry
    fs.writeFileSync(file, translated(translated(xml, 'Harga beras naik tajam.', 'Rice prices went up.'), 'Pedagang mengeluh sejak pagi.', 'Traders complained all morning.'));
    const report = await importXliff(configOf(ws), file, { memory: ws.memory });
    expect(report.problems.map((p) => [p.key, p.message.slice(0, 48)])).toEqual([[rice, 'a reviewer changed this entry in locales/en/beri']]);
    expect(report.applied.map((a) => a.key)).toEqual([keyOf(ws, 'Traders complained all morning.')]);
    expect(ws.read('locales/en/berita.yaml')).toContain(`${rice}: Rice prices soared.`);
    expect(stateOf(ws, rice)?.status).toBe('reviewed');
  });

  it('an unreviewed imported translation stays unreviewed when its source is edited and reverted', async () => {
    const { ws, xml, file } = await exported(version);
    fs.writeFileSync(file, translated(xml, 'Pedagang mengeluh sejak pagi.', 'Traders complained all morning.'));
    const report = await importXliff(configOf(ws), file, { memory: ws.memory });
    const key = keyOf(ws, 'Traders complained all morning.');
    expect(report.applied).toMatchObject([{ key, status: 'unknown' }]);
    expect(stateOf(ws, key)).toMatchObject({ origin: 'xliff', status: 'unknown' });
    ws.write('source/berita.md', ARTICLE.replace('sejak pagi', 'sejak subuh'));
    await translate(ws);
    expect(stateOf(ws, key)?.status).toBe('stale');
    ws.write('source/berita.md', ARTICLE);
    await translate(ws);
    expect(stateOf(ws, key)).toMatchObject({ origin: 'xliff', status: 'unknown' });
    // Approving it makes the reviewer its author, as for text of unknown origin.
    applyReview(configOf(ws), 'approve', 'en', 'berita', [key], segmentSentences);
    expect(stateOf(ws, key)).toMatchObject({ origin: 'human', status: 'reviewed' });
  });
});

it('check names an unreviewed XLIFF import as such, not as a lost record', async () => {
  const { ws, xml, file } = await exported('2.1');
  fs.writeFileSync(file, translated(xml, 'Pedagang mengeluh sejak pagi.', 'Traders complained all morning.'));
  await importXliff(configOf(ws), file, { memory: ws.memory });
  const run = ws.cli('check', ['--json']);
  const problems = (JSON.parse(run.stdout) as { problems: Array<{ rule: string; key: string; message: string }> }).problems;
  const key = keyOf(ws, 'Traders complained all morning.');
  expect(problems.find((p) => p.key === key && p.rule === 'unreviewed')?.message).toMatch(/^translated outside \(an XLIFF import/);
});

/** The unit's state set (2.1 `segment@state`, 1.2 `target@state`) for the unit whose source is `source`. */
function withState(xml: string, source: string, state: string): string {
  const at = sourceAt(xml, source);
  if (xml.includes('<segment', 0) && xml.lastIndexOf('<segment', at) !== -1) {
    const segment = xml.lastIndexOf('<segment', at);
    const end = xml.indexOf('>', segment);
    return xml.slice(0, segment) + xml.slice(segment, end).replace(/ state="[^"]*"/, '') + ` state="${state}"` + xml.slice(end);
  }
  const target = xml.indexOf('<target', at);
  const end = xml.indexOf('>', target);
  return xml.slice(0, target) + xml.slice(target, end).replace(/ state(-qualifier)?="[^"]*"/g, '') + ` state="${state}"` + xml.slice(end);
}

/** A second real engine with its own text (`BM …`), for a second target. */
const malay: ProviderFactory = () => ({
  name: 'malay',
  publishable: true,
  fingerprint: () => 'malay',
  async translate(job, onResults) {
    onResults(job.segments.map((s) => ({ id: s.id, text: `BM ${s.text}` })));
    return { requests: 1, billedCharacters: 0 };
  },
});

/** What a tool that drops foreign metadata returns: 2.1 without `mda:metadata`, 1.2 without `extradata`. */
const withoutRecord = (xml: string) => xml.replace(/<mda:metadata>[\s\S]*?<\/mda:metadata>/g, '').replace(/ extradata="[^"]*"/g, '');

describe.each(['2.1', '1.2'] as const)('XLIFF %s: breaker findings on the record (issue 16, round 2)', (version) => {
  it('finding 4: without the export record, a reviewed entry that differs from the target is a conflict (signed off or not)', async () => {
    const { ws, xml, file } = await exported(version);
    const rice = keyOf(ws, 'Harga beras naik tajam.');
    ws.write('locales/en/berita.yaml', ws.read('locales/en/berita.yaml').replace(`${rice}: MS Harga beras naik tajam.`, `${rice}: Rice prices soared.`));
    await translate(ws);
    const before = ws.read('locales/en/berita.yaml') + ws.read('locales/en/berita.state.yaml');
    for (const state of version === '2.1' ? ['translated', 'final'] : ['translated', 'signed-off']) {
      fs.writeFileSync(file, withState(translated(withoutRecord(xml), 'Harga beras naik tajam.', 'Rice prices went up.'), 'Harga beras naik tajam.', state));
      const report = await importXliff(configOf(ws), file, { memory: ws.memory });
      expect(report.applied).toEqual([]);
      expect(report.problems.map((p) => p.key)).toEqual([rice]);
      expect(report.problems[0].message).toMatch(/does not record what the entry held at export/);
      expect(ws.read('locales/en/berita.yaml') + ws.read('locales/en/berita.state.yaml')).toBe(before);
    }
  });

  it('finding 17: an approval made between export and import is not undone by a translated target (conflict)', async () => {
    const { ws, xml, file } = await exported(version);
    const rice = keyOf(ws, 'Harga beras naik tajam.');
    expect(xml).toMatch(version === '2.1' ? /<mda:meta type="status">machine<\/mda:meta>/ : /extradata="jfid-translate written=[0-9a-f]+ status=machine"/);
    applyReview(configOf(ws), 'approve', 'en', 'berita', [rice], segmentSentences);
    const before = ws.read('locales/en/berita.yaml') + ws.read('locales/en/berita.state.yaml');
    fs.writeFileSync(file, withState(translated(xml, 'Harga beras naik tajam.', 'Rice prices went up.'), 'Harga beras naik tajam.', 'translated'));
    const report = await importXliff(configOf(ws), file, { memory: ws.memory });
    expect(report.applied).toEqual([]);
    expect(report.problems.map((p) => p.key)).toEqual([rice]);
    expect(report.problems[0].message).toMatch(/^a reviewer approved this entry in locales\/en\/berita.yaml since the export \(it was machine then/);
    expect(ws.read('locales/en/berita.yaml') + ws.read('locales/en/berita.state.yaml')).toBe(before);
    expect(stateOf(ws, rice)).toMatchObject({ status: 'reviewed' });
  });

  it('finding 1: our own export of a stale entry (state initial / needs-review, old target) imported unchanged changes nothing; set translated, it applies', async () => {
    const { ws, file } = await exported(version);
    const rice = keyOf(ws, 'Harga beras naik tajam.');
    ws.write('locales/en/berita.yaml', ws.read('locales/en/berita.yaml').replace(`${rice}: MS Harga beras naik tajam.`, `${rice}: Rice prices soared.`));
    await translate(ws);
    ws.write('source/berita.md', ARTICLE.replace('naik tajam', 'naik sangat tajam'));
    await translate(ws);
    expect(stateOf(ws, rice)?.status).toBe('stale');
    const { xml } = exportXliff(configOf(ws), { locale: 'en', version, only: ['stale'] });
    const source = 'Harga beras naik sangat tajam.';
    const before = ws.read('locales/en/berita.yaml') + ws.read('locales/en/berita.state.yaml');
    fs.writeFileSync(file, version === '2.1' ? xml : withState(xml, source, 'new'));
    const report = await importXliff(configOf(ws), file, { memory: ws.memory });
    expect(report.untranslated.map((u) => u.key)).toEqual([rice]);
    expect(report.untranslated[0].reason).toMatch(version === '2.1' ? /state is initial/ : /state is new/);
    expect(ws.read('locales/en/berita.yaml') + ws.read('locales/en/berita.state.yaml')).toBe(before);
    fs.writeFileSync(file, withState(translated(xml, source, 'Rice prices soared very much.'), source, version === '2.1' ? 'final' : 'signed-off'));
    const signed = await importXliff(configOf(ws), file, { memory: ws.memory });
    expect(signed, JSON.stringify(signed)).toMatchObject({ applied: [{ key: rice, status: 'reviewed' }], problems: [] });
  });

  it('finding 6: a file exported for another target (its target language changed) is refused whole, exit 2, nothing written', async () => {
    const article = 'Harga beras naik tajam.\n\nPedagang mengeluh sejak pagi.\n\nPemerintah berjanji menurunkan harga.\n\nWarga menunggu kabar.\n';
    const ws = createWorkspace({ 'source/berita.md': article }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl' }, ms: { provider: 'apertium' } } });
    await ws.translate({ providers: { deepl: prefixing, apertium: malay } });
    const { xml } = exportXliff(configOf(ws), { locale: 'ms', version });
    const file = path.join(ws.dir, 'ms-as-en.xlf');
    const relabelled = version === '2.1' ? xml.replace('trgLang="ms"', 'trgLang="en-GB"') : xml.replaceAll('target-language="ms"', 'target-language="en-GB"');
    fs.writeFileSync(file, translated(relabelled, 'Pedagang mengeluh sejak pagi.', 'Peniaga merungut sejak pagi.'));
    const before = ws.read('locales/en/berita.yaml') + ws.read('locales/en/berita.state.yaml');
    await expect(importXliff(configOf(ws), file, { memory: ws.memory })).rejects.toThrow(/4 of 4 units .*exported for another target/);
    expect(ws.read('locales/en/berita.yaml') + ws.read('locales/en/berita.state.yaml')).toBe(before);
    const run = ws.cli('xliff', ['import', 'ms-as-en.xlf']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/another target .* or from another workspace/);
    // The same file for the target it was made for imports, and again: the second changes nothing.
    fs.writeFileSync(file, translated(xml, 'Pedagang mengeluh sejak pagi.', 'Peniaga merungut sejak pagi.'));
    expect((await importXliff(configOf(ws), file, { memory: ws.memory })).applied).toHaveLength(1);
    expect((await importXliff(configOf(ws), file, { memory: ws.memory })).applied).toEqual([]);
  });
});

it('1.2: the export record without status (older exports) is still read', () => {
  const xml = `<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="source/a.md" source-language="id" target-language="en" datatype="x-markdown"><body>
<trans-unit id="s-1" extradata="jfid-translate written=abc12"><source>A.</source><target state="translated">B.</target></trans-unit>
<trans-unit id="s-2" extradata="jfid-translate written=abc12 status=reviewed"><source>A.</source><target state="translated">B.</target></trans-unit>
</body></file></xliff>`;
  const units = readXliff(xml, 'old.xlf').files[0].units;
  expect(units.map((u) => [u.written, u.exportedStatus])).toEqual([['abc12', undefined], ['abc12', 'reviewed']]);
});
