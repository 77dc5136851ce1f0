/**
 * The project glossary (`glossary:` CSV) used everywhere: DeepL (emulator) receives its terms,
 * check warns with the glossary's file and line, a bad glossary is a config error (exit 2) in every
 * command, and an edit of the glossary invalidates the run manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeepLProvider } from '../pipeline/providers/deepl.ts';
import type { GlossaryTerm } from '../pipeline/provider.ts';
import { FAST, runJob, startHarness, type Harness } from './deepl-emulator/test-harness.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';

describe('DeepL receives the project glossary', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const env = () => ({ DEEPL_AUTH_KEY: h.key, DEEPL_SERVER_URL: h.emulator.url });
  const make = (options: Record<string, unknown>, glossary?: GlossaryTerm[]) => createDeepLProvider({ options: { ...FAST, ...options }, env: env(), cacheDir: h.cacheDir, ...(glossary ? { glossary } : {}) });
  const project: GlossaryTerm[] = [
    { source: 'pasar', target: 'marketplace', doNotTranslate: false },
    { source: 'jfid', doNotTranslate: true },
  ];

  it('its renderings join the target\'s own glossary (the project wins), its dnt terms travel as atoms in any case', async () => {
    const out = await runJob(make({ glossary: { pasar: 'market', beras: 'rice' } }, project), [{ id: 'a', text: 'JFID: harga beras di pasar naik.' }]);
    expect(out.error).toBeUndefined();
    const [id] = [...h.emulator.glossaries.glossaries.keys()];
    expect(Object.fromEntries(h.emulator.glossaries.get(id)!.dictionaries[0].entries)).toEqual({ beras: 'rice', pasar: 'marketplace' });
    expect(h.emulator.translateRequests()[0].texts[0]).toBe('<x1/>: harga beras di pasar naik.');
    expect(out.results.get('a')).toContain('JFID');
    expect(out.results.get('a')).toContain('marketplace');
  });

  it('the fingerprint changes with the project glossary, and is unchanged without one', () => {
    const pair = { sourceLocale: 'id', targetLocale: 'en' };
    const own = { glossary: { beras: 'rice' }, doNotTranslate: ['KPK'] };
    const base = make(own).fingerprint(pair);
    expect(make(own, []).fingerprint(pair)).toBe(base);
    const withTerms = make(own, project).fingerprint(pair);
    expect(withTerms).not.toBe(base);
    expect(make(own, [project[0]]).fingerprint(pair)).not.toBe(withTerms); // dnt terms count
    expect(make(own, [{ ...project[0], target: 'bazaar' }, project[1]]).fingerprint(pair)).not.toBe(withTerms); // renderings count
  });
});

const ARTICLE = '---\ntitle: Berita\n---\n\njfid – Presiden Korea Utara tiba di Bank Indonesia.\n';
const GLOSSARY = 'id,en,note\njfid,,dnt\nKorea Utara,North Korea,\nBank Indonesia,Bank Indonesia,central bank\n';

describe('check and the project glossary', () => {
  const workspace = () => createWorkspace({ 'source/berita.md': ARTICLE, 'glossary.csv': GLOSSARY }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } }, glossary: 'glossary.csv' });

  it('a term whose rendering is missing, and a dnt term not kept: warnings at the translation\'s line, naming glossary.csv:line', async () => {
    const ws = workspace();
    await ws.translate();
    const file = 'locales/en/berita.yaml';
    const text = ws.read(file);
    const key = /^(s-[0-9a-f]+):/m.exec(text)![1];
    ws.write(file, text.replace(new RegExp(`^${key}:.*$`, 'm'), `${key}: The president of North Korea arrived at Bank Indonesia.`));
    const line = ws.read(file).split('\n').findIndex((l) => l.startsWith(`${key}:`)) + 1;
    const result = ws.cli('check', ['--json']);
    const report = JSON.parse(result.stdout) as { problems: Array<{ rule: string; severity: string; file: string; line: number; key: string; message: string }> };
    const glossary = report.problems.filter((p) => p.rule === 'glossary' || p.rule === 'do-not-translate');
    expect(glossary).toEqual([expect.objectContaining({ rule: 'do-not-translate', severity: 'warning', file, line, key })]);
    expect(glossary[0].message).toContain('glossary.csv:2');

    ws.write(file, ws.read(file).replace('North Korea', 'Korea Utara').replace('The president', 'jfid – The president'));
    const again = JSON.parse(ws.cli('check', ['--json']).stdout) as typeof report;
    const found = again.problems.filter((p) => p.rule === 'glossary' || p.rule === 'do-not-translate');
    expect(found).toEqual([expect.objectContaining({ rule: 'glossary', severity: 'warning', file, line, key })]);
    expect(found[0].message).toBe('glossary: the source says "Korea Utara", which the project glossary (glossary.csv:3) renders in en as "North Korea"; use "North Korea", or change the glossary row.');
  }, 60_000);

  it('a target\'s own glossary that contradicts the project glossary: one warning naming both places', () => {
    const ws = createWorkspace({ 'source/berita.md': ARTICLE, 'glossary.csv': GLOSSARY }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl', glossary: { 'Korea Utara': 'N. Korea' } } }, glossary: 'glossary.csv' });
    const result = ws.cli('check');
    expect(result.stderr.match(/the project glossary wins/g)).toHaveLength(1);
    expect(result.stderr).toContain('targets.en.glossary renders "Korea Utara" as "N. Korea", but the project glossary (glossary.csv:3) renders it "North Korea"');
  }, 60_000);
});

describe('Glossary warnings for text the pipeline never translates', () => {
  // A term in a link title, an HTML or JSX attribute or inline code is copied verbatim: never sent
  // to a provider, so no translation can satisfy the glossary. Only the prose counts, on both sides.
  const PAGE = [
    '---', 'title: Berita', '---', '',
    'Kunjungi [situs kami](https://jfid.id/korea "Berita Korea Utara terbaru") hari ini.', '',
    'Lihat <img src="peta.png" alt="Peta Korea Utara"> di halaman ini.', '',
    'Ini isu `Korea Utara` yang lama.', '',
    'Baca juga `jfid` di sini.', '',
    'Presiden Korea Utara membuka [laman](https://jfid.id/ "Korea Utara") jfid.', '',
  ].join('\n');
  const MDX = ['---', 'title: Peta', '---', '', 'Lihat <Peta judul="Korea Utara" /> di halaman ini.', '', '<Peta judul="Korea Utara" />', ''].join('\n');
  const ENGLISH: Record<string, string> = {
    'Kunjungi [situs kami](https://jfid.id/korea "Berita Korea Utara terbaru") hari ini.': 'Visit [our site](https://jfid.id/korea "Berita Korea Utara terbaru") today.',
    'Lihat <img src="peta.png" alt="Peta Korea Utara"> di halaman ini.': 'See <img src="peta.png" alt="Peta Korea Utara"> on this page.',
    'Ini isu `Korea Utara` yang lama.': 'This is the old `Korea Utara` issue.',
    'Baca juga `jfid` di sini.': 'Also read `jfid` here.',
    // The rendering and the dnt term only where the pipeline copies text: both still missing.
    'Presiden Korea Utara membuka [laman](https://jfid.id/ "Korea Utara") jfid.': 'The president of DPRK opened the [page](https://jfid.id/ "North Korea") of JFID.',
    'Lihat <Peta judul="Korea Utara" /> di halaman ini.': 'See <Peta judul="Korea Utara" /> on this page.',
    Berita: 'News',
    Peta: 'Map',
  };
  /** Each value replaced by its English, found through the `# id:` line above it. */
  const translateFile = (text: string) => text.replace(/^# id: (.*)\n([\w-]+): .*$/gm, (whole, source: string, key: string) => (ENGLISH[source] === undefined ? whole : `# id: ${source}\n${key}: ${JSON.stringify(ENGLISH[source])}`));

  it('no warning for a term in a link title, an HTML attribute, inline code or a JSX attribute; a rendering there does not count', async () => {
    const ws = createWorkspace({ 'source/berita.md': PAGE, 'source/peta.mdx': MDX, 'glossary.csv': GLOSSARY }, { ...DEFAULT_CONFIG, source: 'source/**/*.{md,mdx}', targets: { en: { provider: 'identity' } }, glossary: 'glossary.csv' });
    await ws.translate();
    for (const file of ['locales/en/berita.yaml', 'locales/en/peta.yaml']) {
      const before = ws.read(file);
      ws.write(file, translateFile(before));
      expect(ws.read(file)).not.toBe(before);
      expect(ws.read(file)).not.toMatch(/^s-[0-9a-f]+: (?!")/m); // every sentence translated
    }
    const report = JSON.parse(ws.cli('check', ['--json']).stdout) as { problems: Array<{ rule: string; severity: string; file: string; line: number; key: string; message: string }> };
    const glossary = report.problems.filter((p) => p.rule === 'glossary' || p.rule === 'do-not-translate');
    const lineOf = (source: string) => ws.read('locales/en/berita.yaml').split('\n').indexOf(`# id: ${source}`) + 2;
    const last = 'Presiden Korea Utara membuka [laman](https://jfid.id/ "Korea Utara") jfid.';
    expect(glossary.map((p) => [p.rule, p.severity, p.file, p.line])).toEqual([
      ['do-not-translate', 'warning', 'locales/en/berita.yaml', lineOf(last)],
      ['glossary', 'warning', 'locales/en/berita.yaml', lineOf(last)],
    ]);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  }, 60_000);
});

describe('a bad glossary is a config error in every command', () => {
  it.each(['translate', 'check', 'review'])('%s exits 2 naming glossary.csv:line and the fix', (command) => {
    const ws = createWorkspace({ 'source/berita.md': ARTICLE, 'glossary.csv': 'id,en,note\nKorea Utara,North Korea,\nkorea utara,N. Korea,\n' }, { ...DEFAULT_CONFIG, glossary: 'glossary.csv' });
    const result = ws.cli(command, command === 'review' ? ['approve', 'en', 'berita'] : []);
    expect(result.status).toBe(2);
    expect(result.stderr + result.stdout).toContain('glossary: glossary.csv:3: duplicate id "korea utara" (first on line 2');
  }, 60_000);

  it('a missing file', () => {
    const ws = createWorkspace({ 'source/berita.md': ARTICLE }, { ...DEFAULT_CONFIG, glossary: 'glossary.csv' });
    const result = ws.cli('check');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('glossary: glossary.csv: cannot read the glossary file (ENOENT)');
  }, 60_000);

  it('a Latin-1 (non-UTF-8) glossary file: exit 2 naming the first bad byte, no term read as U+FFFD', () => {
    const latin1 = Buffer.from('id,en,note\nAndrés Sánchez Braun,Andrés Sánchez Braun,\n', 'latin1');
    const ws = createWorkspace({ 'source/berita.md': ARTICLE, 'glossary.csv': latin1 }, { ...DEFAULT_CONFIG, glossary: 'glossary.csv' });
    const result = ws.cli('check');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('glossary: glossary.csv: not UTF-8 (byte 16); save it as UTF-8'); // é: "id,en,note\nAndr" is 15 bytes
  }, 60_000);
});

describe('the run manifest and the glossary', () => {
  it('an edit of the glossary makes the next run reconsider every article', async () => {
    const ws = createWorkspace({ 'source/berita.md': ARTICLE, 'glossary.csv': GLOSSARY }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } }, glossary: 'glossary.csv' });
    await ws.translate();
    const manifest = path.join(ws.dir, '.cache/run-manifest.json');
    const signature = () => (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { signature: string }).signature;
    const before = signature();
    await ws.translate();
    expect(signature()).toBe(before);
    ws.write('glossary.csv', GLOSSARY.replace('North Korea', 'DPRK'));
    await ws.translate();
    expect(signature()).not.toBe(before);
  });
});
