/**
 * `npm run bench`: issue 13's table (whole commands against their floors and po4a) plus provider
 * economy, in one run. Writes bench/results/<date>-<size>.json and prints a markdown table (also kept in bench/README.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, UsageError } from '../pipeline/cli/parse-args.ts';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { describeMachine, runBench, type BenchOptions } from '../bench/run-bench.ts';
import { benchLargeArticle, formatLargeArticle, largeArticleTargets } from '../bench/large-article-bench.ts';
import { formatTable } from '../bench/format-table.ts';

const HELP = `Usage: npm run bench -- [options]

Measures issue 13's table in one run, each ratio beside its goal. Builds an archive from
../shared/corpora/indosum-news-id (copies with per-copy word changes) in a temp workspace with one
target \`en: { provider: identity }\`, and runs whole commands as child processes (start-up
included; package.json's "translate" and "check" script lines, read at run time):
  a. npm run translate on the repository as cloned vs npm run env
  b. no-op rerun vs read + SHA-256 of sources and locales/ (fresh node process); files written
  c. check vs the parse floor (remark-parse + gfm + frontmatter over the sources, fresh node process)
  d. cold run vs the parse floor
  e. po4a (one config, one POT, one PO, --keep 0) on all articles vs our cold run
  f. peak RSS of the cold run and the check (goal judged at --size 10000)
  g. npm run check on the repository as cloned
Then an edit run (one sentence in 1% of articles) and provider economy against the DeepL emulator.

Options:
  --size N             articles (default 1000; quick 100; e.g. 10000)
  --quick              CI-sized: 100 articles unless --size, small emulator samples
  --reps N             runs of each command, median reported (default 3; 1 at ≥ 5000 articles)
  --po4a-reps N        runs of po4a (default --reps)
  --po4a-max N         largest archive po4a runs on (default 10000)
  --economy N          articles run against the DeepL emulator (default 100; quick 20; 0 skips)
  --naive-sample N     naive-baseline requests actually sent (default 100; quick 20)
  --latency MS         emulator latency per request (default 50)
  --share429 F         share of requests answered 429 (default 0.1)
  --out DIR            results folder (default bench/results); bench/README.md is updated only for
                       full runs written to the default folder
  --large MB,MB        also the per-file scaling bench: one article of each size (identity target)
  --large-only         only the per-file scaling measurement (needs no ../shared)
  --keep               keep the temp workspace
  --config FILE        accepted like every command's; the benchmark builds its own workspace and config
  -h, --help           show this help
`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isFinite(v) || v < 0) throw new UsageError(`--${name} must be a number; see npm run bench -- --help`);
  return v;
}

/** Replace (or append) the section `<!-- bench:NAME -->` … `<!-- /bench:NAME -->` of bench/README.md (markers on lines of their own). */
function updateReadme(file: string, name: string, table: string): void {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${begin}\n${table.trimEnd()}\n${end}`;
  const lines = text.split('\n');
  const from = lines.indexOf(begin);
  const to = from === -1 ? -1 : lines.indexOf(end, from);
  const next = from === -1 || to === -1 ? `${text.trimEnd()}\n\n${block}\n` : [...lines.slice(0, from), block, ...lines.slice(to + 1)].join('\n');
  fs.writeFileSync(file, next);
}

/** The per-file scaling bench: its own results file and README section (`<!-- bench:large -->`). */
async function runLarge(sizes: number[], out: string | undefined, log?: (line: string) => void): Promise<number> {
  const figures = await benchLargeArticle(sizes, log);
  const machine = describeMachine();
  const date = new Date().toISOString();
  const header = `### One large article: ${sizes.map((b) => `${b / 1e6} MB`).join(', ')}\n\nMachine: ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}; load average at the end ${machine.loadAverage.join(' ')} (shared machine). Pipeline at ${machine.commit}; ${date.slice(0, 10)}. \`npm run bench -- --large-only\`.`;
  const table = formatLargeArticle(figures, header);
  const outDir = path.resolve(out ?? path.join(ROOT, 'bench/results'));
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${date.slice(0, 10)}-large.json`);
  fs.writeFileSync(file, `${JSON.stringify({ date, machine, figures, targets: largeArticleTargets(figures) }, null, 2)}\n`);
  if (out === undefined) updateReadme(path.join(ROOT, 'bench/README.md'), 'large', table);
  process.stdout.write(`${table}\nResults: ${path.relative(process.cwd(), file) || file}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, { values: ['large', 'size', 'reps', 'po4a-reps', 'po4a-max', 'economy', 'naive-sample', 'latency', 'share429', 'out', 'config'], booleans: ['quick', 'keep', 'large-only'] }, 'bench');
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"; see npm run bench -- --help`);
    if (args.values.config !== undefined && !fs.existsSync(args.values.config)) throw new UsageError(`config file ${args.values.config} does not exist; pass an existing file or drop --config`);
    // Checked like every command's (the benchmark then builds its own workspace and config).
    if (args.values.config !== undefined) loadConfig(args.values.config);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  if (args.flags.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const quick = args.flags.has('quick');
  let options: BenchOptions;
  try {
    const size = int(args.values.size, quick ? 100 : 1000, 'size');
    const reps = Math.max(1, int(args.values.reps, size >= 5000 ? 1 : 3, 'reps'));
    options = {
      size,
      quick,
      reps,
      po4aReps: Math.max(1, int(args.values['po4a-reps'], reps, 'po4a-reps')),
      po4aMax: int(args.values['po4a-max'], 10_000, 'po4a-max'),
      economyArticles: int(args.values.economy, quick ? 20 : 100, 'economy'),
      naiveSample: Math.max(1, int(args.values['naive-sample'], quick ? 20 : 100, 'naive-sample')),
      latencyMs: int(args.values.latency, 50, 'latency'),
      tooManyRequestsShare: int(args.values.share429, 0.1, 'share429'),
      keep: args.flags.has('keep'),
      log: (line) => process.stderr.write(`bench: ${line}\n`),
    };
    if (options.size < 1) throw new UsageError('--size must be at least 1');
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  const largeSizes = (args.values.large ?? '').split(',').filter((v) => v.trim() !== '').map((v) => Number(v) * 1e6);
  if (largeSizes.some((v) => !Number.isFinite(v) || v <= 0)) {
    process.stderr.write('bench: --large takes sizes in MB, e.g. --large 1,5\n');
    return 2;
  }
  if (args.flags.has('large-only')) return runLarge(largeSizes.length > 0 ? largeSizes : [1e6, 5e6], args.values.out, options.log);
  const result = await runBench(options);
  if (largeSizes.length > 0) await runLarge(largeSizes, args.values.out, options.log);
  const table = formatTable(result);
  if (result.skipped) {
    process.stdout.write(table);
    return 0;
  }
  const outDir = path.resolve(args.values.out ?? path.join(ROOT, 'bench/results'));
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${result.date.slice(0, 10)}-${result.size}${quick ? '-quick' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  if (!quick && args.values.out === undefined) updateReadme(path.join(ROOT, 'bench/README.md'), result.size === 1000 ? 'issue13' : `issue13-${result.size}`, table);
  process.stdout.write(`${table}\nResults: ${path.relative(process.cwd(), file) || file} (${Math.round(result.totalMs / 1000)} s)\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 3;
  },
);
