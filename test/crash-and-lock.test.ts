import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fg from 'fast-glob';
import { createWorkspace, DEFAULT_CONFIG, SEED_ARTICLE } from './helpers/workspace.ts';
import { ROOT } from './helpers/corpus.ts';
import { startDeepLEmulator, DEFAULT_EMULATOR_KEY, type DeepLEmulator } from './deepl-emulator/index.ts';
import { parseLocaleFile } from '../pipeline/locale/locale-file.ts';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { normalizeSegment } from '../pipeline/store/fuzzy-score.ts';
import { acquireLock } from '../pipeline/cli/workspace-lock.ts';

let emulator: DeepLEmulator;
beforeAll(async () => {
  emulator = await startDeepLEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

const CONFIG = { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl', maxRetries: 1, concurrency: 1 } } };
const env = () => ({ DEEPL_AUTH_KEY: DEFAULT_EMULATOR_KEY, DEEPL_SERVER_URL: emulator.url });

describe('one run at a time, and a killed run loses nothing', () => {
  it('a second run refuses the workspace lock with a clear message; a lock left by a dead run is taken over', () => {
    const ws = createWorkspace({ 'source/a.md': '# Judul\n\nKalimat.\n' });
    const lock = path.join(ws.dir, '.cache/memory.sqlite.lock');
    let release = acquireLock(lock); // held by a live run of the pipeline: this process
    const refused = ws.cli('translate', ['--provider', 'pseudo']);
    release();
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain(`another translate run (pid ${process.pid}) is working on this workspace`);
    expect(ws.exists('locales/en/a.yaml')).toBe(false);

    ws.write('.cache/memory.sqlite.lock', '999999999\n'); // no such process
    expect(ws.cli('translate', ['--provider', 'pseudo']).status).toBe(0);
    expect(ws.exists('.cache/memory.sqlite.lock')).toBe(false);

    // A review waits its turn too: it writes the same files.
    release = acquireLock(lock);
    const review = ws.cli('review', ['approve', 'en', 'a']);
    expect(review.status).toBe(3);
    expect(review.stderr).toContain('is working on this workspace');
    release();
    expect(ws.cli('review', ['approve', 'en', 'a']).status).toBe(0);
  });

  it('SIGKILL in the middle of a paid run: no half-written file, and the rerun bills only what was not received', async () => {
    const ws = createWorkspace({ 'source/seed.md': SEED_ARTICLE }, CONFIG);
    const unique = new Set(extractArticle(SEED_ARTICLE, { fields: ['title', 'description', 'summary'], split: segmentSentences }).segments.map((s) => normalizeSegment(s.source)));
    const expected = [...unique].reduce((n, text) => n + [...text].length, 0);
    const billedBefore = emulator.billedCharacters;
    emulator.setFaults({ slow: { ms: 150 } });
    const child = spawn(process.execPath, ['--import', pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, path.join(ROOT, 'scripts/translate.ts')], {
      cwd: ws.dir,
      env: { PATH: process.env.PATH, CI: 'true', ...env() },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const served = () => emulator.translateRequests().filter((r) => r.status === 200 && r.billedCharacters > 0).length;
    const start = served();
    while (served() < start + 3) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    emulator.clearFaults();
    const paidBeforeKill = emulator.billedCharacters - billedBefore;
    const billedRequests = emulator.translateRequests().filter((r) => r.billedCharacters > 0);
    const inFlightAtKill = billedRequests[billedRequests.length - 1].billedCharacters;
    expect(paidBeforeKill).toBeGreaterThan(0);
    expect(paidBeforeKill).toBeLessThan(expected);

    expect(fg.sync('**/*.tmp', { cwd: ws.dir, dot: true })).toEqual([]);
    for (const file of fg.sync('locales/**/*.yaml', { cwd: ws.dir })) expect(() => parseLocaleFile(ws.read(file))).not.toThrow();

    const rerun = await ws.cliAsync('translate', ['--json'], env());
    expect(rerun.stderr).not.toContain('error');
    expect(rerun.status).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.locales.en.missing).toBe(0);
    // Every response the killed run received was saved: the rerun pays only for the rest. The one
    // response DeepL may have billed while the process died reading it is the only possible excess.
    const excess = emulator.billedCharacters - billedBefore - expected;
    expect([0, inFlightAtKill]).toContain(excess);
    expect(summary.locales.en.billedCharacters).toBe(expected - paidBeforeKill + excess);
    expect(fs.readFileSync(path.join(ws.dir, 'locales/en/seed.yaml'), 'utf8')).toContain('# id: Pertemuan ini merupakan yang kedua kalinya');
  });
});
