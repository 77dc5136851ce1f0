/**
 * Per-file scaling: one very large article (bench/large-article.ts) in a workspace with one
 * `identity` target; a cold run, then one paragraph inserted at the top and a rerun, then the
 * check. Each in its own process (bench/run-child.ts with the config's provider,
 * bench/check-child.ts), so time and peak RSS are its own. Every per-file step must be linear:
 * the insert run and the check must cost at most 1.5× the cold run, at 1 MB as at 5 MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { insertParagraphAtTop, writeLargeWorkspace } from './large-article.ts';
import { runTsx } from './spawn.ts';
import type { ChildRunResult } from './run-child.ts';
import type { CheckChildResult } from './check-child.ts';

export interface LargeStep {
  /** In-process time (config load → summary or report), ms. */
  ms: number;
  /** CPU time of the same span (user + system, all threads: GC included), ms. */
  cpuMs: number;
  /** Child process wall time including node/tsx start-up, ms. */
  processMs: number;
  maxRssMB: number;
}

export interface LargeArticleFigure {
  bytes: number;
  segments: number;
  cold: LargeStep;
  insert: LargeStep & { filesWritten: number };
  check: LargeStep & { problems: number };
  /** Wall-time ratios to the cold run. */
  insertRatio: number;
  checkRatio: number;
  /** CPU-time ratios to the cold run (steadier than wall time on a shared machine). */
  insertCpuRatio: number;
  checkCpuRatio: number;
}

const MAX_RATIO = 1.5;

async function step<T extends { runMs: number; cpuMs?: number; maxRssMB: number }>(args: string[]): Promise<{ step: LargeStep; result: T }> {
  const start = performance.now();
  const result = await runTsx<T>(args);
  return { step: { ms: result.runMs, cpuMs: result.cpuMs ?? Number.NaN, processMs: performance.now() - start, maxRssMB: result.maxRssMB }, result };
}

export async function benchLargeArticle(sizes: number[], log: (line: string) => void = () => {}): Promise<LargeArticleFigure[]> {
  const figures: LargeArticleFigure[] = [];
  for (const bytes of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-large-'));
    try {
      const { config, article, sourceBytes } = writeLargeWorkspace(dir, bytes);
      log(`large article ${(sourceBytes / 1e6).toFixed(1)} MB: cold run`);
      const cold = await step<ChildRunResult>(['bench/run-child.ts', '--config', config, '--provider', 'config']);
      fs.writeFileSync(article, insertParagraphAtTop(fs.readFileSync(article, 'utf8')));
      log(`large article ${(sourceBytes / 1e6).toFixed(1)} MB: insert one paragraph at the top, rerun`);
      const insert = await step<ChildRunResult>(['bench/run-child.ts', '--config', config, '--provider', 'config']);
      log(`large article ${(sourceBytes / 1e6).toFixed(1)} MB: check`);
      const check = await step<CheckChildResult>(['bench/check-child.ts', '--config', config]);
      figures.push({
        bytes: sourceBytes,
        segments: cold.result.summary.segments,
        cold: cold.step,
        insert: { ...insert.step, filesWritten: insert.result.summary.filesWritten },
        check: { ...check.step, problems: check.result.problems },
        insertRatio: insert.step.ms / cold.step.ms,
        checkRatio: check.step.ms / cold.step.ms,
        insertCpuRatio: insert.step.cpuMs / cold.step.cpuMs,
        checkCpuRatio: check.step.cpuMs / cold.step.cpuMs,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

export function largeArticleTargets(figures: LargeArticleFigure[]): Array<{ target: string; met: boolean; actual: string }> {
  return figures.flatMap((f) => {
    const mb = `${(f.bytes / 1e6).toFixed(1)} MB`;
    return [
      { target: `insert run ≤ ${MAX_RATIO}× cold run, CPU time (${mb} article)`, met: f.insertCpuRatio <= MAX_RATIO, actual: `${f.insertCpuRatio.toFixed(2)}× (wall ${f.insertRatio.toFixed(2)}×)` },
      { target: `check ≤ ${MAX_RATIO}× cold run, CPU time (${mb} article)`, met: f.checkCpuRatio <= MAX_RATIO, actual: `${f.checkCpuRatio.toFixed(2)}× (wall ${f.checkRatio.toFixed(2)}×)` },
    ];
  });
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatLargeArticle(figures: LargeArticleFigure[], header: string): string {
  const rows = figures.flatMap((f) => {
    const mb = `${(f.bytes / 1e6).toFixed(1)} MB (${f.segments.toLocaleString('en-US')} segments)`;
    return [
      `| ${mb} | cold run | ${s(f.cold.ms)} | ${s(f.cold.cpuMs)} | ${Math.round(f.cold.maxRssMB)} MB | process incl. start-up ${s(f.cold.processMs)} |`,
      `| ${mb} | insert one paragraph, rerun | ${s(f.insert.ms)} | ${s(f.insert.cpuMs)} | ${Math.round(f.insert.maxRssMB)} MB | ${f.insertRatio.toFixed(2)}× cold (CPU ${f.insertCpuRatio.toFixed(2)}×); ${f.insert.filesWritten} files written; process ${s(f.insert.processMs)} |`,
      `| ${mb} | check | ${s(f.check.ms)} | ${s(f.check.cpuMs)} | ${Math.round(f.check.maxRssMB)} MB | ${f.checkRatio.toFixed(2)}× cold (CPU ${f.checkCpuRatio.toFixed(2)}×); ${f.check.problems.toLocaleString('en-US')} problems reported; process ${s(f.check.processMs)} |`,
    ];
  });
  return [
    header,
    '',
    '| article | step | wall time | CPU time | peak RSS | details |',
    '|---|---|---:|---:|---:|---|',
    ...rows,
    '',
    '| target | met | where we stand |',
    '|---|:-:|---|',
    ...largeArticleTargets(figures).map((t) => `| ${t.target} | ${t.met ? 'yes' : '**no**'} | ${t.actual} |`),
    '',
  ].join('\n');
}
