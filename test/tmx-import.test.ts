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
    expect(result.stderr).toMatch(/^tm: broken\.tmx:30:31: not well-formed XML: .*\nNothing was imported/);
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
