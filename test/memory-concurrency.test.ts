/**
 * Runners cooperating on a shared memory (issue 17, "Done when"): 2 and 4 `translate` processes in
 * workspaces of their own, on overlapping archives of the shared news corpus, 3 DeepL targets, one
 * PostgreSQL memory (a throwaway cluster: test/helpers/postgres-cluster.ts; skipped with its message
 * where none can be started), the DeepL emulator answering 10 % of requests with 429. One runner is
 * killed (SIGKILL) while the emulator holds one of its requests; the others finish, and so does the
 * killed one when restarted. Asserted: the emulator billed exactly the characters of the unique
 * segments (what one runner over all the articles is billed); every locale file of every runner is
 * the single runner's; a rerun of every runner sends nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import fg from 'fast-glob';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from './helpers/postgres-cluster.ts';
import { cliArgs, cliEnv } from './helpers/workspace.ts';
import { SHARED_CORPORA, hasShared } from './helpers/corpus.ts';
import { startDeepLEmulator, DEFAULT_EMULATOR_KEY, type DeepLEmulator } from './deepl-emulator/index.ts';

const ARTICLES = hasShared ? fg.sync('indosum-news-id/articles/*.md', { cwd: SHARED_CORPORA, absolute: true }).sort().slice(0, 24) : [];
const TARGET = { provider: 'deepl', maxRetries: 1, retryDelayMs: 5 };
const TARGETS = { en: TARGET, de: TARGET, fr: TARGET };
/** Short for the test (the default is 60 s) but well above a busy machine's heartbeat delays: a 3 s lease was overrun under load. */
const LEASE_MS = 10_000;

const started = hasShared ? await startPostgres() : { skip: 'the shared corpora (../shared/corpora) are not beside the repository' };
const cluster = 'skip' in started ? undefined : started;
if (!cluster) console.warn(`[memory-concurrency] ${(started as { skip: string }).skip}`);
const roots: string[] = [];
afterAll(async () => {
  await cluster?.stop();
  for (const dir of roots) fs.rmSync(dir, { recursive: true, force: true });
});

/** A workspace with `articles` in source/ and `cache` as the memory. */
function workspace(articles: string[], cache: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-runner-'));
  roots.push(dir);
  fs.mkdirSync(path.join(dir, 'source'));
  for (const file of articles) fs.copyFileSync(file, path.join(dir, 'source', path.basename(file)));
  fs.writeFileSync(path.join(dir, 'translate.config.yaml'), stringify({ sourceLocale: 'id', source: 'source/**/*.md', locales: 'locales', output: 'dist', cache, targets: TARGETS }));
  return dir;
}

interface Run {
  child: ChildProcess;
  done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function translate(dir: string, env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, cliArgs('translate', ['--json', '--allow-partial']), { cwd: dir, env: cliEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return { child, done: new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }))) };
}

/** The target locale files (not state files) of a workspace, by path under locales/. */
function localeFiles(dir: string): Map<string, string> {
  const files = fg.sync(`locales/{${Object.keys(TARGETS).join(',')}}/*.yaml`, { cwd: dir, ignore: ['**/*.state.yaml'] });
  return new Map(files.map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]));
}

let baseline: { billed: number; files: Map<string, string> };

beforeAll(async () => {
  if (!cluster) return;
  // One runner over every article, on a memory of its own: the reference for billing and files.
  const emulator = await startDeepLEmulator({ characterLimit: 10_000_000 });
  try {
    const dir = workspace(ARTICLES, '.cache/memory.sqlite');
    const run = await translate(dir, { DEEPL_AUTH_KEY: DEFAULT_EMULATOR_KEY, DEEPL_SERVER_URL: emulator.url }).done;
    expect(run.status, run.stderr).toBe(0);
    baseline = { billed: emulator.billedCharacters, files: localeFiles(dir) };
  } finally {
    await emulator.stop();
  }
}, 300_000);

describe.skipIf(!cluster)('runners sharing a PostgreSQL memory pay each segment once', () => {
  for (const runners of [2, 4]) {
    it(`${runners} runners, overlapping archives, 3 targets, 10% 429s, one killed mid-run while its request is held`, async () => {
      const db = new pg.Client({ connectionString: cluster!.url });
      await db.connect();
      await db.query('DROP TABLE IF EXISTS tm_entry, tm_claim, tm_schema_version CASCADE').catch(() => {});
      await db.end();
      const keys = Array.from({ length: runners }, (_, r) => `runner-${r}-key:fx`);
      const emulator: DeepLEmulator = await startDeepLEmulator({ authKeys: keys, characterLimit: 10_000_000, faults: { tooManyRequests: { fraction: 0.1 }, seed: runners } });
      try {
        // Runner r reads a window of the archive; neighbours overlap by half (2: 16 articles, 4: 12).
        const size = runners === 2 ? 16 : 12;
        const stride = size / 2 / (runners === 2 ? 1 : 1.5);
        const sets = Array.from({ length: runners }, (_, r) => ARTICLES.slice(Math.round(r * stride), Math.round(r * stride) + size));
        expect(new Set(sets.flat()).size).toBe(ARTICLES.length);
        const dirs = sets.map((articles) => workspace(articles, cluster!.url));
        const env = (r: number) => ({ DEEPL_AUTH_KEY: keys[r], DEEPL_SERVER_URL: emulator.url, TRANSLATE_CLAIM_LEASE_MS: String(LEASE_MS), TRANSLATE_CLAIM_WAIT_MS: '120000' });
        // The victim starts first: once its first request arrives it has claimed every segment of
        // its first target, so the others find part of their work claimed by it and wait. Its third
        // request is held (and every later one), then it is killed: the others take over its claims
        // when their lease runs out.
        const victim = 0;
        let seen = 0;
        let firstSeen: () => void = () => {};
        const victimStarted = new Promise<void>((resolve) => (firstSeen = resolve));
        const hold = emulator.hold((_, key) => {
          if (key !== keys[victim]) return false;
          firstSeen();
          return ++seen >= 3;
        });
        const runs: Run[] = [translate(dirs[victim], env(victim))];
        await victimStarted;
        for (let r = 1; r < runners; r++) runs.push(translate(dirs[r], env(r)));
        await hold.first;
        // Answers the victim already received are stored meanwhile (killed between an answer and its
        // write, a runner would have paid for it and the next one pays again: the protocol's one gap).
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        runs[victim].child.kill('SIGKILL');
        const killed = await runs[victim].done;
        hold.release();
        expect(killed.signal).toBe('SIGKILL');
        const results = await Promise.all(runs.map((run) => run.done));
        results.forEach((result, r) => {
          if (r !== victim) expect(result.status, result.stderr).toBe(0);
        });
        // The victim's neighbour waited for segments the victim had claimed (and took them over).
        expect(results[1].stderr).toMatch(/waiting for \d+ segments? another runner is translating/);
        // Restarted, the killed runner finishes what nobody else translated.
        const restarted = await translate(dirs[victim], env(victim)).done;
        expect(restarted.status, restarted.stderr).toBe(0);

        const billed = emulator.billedCharacters;
        const held = emulator.translateRequests().filter((request) => request.fault === 'clientGone');
        expect(billed).toBe(baseline.billed);
        const waited = results.filter((_, r) => r !== victim).map((result) => Object.values(JSON.parse(result.stdout).locales as Record<string, { waited?: number }>).reduce((n, l) => n + (l.waited ?? 0), 0));
        expect(waited.every((n) => Number.isInteger(n))).toBe(true);
        console.log(`[memory-concurrency] ${runners} runners: billed ${billed} characters, unique ${baseline.billed}; ${emulator.translateRequests().filter((request) => request.fault === 'tooManyRequests').length} 429s; held request of the killed runner: ${held.length ? 'not billed' : 'none seen'}; segments waited for: ${waited.join(', ')}`);

        for (const dir of dirs) {
          const files = localeFiles(dir);
          expect(files.size).toBe(sets[dirs.indexOf(dir)].length * 3);
          for (const [file, content] of files) expect(content, file).toBe(baseline.files.get(file));
        }
        // A rerun of every runner sends nothing.
        const before = emulator.translateRequests().length;
        const reruns = await Promise.all(dirs.map((dir, r) => translate(dir, env(r)).done));
        for (const rerun of reruns) expect(rerun.status, rerun.stderr).toBe(0);
        expect(emulator.translateRequests().length).toBe(before);
      } finally {
        await emulator.stop();
      }
    }, 300_000);
  }
});
