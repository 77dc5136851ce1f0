/**
 * `importXliff` (issue 16) on hand-written XLIFF 1.2 and 2.1 files, independent of our export:
 * states → statuses, the reviewer-edit path (same bytes as a hand edit + translate), the human
 * memory, stale sources, broken and moved inline codes, unknown locale/article/key, malformed XML
 * with its line, and a second import that changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';
import { loadConfig, type Config } from '../pipeline/config/load-config.ts';
import { loadArticle } from '../pipeline/run/load-article.ts';
import { isRunError } from '../pipeline/run/article.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import fc from 'fast-check';
import { importXliff, XliffImportError, type ImportReport } from '../pipeline/exchange/xliff-import.ts';
import { normalizeSpace } from '../pipeline/exchange/target-space.ts';
import { taggedToMarkdown } from '../pipeline/markdown/splice.ts';
import { valueCharacterProblems } from '../pipeline/review/value-characters.ts';
import { XmlFileError } from '../pipeline/exchange/parse-xml.ts';
import { readXliff } from '../pipeline/exchange/xliff-read.ts';
import { LockedError, acquireLock } from '../pipeline/cli/workspace-lock.ts';

const ARTICLE = `---
title: Harga Beras
---

Harga **beras** naik tajam di [Jakarta](https://example.com/jkt). Pedagang mengeluh sejak pagi.

Pemerintah berjanji menurunkan harga.
`;
const CONFIG = { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } };

const configOf = (ws: Workspace): Config => loadConfig(path.join(ws.dir, 'translate.config.yaml'));

async function translated(): Promise<Workspace> {
  const ws = createWorkspace({ 'source/a.md': ARTICLE }, CONFIG);
  await ws.translate();
  return ws;
}

/** The article's segments: key → tagged source, as the import compares them. */
function segments(ws: Workspace): Map<string, { tagged: string; source: string }> {
  const loaded = loadArticle(configOf(ws), 'source/a.md', segmentSentences);
  if (isRunError(loaded)) throw new Error(loaded.message);
  return new Map(loaded.keys.map((k, i) => [k, { tagged: loaded.segments[i].tagged, source: loaded.segments[i].source }]));
}

function keyOf(ws: Workspace, start: string): string {
  for (const [key, s] of segments(ws)) if (s.source.startsWith(start)) return key;
  throw new Error(`no segment starting ${start}`);
}

interface UnitSpec {
  key: string;
  /** Tagged text (`<g1>…</g1>`, `<x2/>`): our tags become the version's inline codes. */
  source: string;
  target?: string;
  state?: string;
  approved?: boolean;
}

const to21 = (tagged: string) => tagged.replace(/<g(\d+)>/g, '<pc id="g$1">').replace(/<\/g\d+>/g, '</pc>').replace(/<x(\d+)\/>/g, '<ph id="x$1"/>');
const to12 = (tagged: string) => tagged.replace(/<g(\d+)>/g, '<g id="g$1">').replace(/<\/g\d+>/g, '</g>').replace(/<x(\d+)\/>/g, '<x id="x$1"/>');

function xliff21(units: UnitSpec[], options: { trgLang?: string; original?: string } = {}): string {
  const body = units
    .map(
      (u, i) => `      <unit id="u${i + 1}" name="${u.key}">
        <segment${u.state ? ` state="${u.state}"` : ''}>
          <source>${to21(u.source)}</source>${u.target === undefined ? '' : `\n          <target>${to21(u.target)}</target>`}
        </segment>
      </unit>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="id" trgLang="${options.trgLang ?? 'en'}">
  <file id="f1" original="${options.original ?? 'source/a.md'}">
${body}
  </file>
</xliff>
`;
}

function xliff12(units: UnitSpec[], options: { targetLanguage?: string } = {}): string {
  const body = units
    .map(
      (u) => `      <trans-unit id="${u.key}" resname="${u.key}"${u.approved ? ' approved="yes"' : ''}>
        <source>${to12(u.source)}</source>${u.target === undefined ? '' : `\n        <target${u.state ? ` state="${u.state}"` : ''}>${to12(u.target)}</target>`}
      </trans-unit>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="source/a.md" source-language="id" target-language="${options.targetLanguage ?? 'en'}" datatype="x-markdown">
    <body>
${body}
    </body>
  </file>
</xliff>
`;
}

function importText(ws: Workspace, name: string, xml: string, options: Parameters<typeof importXliff>[2] = {}): Promise<ImportReport> {
  const file = path.join(ws.dir, name);
  fs.writeFileSync(file, xml);
  return importXliff(configOf(ws), file, { memory: ws.memory, ...options });
}

const states = (ws: Workspace) => parse(ws.read('locales/en/a.state.yaml')) as Record<string, { origin: string; status: string }>;
const values = (ws: Workspace) => parse(ws.read('locales/en/a.yaml')) as Record<string, string>;
const files = (ws: Workspace) => ({ locale: ws.read('locales/en/a.yaml'), state: ws.read('locales/en/a.state.yaml') });
const humanMemory = async (ws: Workspace, source: string) => (await ws.memory.getMany([{ provider: 'human', fingerprint: '', sourceLocale: 'id', targetLocale: 'en', source }]))[0];

describe('importXliff: states → statuses', () => {
  it('2.1: a changed target in state final is reviewed (and remembered); in state translated it is human text nobody reviewed (unknown)', async () => {
    const ws = await translated();
    const seg = segments(ws);
    const traders = keyOf(ws, 'Pedagang');
    const government = keyOf(ws, 'Pemerintah');
    const report = await importText(ws, 'work.xlf', xliff21([
      { key: traders, source: seg.get(traders)!.tagged, target: 'Traders have complained since the morning.', state: 'final' },
      { key: government, source: seg.get(government)!.tagged, target: 'The government promised to cut prices.', state: 'translated' },
    ]));
    expect(report.problems).toEqual([]);
    expect(report.applied.map((a) => [a.key, a.status, a.action])).toEqual([
      [traders, 'reviewed', 'saved'],
      [government, 'unknown', 'saved'],
    ]);
    expect(values(ws)[traders]).toBe('Traders have complained since the morning.');
    expect(values(ws)[government]).toBe('The government promised to cut prices.');
    expect(states(ws)[traders]).toMatchObject({ origin: 'human', status: 'reviewed' });
    expect(states(ws)[government]).toMatchObject({ origin: 'xliff', status: 'unknown' });
    expect(await humanMemory(ws, seg.get(traders)!.source)).toBe('Traders have complained since the morning.');
    expect(await humanMemory(ws, seg.get(government)!.source)).toBeUndefined();
    // translate keeps both (human text is never overwritten) and the unreviewed one stays unreviewed.
    await ws.translate();
    expect(values(ws)[government]).toBe('The government promised to cut prices.');
    expect(states(ws)[government]).toMatchObject({ origin: 'xliff', status: 'unknown' });
  });

  it('1.2: signed-off, final and approved="yes" are reviewed; translated and needs-review-translation are unknown', async () => {
    const ws = await translated();
    const seg = segments(ws);
    const keys = [...seg.keys()];
    expect(keys.length).toBeGreaterThanOrEqual(4);
    const cases: Array<[Partial<UnitSpec>, string]> = [
      [{ state: 'signed-off' }, 'reviewed'],
      [{ state: 'final' }, 'reviewed'],
      [{ state: 'translated', approved: true }, 'reviewed'],
      [{ state: 'needs-review-translation' }, 'unknown'],
    ];
    const units = cases.map(([spec], i) => ({ key: keys[i], source: seg.get(keys[i])!.tagged, target: `${seg.get(keys[i])!.tagged} (EN ${i})`, ...spec }));
    const report = await importText(ws, 'work.xlf', xliff12(units));
    expect(report.problems).toEqual([]);
    cases.forEach(([, status], i) => expect(states(ws)[keys[i]]).toMatchObject({ origin: status === 'reviewed' ? 'human' : 'xliff', status }));
    expect(values(ws)[keys[0]]).toBe(`${seg.get(keys[0])!.source} (EN 0)`);
  });

  it('an unchanged target is approved when its state signs it off (as review approve), and left alone otherwise', async () => {
    const ws = await translated();
    const seg = segments(ws);
    const traders = keyOf(ws, 'Pedagang');
    const government = keyOf(ws, 'Pemerintah');
    const before = states(ws);
    expect(before[traders]).toMatchObject({ origin: 'identity', status: 'machine' });
    const report = await importText(ws, 'work.xlf', xliff21([
      { key: traders, source: seg.get(traders)!.tagged, target: seg.get(traders)!.tagged, state: 'reviewed' },
      { key: government, source: seg.get(government)!.tagged, target: seg.get(government)!.tagged, state: 'translated' },
    ]));
    expect(report.applied).toEqual([expect.objectContaining({ key: traders, action: 'approved', status: 'reviewed' })]);
    expect(report.unchanged).toBe(1);
    expect(states(ws)[traders]).toMatchObject({ origin: 'identity', status: 'reviewed' });
    expect(states(ws)[government]).toEqual(before[government]);
  });

  it('units without a target or with an empty one are skipped', async () => {
    const ws = await translated();
    const seg = segments(ws);
    const traders = keyOf(ws, 'Pedagang');
    const government = keyOf(ws, 'Pemerintah');
    const before = files(ws);
    const report = await importText(ws, 'work.xlf', xliff21([
      { key: traders, source: seg.get(traders)!.tagged },
      { key: government, source: seg.get(government)!.tagged, target: '  ', state: 'final' },
    ]));
    expect(report).toMatchObject({ skipped: 2, applied: [], problems: [], stale: [] });
    expect(files(ws)).toEqual(before);
  });
});

describe('importXliff: the reviewer-edit path', () => {
  it('a reviewed target writes the bytes a hand edit of the YAML + translate writes, keeping the reviewer\'s comment', async () => {
    const [hand, xliff] = [await translated(), await translated()];
    const key = keyOf(xliff, 'Pedagang');
    const value = 'Traders have complained since the morning.';
    for (const ws of [hand, xliff]) ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(`${key}:`, `# ask the desk about "pagi"\n${key}:`));
    hand.write('locales/en/a.yaml', hand.read('locales/en/a.yaml').replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: ${value}`));
    await hand.translate();
    await importText(xliff, 'work.xlf', xliff21([{ key, source: segments(xliff).get(key)!.tagged, target: value, state: 'final' }]));
    expect(files(xliff)).toEqual(files(hand));
    expect(xliff.read('locales/en/a.yaml')).toContain('# ask the desk about "pagi"');
  });

  it('a second import of the same file changes nothing (reports every unit unchanged), 1.2 and 2.1', async () => {
    for (const version of ['1.2', '2.1']) {
      const ws = await translated();
      const seg = segments(ws);
      const units = [...seg.keys()].map((key, i) => ({ key, source: seg.get(key)!.tagged, target: `${seg.get(key)!.tagged} [${i}]`, state: version === '1.2' ? (i % 2 ? 'signed-off' : 'translated') : i % 2 ? 'final' : 'translated' }));
      const xml = version === '1.2' ? xliff12(units) : xliff21(units);
      const first = await importText(ws, 'work.xlf', xml);
      expect(first.applied).toHaveLength(units.length);
      const after = files(ws);
      const mtime = fs.statSync(path.join(ws.dir, 'locales/en/a.yaml')).mtimeMs;
      const second = await importText(ws, 'work.xlf', xml);
      expect(second).toMatchObject({ applied: [], unchanged: units.length, problems: [], stale: [] });
      expect(files(ws)).toEqual(after);
      expect(fs.statSync(path.join(ws.dir, 'locales/en/a.yaml')).mtimeMs).toBe(mtime);
    }
  });

  it('a dry run reports what it would apply and writes nothing', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Pedagang');
    const before = files(ws);
    const report = await importText(ws, 'work.xlf', xliff21([{ key, source: segments(ws).get(key)!.tagged, target: 'Traders complained.', state: 'final' }]), { dryRun: true });
    expect(report.applied).toEqual([expect.objectContaining({ key, action: 'saved', status: 'reviewed' })]);
    expect(files(ws)).toEqual(before);
    expect(await humanMemory(ws, segments(ws).get(key)!.source)).toBeUndefined();
  });

  it('refuses to run while a translate run holds the workspace lock, writing nothing', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Pedagang');
    const before = files(ws);
    const config = configOf(ws);
    const lock = `${config.cache}.lock`;
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    // A live run of another process: this test's parent (alive, and not this pid).
    fs.writeFileSync(lock, JSON.stringify({ pid: process.ppid, hostname: (await import('node:os')).hostname(), command: 'translate', since: new Date().toISOString() }));
    await expect(importText(ws, 'work.xlf', xliff21([{ key, source: segments(ws).get(key)!.tagged, target: 'Traders complained.', state: 'final' }]))).rejects.toThrow(LockedError);
    expect(files(ws)).toEqual(before);
    fs.rmSync(lock);
    acquireLock(lock)();
  });
});

describe('importXliff: inline codes', () => {
  it('a code moved within the segment is applied (the markdown follows it); 1.2 and 2.1', async () => {
    for (const version of ['1.2', '2.1']) {
      const ws = await translated();
      const key = keyOf(ws, 'Harga **');
      const tagged = segments(ws).get(key)!.tagged;
      expect(tagged).toMatch(/<g1>beras<\/g1>.*<g2>Jakarta<\/g2>/);
      const target = 'In <g2>Jakarta</g2>, the price of <g1>rice</g1> rose sharply.';
      const spec = [{ key, source: tagged, target, state: version === '1.2' ? 'signed-off' : 'final' }];
      const report = await importText(ws, 'work.xlf', version === '1.2' ? xliff12(spec) : xliff21(spec));
      expect(report.problems).toEqual([]);
      expect(values(ws)[key]).toBe('In [Jakarta](https://example.com/jkt), the price of **rice** rose sharply.');
    }
  });

  it('a lost, invented or unbalanced code is refused with the unit id and the target\'s line; the other units apply', async () => {
    const ws = await translated();
    const seg = segments(ws);
    const key = keyOf(ws, 'Harga **');
    const other = keyOf(ws, 'Pemerintah');
    const tagged = seg.get(key)!.tagged;
    const before = values(ws)[key];
    // Targets as XLIFF 2.1 markup (our <gN> become <pc>; sc/ec and ph written as they are).
    const bad: Array<[string, RegExp]> = [
      ['The price of rice rose sharply in <g2>Jakarta</g2>.', /<g1> missing/],
      ['The price of <g1>rice</g1> rose in <g2>Jakarta</g2><ph id="x9"/>', /"x9" is not one of the source's/],
      ['The price of <sc id="g1"/>rice <sc id="g2"/>rose<ec startRef="g1"/> in Jakarta<ec startRef="g2"/>.', /closed out of order/],
      ['The price of <ph id="g1"/> rose in <g2>Jakarta</g2>.', /a pair in the source but a placeholder/],
    ];
    for (const [target, reason] of bad) {
      const xml = xliff21([
        { key, source: tagged, target, state: 'final' },
        // translated, not final: a reviewed entry would (rightly) refuse the next round's target, this file recording no export
        { key: other, source: seg.get(other)!.tagged, target: `The government promised (${target.length}).`, state: 'translated' },
      ]);
      const report = await importText(ws, 'work.xlf', xml);
      expect(report.problems).toHaveLength(1);
      const targetLine = xml.split('\n').findIndex((l) => l.includes(`<target>${to21(target)}`)) + 1;
      expect(report.problems[0]).toMatchObject({ key, unit: 'u1', line: targetLine });
      expect(report.problems[0].message).toMatch(reason);
      expect(values(ws)[key]).toBe(before);
      expect(values(ws)[other]).toBe(`The government promised (${target.length}).`);
    }
  });

  it('codes another tool renumbered (1.2 bpt/ept with its own ids) map to ours by their place in the source', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Harga **');
    const codes = (tagged: string) =>
      tagged
        .replace('<g1>', '<bpt id="1" rid="a">**</bpt>').replace('</g1>', '<ept id="2" rid="a">**</ept>')
        .replace('<g2>', '<bpt id="3" rid="b">[</bpt>').replace('</g2>', '<ept id="4" rid="b">](https://example.com/jkt)</ept>');
    const xml = xliff12([{ key, source: '', target: '' }])
      .replace('<source></source>', `<source>${codes(segments(ws).get(key)!.tagged)}</source>`)
      .replace('<target>', '<target state="final">')
      .replace('</target>', `${codes('In <g2>Jakarta</g2>, the price of <g1>rice</g1> rose sharply.')}</target>`);
    const report = await importText(ws, 'okapi.xlf', xml);
    expect(report.problems).toEqual([]);
    expect(values(ws)[key]).toBe('In [Jakarta](https://example.com/jkt), the price of **rice** rose sharply.');
  });

  it('markup the source lacks, typed as text, is refused by the reviewer-edit rules', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Pemerintah');
    const report = await importText(ws, 'work.xlf', xliff21([{ key, source: segments(ws).get(key)!.tagged, target: 'The government **promised** to cut prices.', state: 'final' }]));
    expect(report.applied).toEqual([]);
    expect(report.problems[0]).toMatchObject({ key, unit: 'u1' });
  });
});

describe('importXliff: what does not match the workspace', () => {
  it('a unit whose source changed since the export is reported stale and not applied', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Pemerintah');
    const xml = xliff21([{ key, source: segments(ws).get(key)!.tagged, target: 'The government promised to cut prices.', state: 'final' }]);
    ws.write('source/a.md', ARTICLE.replace('menurunkan harga', 'segera menurunkan harga beras'));
    await ws.translate();
    const before = files(ws);
    const report = await importText(ws, 'work.xlf', xml);
    expect(report.stale).toEqual([{ article: 'source/a.md', key, line: 4 }]);
    expect(report.applied).toEqual([]);
    expect(files(ws)).toEqual(before);
  });

  it('a source that differs only in white space (a tool re-wrapped it) is the same source', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Pemerintah');
    const source = segments(ws).get(key)!.tagged.replace(' ', '\n   ');
    const report = await importText(ws, 'work.xlf', xliff21([{ key, source, target: 'The government promised to cut prices.', state: 'final' }]));
    expect(report.stale).toEqual([]);
    expect(report.applied).toHaveLength(1);
  });

  it('an unknown article or key is a problem with its line; the target language maps en-US to en', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Pemerintah');
    const tagged = segments(ws).get(key)!.tagged;
    const noArticle = await importText(ws, 'a.xlf', xliff21([{ key, source: tagged, target: 'X.', state: 'final' }], { original: 'source/nope.md', trgLang: 'en-US' }));
    expect(noArticle.locale).toBe('en');
    expect(noArticle.problems).toEqual([expect.objectContaining({ article: 'source/nope.md', line: 3 })]);
    expect(noArticle.problems[0].message).toContain('not an article');
    const noKey = await importText(ws, 'b.xlf', xliff21([{ key: 's-nope', source: tagged, target: 'X.', state: 'final' }]));
    expect(noKey.problems).toEqual([expect.objectContaining({ key: 's-nope', unit: 'u1', line: 4 })]);
  });

  it('a target language that is none of the targets is an error naming the file and the targets; nothing written', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Pemerintah');
    const before = files(ws);
    const xml = xliff21([{ key, source: segments(ws).get(key)!.tagged, target: 'Le gouvernement.', state: 'final' }], { trgLang: 'fr' });
    await expect(importText(ws, 'fr.xlf', xml)).rejects.toThrow(XliffImportError);
    await expect(importText(ws, 'fr.xlf', xml)).rejects.toThrow(/fr\.xlf.*"fr".*\(en\)/);
    expect(files(ws)).toEqual(before);
  });

  it('malformed XML is an XmlFileError FILE:LINE:COL at the broken line; nothing written', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Pemerintah');
    const before = files(ws);
    const good = xliff21([{ key, source: segments(ws).get(key)!.tagged, target: 'The government promised.', state: 'final' }]);
    const broken = good.replace('</target>', '</targte>');
    const line = broken.split('\n').findIndex((l) => l.includes('</targte>')) + 1;
    let error: unknown;
    try {
      await importText(ws, 'broken.xlf', broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XmlFileError);
    expect((error as XmlFileError).line).toBe(line);
    expect((error as Error).message).toMatch(new RegExp(`broken\\.xlf:${line}:\\d+: `));
    expect(files(ws)).toEqual(before);
    // Not XLIFF at all.
    await expect(importText(ws, 'tmx.xlf', '<?xml version="1.0"?>\n<tmx version="1.4"/>\n')).rejects.toThrow(/tmx\.xlf:2:\d+: .*not an XLIFF file/);
  });
});

describe('readXliff: what other tools write', () => {
  it('2.x: segments and ignorables of a unit are joined in order, sc/ec pair by startRef, cp is its character, mrk is transparent; the lowest state wins', () => {
    const doc = readXliff(
      `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="id" trgLang="en"><file id="f" original="source/a.md"><group id="g"><unit id="u1" name="s-1">
<segment state="final"><source>Harga <sc id="g1"/>beras</source><target>The price of <sc id="g1"/>rice</target></segment>
<ignorable><source> </source></ignorable>
<segment state="translated"><source>naik<ec startRef="g1"/><cp hex="0007"/>.</source><target><mrk id="m1" translate="yes">went up</mrk><ec startRef="g1"/><cp hex="0007"/>.</target></segment>
</unit></group></file></xliff>`,
      'x.xlf',
    );
    const [unit] = doc.files[0].units;
    expect(doc).toMatchObject({ version: '2.0', targetLanguage: 'en', files: [{ original: 'source/a.md' }] });
    expect(unit).toMatchObject({ id: 'u1', key: 's-1', state: 'translated', reviewed: false, problems: [], line: 1 });
    const text = (tokens: typeof unit.source) => tokens.map((t) => (t.type === 'text' ? t.value : `[${t.type} ${t.id}]`)).join('');
    expect(text(unit.source)).toBe('Harga [open g1]beras naik[close g1]\u0007.');
    expect(text(unit.target!)).toBe('The price of [open g1]rice went up[close g1]\u0007.');
  });

  it('1.2: bpt/ept pair by rid, ph and x are placeholders, the x-codepoint placeholder is its character; an unknown inline element is a problem of the unit', () => {
    const doc = readXliff(
      `<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="source/a.md" source-language="id" target-language="en-US" datatype="plaintext"><body>
<trans-unit id="1" resname="s-1"><source><bpt id="1" rid="r1">**</bpt>Harga<ept id="2" rid="r1">**</ept> <ph id="3">\`x\`</ph><x id="cp1" ctype="x-codepoint" equiv-text="U+0001"/></source>
<target state="final"><bpt id="1" rid="r1">**</bpt>Price<ept id="2" rid="r1">**</ept> <x id="3"/><x id="cp1" ctype="x-codepoint" equiv-text="U+0001"/></target></trans-unit>
<trans-unit id="2"><source>a <b>b</b></source></trans-unit>
</body></file></xliff>`,
      'y.xlf',
    );
    const [first, second] = doc.files[0].units;
    expect(doc.targetLanguage).toBe('en-US');
    expect(first).toMatchObject({ key: 's-1', reviewed: true, problems: [], line: 3, targetLine: 4 });
    expect(first.target).toEqual([{ type: 'open', id: 'r1' }, { type: 'text', value: 'Price' }, { type: 'close', id: 'r1' }, { type: 'text', value: ' ' }, { type: 'atom', id: '3' }, { type: 'text', value: '\u0001' }]);
    expect(second).toMatchObject({ key: '2', target: undefined });
    expect(second.problems[0]).toMatch(/line 5: <b> is not an XLIFF 1\.2 inline element/);
  });
});

describe('importXliff: breaker findings (issue 16, round 2)', () => {
  it('finding 1: a target whose state says not translated (2.1 initial or no state; 1.2 new, needs-translation) is not imported; the report says why', async () => {
    const ws = await translated();
    const seg = segments(ws);
    const government = keyOf(ws, 'Pemerintah');
    const before = files(ws);
    const unit = (state?: string) => ({ key: government, source: seg.get(government)!.tagged, target: 'The government promised to cut prices.', state });
    for (const xml of [xliff21([unit('initial')]), xliff21([unit()]), xliff12([unit('new')]), xliff12([unit('needs-translation')])]) {
      const report = await importText(ws, 'work.xlf', xml);
      expect(report).toMatchObject({ applied: [], problems: [], stale: [], untranslated: [{ key: government, article: 'source/a.md' }] });
      expect(report.untranslated[0].reason).toMatch(/not translated; a translator sets the state to translated/);
      expect(files(ws)).toEqual(before);
    }
    // The CLI names the unit and the reason.
    const run = ws.cli('xliff', ['import', 'work.xlf']);
    expect(run.stderr).toMatch(new RegExp(`work\\.xlf:\\d+: unit ${government} \\(source/a\\.md\\): not imported: its target state is needs-translation`));
    expect(run.stderr).toMatch(/1 not marked translated/);
  });

  it('finding 2: a 2.1 unit split in segments, one of them without target or with an empty one, is not imported (no half sentence)', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Pemerintah');
    const before = files(ws);
    for (const second of ['<segment state="initial"><source>menurunkan harga.</source></segment>', '<segment state="translated"><source>menurunkan harga.</source><target> </target></segment>']) {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="id" trgLang="en"><file id="f1" original="source/a.md"><unit id="u1" name="${key}">
<segment state="translated"><source>Pemerintah berjanji </source><target>The government promised </target></segment>
${second}
</unit></file></xliff>`;
      const report = await importText(ws, 'work.xlf', xml);
      expect(report).toMatchObject({ applied: [], problems: [], untranslated: [{ key }] });
      expect(report.untranslated[0].reason).toMatch(/segment 2 of 2 has no target \(or an empty one\)/);
      expect(files(ws)).toEqual(before);
    }
  });

  it('finding 3: a target whose locale file does not exist yet creates it as translate would (header, # id: notes, article order); translate keeps the values', async () => {
    const B = `---\ntitle: Banjir\n---\n\nWarga mengungsi ke masjid. Air naik cepat.\n\nSekolah ditutup.\n`;
    const [imported, hand] = [createWorkspace({ 'source/b.md': B }, DEFAULT_CONFIG), createWorkspace({ 'source/b.md': B }, DEFAULT_CONFIG)];
    const loaded = loadArticle(configOf(imported), 'source/b.md', segmentSentences);
    if (isRunError(loaded)) throw new Error(loaded.message);
    const [k0, , k2] = loaded.keys.slice(1);
    const byKey = new Map(loaded.keys.map((k, i) => [k, loaded.segments[i]]));
    const done = new Map([[k2, 'The water rose fast.'], [k0, 'Residents fled to the mosque.']]);
    // Listed in reverse article order: the file still gets the article's order.
    const xml = xliff21([...done].map(([key, target]) => ({ key, source: byKey.get(key)!.tagged, target, state: 'final' })), { original: 'source/b.md' });
    expect(imported.exists('locales/en/b.yaml')).toBe(false);
    const report = await importText(imported, 'work.xlf', xml);
    expect(report.problems).toEqual([]);
    expect(report.applied.map((a) => [a.key, a.status])).toEqual([[k2, 'reviewed'], [k0, 'reviewed']]);
    expect(imported.read('locales/en/b.yaml')).toBe(
      `# en translation of source/b.md. Edit the values; lines starting "# id:" show the source. See README "Reviewing translations".\n\n# id: ${byKey.get(k0)!.source}\n${k0}: ${done.get(k0)}\n# id: ${byKey.get(k2)!.source}\n${k2}: ${done.get(k2)}\n`,
    );
    expect(parse(imported.read('locales/en/b.state.yaml'))).toMatchObject({ [k0]: { origin: 'human', status: 'reviewed' }, [k2]: { origin: 'human', status: 'reviewed' } });
    // The same values typed into the YAML after a translate run, then translate: the same files.
    await imported.translate();
    await hand.translate();
    let text = hand.read('locales/en/b.yaml');
    for (const [key, value] of done) text = text.replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: ${value}`);
    hand.write('locales/en/b.yaml', text);
    await hand.translate();
    for (const file of ['locales/en/b.yaml', 'locales/en/b.state.yaml']) expect(imported.read(file)).toBe(hand.read(file));
    expect(parse(imported.read('locales/en/b.yaml'))[k2]).toBe('The water rose fast.');
  });

  it('finding 11: a key in two <file> elements for the same article is refused like a duplicate; importing again changes nothing', async () => {
    const ws = await translated();
    const seg = segments(ws);
    const traders = keyOf(ws, 'Pedagang');
    const first = xliff21([{ key: traders, source: seg.get(traders)!.tagged, target: 'Traders complained.', state: 'translated' }]);
    const second = `  <file id="f2" original="source/a.md">\n    <unit id="u1" name="${traders}"><segment state="translated"><source>${to21(seg.get(traders)!.tagged)}</source><target>Traders grumbled.</target></segment></unit>\n  </file>\n`;
    const xml = first.replace('</xliff>', `${second}</xliff>`);
    const report = await importText(ws, 'work.xlf', xml);
    expect(report.applied.map((a) => a.key)).toEqual([traders]);
    expect(report.problems).toMatchObject([{ key: traders, line: xml.split('\n').findIndex((l) => l.includes('Traders grumbled')) + 1 }]);
    expect(report.problems[0].message).toMatch(/a second unit for .* \(the first is at line \d+, in this <file> or an earlier one for the same article\)/);
    expect(values(ws)[traders]).toBe('Traders complained.');
    const after = files(ws);
    const again = await importText(ws, 'work.xlf', xml);
    expect(again.applied).toEqual([]);
    expect(files(ws)).toEqual(after);
  });

  it('finding 13: white space a CAT tool adds (inside a code, around the target, a pretty-printed target) is the source\'s', async () => {
    const ws = await translated();
    const seg = segments(ws);
    const rice = keyOf(ws, 'Harga **');
    const government = keyOf(ws, 'Pemerintah');
    const cases: Array<[string, string, string]> = [
      [rice, 'The price of <g1> rice </g1> rose in <g2>Jakarta</g2>.', 'The price of **rice** rose in [Jakarta](https://example.com/jkt).'],
      [government, '   The government promised to cut prices.  ', 'The government promised to cut prices.'],
      [government, '\n            The government promised\n            to lower prices.\n          ', 'The government promised to lower prices.'],
    ];
    for (const [key, target, value] of cases) {
      const report = await importText(ws, 'work.xlf', xliff21([{ key, source: seg.get(key)!.tagged, target, state: 'translated' }]));
      expect(report.problems).toEqual([]);
      expect(values(ws)[key]).toBe(value);
    }
  });

  it('finding 13 (property): padding, line breaks and indentation around words and inside codes never change the imported value', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, CONFIG);
    const loaded = loadArticle(configOf(ws), 'source/a.md', segmentSentences);
    if (isRunError(loaded)) throw new Error(loaded.message);
    const segment = loaded.segments.find((s) => s.source.startsWith('Harga **'))!;
    const clean = 'The price of **rice** rose in [Jakarta](https://example.com/jkt).';
    const space = fc.constantFrom('', ' ', '  ', '\n', '\n    ', '\t\n\t', ' \n  ');
    const between = fc.constantFrom(' ', '\n', ' \n ', '\n          ', '\t\n');
    fc.assert(
      fc.property(space, space, space, space, fc.array(between, { minLength: 6, maxLength: 6 }), (lead, trail, in1, in2, [s0, s1, s2, s3, s4, s5]) => {
        // Between words: one space or a line break with indentation; around the target and just inside the <g1> pair: any padding.
        const tagged = `${lead}The${s0}price${s1}of${s2}<g1>${in1}rice${in2}</g1>${s3}rose${s4}in${s5}<g2>Jakarta</g2>.${trail}`;
        expect(taggedToMarkdown(segment, normalizeSpace(segment.tagged, segment.source, tagged))).toBe(clean);
      }),
    );
  });

  it('finding 15: a line break in a front-matter field target is folded: no block scalar, nothing multi-line published', async () => {
    const ws = await translated();
    const seg = segments(ws);
    const title = keyOf(ws, 'Harga Beras');
    const report = await importText(ws, 'work.xlf', xliff21([{ key: title, source: seg.get(title)!.tagged, target: 'Rice\n      Prices', state: 'translated' }]));
    expect(report.problems).toEqual([]);
    expect(values(ws)[title]).toBe('Rice Prices');
    expect(ws.read('locales/en/a.yaml')).not.toMatch(/\|-?\n/);
  });

  it('finding 19: bidi controls, a zero-width space and U+FEFF in a target are refused, naming the code point', async () => {
    const ws = await translated();
    const seg = segments(ws);
    const government = keyOf(ws, 'Pemerintah');
    const before = files(ws);
    for (const [c, name] of [['\u202E', 'U+202E (right-to-left override)'], ['\u2066', 'U+2066 (left-to-right isolate)'], ['\u200B', 'U+200B (zero-width space)'], ['\uFEFF', 'U+FEFF']] as const) {
      const report = await importText(ws, 'work.xlf', xliff21([{ key: government, source: seg.get(government)!.tagged, target: `The government ${c}promised to cut prices.`, state: 'translated' }]));
      expect(report.applied).toEqual([]);
      expect(report.problems.map((p) => p.key)).toEqual([government]);
      expect(report.problems[0].message).toContain(`invisible character ${name}`);
      expect(files(ws)).toEqual(before);
    }
    // Where the source has the character, the translation may keep it.
    expect(valueCharacterProblems('a\u200Bb', 'x\u200By')).toEqual([]);
    expect(valueCharacterProblems('a\u202Eb\nc\u202E', 'xy')).toEqual(['invisible character U+202E (right-to-left override) on line 1, 2 of the translation: delete it; the source has none']);
  });
});
