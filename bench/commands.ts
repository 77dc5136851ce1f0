/**
 * Whole commands, run the way a user runs them: a child process per run, start-up included, wall
 * time measured from the bench process around the spawn, peak RSS from GNU time (`/usr/bin/time
 * -f %M`: the largest resident set of the process tree's members, not their sum).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const GNU_TIME = '/usr/bin/time';

/** How peak RSS is measured, or why it is not. */
export const RSS_METHOD = fs.existsSync(GNU_TIME) ? '/usr/bin/time -f %M (largest process of the command)' : 'not measured (/usr/bin/time is absent)';

export interface CommandRun {
  /** Wall time of the whole child process (spawn to exit), ms. */
  ms: number;
  /** Peak RSS, MB; null without /usr/bin/time. */
  maxRssMB: number | null;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CommandSpec {
  /** Program (e.g. `npm`) with `args`, or a shell line (`shell: true`) to which `args` are appended quoted, as npm does. */
  program: string;
  args: string[];
  shell?: boolean;
  cwd: string;
  /** Where stdout goes: captured (default), or a file (for large reports). */
  stdoutFile?: string;
}

/**
 * The command line of a package.json script (`npm run <name>` runs it through `sh -c` from the
 * repository root). Read at run time: the build layout may change. Throws when there is none.
 */
export function packageScript(name: string, root = REPO_ROOT): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const line = pkg.scripts?.[name];
  if (!line) throw new Error(`package.json has no "${name}" script`);
  return line;
}

/**
 * The child's environment: the bench's own, without provider keys, so a run that unexpectedly has
 * work cannot reach a paid service (it fails instead, which the exit code shows).
 */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DEEPL_AUTH_KEY', 'OPENAI_API_KEY', 'DEEPL_SERVER_URL', 'OPENAI_BASE_URL']) delete env[key];
  return env;
}

/** Run one command once (synchronously, so the bench process is idle meanwhile). */
export function runCommand(spec: CommandSpec): CommandRun {
  const argv = spec.shell ? ['sh', '-c', `${spec.program} "$@"`, 'sh', ...spec.args] : [spec.program, ...spec.args];
  const rssFile = path.join(os.tmpdir(), `jfid-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const useTime = fs.existsSync(GNU_TIME);
  const full = useTime ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv] : argv;
  const out = spec.stdoutFile ? fs.openSync(spec.stdoutFile, 'w') : 'pipe';
  const start = performance.now();
  const result = spawnSync(full[0], full.slice(1), { cwd: spec.cwd, env: childEnv(), encoding: 'utf8', stdio: ['ignore', out, 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (typeof out === 'number') fs.closeSync(out);
  let maxRssMB: number | null = null;
  if (useTime && fs.existsSync(rssFile)) {
    // GNU time writes "Command exited with non-zero status N" before the figure when the exit code is not 0.
    const kb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    if (Number.isFinite(kb)) maxRssMB = kb / 1024;
    fs.rmSync(rssFile, { force: true });
  }
  if (result.error) throw result.error;
  return { ms, maxRssMB, exitCode: result.status ?? 128, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Median of a non-empty list. */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Several runs of one command: median wall time, every run's time, largest peak RSS. */
export interface Measure {
  ms: number;
  runs: number[];
  maxRssMB: number | null;
  exitCodes: number[];
}

export function summarize(runs: CommandRun[]): Measure {
  const rss = runs.map((r) => r.maxRssMB).filter((v): v is number => v !== null);
  return {
    ms: median(runs.map((r) => r.ms)),
    runs: runs.map((r) => Math.round(r.ms)),
    maxRssMB: rss.length > 0 ? Math.max(...rss) : null,
    exitCodes: runs.map((r) => r.exitCode),
  };
}

/**
 * Run `spec` `reps` times (with `before` ahead of each run, untimed); a run that crashed (see
 * `crashed`) is made once more. Fails with the command's stderr when an exit code is not in
 * `okCodes` or the run crashed again.
 */
export function measure(spec: CommandSpec, reps: number, options: { okCodes?: number[]; before?: () => void; after?: (run: CommandRun) => void } = {}): { measure: Measure; last: CommandRun } {
  const okCodes = options.okCodes ?? [0];
  const runs: CommandRun[] = [];
  for (let i = 0; i < reps; i++) {
    options.before?.();
    let run = runCommand(spec);
    // A crash from outside (build/ rewritten by `npm run build` meanwhile): once more, after a pause.
    if (crashed(run)) {
      spawnSync('sleep', ['2']);
      options.before?.();
      run = runCommand(spec);
    }
    if (!okCodes.includes(run.exitCode) || crashed(run)) {
      throw new Error(`${spec.program} ${spec.args.join(' ')} exited with ${run.exitCode}${crashed(run) ? ' (crashed)' : ''} (cwd ${spec.cwd}): ${run.stderr.slice(-1500)}`);
    }
    options.after?.(run);
    runs.push(run);
  }
  return { measure: summarize(runs), last: runs[runs.length - 1] };
}

/**
 * True when a failing exit code comes from a crash rather than from the command's own verdict (a
 * check exits 1 for problems found): a missing module or script (e.g. build/ being rewritten
 * meanwhile) or an uncaught exception's stack trace on stderr.
 */
export const crashed = (run: CommandRun): boolean =>
  run.exitCode !== 0 && /Cannot find module|ERR_MODULE_NOT_FOUND|Missing script|^\s+at .+:\d+:\d+\)?$/m.test(run.stderr);

/** True when the command ran the TypeScript sources because build/ was stale (cli/fresh-build.ts's note). */
export const ranSources = (run: CommandRun): boolean => /build\/ is older than the sources/.test(run.stderr);
