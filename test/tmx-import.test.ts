/**
 * `npm run tm -- import`: TMX files of other tools (BOM, level 1 and 2, srclang *all*, regional and
 * old language tags, duplicates) into the memory as human translations; malformed files refused
 * with FILE:LINE:COL and nothing stored; the next translate reuses exact matches without asking the
 * provider and notes near ones as `# fuzzy N%:`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importTmx } from '../pipeline/exchange/tm-import.ts';
import { matchLocale } from '../pipeline/exchange/match-locale.ts';
import { openSqliteMemory } from '../pipeline/store/sqlite-memory.ts';
import { createInMemoryMemory } from '../pipeline/store/in-memory-store.ts';
import { prefixing } from './helpers/prefixing-provider.ts';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';
import { ARTICLE, keyOf, TWO_TARGETS } from './helpers/tmx-fixtures.ts';

const CONFIG = { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl' }, de: { provider: 'deepl' } } };

/** A TMX as another tool writes it: BOM, srclang *all*, `in` for Indonesian, regional tags, level 1 and 2, a duplicate and a conflict. */
const FOREIGN = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OtherCAT" creationtoolversion="9" segtype="sentence" o-tmf="other" adminlang="en-US" srclang="*all*" datatype="plaintext"/>
  <body>
    <tu tuid="1">
      <tuv xml:lang="in"><seg>Harga beras di pasar induk Cipinang naik tajam.</seg></tuv>
      <tuv xml:lang="en-US"><seg>Rice prices at the Cipinang wholesale market rose sharply.</seg></tuv>
      <tuv xml:lang="DE-de"><seg>Die Reispreise sind stark gestiegen.</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Les prix du riz ont fortement augmenté.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="id-ID"><seg>Baca <bpt i="1" x="1">**</bpt>laporan<ept i="1">**</ept> kami <ph x="2">&lt;br&gt;</ph> <hi type="x">di sini</hi>.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Read our <bpt i="1">**</bpt>report<ept i="1">**</ept> <ph>&lt;br&gt;</ph> here.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="id"><seg>Pedagang mengeluh.</seg></tuv>
      <tuv xml:lang="en"><seg>Traders complain.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="id"><seg>Pedagang  mengeluh.</seg></tuv>
      <tuv xml:lang="en"><seg>Traders complain.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="id"><seg>Harga cabai turun.</seg></tuv>
      <tuv xml:lang="en"><seg>Chili prices fall.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="id"><seg>Harga cabai turun.</seg></tuv>
      <tuv xml:lang="en"><seg>Chilli prices fell.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en"><seg>Only English here.</seg></tuv>
      <tuv xml:lang="fr"><seg>Seulement du français.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="id"><seg>Hanya bahasa Indonesia.</seg></tuv>
      <tuv xml:lang="ja"><seg>インドネシア語のみ。</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="id"><seg>Kalimat kosong.</seg></tuv>
      <tuv xml:lang="en"><seg> </seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="id"><seg>Mesin menerjemahkan ini.</seg></tuv>
      <tuv xml:lang="en"><prop type="x-status">machine</prop><seg>The machine translated this.</seg></tuv>
    </tu>
  </body>
</tmx>
`;

const human = (source: string, targetLocale = 'en') => ({ provider: 'human', fingerprint: '', sourceLocale: 'id', targetLocale, source });

const workspaces: Workspace[] = [];
const workspace = (...args: Parameters<typeof createWorkspace>): Workspace => {
  const ws = createWorkspace(...args);
  workspaces.push(ws);
  return ws;
};
afterEach(async () => {
  for (const ws of workspaces.splice(0)) {
    await ws.memory.close();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

describe('matchLocale', () => {
  it('maps case, regions and withdrawn codes to our locales, never one region to another', () => {
    const locales = ['id', 'en', 'pt-BR', 'zh-Hant'];
    expect(['en-US', 'EN_gb', 'in', 'id-ID', 'pt', 'pt-br', 'zh-hant', 'zh-Hant-TW'].map((tag) => matchLocale(tag, locales))).toEqual(['en', 'en', 'id', 'id', 'pt-BR', 'pt-BR', 'zh-Hant', undefined]);
    expect(['pt-PT', 'fr', '*all*', ''].map((tag) => matchLocale(tag, locales))).toEqual([undefined, undefined, undefined, undefined]);
    expect(matchLocale('pt', ['pt-BR', 'pt-PT'])).toBeUndefined();
  });
});

describe('tm import', () => {
  it('imports another tool’s TMX: BOM, *all*, in/en-US/en-GB/DE-de, level 2 codes as markdown, duplicates once, conflicts last-wins', async () => {
    const ws = workspace({ 'agency.tmx': FOREIGN }, CONFIG);
    const result = ws.cli('tm', ['import', 'agency.tmx', '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      file: 'agency.tmx',
      origin: 'tmx:agency.tmx',
      units: 10,
      locales: { en: 4, de: 1 },
      added: 5,
      updated: 0,
      unchanged: 0,
      duplicates: 1,
      conflicts: [{ locale: 'en', source: 'Harga cabai turun.', lines: [24, 28] }],
      skipped: { noSource: 1, noTarget: 1, machine: 1, unreviewed: 0, empty: 1, otherLanguages: { 'fr-FR': 1, fr: 1, ja: 1 } },
    });
    expect(result.stderr).toContain('warning: agency.tmx:24,28: en translations of "Harga cabai turun." differ; the last (line 28) was kept');

    const memory = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    try {
      expect(
        await memory.getMany([
          human('Harga beras di pasar induk Cipinang naik tajam.'),
          human('Harga beras di pasar induk Cipinang naik tajam.', 'de'),
          human('Baca **laporan** kami <br> di sini.'),
          human('Pedagang mengeluh.'),
          human('Harga cabai turun.'),
          human('Mesin menerjemahkan ini.'),
          human('Kalimat kosong.'),
        ]),
      ).toEqual([
        'Rice prices at the Cipinang wholesale market rose sharply.',
        'Die Reispreise sind stark gestiegen.',
        'Read our **report** <br> here.',
        'Traders complain.',
        'Chilli prices fell.',
        undefined,
        undefined,
      ]);
      const [match] = await memory.fuzzy({ sourceLocale: 'id', targetLocale: 'en', provider: 'human', source: 'Pedagang mengeluh.', minScore: 0.9 });
      expect(match).toMatchObject({ origin: 'tmx:agency.tmx', score: 1 });
    } finally {
      await memory.close();
    }

    // A second import of the same file writes nothing.
    const again = JSON.parse(ws.cli('tm', ['import', 'agency.tmx', '--json', '--origin', 'agency-2019']).stdout);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 5, origin: 'agency-2019' });
  });

  it('refuses a malformed file with FILE:LINE:COL, exit 2, and stores nothing (also what came before the error)', async () => {
    const broken = FOREIGN.replace('<seg>Chilli prices fell.</seg>', '<seg>Chilli prices fell.</sg>');
    const ws = workspace({ 'broken.tmx': broken }, CONFIG);
    const result = ws.cli('tm', ['import', 'broken.tmx']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^tm: broken\.tmx:30:50: not well-formed XML: <\/sg> where <seg> \(line 30\) is open\nNothing was imported; fix the file \(xmllint --noout FILE shows the same\)/);
    const memory = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    expect(await memory.getMany([human('Harga beras di pasar induk Cipinang naik tajam.'), human('Pedagang mengeluh.')])).toEqual([undefined, undefined]);
    await memory.close();

    ws.write('not.tmx', '<?xml version="1.0"?>\n<xliff version="1.2"/>\n');
    const wrong = ws.cli('tm', ['import', 'not.tmx']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('not.tmx:2:1: expected a TMX document (root element <tmx>), found <xliff>');
    ws.write('nolang.tmx', '<tmx version="1.4"><header srclang="id"/><body><tu>\n<tuv><seg>x</seg></tuv></tu></body></tmx>');
    expect(ws.cli('tm', ['import', 'nolang.tmx']).stderr).toContain('nolang.tmx:2:1: a <tuv> without xml:lang');
    expect(ws.cli('tm', ['import']).status).toBe(2);
    expect(ws.cli('tm', ['import', 'missing.tmx']).status).toBe(3);
    expect(ws.cli('tm', ['import', '--help']).stdout).toMatch(/^Usage: npm run tm -- import FILE\.tmx \[--origin NAME\]/);
  });

  it('refuses what xmllint refuses (a bare &, U+0001) with the line, and entity declarations for safety; nothing stored', async () => {
    const ws = workspace({}, CONFIG);
    for (const [name, seg, at] of [
      ['amp.tmx', 'Die Regierung & Co.', /^tm: amp\.tmx:30:45: not well-formed XML: a bare "&" \(write it as &amp;\)\nNothing was imported; fix the file \(xmllint/],
      ['ctrl.tmx', 'Die Regierung\u0001', /^tm: ctrl\.tmx:30:44: not well-formed XML: disallowed character\n/],
    ] as const) {
      ws.write(name, FOREIGN.replace('<seg>Chilli prices fell.</seg>', `<seg>${seg}</seg>`));
      const result = ws.cli('tm', ['import', name]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(at);
    }
    ws.write('bomb.tmx', FOREIGN.replace('<!DOCTYPE tmx SYSTEM "tmx14.dtd">', '<!DOCTYPE tmx [\n<!ENTITY a "aaaaaaaaaaaaaaaa">\n]>').replace('Chilli prices fell.', '&a;'));
    const bomb = ws.cli('tm', ['import', 'bomb.tmx']);
    expect(bomb.status).toBe(2);
    expect(bomb.stderr).toBe('tm: bomb.tmx:3:1: entity declarations are not supported, for safety (entity expansion, external entities): write the text itself or character references (&#233;) instead\nNothing was imported; fix the file and rerun.\n');
    const memory = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    expect(await memory.getMany([human('Harga beras di pasar induk Cipinang naik tajam.'), human('Harga cabai turun.')])).toEqual([undefined, undefined]);
    await memory.close();
  });

  it('imports a TMX in UTF-16 (BOM) and one in windows-1252 (declared)', async () => {
    const ws = workspace({}, CONFIG);
    const text = FOREIGN.replace('\uFEFF', '').replace('Chilli prices fell.', 'Chilli prices “fell” – 5 €.');
    ws.write('utf16.tmx', Buffer.from(`\uFEFF${text.replace('UTF-8', 'UTF-16')}`, 'utf16le').swap16());
    const special: Record<string, number> = { '“': 0x93, '”': 0x94, '–': 0x96, '€': 0x80 };
    const cp1252 = text.replace('UTF-8', 'windows-1252').replace('インドネシア語のみ。', 'nur Japanisch');
    ws.write('cp1252.tmx', Buffer.from([...cp1252].map((char) => special[char] ?? char.charCodeAt(0))));
    for (const name of ['utf16.tmx', 'cp1252.tmx']) {
      const result = ws.cli('tm', ['import', name, '--json']);
      expect(result.stderr).not.toMatch(/^tm:/);
      expect(JSON.parse(result.stdout)).toMatchObject({ units: 10, locales: { en: 4, de: 1 } });
    }
    const memory = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    expect(await memory.getMany([human('Harga cabai turun.'), human('Harga beras di pasar induk Cipinang naik tajam.', 'de')])).toEqual(['Chilli prices “fell” – 5 €.', 'Die Reispreise sind stark gestiegen.']);
    await memory.close();
  });

  it('keeps an entry the memory holds with another translation (reported as kept) unless --overwrite', async () => {
    const ws = workspace({ 'agency.tmx': FOREIGN }, CONFIG);
    const memory = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    await memory.putMany([{ ...human('Pedagang mengeluh.'), target: 'Traders are complaining (reviewed).', origin: 'review' }]);
    await memory.close();
    const result = ws.cli('tm', ['import', 'agency.tmx', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ added: 4, updated: 0, kept: 1, unchanged: 0 });
    expect(result.stderr).toContain('1 kept (the memory holds another translation; --overwrite replaces it)');
    const after = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    expect(await after.getMany([human('Pedagang mengeluh.')])).toEqual(['Traders are complaining (reviewed).']);
    await after.close();

    const overwrite = ws.cli('tm', ['import', 'agency.tmx', '--json', '--overwrite']);
    expect(JSON.parse(overwrite.stdout)).toMatchObject({ added: 0, updated: 1, kept: 0, unchanged: 4 });
    const replaced = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    expect(await replaced.getMany([human('Pedagang mengeluh.')])).toEqual(['Traders complain.']);
    await replaced.close();
  });

  it('reports variants of one unit for the same locale that differ (en-US/en-GB, id/id-ID) as conflicts with their lines', async () => {
    const tmx = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="id" datatype="plaintext"/><body>
<tu>
  <tuv xml:lang="id"><seg>Harga cabai turun.</seg></tuv>
  <tuv xml:lang="en-US"><seg>Chili prices fall.</seg></tuv>
  <tuv xml:lang="en-GB"><seg>Chilli prices fall.</seg></tuv>
  <tuv xml:lang="en-AU"><seg>Chili prices fall.</seg></tuv>
</tu>
<tu>
  <tuv xml:lang="id-ID"><seg>Pedagang  mengeluh.</seg></tuv>
  <tuv xml:lang="id"><seg>Para pedagang mengeluh.</seg></tuv>
  <tuv xml:lang="en"><seg>Traders complain.</seg></tuv>
  <tuv xml:lang="de"><seg>Händler klagen.</seg></tuv>
  <tuv xml:lang="de-DE"><seg>Händler klagen.</seg></tuv>
</tu>
</body></tmx>
`;
    const ws = workspace({ 'variants.tmx': tmx }, CONFIG);
    const result = ws.cli('tm', ['import', 'variants.tmx', '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.conflicts).toEqual([
      { locale: 'en', source: 'Harga cabai turun.', lines: [5, 6], kept: 5 },
      { locale: 'id', source: 'Para pedagang mengeluh.', lines: [10, 11], kept: 11 },
    ]);
    expect(report).toMatchObject({ added: 3, duplicates: 0 });
    expect(result.stderr).toContain('warning: variants.tmx:5,6: en translations of "Harga cabai turun." differ; line 5 was kept');
    expect(result.stderr).toContain('warning: variants.tmx:10,11: id variants of one unit ("Para pedagang mengeluh." and others) differ; the last (line 11) was kept');
  });

  it('keeps all entries of a file in one putMany (one transaction)', async () => {
    const memory = createInMemoryMemory();
    const batches: number[] = [];
    const counting = { ...memory, putMany: (entries: Parameters<typeof memory.putMany>[0]) => (batches.push(entries.length), memory.putMany(entries)) };
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'tmx-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.tmx'), FOREIGN);
      const config = { sourceLocale: 'id', targets: [{ locale: 'en' }, { locale: 'de' }] } as Parameters<typeof importTmx>[0];
      expect(await importTmx(config, path.join(dir, 'a.tmx'), counting, { dryRun: true })).toMatchObject({ added: 5, dryRun: true });
      expect(batches).toEqual([]);
      await importTmx(config, path.join(dir, 'a.tmx'), counting);
      expect(batches).toEqual([5]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the next translate reuses an imported exact match without asking the provider, and notes a near one as # fuzzy N%', async () => {
    const article = '# Pasar\n\nHarga beras di pasar induk Cipinang naik tajam. Harga cabai di pasar induk Cipinang turun sedikit pagi ini.\n';
    const tmx = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="id" datatype="plaintext"/><body>
<tu><tuv xml:lang="id"><seg>Harga beras di pasar induk Cipinang naik tajam.</seg></tuv><tuv xml:lang="en"><seg>Rice prices at Cipinang rose sharply.</seg></tuv></tu>
<tu><tuv xml:lang="id"><seg>Harga cabai di pasar induk Cipinang turun sedikit pagi tadi.</seg></tuv><tuv xml:lang="en"><seg>Chili prices at Cipinang fell slightly this morning.</seg></tuv></tu>
</body></tmx>
`;
    const ws = workspace({ 'source/a.md': article, 'old.tmx': tmx }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl' } } }, { sqlite: true });
    expect(ws.cli('tm', ['import', 'old.tmx']).status).toBe(0);
    const summary = await ws.translate({ providers: { deepl: prefixing } });
    const sent = ws.calls.flatMap((call) => call.texts);
    expect(sent.some((text) => text.includes('naik tajam'))).toBe(false);
    expect(sent.some((text) => text.includes('turun sedikit pagi ini'))).toBe(true);
    expect(summary.locales.en.reused).toBe(1);
    const locale = ws.read('locales/en/a.yaml');
    expect(locale).toContain('Rice prices at Cipinang rose sharply.');
    expect(locale).toMatch(/# fuzzy (8\d|9\d)%: Harga cabai di pasar induk Cipinang turun sedikit pagi tadi\. → Chili prices at Cipinang fell slightly this morning\.\n.*MS Harga cabai/);
  }, 30_000);

  it('imports our own export: reviewed text as human, machine and unknown text left out', async () => {
    const ws = workspace({ 'source/a.md': ARTICLE }, TWO_TARGETS);
    await ws.translate({ providers: { deepl: prefixing } });
    expect(ws.cli('review', ['approve', 'en', 'a', keyOf(ws, 'en', 'MS Pedagang')]).status).toBe(0);
    expect(ws.cli('tm', ['export', '--out', 'ours.tmx']).status).toBe(0);
    const other = workspace({ 'source/b.md': '# B\n' }, TWO_TARGETS);
    fs.copyFileSync(path.join(ws.dir, 'ours.tmx'), path.join(other.dir, 'ours.tmx'));
    const report = JSON.parse(other.cli('tm', ['import', 'ours.tmx', '--json']).stdout);
    // 3 distinct sentences + the title; en: 1 reviewed, 3 machine; de: 4 machine.
    expect(report).toMatchObject({ units: 4, added: 1, locales: { en: 1, de: 0 }, skipped: { machine: 7 } });
    const memory = openSqliteMemory(path.join(other.dir, '.cache/memory.sqlite'));
    expect(await memory.getMany([human('Pedagang mengeluh.'), human('Harga Beras Naik')])).toEqual(['MS Pedagang mengeluh.', undefined]);
    await memory.close();
  }, 30_000);
});
