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
import { importXliff, XliffImportError, type ImportReport } from '../pipeline/exchange/xliff-import.ts';
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
