/**
 * `npm run bench -- --quick` at an even smaller size, end to end (CLI, child runs, DeepL emulator,
 * po4a when installed), so the benchmark cannot rot. Needs ../shared (the indosum corpus); skipped
 * with a message otherwise.
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

describe.skipIf(!HAS_CORPUS)('npm run bench -- --quick (tiny)', () => {
  it('writes a result JSON with sane figures', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
    try {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/bench.ts', '--quick', '--size', '30', '--reps', '1', '--economy', '6', '--naive-sample', '4', '--po4a-sample', '4', '--latency', '10', '--out', out],
        { cwd: path.resolve(import.meta.dirname, '..'), encoding: 'utf8', timeout: 170_000 },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('| measure | time | details |');
      const files = fs.readdirSync(out).filter((f) => f.endsWith('-30-quick.json'));
      expect(files).toHaveLength(1);
      const result = JSON.parse(fs.readFileSync(path.join(out, files[0]), 'utf8')) as BenchResult;
      if (result.skipped) throw new Error(result.reason);
      const { noop, edit, economy, po4a } = result;
      if (!noop || !edit || !economy || !po4a) throw new Error('a measurement is missing from the result');
      expect(result.archive.articles).toBe(30);
      expect(result.archive.segments).toBeGreaterThan(300);
      expect(result.floors.readHashMs).toBeGreaterThan(0);
      expect(result.floors.parseMs).toBeGreaterThan(result.floors.readHashMs);
      // Cold: every article translated for every locale, bundles written.
      expect(result.cold.ms).toBeGreaterThan(0);
      expect(result.cold.maxRssMB).toBeGreaterThan(20);
      expect(result.cold.filesWritten).toBeGreaterThanOrEqual(30 * (1 + 3 * 4));
      expect(Object.keys(result.cold.translatedPerLocale).sort()).toEqual(['de', 'en', 'fr']);
      // No-op: nothing rewritten, nothing sent.
      expect(noop.filesWritten).toBe(0);
      expect(noop.providerSegments).toBe(0);
      // Edit: exactly the edited segments, in every locale.
      expect(edit.editedArticles).toBe(1);
      expect(edit.sentPerRun).toEqual([3]);
      // Provider economy: each unique segment billed once; the naive baseline pays for duplicates.
      expect(economy.pipeline.exitCode).toBe(0);
      expect(economy.pipeline.emulatorBilledCharacters).toBe(economy.uniqueSegmentCharacters);
      expect(economy.pipeline.billedCharacters).toBe(economy.pipeline.emulatorBilledCharacters);
      expect(economy.naive.billedCharacters).toBeGreaterThanOrEqual(economy.uniqueSegmentCharacters);
      expect(economy.naive.requests).toBe(economy.segments * 3);
      if (po4a.available) {
        expect(po4a.outputs).toBe(po4a.articles * 3);
        expect(po4a.pipelineRatio).toBeGreaterThan(0);
      } else {
        expect(po4a.reason).toMatch(/not installed/);
      }
      expect(result.targets.map((t) => t.target)).toContain('no-op rerun rewrites 0 files');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
