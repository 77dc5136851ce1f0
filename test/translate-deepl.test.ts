import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fg from 'fast-glob';
import { createWorkspace, DEFAULT_CONFIG, SEED_ARTICLE, type Workspace } from './helpers/workspace.ts';
import { startDeepLEmulator, DEFAULT_EMULATOR_KEY, type DeepLEmulator } from './deepl-emulator/index.ts';

const CONFIG = { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl', maxRetries: 1, retryDelayMs: 5 } } };
const SEED_CHARACTERS = 7032; // unique segment characters of the seed article (title + 57 sentences)

let emulator: DeepLEmulator;
let ws: Workspace;
const env = (key = DEFAULT_EMULATOR_KEY) => ({ DEEPL_AUTH_KEY: key, DEEPL_SERVER_URL: emulator.url });

beforeEach(async () => {
  emulator = await startDeepLEmulator({ characterLimit: 10_000 });
  ws = createWorkspace({ 'source/seed.md': SEED_ARTICLE }, CONFIG);
});
afterEach(async () => {
  await emulator.stop();
});

/** Nothing the run printed or wrote may contain the key. */
function expectNoKey(outputs: string[]): void {
  for (const text of outputs) expect(text).not.toContain(DEFAULT_EMULATOR_KEY);
  for (const file of fg.sync('**/*', { cwd: ws.dir, dot: true })) expect(fs.readFileSync(path.join(ws.dir, file)).includes(DEFAULT_EMULATOR_KEY)).toBe(false);
}

describe('translate with DeepL (real deepl-node client, local DeepL emulator)', () => {
  it('--dry-run shows what would be billed and the remaining quota, and sends nothing', async () => {
    const run = await ws.cliAsync('translate', ['--dry-run', '--json'], env());
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.locales.en).toMatchObject({ pending: { segments: 58, characters: SEED_CHARACTERS }, quota: { used: 0, limit: 10_000 }, requests: 0 });
    expect(run.stderr).toContain('en (deepl): 58 segments, 7,032 characters would be sent to deepl, quota: 0 of 10,000 characters used');
    expect(emulator.translateRequests()).toEqual([]);
    expect(ws.exists('locales')).toBe(false);
    expectNoKey([run.stdout, run.stderr]);
  });

  it('refuses to start when the estimate exceeds the remaining quota, unless --allow-partial; then stops at the quota keeping what arrived, and a rerun finishes paying once', async () => {
    emulator.setFaults({ quotaCharacters: 4_000 });
    const refused = await ws.cliAsync('translate', [], env());
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('would send 7,032 characters to DeepL, but only 4,000 of 4,000 remain');
    expect(refused.stderr).toContain('--allow-partial');
    expect(emulator.translateRequests()).toEqual([]);

    const partial = await ws.cliAsync('translate', ['--allow-partial', '--json'], env());
    expect(partial.status).toBe(3);
    const first = JSON.parse(partial.stdout).locales.en;
    expect(first.translated).toBeGreaterThan(0);
    expect(first.translated).toBeLessThan(58);
    expect(partial.stderr).toMatch(new RegExp(`en: ${first.translated} of 58 segments saved`));
    expect(partial.stderr).toContain('quota');
    expect(emulator.billedCharacters).toBeLessThanOrEqual(4_000);

    emulator.clearFaults(); // the quota resets
    const rerun = await ws.cliAsync('translate', ['--json'], env());
    expect(rerun.status).toBe(0);
    const second = JSON.parse(rerun.stdout).locales.en;
    expect(first.translated + second.translated).toBe(58);
    expect(second.reused).toBe(first.translated);
    expect(emulator.billedCharacters).toBe(SEED_CHARACTERS);
    expect(first.billedCharacters + second.billedCharacters).toBe(SEED_CHARACTERS);
    expectNoKey([partial.stdout, partial.stderr, rerun.stdout, rerun.stderr]);
  });

  it('a wrong key stops at once with exit 3 and says how to set it, without echoing it', async () => {
    for (const flags of [[], ['--allow-partial']]) {
      const run = await ws.cliAsync('translate', flags, env('wrong-key-1234:fx'));
      expect(run.status).toBe(3);
      expect(run.stderr).toContain('DEEPL_AUTH_KEY');
      expect(run.stderr).not.toContain('wrong-key-1234');
    }
    // The quota check fails first without --allow-partial; with it, at most the requests already in
    // flight (concurrency 2) are refused before the run stops.
    expect(emulator.translateRequests().length).toBeLessThanOrEqual(2);
  });
});
