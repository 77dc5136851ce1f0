/**
 * `npm run bench -- --quick` at an even smaller size, end to end (CLI, whole commands, floors, po4a
 * when installed), so the benchmark cannot rot; and the verdicts of issue 13's table. The end-to-end
 * run needs ../shared (the indosum corpus); skipped with a message otherwise. No timing assertions:
 * only that every row is there and the numbers are sane.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { corpusAvailable, CORPUS_DIR, editOneSentence, varyArticle } from '../bench/archive.ts';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import type { BenchResult } from '../bench/run-bench.ts';
import { issueRows, type IssueMeasurements } from '../bench/issue-rows.ts';
import type { Measure } from '../bench/commands.ts';

const HAS_CORPUS = corpusAvailable();
if (!HAS_CORPUS) console.warn(`[bench] quick benchmark test skipped: ${CORPUS_DIR} is absent (../shared is not beside the checkout).`);

const ARTICLE = `---
title: "Harga Beras Naik"
---

Jakarta - Harga beras di pasar tradisional naik lagi pekan ini. Pedagang mengatakan pasokan dari daerah berkurang sejak awal bulan.

"Kami berharap pemerintah segera turun tangan," kata seorang pedagang.
`;

const sources = (text: string) => extractArticle(text, { fields: ['title'], split: segmentSentences }).segments.map((s) => s.source);

describe('bench archive helpers', () => {
  it('editOneSentence changes exactly one segment', () => {
    const before = sources(ARTICLE);
    const after = sources(editOneSentence(ARTICLE, 900001));
    expect(after).toHaveLength(before.length);
    expect(after.filter((s, i) => s !== before[i])).toHaveLength(1);
  });

  it('varyArticle keeps copy 0, changes words but not the segment count of later copies', () => {
    expect(varyArticle(ARTICLE, 0, 1)).toBe(ARTICLE);
    const varied = varyArticle(ARTICLE.repeat(1), 3, 1);
    expect(varied.split('\n')[1]).toBe('title: "Harga Beras Naik"');
    expect(sources(varied)).toHaveLength(sources(ARTICLE).length);
  });
});

const m = (ms: number, maxRssMB: number | null = 100): Measure => ({ ms, runs: [ms], maxRssMB, exitCodes: [0] });

function measurements(overrides: Partial<IssueMeasurements> = {}): IssueMeasurements {
  return {
    size: 1000,
    repo: { env: m(200), translate: { ...m(390), filesWritten: 0 }, check: m(450), checkRssMB: 90 },
    floors: { hash: { ...m(100), files: 4000 }, parse: { ...m(2000), files: 1000 } },
    cold: { ...m(3900, 250), filesWritten: 5000 },
    noop: { ...m(140), filesWritten: 0 },
    check: m(4100, 280),
    po4a: { version: '0.69', run: m(20_000), articles: 1000 },
    ...overrides,
  };
}

describe('issue 13 rows', () => {
  it('has the seven rows in order, with ratios against the right floor or peer', () => {
    const rows = issueRows(measurements());
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(rows.map((r) => r.ratio)).toEqual([1.95, 1.4, 2.05, 1.95, 20_000 / 3900, null, null]);
    expect(rows.map((r) => r.met)).toEqual([true, true, false, true, true, null, true]);
  });

  it('says how much slower when po4a is faster than our cold run', () => {
    const row = issueRows(measurements({ po4a: { version: '0.69', run: m(1950), articles: 1000 } }))[4];
    expect(row.ratioText).toBe('2.00× slower');
    expect(row.met).toBe(false);
  });

  it('a no-op that writes a file misses its goal whatever its speed', () => {
    const row = issueRows(measurements({ noop: { ...m(50), filesWritten: 1 } }))[1];
    expect(row.ratio).toBe(0.5);
    expect(row.met).toBe(false);
    expect(row.ours).toContain('1 files written');
  });

  it('judges peak RSS only at 10,000 articles, on the larger of cold run and check', () => {
    expect(issueRows(measurements({ size: 10_000 }))[5].met).toBe(true);
    expect(issueRows(measurements({ size: 10_000, check: m(4100, 301) }))[5].met).toBe(false);
    expect(issueRows(measurements({ size: 1000, check: m(4100, 301) }))[5].met).toBeNull();
  });

  it('the repository check needs both its time and its memory under the goal', () => {
    expect(issueRows(measurements({ repo: { env: m(200), translate: { ...m(390), filesWritten: 0 }, check: m(450), checkRssMB: 120 } }))[6].met).toBe(false);
    expect(issueRows(measurements({ repo: { env: m(200), translate: { ...m(390), filesWritten: 0 }, check: m(600), checkRssMB: 90 } }))[6].met).toBe(false);
  });

  it('a failed or skipped measurement says why and is not judged', () => {
    const rows = issueRows(measurements({ cold: { error: 'exit 3' }, po4a: null, po4aSkipped: 'po4a is not installed' }));
    expect(rows[3]).toMatchObject({ ours: 'failed: exit 3', ratio: null, met: null });
    expect(rows[4]).toMatchObject({ ours: 'not measured: po4a is not installed', met: null });
  });
});

describe.skipIf(!HAS_CORPUS)('npm run bench -- --quick (tiny)', () => {
  it('prints every row of the table and writes a result JSON with sane figures', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--quick', '--size', '30', '--reps', '1', '--economy', '0', '--out', out], {
        cwd: path.resolve(import.meta.dirname, '..'),
        encoding: 'utf8',
        timeout: 170_000,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('| work | ours | floor / peer | ratio | goal | met |');
      for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) expect(run.stdout).toMatch(new RegExp(`^\\| ${id}\\. `, 'm'));
      const files = fs.readdirSync(out).filter((f) => f.endsWith('-30-quick.json'));
      expect(files).toHaveLength(1);
      const result = JSON.parse(fs.readFileSync(path.join(out, files[0]), 'utf8')) as BenchResult;
      if (result.skipped) throw new Error(result.reason);
      expect(result.rows.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
      // Every row measured (po4a may be absent), every ratio a positive number.
      for (const row of result.rows) expect(row.ours, row.id).not.toMatch(/^failed/);
      for (const row of result.rows.filter((r) => ['a', 'b', 'c', 'd'].includes(r.id))) expect(row.ratio, row.id).toBeGreaterThan(0);
      const { floors, cold, noop, check, repo, po4a } = result.measurements;
      if ('error' in floors || 'error' in cold || 'error' in noop || 'error' in check || 'error' in repo) throw new Error('a measurement failed');
      expect(result.archive.articles).toBe(30);
      expect(result.archive.segments).toBeGreaterThan(300);
      // The hash floor reads the sources and the locale files the cold run wrote; the parse floor only sources.
      expect(floors.parse.files).toBe(30);
      expect(floors.hash.files).toBeGreaterThan(60);
      // Cold: every article's record, locale file, state and both bundles written; the provider asked for
      // every segment (identical segments once).
      expect(cold.filesWritten).toBeGreaterThanOrEqual(30 * 5);
      expect(result.detail.cold?.translated).toBeGreaterThan(result.archive.segments * 0.9);
      expect(result.detail.cold?.translated).toBeLessThanOrEqual(result.archive.segments);
      expect(noop.filesWritten).toBe(0);
      expect(repo.translate.filesWritten).toBe(0);
      expect(result.detail.check?.exitCode).toBeLessThanOrEqual(1);
      if (result.commands.rss.startsWith('/usr/bin/time')) {
        expect(cold.maxRssMB).toBeGreaterThan(20);
        expect(check.maxRssMB).toBeGreaterThan(20);
        expect(repo.checkRssMB).toBeGreaterThan(20);
      }
      // Edit: exactly the edited segment sent.
      if (!result.edit || 'error' in result.edit) throw new Error('the edit run is missing');
      expect(result.edit.sentPerRun).toEqual([1]);
      if (po4a === null) expect(result.measurements.po4aSkipped).toMatch(/not installed/);
      else {
        if ('error' in po4a) throw new Error(po4a.error);
        expect(po4a.articles).toBe(30);
        expect(result.detail.po4a?.outputs).toBe(30);
        expect(result.rows[4].ratio).toBeGreaterThan(0);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
