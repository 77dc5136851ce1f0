/**
 * Cost and credentials of the llm provider through the real `translate` command against the LLM
 * emulator: `--dry-run` estimates without a request, `budget` refuses a run unless
 * `--allow-partial`, `--json` tokens equal the emulator's own bill, and a bad key stops the run
 * with exit 3, the fix, and never the key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, SEED_ARTICLE, type Workspace } from './helpers/workspace.ts';
import { startLlmEmulator, type LlmEmulator } from './llm-emulator/index.ts';

let emulator: LlmEmulator;
beforeAll(async () => {
  emulator = await startLlmEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => emulator.reset());

const KEY_SHAPED = 'sk-test-cost-0123456789abcdef';
const env = (key = emulator.apiKey) => ({ OPENAI_API_KEY: key, OPENAI_BASE_URL: emulator.url });
const workspace = (extra: Record<string, unknown> = {}): Workspace =>
  createWorkspace(
    { 'source/seed.md': SEED_ARTICLE },
    {
      sourceLocale: 'id',
      source: 'source/**/*.md',
      locales: 'locales',
      output: 'dist',
      cache: '.cache/memory.sqlite',
      targets: { en: { provider: 'llm', model: emulator.model, retryDelayMs: 5, maxRetryDelayMs: 20, pricing: { inputPerMillionTokens: 150, outputPerMillionTokens: 600 }, ...extra } },
    },
  );

describe('llm cost through translate', () => {
  it('--dry-run estimates tokens and cost without a request; the real run reports the tokens the emulator billed', async () => {
    const ws = workspace();
    const dry = await ws.cliAsync('translate', ['--dry-run', '--json'], env());
    expect(dry.status, dry.stderr).toBe(0);
    expect(emulator.chatRequests()).toHaveLength(0);
    const planned = JSON.parse(dry.stdout).locales.en;
    expect(planned.estimate.requests).toBeGreaterThan(0);
    expect(planned.estimate.tokens.input).toBeGreaterThan(0);
    expect(planned.estimate.tokens.output).toBeGreaterThan(0);
    // cost = tokens × price per million (150 and 600 here).
    expect(planned.estimate.cost).toBeCloseTo((planned.estimate.tokens.input * 150 + planned.estimate.tokens.output * 600) / 1e6, 9);
    expect(dry.stderr).toMatch(/about [\d,]+ input \+ [\d,]+ output tokens in \d+ requests?, cost about/);

    const run = await ws.cliAsync('translate', ['--json'], env());
    expect(run.status, run.stderr).toBe(0);
    const en = JSON.parse(run.stdout).locales.en;
    const totals = emulator.totals();
    expect(en.tokens).toEqual({ input: totals.promptTokens, output: totals.completionTokens });
    expect(en.requests).toBe(totals.requests);
    expect(en.missing).toBe(0);
  });

  it('a run whose estimate exceeds the budget refuses to start, sending nothing; --allow-partial goes ahead', async () => {
    const ws = workspace({ budget: 0.01 });
    // The plan says it first (found while trying to break issue 14: a dry run over budget said nothing).
    const dry = await ws.cliAsync('translate', ['--dry-run', '--json'], env());
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout).warnings.map((w: { code: string }) => w.code)).toContain('over-budget');
    expect(dry.stderr).toContain('warning: the real run would refuse to start: en (llm) would cost about');
    // --json still gets one object: the plan, with the refusal as its error.
    const json = await ws.cliAsync('translate', ['--json'], env());
    expect(json.status).toBe(3);
    const plan = JSON.parse(json.stdout);
    expect(plan.exitCode).toBe(3);
    expect(plan.errors).toEqual([expect.objectContaining({ code: 'refused-to-start', file: 'translate.config.yaml' })]);
    const refused = await ws.cliAsync('translate', [], env());
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(/en \(llm\) would cost about [\d.]+ for \d+ segments, over its budget of 0\.01/);
    expect(refused.stderr).toContain('--allow-partial');
    expect(emulator.chatRequests()).toHaveLength(0);
    expect(ws.exists('locales/en/seed.yaml')).toBe(false);

    const allowed = await ws.cliAsync('translate', ['--allow-partial'], env());
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(emulator.chatRequests().length).toBeGreaterThan(0);
    // Nothing left to send: the budget check plans 0 cost and lets the rerun through.
    expect((await ws.cliAsync('translate', [], env())).status).toBe(0);
  });

  it('a glossary edit keeps the memory of sentences without the edited term (regression: any edit re-paid every sentence)', async () => {
    const ws = workspace();
    ws.write('translate.config.yaml', `${ws.read('translate.config.yaml')}glossary: glossary.csv\n`);
    ws.write('glossary.csv', 'id,en,note\nKorea Utara,North Korea,\n');
    expect((await ws.cliAsync('translate', [], env())).status).toBe(0);
    const unique = new Set(emulator.chatRequests().flatMap((r) => Object.values(r.segments))).size;
    // The article renamed (only the memory knows its sentences now), a row it does not use added.
    fs.renameSync(path.join(ws.dir, 'source/seed.md'), path.join(ws.dir, 'source/renamed.md'));
    ws.write('glossary.csv', 'id,en,note\nKorea Utara,North Korea,\nJakarta Selatan,South Jakarta,\n');
    emulator.reset();
    expect((await ws.cliAsync('translate', [], env())).status).toBe(0);
    expect(emulator.chatRequests()).toHaveLength(0);
    // The row it uses changed, renamed again: only the sentences holding that term are sent.
    fs.renameSync(path.join(ws.dir, 'source/renamed.md'), path.join(ws.dir, 'source/again.md'));
    ws.write('glossary.csv', 'id,en,note\nKorea Utara,DPRK,\nJakarta Selatan,South Jakarta,\n');
    expect((await ws.cliAsync('translate', [], env())).status).toBe(0);
    const sent = emulator.chatRequests().flatMap((r) => Object.values(r.segments));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThan(unique);
    for (const text of sent) expect(text).toMatch(/Korea Utara/i);
  });

  it('a wrong key stops the run with exit 3 and how to set OPENAI_API_KEY; the key appears nowhere', async () => {
    const ws = workspace();
    const run = await ws.cliAsync('translate', ['--json'], env(KEY_SHAPED));
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('OPENAI_API_KEY');
    expect(run.stdout + run.stderr).not.toContain(KEY_SHAPED);
    for (const file of ['.cache/run-manifest.json', 'locales/id/seed.yaml']) if (ws.exists(file)) expect(ws.read(file)).not.toContain(KEY_SHAPED);
  });
});
