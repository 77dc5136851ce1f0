/**
 * `npm run tm -- export`: TMX 1.4b from the record, validated by xmllint against the LISA DTD
 * (test/fixtures/exchange-schemas/tmx/tmx14.dtd), with exact level-2 inline codes, statuses as
 * `x-status` props, and the left-out entries (stale, rejected, stand-in) absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTmx } from '../pipeline/exchange/tmx-read.ts';
import { writeTmx } from '../pipeline/exchange/tmx-write.ts';
import { prefixing } from './helpers/prefixing-provider.ts';
import { ARTICLE, editValue, hasXmllint, keyOf, TWO_TARGETS, validateTmx } from './helpers/tmx-fixtures.ts';
import { createWorkspace, type Workspace } from './helpers/workspace.ts';

describe('tm export', () => {
  let ws: Workspace;
  let tmx: string;
  let summary: Record<string, unknown>;

  beforeAll(async () => {
    ws = createWorkspace({ 'source/a.md': ARTICLE }, TWO_TARGETS);
    await ws.translate({ providers: { deepl: prefixing } });
    // en: a reviewer's approved edit, an unreviewed edit (unknown), the rest machine.
    editValue(ws, 'en', keyOf(ws, 'en', 'MS Pedagang'), 'Traders complain.');
    expect(ws.cli('review', ['approve', 'en', 'a', keyOf(ws, 'en', 'Traders complain.')]).status).toBe(0);
    // A value whose state record is lost (a bad merge): unknown, not reviewed.
    const title = keyOf(ws, 'en', 'MS Harga Beras Naik');
    editValue(ws, 'en', title, 'Rice Prices Rise');
    const stateFile = 'locales/en/a.state.yaml';
    ws.write(stateFile, ws.read(stateFile).split('\n').filter((line) => !line.startsWith(JSON.stringify(title))).join('\n'));
    // de: the bold sentence approved, then its source edited (stale); the link sentence rejected after the run.
    expect(ws.cli('review', ['approve', 'de', 'a', keyOf(ws, 'de', 'MS Harga beras')]).status).toBe(0);
    ws.write('source/a.md', ARTICLE.replace('naik tajam', 'naik sangat tajam'));
    await ws.translate({ providers: { deepl: prefixing } });
    expect(ws.cli('review', ['reject', 'de', 'a', keyOf(ws, 'de', 'MS Baca')]).status).toBe(0);
    const result = ws.cli('tm', ['export', '--out', 'out/memory.tmx', '--json']);
    expect(result.stderr).toMatch(/units written to out\/memory\.tmx/);
    expect(result.status).toBe(0);
    summary = JSON.parse(result.stdout) as Record<string, unknown>;
    tmx = ws.read('out/memory.tmx');
  }, 60_000);

  afterAll(() => fs.rmSync(ws.dir, { recursive: true, force: true }));

  it.skipIf(!hasXmllint)('validates against the TMX 1.4 DTD with xmllint', () => {
    const verdict = validateTmx(path.join(ws.dir, 'out/memory.tmx'));
    expect(verdict.output).toBe('');
    expect(verdict.ok).toBe(true);
  });

  it('has the header the issue asks for and one tu per distinct source sentence', () => {
    // No DOCTYPE: its "tmx14.dtd" is not beside a user's copy (xmllint --dtdvalid warns "failed to load external entity").
    expect(tmx).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<tmx version="1.4">/);
    const header = /<header [^>]*\/>/.exec(tmx)?.[0] ?? '';
    for (const attribute of ['creationtool="jfid-translate"', 'creationtoolversion="0.1.0"', 'segtype="sentence"', 'o-tmf="jfid-translate"', 'adminlang="en"', 'srclang="id"', 'datatype="markdown"']) {
      expect(header).toContain(attribute);
    }
    const doc = readTmx(tmx, 'memory.tmx');
    const sources = doc.units.map((unit) => unit.variants[0].text);
    expect(new Set(sources).size).toBe(sources.length);
    // Title, the edited bold sentence, "Pedagang mengeluh." (twice in the article: once), the link sentence.
    expect(sources.sort()).toEqual(
      ['Baca laporan di [situs kami](https://jfid.id/beras) dan <br> lihat grafik.', 'Harga Beras Naik', 'Harga beras di pasar **induk** Cipinang naik sangat tajam.', 'Pedagang mengeluh.'].sort(),
    );
    expect(summary).toMatchObject({ file: 'out/memory.tmx', units: 4 });
  });

  it('writes inline markup as level-2 codes holding the markdown', () => {
    expect(tmx).toContain(
      '<tuv xml:lang="id">\n        <seg>Baca laporan di <bpt i="1" x="1">[</bpt>situs kami<ept i="1">](https://jfid.id/beras)</ept> dan <ph x="2">&lt;br&gt;</ph> lihat grafik.</seg>',
    );
    expect(tmx).toContain(
      [
        '<tuv xml:lang="en">',
        '        <prop type="x-status">machine</prop>',
        '        <prop type="x-origin">deepl</prop>',
        '        <seg>MS Baca laporan di <bpt i="1" x="1">[</bpt>situs kami<ept i="1">](https://jfid.id/beras)</ept> dan <ph x="2">&lt;br&gt;</ph> lihat grafik.</seg>',
      ].join('\n'),
    );
    expect(tmx).toContain('<seg>Harga beras di pasar <bpt i="1" x="1">**</bpt>induk<ept i="1">**</ept> Cipinang naik sangat tajam.</seg>');
  });

  it('marks reviewed, unknown and machine variants; leaves stale, rejected and stand-in text out', () => {
    const doc = readTmx(tmx, 'memory.tmx');
    const variant = (source: string, lang: string) => doc.units.find((unit) => unit.variants[0].text === source)?.variants.find((v) => v.lang === lang);
    expect(variant('Pedagang mengeluh.', 'en')).toMatchObject({ text: 'Traders complain.', props: { 'x-status': 'reviewed' } });
    expect(variant('Harga Beras Naik', 'en')).toMatchObject({ text: 'Rice Prices Rise', props: { 'x-status': 'unknown' } });
    expect(variant('Pedagang mengeluh.', 'de')?.props['x-status']).toBe('machine');
    // de: the rejected link sentence and the stale bold sentence are not exported.
    expect(variant('Baca laporan di [situs kami](https://jfid.id/beras) dan <br> lihat grafik.', 'de')).toBeUndefined();
    expect(variant('Harga beras di pasar **induk** Cipinang naik sangat tajam.', 'de')).toBeUndefined();
    expect(summary).toMatchObject({ skipped: { rejected: 1, stale: 1 } });
    expect(tmx).not.toContain('naik tajam');
  });

  it('--locale limits the targets; a stand-in target exports nothing; usage errors exit 2', async () => {
    const only = ws.cli('tm', ['export', '--out', 'out/en.tmx', '--locale', 'en']);
    expect(only.status).toBe(0);
    const doc = readTmx(ws.read('out/en.tmx'), 'en.tmx');
    expect(new Set(doc.units.flatMap((unit) => unit.variants.map((v) => v.lang)))).toEqual(new Set(['id', 'en']));
    expect(ws.cli('tm', ['export', '--out', 'x.tmx', '--locale', 'fr']).status).toBe(2);
    expect(ws.cli('tm', ['export']).stderr).toMatch(/needs --out/);
    expect(ws.cli('tm', ['export', '--help']).stdout).toMatch(/Usage: npm run tm -- export --out FILE\.tmx/);
    expect(ws.cli('tm', ['frobnicate']).status).toBe(2);
    // --out inside the workspace: refused before anything is written, the locale file kept.
    const localeFile = ws.read('locales/de/a.yaml');
    const refused = ws.cli('tm', ['export', '--out', 'locales/de/a.yaml']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--out locales\/de\/a\.yaml is inside the locales folder \(locales\/\): .*e\.g\. --out memory-export\.tmx/);
    expect(ws.read('locales/de/a.yaml')).toBe(localeFile);

    const pseudo = createWorkspace({ 'source/a.md': ARTICLE });
    try {
      await pseudo.translate();
      const result = pseudo.cli('tm', ['export', '--out', 'p.tmx', '--json']);
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ units: 0, written: true, skipped: { standIn: 5 } });
      // Nothing to export: an empty memory is still written, as it is valid TMX (the DTD allows a body without tu).
      expect(result.stderr).toMatch(/note: no translation to export: the file is an empty memory/);
      expect(readTmx(pseudo.read('p.tmx'), 'p.tmx').units).toEqual([]);
      if (hasXmllint) expect(validateTmx(path.join(pseudo.dir, 'p.tmx')).ok).toBe(true);
      // Pseudo-localized text whose state file was lost is still stand-in text, not an unknown translation.
      fs.rmSync(path.join(pseudo.dir, 'locales/en/a.state.yaml'));
      const lost = pseudo.cli('tm', ['export', '--out', 'p.tmx', '--json']);
      expect(JSON.parse(lost.stdout)).toMatchObject({ units: 0, skipped: { standIn: 5 } });
    } finally {
      fs.rmSync(pseudo.dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('writeTmx', () => {
  it('numbers codes by the source order in every variant, and writes unmatched markup as text', () => {
    const xml = writeTmx(
      { creationtool: 't', creationtoolversion: '1', srclang: 'id', datatype: 'markdown', oTmf: 't', adminlang: 'en' },
      [
        {
          tags: { g1: { open: '*', close: '*' }, x2: { atom: '`kode`' } },
          variants: [
            { lang: 'id', tagged: 'a <g1>b</g1> <x2/> &amp; c' },
            { lang: 'en', tagged: '<x2/> then <g1>B</g1> &lt;' },
            { lang: 'de', markdown: 'plain *B* `kode`' },
          ],
        },
      ],
    );
    const segs = [...xml.matchAll(/<seg>.*<\/seg>/g)].map((match) => match[0]);
    expect(segs).toEqual([
      '<seg>a <bpt i="1" x="1">*</bpt>b<ept i="1">*</ept> <ph x="2">`kode`</ph> &amp; c</seg>',
      '<seg><ph x="2">`kode`</ph> then <bpt i="1" x="1">*</bpt>B<ept i="1">*</ept> &lt;</seg>',
      '<seg>plain *B* `kode`</seg>',
    ]);
    const [unit] = readTmx(xml, 'x.tmx').units;
    expect(unit.variants.map((v) => v.text)).toEqual(['a *b* `kode` & c', '`kode` then *B* <', 'plain *B* `kode`']);
  });
});
