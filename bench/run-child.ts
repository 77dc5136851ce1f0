/**
 * One pipeline run in its own process, so its wall time and peak memory are its own:
 * `tsx bench/run-child.ts --config FILE [--provider fake|config]`. Prints one JSON line
 * (`ChildRunResult`) on stdout.
 *
 * `fake`: a zero-latency, publishable provider injected through `runTranslate`'s
 * `createProvider` (the config names `deepl` so the pipeline treats the output as publishable and
 * writes bundles, as it would in production); it counts the segments it is sent.
 * `config`: the providers of the config, wired exactly as `scripts/translate.ts` does.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig, type TargetConfig } from '../pipeline/config/load-config.ts';
import type { Provider } from '../pipeline/provider.ts';
import { PROVIDERS } from '../pipeline/providers/registry.ts';
import { openSqliteMemory } from '../pipeline/store/sqlite-memory.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { runTranslate } from '../pipeline/run/translate-run.ts';
import type { RunSummary } from '../pipeline/run/summary.ts';

export interface ChildRunResult {
  /** From loading the config to the summary (excludes node/tsx start-up and module loading). */
  runMs: number;
  /** Peak resident set size of the process, MB. */
  maxRssMB: number;
  /** CPU time (user + system, all threads) from loading the config to the summary, ms. */
  cpuMs?: number;
  summary: RunSummary;
  /** Segments the fake provider was sent (all locales); 0 in `config` mode. */
  providerSegments: number;
  providerCalls: number;
}

const silent = { info() {}, warn() {}, progress() {} };

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : argv[i + 1];
  };
  const configFile = arg('config');
  if (!configFile) throw new Error('usage: run-child.ts --config FILE [--provider fake|config]');
  const mode = arg('provider') ?? 'fake';
  let providerSegments = 0;
  let providerCalls = 0;
  const fake: Provider = {
    name: 'bench-echo',
    publishable: true,
    fingerprint: () => 'bench-echo-v1',
    async translate(job, onResults) {
      providerCalls++;
      providerSegments += job.segments.length;
      onResults(job.segments.map((s) => ({ id: s.id, text: s.text })));
      return { requests: job.segments.length > 0 ? 1 : 0, billedCharacters: 0 };
    },
  };
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const config = loadConfig(configFile);
  const memory = openSqliteMemory(config.cache);
  let summary: RunSummary;
  try {
    summary = await runTranslate(
      config,
      {},
      {
        memory,
        split: segmentSentences,
        log: silent,
        async createProvider(name: string, target: TargetConfig) {
          if (mode === 'fake') return fake;
          const factory = await PROVIDERS[name]();
          return factory({ options: target.options, env: process.env, cacheDir: path.dirname(config.cache) });
        },
      },
    );
  } finally {
    await memory.close();
  }
  const runMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const result: ChildRunResult = { runMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, summary, providerSegments, providerCalls };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`run-child: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 3;
});
