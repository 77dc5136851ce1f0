/**
 * Exactly once with the llm provider, through the real command: `translate` is killed (SIGKILL)
 * while the LLM emulator holds request k unanswered, for random k, then run again to the end. The
 * emulator's own log must show every unique segment paid for in exactly one answered request, and
 * the locale files must equal those of a run never interrupted. Kill points are drawn by
 * fast-check (`LLM_KILL_RUNS` runs, default 3).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from './helpers/workspace.ts';
import { ROOT, SHARED_CORPORA } from './helpers/corpus.ts';
import { billedSourceCounts, startLlmEmulator, type LlmEmulator } from './llm-emulator/index.ts';

const RUNS = Number(process.env.LLM_KILL_RUNS ?? 3);
const NEWS = path.join(SHARED_CORPORA, 'indosum-news-id/articles');
const ARTICLES = fs.existsSync(NEWS) ? fs.readdirSync(NEWS).sort().slice(0, 3) : [];
if (ARTICLES.length === 0) console.warn(`[llm exactly-once] skipped: the shared news corpus is not at ${NEWS}.`);

const files = () => Object.fromEntries(ARTICLES.map((name) => [`source/${name}`, fs.readFileSync(path.join(NEWS, name), 'utf8')]));
const config = (emulator: LlmEmulator) => ({
  sourceLocale: 'id',
  source: 'source/**/*.md',
  locales: 'locales',
  output: 'dist',
  cache: '.cache/memory.sqlite',
  targets: { en: { provider: 'llm', model: emulator.model, batchSegments: 6, concurrency: 1, retryDelayMs: 5, maxRetryDelayMs: 20 } },
});

let emulator: LlmEmulator;
beforeAll(async () => {
  emulator = await startLlmEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const env = () => ({ PATH: process.env.PATH, CI: 'true', OPENAI_API_KEY: emulator.apiKey, OPENAI_BASE_URL: emulator.url });

/** Start translate in `ws` and SIGKILL it once the emulator has received request `k` (held unanswered). */
async function killAtRequest(ws: Workspace, k: number): Promise<void> {
  emulator.setFaults({ slow: { ms: 60_000, requests: [k] } });
  const child = spawn(process.execPath, ['--import', pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, path.join(ROOT, 'scripts/translate.ts')], { cwd: ws.dir, env: env(), stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let done = false;
  void exited.then(() => (done = true));
  while (!done && emulator.log.length < k) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await exited;
  emulator.setFaults({});
}

function localeFiles(ws: Workspace): Record<string, string> {
  return Object.fromEntries(fg.sync('locales/**/*.yaml', { cwd: ws.dir }).sort().map((file) => [file, ws.read(file)]));
}

describe.skipIf(ARTICLES.length === 0)('llm provider: a killed run, resumed, pays for each segment once', () => {
  it('at any request, killed then rerun: each unique segment answered and billed once; files equal an uninterrupted run', async () => {
    // The uninterrupted run: how many requests a full run makes, and the files it writes.
    emulator.reset();
    const reference = createWorkspace(files(), config(emulator));
    const full = await reference.cliAsync('translate', ['--json'], env());
    expect(full.status, full.stderr).toBe(0);
    const requests = emulator.chatRequests().length;
    expect(requests).toBeGreaterThan(3);
    const expected = localeFiles(reference);

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: requests }), async (k) => {
        emulator.reset();
        const ws = createWorkspace(files(), config(emulator));
        await killAtRequest(ws, k);
        const rerun = await ws.cliAsync('translate', ['--json'], env());
        expect(rerun.status, rerun.stderr).toBe(0);
        const counts = billedSourceCounts(emulator.chatRequests());
        const twice = [...counts].filter(([, n]) => n !== 1);
        expect(twice, `kill at request ${k}: segments billed more than once`).toEqual([]);
        expect(localeFiles(ws)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});
