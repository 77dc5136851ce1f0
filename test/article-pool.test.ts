/**
 * Articles parsed in worker threads (pipeline/run/article-pool.ts) are exactly what loading them in
 * this thread gives, in order, errors included; and a translate run with the pool forced on writes
 * the same bytes, figures and errors as one without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkspace, DEFAULT_CONFIG, SEED_ARTICLE } from './helpers/workspace.ts';
import { corpusFiles } from './helpers/corpus.ts';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { listArticles } from '../pipeline/run/article.ts';
import { loadArticle } from '../pipeline/run/load-article.ts';
import { loadArticles, openArticleLoader } from '../pipeline/run/article-pool.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { WORKERS_ENV } from '../pipeline/run/task-pool.ts';

// Counts the pools started, to know that a run really used one.
const pools = vi.hoisted(() => ({ opened: 0 }));
vi.mock('../pipeline/run/task-pool.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../pipeline/run/task-pool.ts')>();
  return { ...original, openTaskPool: (...args: Parameters<typeof original.openTaskPool>) => (pools.opened++, original.openTaskPool(...args)) };
});

const CONFIG = { ...DEFAULT_CONFIG, source: 'source/**/*.{md,mdx}', targets: { en: { provider: 'identity' }, fr: { provider: 'pseudo' } } };
const MDX = "import { Chart } from './chart';\n\n# Grafik Harga\n\nHarga naik. <Chart data={[1, 2]} /> Pedagang mengeluh.\n\n<Note>Catatan *penting* di sini.</Note>\n";

/** Varied articles: the corpus fixtures, the seed, MDX, empty, broken front matter, a broken key record. */
function variedFiles(): Record<string, string> {
  const files: Record<string, string> = { 'source/seed.md': SEED_ARTICLE, 'source/mdx/chart.mdx': MDX };
  for (const file of corpusFiles().fixtures) files[`source/corpus/${path.basename(path.dirname(file))}/${path.basename(file)}`] = fs.readFileSync(file, 'utf8');
  files['source/empty.md'] = ' \n\n';
  files['source/bad-front.md'] = '---\ntitle: [tidak ditutup\n---\n\nIsi artikel.\n';
  files['source/broken-record.md'] = 'Kalimat pertama. Kalimat kedua.\n';
  files['locales/id/broken-record.yaml'] = 'a: [x\n';
  files['source/zz-last.md'] = '---\ntitle: Terakhir\n---\n\nPenutup. Selesai.\n';
  return files;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('loadArticles in worker threads', () => {
  it('gives what loadArticle gives, article by article, in order (errors, MDX, key records included)', async () => {
    const ws = createWorkspace(variedFiles(), CONFIG);
    // A key record for the seed, so that keys are assigned against earlier ones.
    await ws.translate();
    ws.write('source/seed.md', SEED_ARTICLE.replace(/\n\n/, '\n\nKalimat baru di awal.\n\n'));
    const config = loadConfig(path.join(ws.dir, 'translate.config.yaml'));
    const files = listArticles(config);
    const expected = files.map((file) => loadArticle(config, file, segmentSentences));
    expect(expected.map((a) => ('code' in a && !('segments' in a) ? a.code : 'ok'))).toEqual(
      expect.arrayContaining(['empty-source', 'bad-front-matter', 'invalid-locale-file', 'ok']),
    );
    expect(expected.find((a) => a.file === 'source/seed.md')).toMatchObject({ sourceFile: expect.anything() });
    const pooled = await loadArticles(config, files, segmentSentences, { [WORKERS_ENV]: '2' });
    expect(pooled.map((a) => a.file)).toEqual(expected.map((a) => a.file));
    expect(pooled).toStrictEqual(expected);
  });

  it('uses the pool only where it pays, and never with a splitter of its own', () => {
    const ws = createWorkspace({ 'source/a.md': 'Satu.\n' }, CONFIG);
    const config = loadConfig(path.join(ws.dir, 'translate.config.yaml'));
    expect(openArticleLoader(config, segmentSentences, 3, {}).threads).toBe(0);
    expect(openArticleLoader(config, (text) => [{ start: 0, end: text.length }], 5000, { [WORKERS_ENV]: '2' }).threads).toBe(0);
    const forced = openArticleLoader(config, segmentSentences, 1, { [WORKERS_ENV]: '1' });
    expect(forced.threads).toBe(1);
    return forced.close();
  });
});

describe('translate with the pool forced on', () => {
  it('writes the same bytes and reports the same figures and errors as without it, over several chunks', async () => {
    // More than one chunk of 200 articles, with errors in both, so that the next chunk is parsed
    // while the one before is written.
    const files = variedFiles();
    for (let n = 0; n < 230; n++) files[`source/bulk/${String(n).padStart(3, '0')}.md`] = `---\ntitle: Berita ${n}\n---\n\nHarga beras naik ${n} persen. Pedagang mengeluh.\n\n- butir **${n}**\n- [tautan](https://jfid.id/${n})\n`;
    files['source/bulk/150-empty.md'] = '';
    const runs = [];
    for (const workers of ['0', '2']) {
      vi.stubEnv(WORKERS_ENV, workers);
      pools.opened = 0;
      const ws = createWorkspace(files, CONFIG);
      const summary = await ws.translate();
      const outputs = Object.fromEntries(fg.sync(['locales/**', 'dist/**'], { cwd: ws.dir, dot: true }).sort().map((file) => [file, fs.readFileSync(path.join(ws.dir, file), 'utf8')]));
      runs.push({ summary, outputs });
      expect(pools.opened, `pools started with ${WORKERS_ENV}=${workers}`).toBe(workers === '0' ? 0 : 1);
    }
    const [inThread, pooled] = runs;
    expect(inThread.summary.articles).toBeGreaterThan(200);
    expect(inThread.summary.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['empty-source', 'bad-front-matter', 'invalid-locale-file']));
    expect(Object.keys(inThread.outputs).length).toBeGreaterThan(1000);
    expect(pooled.summary).toEqual(inThread.summary);
    expect(Object.keys(pooled.outputs)).toEqual(Object.keys(inThread.outputs));
    for (const file of Object.keys(inThread.outputs)) expect(pooled.outputs[file], file).toBe(inThread.outputs[file]);
  }, 180_000);
});
