/**
 * The archive-scale benchmark behind `npm run bench`: speed, memory and provider cost, side by
 * side, in one run. See bench/README.md for what each figure means.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildArchive, corpusAvailable, editOneSentence, resetOutputs, CORPUS_DIR, TARGET_LOCALES, configText, type Archive } from './archive.ts';
import { spawnSync } from 'node:child_process';
import { runChild, runTsx, REPO_ROOT } from './spawn.ts';
import type { FloorResult } from './floor-child.ts';
import type { ChildRunResult } from './run-child.ts';
import { benchProviderEconomy, type EconomyResult } from './provider-economy.ts';
import { benchPo4a, type Po4aResult } from './po4a-peer.ts';

export interface BenchOptions {
  size: number;
  /** Repetitions of each local measurement (medians reported). */
  reps: number;
  /** Articles of the archive run against the DeepL emulator (an even spread of the archive). */
  economyArticles: number;
  /** Requests of the naive baseline actually sent (the rest is extrapolated). */
  naiveSample: number;
  /** Articles po4a runs on (extrapolated per article to the archive). */
  po4aSample: number;
  latencyMs: number;
  tooManyRequestsShare: number;
  /** Options of the deepl targets in the economy run. */
  deeplOptions: Record<string, unknown>;
  quick: boolean;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
  /** Keep the temp workspace (for profiling). */
  keep?: boolean;
  /** Floors and the cold run only (for archives where the rest would take too long). */
  coldOnly?: boolean;
}

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGB: number;
  node: string;
  platform: string;
  loadAverage: number[];
  /** The repository commit the pipeline ran from (`+dirty` when the work tree had changes). */
  commit: string;
}

export interface RunFigure {
  /** Median of the runs' in-process time (config load → summary), ms. */
  ms: number;
  /** Median wall time of the child process including node/tsx start-up, ms. */
  processMs: number;
  runs: number[];
  maxRssMB: number;
  filesWritten: number;
  providerSegments: number;
}

export type BenchResult =
  | { skipped: true; reason: string }
  | {
      skipped: false;
      date: string;
      size: number;
      quick: boolean;
      locales: string[];
      machine: Machine;
      archive: { articles: number; sourceBytes: number; segments: number };
      floors: { readHashMs: number; parseMs: number; readHashRuns: number[]; parseRuns: number[] };
      cold: RunFigure & { articlesPerSecond: number; ratioToParseFloor: number; ratioToReadHashFloor: number; translatedPerLocale: Record<string, number> };
      /** null: not measured (`--cold-only`). */
      noop: (RunFigure & { ratioToReadHashFloor: number; ratioToParseFloor: number }) | null;
      edit: (RunFigure & { editedArticles: number; expectedSegments: number; sentPerRun: number[]; requests: number }) | null;
      economy: EconomyResult | null;
      po4a: (Po4aResult & { pipelineRatio?: number }) | null;
      targets: Array<{ target: string; met: boolean; actual: string }>;
      totalMs: number;
    };

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function gitCommit(): string {
  const git = (args: string[]) => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head.status !== 0) return 'unknown';
  const dirty = git(['status', '--porcelain', '--untracked-files=no', '--', 'pipeline']).stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? '+dirty' : ''}`;
}

export function describeMachine(): Machine {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
    commit: gitCommit(),
  };
}

async function timedChild(args: string[]): Promise<ChildRunResult & { processMs: number }> {
  const start = performance.now();
  const result = await runChild(args);
  return { ...result, processMs: performance.now() - start };
}

function figure(runs: Array<ChildRunResult & { processMs: number }>): RunFigure {
  return {
    ms: median(runs.map((r) => r.runMs)),
    processMs: median(runs.map((r) => r.processMs)),
    runs: runs.map((r) => Math.round(r.runMs)),
    maxRssMB: Math.max(...runs.map((r) => r.maxRssMB)),
    filesWritten: Math.max(...runs.map((r) => r.summary.filesWritten)),
    providerSegments: Math.max(...runs.map((r) => r.providerSegments)),
  };
}

/** A smaller archive in its own workspace: every k-th article of `archive`. */
function subsetArchive(archive: Archive, root: string, count: number): Archive {
  fs.rmSync(root, { recursive: true, force: true });
  const stride = Math.max(1, Math.floor(archive.files.length / count));
  const files = archive.files.filter((_, i) => i % stride === 0).slice(0, count);
  let sourceBytes = 0;
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(path.join(archive.root, file), path.join(root, file));
    sourceBytes += fs.statSync(path.join(root, file)).size;
  }
  const config = path.join(root, 'translate.config.yaml');
  fs.writeFileSync(config, configText('deepl'));
  return { root, config, sourceDir: path.join(root, 'source'), files, sourceBytes };
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? (() => {});
  if (!corpusAvailable()) return { skipped: true, reason: `the corpus ${CORPUS_DIR} is absent (../shared is not beside the checkout); benchmark skipped` };
  const started = performance.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-bench-'));
  try {
    log(`building a ${options.size}-article archive in ${work}`);
    const archive = buildArchive(path.join(work, 'archive'), options.size);
    const child = ['bench/run-child.ts', '--config', archive.config, '--provider', 'fake'];

    log('floors: read+hash, read+parse');
    const hashRuns: number[] = [];
    const parseRuns: number[] = [];
    for (let i = 0; i < options.reps; i++) {
      hashRuns.push((await runTsx<FloorResult>(['bench/floor-child.ts', '--root', archive.root, '--kind', 'hash'])).ms);
      parseRuns.push((await runTsx<FloorResult>(['bench/floor-child.ts', '--root', archive.root, '--kind', 'parse'])).ms);
    }
    const floors = { readHashMs: median(hashRuns), parseMs: median(parseRuns), readHashRuns: hashRuns.map((v) => Math.round(v * 10) / 10), parseRuns: parseRuns.map(Math.round) };

    log(`cold runs (${options.reps}, zero-latency provider)`);
    const coldRuns = [];
    for (let i = 0; i < options.reps; i++) {
      resetOutputs(archive.root);
      coldRuns.push(await timedChild(child));
      log(`  cold ${i + 1}: ${Math.round(coldRuns[i].runMs)} ms, ${Math.round(coldRuns[i].maxRssMB)} MB`);
    }
    const lastCold = coldRuns[coldRuns.length - 1];
    const coldFigure = figure(coldRuns);
    const cold = {
      ...coldFigure,
      articlesPerSecond: options.size / (coldFigure.ms / 1000),
      ratioToParseFloor: coldFigure.ms / floors.parseMs,
      ratioToReadHashFloor: coldFigure.ms / floors.readHashMs,
      translatedPerLocale: Object.fromEntries(Object.entries(lastCold.summary.locales).map(([l, s]) => [l, s.translated])),
    };

    const rest = options.coldOnly ? undefined : await measureRest(archive, child, cold, floors, options, work, log);
    const { noop = null, edit = null, economy = null, po4a = null } = rest ?? {};
    const f1 = (v: number) => v.toFixed(1);
    const peak = Math.max(cold.maxRssMB, noop?.maxRssMB ?? 0, edit?.maxRssMB ?? 0);
    const targets: Array<{ target: string; met: boolean; actual: string }> = [
      { target: 'cold run ≤ 3× parse floor', met: cold.ratioToParseFloor <= 3, actual: `${f1(cold.ratioToParseFloor)}×` },
      {
        target: `peak RSS < 300 MB${options.size >= 10_000 ? '' : ' (target is at 10,000 articles)'}`,
        met: peak < 300,
        actual: `${Math.round(peak)} MB at ${options.size}`,
      },
    ];
    if (noop) {
      targets.push({ target: 'no-op rerun ≤ 1.5× read+hash floor', met: noop.ratioToReadHashFloor <= 1.5, actual: `${f1(noop.ratioToReadHashFloor)}×` });
      targets.push({ target: 'no-op rerun rewrites 0 files', met: noop.filesWritten === 0, actual: `${noop.filesWritten} files` });
    }
    if (edit) {
      const met = edit.sentPerRun.every((n) => n === edit.expectedSegments);
      targets.push({ target: 'edit run sends exactly the edited segments', met, actual: `${edit.sentPerRun.join(', ')} sent, ${edit.expectedSegments} expected` });
    }
    if (economy) {
      targets.push({
        target: 'billed characters = unique-segment characters',
        met: economy.pipeline.emulatorBilledCharacters === economy.uniqueSegmentCharacters,
        actual: `${economy.pipeline.emulatorBilledCharacters} billed, ${economy.uniqueSegmentCharacters} unique`,
      });
    }
    if (po4a) {
      targets.push(
        po4a.available
          ? { target: '≥ 10× faster than po4a', met: (po4a.pipelineRatio ?? 0) >= 10, actual: `${f1(po4a.pipelineRatio ?? 0)}×` }
          : { target: '≥ 10× faster than po4a', met: false, actual: 'po4a absent: not measured' },
      );
    }
    return {
      skipped: false,
      date: new Date().toISOString(),
      size: options.size,
      quick: options.quick,
      locales: TARGET_LOCALES,
      machine: describeMachine(),
      archive: { articles: archive.files.length, sourceBytes: archive.sourceBytes, segments: lastCold.summary.segments },
      floors,
      cold,
      noop,
      edit,
      economy,
      po4a,
      targets,
      totalMs: performance.now() - started,
    };
  } finally {
    if (!options.keep) fs.rmSync(work, { recursive: true, force: true });
    else log(`workspace kept: ${work}`);
  }
}

async function measureRest(archive: Archive, child: string[], cold: { ms: number }, floors: { readHashMs: number; parseMs: number }, options: BenchOptions, work: string, log: (line: string) => void) {
    log(`no-op reruns (${options.reps})`);
    const noopRuns = [];
    for (let i = 0; i < options.reps; i++) noopRuns.push(await timedChild(child));
    const noopFigure = figure(noopRuns);
    const noop = { ...noopFigure, ratioToReadHashFloor: noopFigure.ms / floors.readHashMs, ratioToParseFloor: noopFigure.ms / floors.parseMs };

    const editedArticles = Math.max(1, Math.round(options.size / 100));
    log(`edit runs (${options.reps}): one sentence in ${editedArticles} articles each`);
    const editRuns = [];
    for (let rep = 0; rep < options.reps; rep++) {
      for (let k = 0; k < editedArticles; k++) {
        const file = path.join(archive.root, archive.files[(k * 100 + 37 + rep * 7) % archive.files.length]);
        fs.writeFileSync(file, editOneSentence(fs.readFileSync(file, 'utf8'), 900_000 + rep * 10_000 + k));
      }
      editRuns.push(await timedChild(child));
    }
    const editFigure = figure(editRuns);
    const edit = {
      ...editFigure,
      editedArticles,
      expectedSegments: editedArticles * TARGET_LOCALES.length,
      sentPerRun: editRuns.map((r) => r.providerSegments),
      requests: median(editRuns.map((r) => Object.values(r.summary.locales).reduce((n, l) => n + l.requests, 0))),
    };

    const economyCount = Math.min(options.economyArticles, options.size);
    log(`provider economy: ${economyCount} articles against the DeepL emulator (${options.latencyMs} ms, ${options.tooManyRequestsShare * 100}% 429), naive sample ${options.naiveSample} requests`);
    const economy = await benchProviderEconomy(subsetArchive(archive, path.join(work, 'economy'), economyCount), {
      latencyMs: options.latencyMs,
      tooManyRequestsShare: options.tooManyRequestsShare,
      providerOptions: options.deeplOptions,
      naiveSample: options.naiveSample,
    });

    log(`po4a on ${Math.min(options.po4aSample, options.size)} articles`);
    const po4aRaw = benchPo4a(archive, path.join(work, 'po4a'), Math.min(options.po4aSample, options.size));
    const po4a = po4aRaw.available ? { ...po4aRaw, pipelineRatio: po4aRaw.archiveMs / cold.ms } : po4aRaw;
    if (!po4aRaw.available) log(`po4a: ${po4aRaw.reason}`);

    return { noop, edit, economy, po4a };
}
