/**
 * Every registered provider through the conformance suite (test/provider-conformance.ts): identity
 * and pseudo in process, DeepL through deepl-node against the emulator, Apertium with the real
 * engine when installed, llm through the openai client against its emulator.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIdentityProvider } from '../pipeline/providers/identity.ts';
import { createPseudoProvider } from '../pipeline/providers/pseudo.ts';
import { createDeepLProvider } from '../pipeline/providers/deepl.ts';
import { createApertiumProvider } from '../pipeline/providers/apertium.ts';
import { createLlmProvider } from '../pipeline/providers/llm.ts';
import { PROVIDER_NAMES } from '../pipeline/providers/provider-names.ts';
import { DEFAULT_EMULATOR_KEY, startDeepLEmulator, type DeepLEmulator } from './deepl-emulator/start-deepl-emulator.ts';
import { codePoints, FAST } from './deepl-emulator/test-harness.ts';
import { startLlmEmulator, type LlmEmulator } from './llm-emulator/index.ts';
import { conformanceSegments, describeProviderConformance } from './provider-conformance.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'provider-conformance-'));
const covered = new Set<string>();
const conform = (subject: Parameters<typeof describeProviderConformance>[0]) => {
  covered.add(subject.name);
  describeProviderConformance(subject);
};

conform({ name: 'identity', sourceLocale: 'id', targetLocale: 'en', open: async () => createIdentityProvider({ options: {}, env: {}, cacheDir }) });
conform({ name: 'pseudo', sourceLocale: 'id', targetLocale: 'en', open: async () => createPseudoProvider({ options: {}, env: {}, cacheDir }) });

// DeepL: one emulator for the suite; accounting counted from each open().
{
  let emulator: DeepLEmulator | undefined;
  let since = { billed: 0, requests: 0 };
  const started = async () => (emulator ??= await startDeepLEmulator());
  const env = (key: string, url: string) => ({ DEEPL_AUTH_KEY: key, DEEPL_SERVER_URL: url });
  const options = { ...FAST, concurrency: 1, retries: 1 };
  let quotaAfterFirst = false;
  conform({
    name: 'deepl',
    sourceLocale: 'id',
    targetLocale: 'en',
    segmentsPerRequest: 3,
    async open() {
      const e = await started();
      e.clearFaults();
      if (quotaAfterFirst) {
        // 456 (quota) once more than the first paragraph's characters would be billed.
        const first = codePoints(conformanceSegments(3).map((s) => s.text));
        e.setFaults({ quotaCharacters: e.billedCharacters + first });
        quotaAfterFirst = false;
      }
      since = { billed: e.billedCharacters, requests: e.translateRequests().length };
      return createDeepLProvider({ options, env: env(DEFAULT_EMULATOR_KEY, e.url), cacheDir });
    },
    accounting: () => ({ billedCharacters: (emulator as DeepLEmulator).billedCharacters - since.billed, requests: (emulator as DeepLEmulator).translateRequests().length - since.requests }),
    failAfterFirstRequest() {
      quotaAfterFirst = true;
    },
    async failing() {
      const e = await started();
      e.clearFaults();
      const secret = 'wrong-key-0000-1111-2222:fx';
      return { provider: createDeepLProvider({ options, env: env(secret, e.url), cacheDir }), kind: 'auth', secret };
    },
    close: async () => emulator?.stop(),
  });
}

// llm: the openai client against the LLM emulator; the emulator's log is reset at each open().
{
  let emulator: LlmEmulator | undefined;
  const started = async () => (emulator ??= await startLlmEmulator());
  const options = (e: LlmEmulator) => ({ model: e.model, batchSegments: 3, concurrency: 1, retries: 1, retryDelayMs: 5, maxRetryDelayMs: 20 });
  let forbidAfterFirst = false;
  conform({
    name: 'llm',
    sourceLocale: 'id',
    targetLocale: 'en',
    segmentsPerRequest: 3,
    async open() {
      const e = await started();
      e.reset();
      // 403 for every request after the first: a whole-provider failure mid-job.
      if (forbidAfterFirst) e.setFaults({ forbidden: { when: ({ seq }: { seq: number }) => seq > 1 } });
      forbidAfterFirst = false;
      return createLlmProvider({ options: options(e), env: { OPENAI_API_KEY: e.apiKey, OPENAI_BASE_URL: e.url }, cacheDir, configDir: cacheDir });
    },
    accounting() {
      const totals = (emulator as LlmEmulator).totals();
      return { requests: totals.requests, billedCharacters: 0, tokens: { input: totals.promptTokens, output: totals.completionTokens } };
    },
    failAfterFirstRequest() {
      forbidAfterFirst = true;
    },
    async failing() {
      const e = await started();
      e.reset();
      const secret = 'sk-wrong-0000-1111-2222-3333';
      return { provider: createLlmProvider({ options: options(e), env: { OPENAI_API_KEY: secret, OPENAI_BASE_URL: e.url }, cacheDir, configDir: cacheDir }), kind: 'auth', secret };
    },
    close: async () => emulator?.close(),
  });
}

// Apertium: the real engine, command mode, when installed.
const APERTIUM = spawnSync('apertium', ['-l'], { encoding: 'utf8', timeout: 15_000 });
if (APERTIUM.status === 0 && /\bind-zlm\b/.test(APERTIUM.stdout)) {
  conform({
    name: 'apertium',
    sourceLocale: 'id',
    targetLocale: 'ms',
    open: async () => createApertiumProvider({ options: { mode: 'command' }, env: {}, cacheDir }),
    failing: async () => ({ provider: createApertiumProvider({ options: { mode: 'command', pair: 'ind-xxx' }, env: {}, cacheDir }), kind: 'unavailable' }),
  });
} else {
  console.warn('[provider conformance] apertium skipped: no apertium with the ind-zlm pair (apt-get install apertium apertium-ind-zlm).');
  covered.add('apertium');
}

describe('provider conformance: coverage', () => {
  it('runs for every registered provider', () => {
    expect([...covered].sort()).toEqual([...PROVIDER_NAMES].sort());
  });
});
