import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { parse } from 'yaml';
import fg from 'fast-glob';
import { createWorkspace, DEFAULT_CONFIG, SEED_ARTICLE } from './helpers/workspace.ts';
import { ROOT } from './helpers/corpus.ts';
import { runCheck } from '../pipeline/check/run-check.ts';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';

const ARTICLE_A = '---\ntitle: Harga Beras Naik\nauthor: Budi\n---\n\nHarga beras naik tajam. Pedagang mengeluh.\n\nBaca **laporan** di [situs kami](https://jfid.id/beras).\n';
const ARTICLE_B = '---\ntitle: Cuaca Hari Ini\n---\n\nPedagang mengeluh. Hujan turun sejak pagi.\n';

const mtimes = (dir: string) => Object.fromEntries(fg.sync(['locales/**', 'dist/**'], { cwd: dir }).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]));

describe('translate: a run on a workspace', () => {
  it('writes locale files, state, source resources and bundles, then a second run calls nothing and writes nothing', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A, 'source/news/b.md': ARTICLE_B });
    const first = await ws.translate();
    expect(first).toMatchObject({ articles: 2, segments: 7, errors: [], exitCode: 0 });
    // "Pedagang mengeluh." occurs in both articles: sent once.
    expect(first.locales.en).toMatchObject({ translated: 6, reused: 1, missing: 0, requests: 1 }); // the repeat is reuse
    expect(ws.calls.flatMap((c) => c.texts).filter((t) => t === 'Pedagang mengeluh.')).toHaveLength(1);
    for (const file of ['locales/en/a.yaml', 'locales/en/a.state.yaml', 'locales/id/a.yaml', 'locales/en/news/b.yaml']) expect(ws.exists(file)).toBe(true);
    const en = parse(ws.read('locales/en/a.yaml'));
    expect(en.title).toBe('⟦Ĥáŕĝá Ɓéŕáš Ñáíķ~~~⟧');
    expect(Object.values(en)).toContainEqual(expect.stringMatching(/^⟦Ɓáçá \*\*ĺáþóŕáñ\*\* ðí \[šíţúš ķáɱí\]\(https:\/\/jfid\.id\/beras\)\.~+⟧$/));
    expect(ws.read('locales/en/a.yaml')).toContain('# id: Harga beras naik tajam.\n');
    // Pseudo output is never published.
    expect(ws.exists('dist/en/a.md')).toBe(false);

    const before = mtimes(ws.dir);
    ws.calls.length = 0;
    const second = await ws.translate();
    expect(ws.calls).toEqual([]);
    expect(second.filesWritten).toBe(0);
    expect(second.locales.en).toMatchObject({ translated: 0, reused: 7, requests: 0 });
    expect(mtimes(ws.dir)).toEqual(before);
  });

  it('skips unchanged articles on a rerun but notices any file that changed under it', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } });
    await ws.translate();
    expect(ws.exists('.cache/run-manifest.json')).toBe(true);
    expect((await ws.translate()).locales.en).toMatchObject({ reused: 4, translated: 0 });
    fs.rmSync(path.join(ws.dir, 'dist'), { recursive: true });
    expect((await ws.translate()).filesWritten).toBe(2);
    expect(ws.exists('dist/en/a.md')).toBe(true);
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(/^title: .*$/m, 'title: Rice Prices Soar'));
    await ws.translate();
    expect(parse(ws.read('locales/en/a.state.yaml')).title).toMatchObject({ status: 'reviewed', origin: 'human' });
    expect(ws.read('dist/en/a.md')).toContain('\ntitle: Rice Prices Soar\n'); // a plain field stays plain
  });

  it('reuses the memory for an article whose locale file was deleted, without a provider call', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A });
    await ws.translate();
    fs.rmSync(path.join(ws.dir, 'locales/en/a.yaml'));
    fs.rmSync(path.join(ws.dir, 'locales/en/a.state.yaml'));
    ws.calls.length = 0;
    const again = await ws.translate();
    expect(ws.calls).toEqual([]);
    expect(again.locales.en).toMatchObject({ translated: 0, reused: 4, missing: 0 });
  });

  it('publishes reviewed and publishable machine text with publication fields', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'pseudo' } } });
    await ws.translate();
    // A reviewer translates the title by hand: it becomes publishable.
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(/^title: .*$/m, 'title: Rice Prices Soar'));
    await ws.translate();
    const bundle = ws.read('dist/en/a.md');
    expect(bundle).toMatch(/^---\ntitle: Rice Prices Soar\nauthor: Budi\nlang: en\ntranslationKey: a\nsourcePath: source\/a.md\ntranslationStatus: partial\n---\n/);
    expect(bundle).toContain('Harga beras naik tajam.'); // unpublishable pseudo text falls back to the source
    expect(parse(ws.read('dist/en/a.yaml'))).toEqual({ title: 'Rice Prices Soar' });
  });

  it('keeps going past bad articles and reports each with file and line (exit 1)', async () => {
    const ws = createWorkspace({
      'source/good.md': ARTICLE_B,
      'source/bad-front.md': '---\ntitle: "tidak ditutup\nauthor: x\n---\n\nIsi.\n',
      'source/latin1.md': Buffer.from([0x48, 0x61, 0x72, 0x67, 0x61, 0x20, 0xe9, 0x2e]),
      'source/empty.md': '  \n',
      'source/no-fence.md': '---\ntitle: Judul\n\nIsi tanpa penutup.\n',
    });
    const summary = await ws.translate();
    expect(summary.articles).toBe(1);
    expect(summary.exitCode).toBe(1);
    const byFile = Object.fromEntries(summary.errors.map((e) => [e.file, e]));
    expect(byFile['source/bad-front.md']).toMatchObject({ code: 'bad-front-matter', line: 4 }); // where the unclosed quote runs out
    expect(byFile['source/latin1.md']).toMatchObject({ code: 'unreadable-source' });
    expect(byFile['source/latin1.md'].message).toContain('UTF-8');
    expect(byFile['source/empty.md']).toMatchObject({ code: 'empty-source' });
    expect(byFile['source/no-fence.md']).toMatchObject({ code: 'bad-front-matter', line: 1 });
    expect(ws.exists('locales/en/good.yaml')).toBe(true);
  });

  it('leaves an unreadable locale file untouched, processes the other articles and exits 1', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A, 'source/b.md': ARTICLE_B });
    await ws.translate();
    const broken = 'title: "Rice\ns-1: [unclosed\n';
    ws.write('locales/en/a.yaml', broken);
    ws.write('source/b.md', `${ARTICLE_B}\nKalimat baru.\n`);
    const summary = await ws.translate();
    expect(summary.exitCode).toBe(1);
    expect(summary.errors).toEqual([expect.objectContaining({ file: 'locales/en/a.yaml', code: 'invalid-locale-file' })]);
    expect(summary.errors[0].message).toMatch(/^locales\/en\/a\.yaml:\d+: /);
    expect(ws.read('locales/en/a.yaml')).toBe(broken);
    expect(ws.read('locales/en/b.yaml')).toContain('# id: Kalimat baru.');
  });

  it('translates the common namespace with the plural forms each target needs, placeholders intact', async () => {
    const ws = createWorkspace(
      { 'source/a.md': ARTICLE_B, 'locales/id/common.yaml': 'readingTime_other: "{{count}} menit baca"\nshare: Bagikan Artikel Ini\n' },
      { ...DEFAULT_CONFIG, targets: { ru: { provider: 'identity' }, en: { provider: 'pseudo' } } },
    );
    await ws.translate();
    expect(Object.keys(parse(ws.read('locales/ru/common.yaml')))).toEqual(['readingTime_one', 'readingTime_few', 'readingTime_many', 'readingTime_other', 'share']);
    expect(parse(ws.read('locales/ru/common.yaml')).readingTime_few).toBe('{{count}} menit baca');
    expect(parse(ws.read('locales/en/common.yaml'))).toEqual({ readingTime_one: '⟦{{count}} ɱéñíţ ƀáçá~~⟧', readingTime_other: '⟦{{count}} ɱéñíţ ƀáçá~~⟧', share: '⟦Ɓáĝíķáñ Áŕţíķéĺ Íñí~~~⟧' });
    expect(ws.read('locales/id/common.yaml')).toBe('readingTime_other: "{{count}} menit baca"\nshare: Bagikan Artikel Ini\n');
    // The check sees the namespace's machine text as unreviewed, like an article's.
    const report = runCheck(loadConfig(path.join(ws.dir, 'translate.config.yaml')), { locales: ['ru'] }, { split: segmentSentences });
    expect(report.problems.filter((p) => p.file === 'locales/ru/common.yaml' && p.rule === 'unreviewed').map((p) => p.key)).toEqual(['readingTime_one', 'readingTime_few', 'readingTime_many', 'readingTime_other', 'share']);
  });

  it('loads with i18next: t() on every key returns the translation (the repository’s shipped resources)', async () => {
    const resources: Record<string, Record<string, Record<string, string>>> = {};
    for (const file of fg.sync('locales/*/*.yaml', { cwd: ROOT, ignore: ['**/*.state.yaml'] })) {
      const [, lng, name] = file.split('/');
      (resources[lng] ??= {})[name.replace(/\.yaml$/, '')] = parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    }
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'en', fallbackLng: false, keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false } });
    const article = 'putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara';
    const entries = Object.entries(resources.en[article]);
    expect(entries.length).toBeGreaterThan(50);
    for (const [key, value] of entries) expect(i18n.t(key, { ns: article })).toBe(value);
    expect(i18n.t('readingTime', { ns: 'common', count: 8 })).toBe('8 min read');
    expect(i18n.t('readingTime', { ns: 'common', count: 1 })).toBe('1 min read');
    expect(i18n.t('readingTime', { ns: 'common', count: 8, lng: 'id' })).toBe('8 menit baca');
  });
});

describe('translate: the command line', () => {
  it('prints one JSON summary on stdout with --json', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A });
    const run = ws.cli('translate', ['--json', '--provider', 'pseudo']);
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ articles: 1, segments: 4, errors: [] });
    expect(summary.locales.en).toMatchObject({ translated: 4, reused: 0, stale: 0, missing: 0, requests: 1, billedCharacters: 0 });
    expect(run.stderr).toContain('1 articles, 4 segments');
  });

  it('without a DeepL key: exit 3, counts per locale and how to give a provider; nothing sent', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl' } } });
    const run = ws.cli('translate', ['--json']);
    expect(run.status).toBe(3);
    expect(JSON.parse(run.stdout).locales.en).toMatchObject({ translated: 0, pending: { segments: 4, characters: 113 } });
    expect(run.stderr).toContain('en: 4 segments, 113 characters (deepl)');
    expect(run.stderr).toContain('DEEPL_AUTH_KEY');
    expect(run.stderr).toContain('--provider pseudo');
  });

  it('with the Apertium engine missing: exit 3, the apt-get line, and nothing about DeepL', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A }, { ...DEFAULT_CONFIG, targets: { ms: { provider: 'apertium', command: '/nonexistent/apertium' } } });
    const run = ws.cli('translate');
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('apt-get install apertium apertium-ind-zlm');
    expect(run.stderr).toContain('ms: 4 segments');
    expect(run.stderr).not.toContain('DEEPL_AUTH_KEY');
  });

  it('rejects config errors before any work (exit 2) with the config path of each problem', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'babelfish' }, 'not a locale!': { provider: 'pseudo' } } });
    const run = ws.cli('translate');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('targets.en.provider: "babelfish" is not a provider');
    expect(run.stderr).toContain('targets.not a locale!: "not a locale!" is not a BCP 47 locale');
    expect(ws.exists('locales')).toBe(false);
  });

  it('rejects provider options the provider cannot honour at config load (exit 2), e.g. a formality DeepL lacks for English', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl', formality: 'more' } } });
    const run = ws.cli('translate');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('targets.en: ');
    expect(run.stderr).toContain('formality');
    expect(ws.exists('locales')).toBe(false);
  });

  it('rejects an unknown --locale, --provider or option (exit 2) and has --help', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A });
    expect(ws.cli('translate', ['--locale', 'fr']).status).toBe(2);
    expect(ws.cli('translate', ['--provider', 'babelfish']).status).toBe(2);
    expect(ws.cli('translate', ['--frobnicate']).status).toBe(2);
    const help = ws.cli('translate', ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--dry-run');
  });

  it('--dry-run plans without calling a provider or writing a file', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A });
    const run = ws.cli('translate', ['--dry-run', '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).locales.en).toMatchObject({ translated: 0, requests: 0, pending: { segments: 4 } });
    expect(ws.exists('locales')).toBe(false);
  });

  it('succeeds with no key and no network on the repository as shipped, changing no committed file', () => {
    const ws = createWorkspace();
    for (const file of fg.sync(['translate.config.yaml', 'glossary.csv', 'source/**', 'locales/**'], { cwd: ROOT })) ws.write(file, fs.readFileSync(path.join(ROOT, file)));
    const before = Object.fromEntries(fg.sync('locales/**', { cwd: ws.dir }).map((f) => [f, ws.read(f)]));
    const run = ws.cli('translate', ['--json']);
    expect(run.stderr).not.toContain('error');
    expect(run.status).toBe(0);
    expect(Object.fromEntries(fg.sync('locales/**', { cwd: ws.dir }).map((f) => [f, ws.read(f)]))).toEqual(before);
    expect(ws.read('dist/en/putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara.md')).toContain('translationStatus: reviewed');
    expect(SEED_ARTICLE).toContain('Vostochny');
  });
});
