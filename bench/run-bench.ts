/**
 * The benchmark behind `npm run bench`: issue 13's table in one run (bench/issue-rows.ts), whole
 * commands run as a user runs them (bench/commands.ts), plus the edit run and the provider economy.
 * See bench/README.md for what each figure means.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { buildArchive, corpusAvailable, editOneSentence, resetOutputs, CORPUS_DIR, configText, type Archive } from './archive.ts';
import { measure, median, runCommand, packageScript, ranSources, REPO_ROOT, RSS_METHOD, summarize, type CommandRun, type CommandSpec, type Measure } from './commands.ts';
import { changedFiles, snapshotFiles } from './output-snapshot.ts';
import { failed, issueRows, type IssueMeasurements, type IssueRow, type Outcome } from './issue-rows.ts';
import { benchProviderEconomy, type EconomyResult } from './provider-economy.ts';
import { benchPo4a } from './po4a-peer.ts';

/** The one target of the archive (identity: every file is written, no provider cost). */
export const BENCH_LOCALE = 'en';

export interface BenchOptions {
  size: number;
  /** Repetitions of each command (medians reported). */
  reps: number;
  /** Runs of po4a (slow: minutes at 1,000 articles). */
  po4aReps: number;
  /** Largest archive po4a runs on; above it the row is skipped. */
  po4aMax: number;
  /** Articles of the archive run against the DeepL emulator (0: skipped). */
  economyArticles: number;
  /** Requests of the naive baseline actually sent (the rest is extrapolated). */
  naiveSample: number;
  latencyMs: number;
  tooManyRequestsShare: number;
  quick: boolean;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
  /** Keep the temp workspace (for profiling). */
  keep?: boolean;
}

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages at the start and at the end of the run. */
  loadAtStart: number[];
  loadAverage: number[];
  /** The repository commit the pipeline ran from (`+dirty` when pipeline/ or scripts/ had changes). */
  commit: string;
}

export type BenchResult =
  | { skipped: true; reason: string }
  | {
      skipped: false;
      date: string;
      size: number;
      quick: boolean;
      reps: number;
      locales: string[];
      machine: Machine;
      /** The command lines measured (package.json's scripts at run time) and how RSS was read. */
      commands: { translate: string; check: string; rss: string; buildStale: boolean };
      archive: { articles: number; sourceBytes: number; segments: number };
      measurements: IssueMeasurements;
      rows: IssueRow[];
      /** Extra detail of the issue rows. */
      detail: {
        floors?: { hashFiles: number; parseFiles: number; hashInProcessMs: number; parseInProcessMs: number };
        cold?: { filesWritten: number; translated: number };
        check?: { exitCode: number; reportLines: number };
        po4a?: { entries: number; outputs: number };
      };
      edit: Outcome<{ ms: number; runs: number[]; editedArticles: number; expected: number; sentPerRun: number[]; filesWritten: number }> | null;
      economy: Outcome<EconomyResult> | null;
      totalMs: number;
    };

function gitCommit(): string {
  const git = (args: string[]) => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head.status !== 0) return 'unknown';
  const dirty = git(['status', '--porcelain', '--untracked-files=no', '--', 'pipeline', 'scripts']).stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? '+dirty' : ''}`;
}

const load = () => os.loadavg().map((v) => Math.round(v * 100) / 100);

/** This machine, for the table's header (load average now). */
export function describeMachine(loadAtStart = load()): Machine {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAtStart,
    loadAverage: load(),
    commit: gitCommit(),
  };
}

/** Run `fn`; a thrown error becomes `{ error }` (logged), so one failed row does not lose the others. */
function attempt<T>(what: string, log: (line: string) => void, fn: () => T): Outcome<T> {
  try {
    return fn();
  } catch (error) {
    const message = ((error as Error).message ?? String(error)).split('\n').slice(0, 3).join(' ').slice(0, 300);
    log(`${what} failed: ${message}`);
    return { error: message };
  }
}

/** A smaller archive in its own workspace: every k-th article of `archive` (for the DeepL emulator). */
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

interface Summary {
  segments: number;
  filesWritten: number;
  locales: Record<string, { translated: number }>;
}
const parseSummary = (run: CommandRun): Summary => JSON.parse(run.stdout) as Summary;

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? (() => {});
  if (!corpusAvailable()) return { skipped: true, reason: `the corpus ${CORPUS_DIR} is absent (../shared is not beside the checkout); benchmark skipped` };
  const started = performance.now();
  const loadAtStart = load();
  const reps = options.reps;
  const translateLine = packageScript('translate');
  const checkLine = packageScript('check');
  let buildStale = false;
  const note = (run: CommandRun) => {
    if (ranSources(run)) buildStale = true;
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-bench-'));
  try {
    // Rows a and g: the repository as cloned, its own config, through npm.
    log(`repository as cloned: npm run env / translate / check (${reps} each)`);
    const repoDirs = ['locales', 'dist'].map((d) => path.join(REPO_ROOT, d));
    const repo = attempt('repository rows', log, () => {
      const npm = (script: string): CommandSpec => ({ program: 'npm', args: ['run', script], cwd: REPO_ROOT });
      const env = measure(npm('env'), reps).measure;
      // A fresh clone has no dist/ (git-ignored) and no run manifest: its first translate writes
      // the bundles. The row is about the reruns after it, so one unmeasured run comes first.
      runCommand(npm('translate'));
      let filesWritten = 0;
      let before = new Map<string, string>();
      const translate = measure(npm('translate'), reps, {
        before: () => (before = snapshotFiles(repoDirs)),
        after: (run) => {
          note(run);
          filesWritten = Math.max(filesWritten, changedFiles(before, snapshotFiles(repoDirs)).length);
        },
      }).measure;
      const check = measure(npm('check'), reps, { okCodes: [0, 1], after: note }).measure;
      // The check's own process (without npm's): the script line run directly.
      const direct = measure({ program: checkLine, args: [], shell: true, cwd: REPO_ROOT }, reps, { okCodes: [0, 1], after: note }).measure;
      return { env, translate: { ...translate, filesWritten }, check, checkRssMB: direct.maxRssMB };
    });

    log(`building a ${options.size}-article archive in ${work}, one target ${BENCH_LOCALE}: identity`);
    const archive = buildArchive(path.join(work, 'archive'), options.size);
    fs.writeFileSync(archive.config, configText('identity', {}, [BENCH_LOCALE]));
    const outputDirs = ['locales', 'dist'].map((d) => path.join(archive.root, d));
    const translate = (json = true): CommandSpec => ({ program: translateLine, args: ['--config', archive.config, ...(json ? ['--json'] : [])], shell: true, cwd: REPO_ROOT });
    const floor = (kind: 'hash' | 'parse'): CommandSpec => ({ program: 'node', args: ['bench/floor-child.mjs', '--root', archive.root, '--kind', kind], cwd: REPO_ROOT });
    const floorRuns: Record<'hash' | 'parse', CommandRun[]> = { hash: [], parse: [] };
    const runFloor = (kind: 'hash' | 'parse') => {
      const { last } = measure(floor(kind), 1);
      floorRuns[kind].push(last);
    };

    // d. Cold runs, each beside a parse floor run (so both see the same load).
    log(`cold runs (${reps}), each after a parse-floor run`);
    let coldSummary: Summary | undefined;
    const cold = attempt('cold run', log, () => {
      const result = measure(translate(), reps, {
        before: () => {
          runFloor('parse');
          resetOutputs(archive.root);
        },
        after: (run) => {
          note(run);
          log(`  cold: ${Math.round(run.ms)} ms, ${Math.round(run.maxRssMB ?? 0)} MB`);
        },
      });
      coldSummary = parseSummary(result.last);
      return { ...result.measure, filesWritten: coldSummary.filesWritten };
    });

    // b. No-op reruns, each beside a read + hash floor run (sources and the locale files just written).
    log(`no-op reruns (${reps}), each after a read+hash-floor run`);
    const noop = attempt('no-op rerun', log, () => {
      let before = new Map<string, string>();
      let filesWritten = 0;
      const result = measure(translate(), reps, {
        before: () => {
          runFloor('hash');
          before = snapshotFiles(outputDirs);
        },
        after: (run) => {
          note(run);
          const changed = changedFiles(before, snapshotFiles(outputDirs)).length;
          filesWritten = Math.max(filesWritten, changed, parseSummary(run).filesWritten);
        },
      });
      return { ...result.measure, filesWritten };
    });
    const floors = attempt('floors', log, () => {
      const pick = (kind: 'hash' | 'parse') => {
        if (floorRuns[kind].length === 0) throw new Error(`the ${kind} floor was not run`);
        const figures = floorRuns[kind].map((r) => JSON.parse(r.stdout) as { files: number; ms: number });
        return { ...summarize(floorRuns[kind]), files: figures[0].files, inProcessMs: median(figures.map((f) => f.ms)) };
      };
      return { hash: pick('hash'), parse: pick('parse') };
    });

    // c. check after the cold run (report to a file: it can be large).
    log(`check (${reps})`);
    const reportFile = path.join(work, 'check-report.txt');
    let checkExit = 0;
    const check = attempt('check', log, () => {
      const result = measure({ program: checkLine, args: ['--config', archive.config], shell: true, cwd: REPO_ROOT, stdoutFile: reportFile }, reps, {
        okCodes: [0, 1],
        after: (run) => {
          note(run);
          checkExit = run.exitCode;
          log(`  check: ${Math.round(run.ms)} ms, ${Math.round(run.maxRssMB ?? 0)} MB`);
        },
      });
      return result.measure;
    });
    const reportLines = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8').split('\n').filter(Boolean).length : 0;

    // e. po4a on every article (before the edit runs change sources).
    let po4a: IssueMeasurements['po4a'] = null;
    let po4aSkipped: string | undefined;
    let po4aDetail: { entries: number; outputs: number } | undefined;
    if (options.size > options.po4aMax) po4aSkipped = `po4a is run up to ${options.po4aMax.toLocaleString('en-US')} articles (--po4a-max)`;
    else {
      log(`po4a on all ${options.size} articles (${options.po4aReps} run${options.po4aReps > 1 ? 's' : ''})`);
      const result = attempt('po4a', log, () => benchPo4a(archive, path.join(work, 'po4a'), BENCH_LOCALE, options.po4aReps));
      if ('available' in result && !result.available) {
        po4aSkipped = result.reason;
        log(result.reason);
      } else if ('available' in result && result.available) {
        po4a = { version: result.version, run: result.run, articles: result.articles };
        po4aDetail = { entries: result.entries, outputs: result.outputs };
        log(`  po4a: ${Math.round(result.run.ms)} ms`);
      } else po4a = result as { error: string };
    }

    // Edit runs: one sentence in 1% of the articles, a different 1% each time.
    const editedArticles = Math.max(1, Math.round(options.size / 100));
    log(`edit runs (${reps}): one sentence in ${editedArticles} articles each`);
    const edit = failed(cold)
      ? null
      : attempt('edit run', log, () => {
          const sent: number[] = [];
          let filesWritten = 0;
          let rep = 0;
          const result = measure(translate(), reps, {
            before: () => {
              for (let k = 0; k < editedArticles; k++) {
                const file = path.join(archive.root, archive.files[(k * 100 + 37 + rep * 7) % archive.files.length]);
                fs.writeFileSync(file, editOneSentence(fs.readFileSync(file, 'utf8'), 900_000 + rep * 10_000 + k));
              }
              rep++;
            },
            after: (run) => {
              const summary = parseSummary(run);
              sent.push(summary.locales[BENCH_LOCALE]?.translated ?? 0);
              filesWritten = Math.max(filesWritten, summary.filesWritten);
            },
          });
          return { ms: result.measure.ms, runs: result.measure.runs, editedArticles, expected: editedArticles, sentPerRun: sent, filesWritten };
        });

    let economy: Outcome<EconomyResult> | null = null;
    const economyCount = Math.min(options.economyArticles, options.size);
    if (economyCount > 0) {
      log(`provider economy: ${economyCount} articles against the DeepL emulator (${options.latencyMs} ms, ${options.tooManyRequestsShare * 100}% 429), naive sample ${options.naiveSample} requests`);
      try {
        economy = await benchProviderEconomy(subsetArchive(archive, path.join(work, 'economy'), economyCount), {
          latencyMs: options.latencyMs,
          tooManyRequestsShare: options.tooManyRequestsShare,
          providerOptions: {},
          naiveSample: options.naiveSample,
        });
      } catch (error) {
        economy = { error: (error as Error).message.slice(0, 300) };
        log(`provider economy failed: ${economy.error}`);
      }
    }

    const measurements: IssueMeasurements = { size: options.size, repo, floors, cold, noop, check, po4a, po4aSkipped };
    return {
      skipped: false,
      date: new Date().toISOString(),
      size: options.size,
      quick: options.quick,
      reps,
      locales: [BENCH_LOCALE],
      machine: describeMachine(loadAtStart),
      commands: { translate: translateLine, check: checkLine, rss: RSS_METHOD, buildStale },
      archive: { articles: archive.files.length, sourceBytes: archive.sourceBytes, segments: coldSummary?.segments ?? 0 },
      measurements,
      rows: issueRows(measurements),
      detail: {
        floors: failed(floors) ? undefined : { hashFiles: floors.hash.files, parseFiles: floors.parse.files, hashInProcessMs: floors.hash.inProcessMs, parseInProcessMs: floors.parse.inProcessMs },
        cold: coldSummary ? { filesWritten: coldSummary.filesWritten, translated: coldSummary.locales[BENCH_LOCALE]?.translated ?? 0 } : undefined,
        check: failed(check) ? undefined : { exitCode: checkExit, reportLines },
        po4a: po4aDetail,
      },
      edit,
      economy,
      totalMs: performance.now() - started,
    };
  } finally {
    if (!options.keep) fs.rmSync(work, { recursive: true, force: true });
    else log(`workspace kept: ${work}`);
  }
}


export type { Measure };
