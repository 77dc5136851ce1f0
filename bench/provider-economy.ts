/**
 * Provider economy: the pipeline against the DeepL API emulator (real deepl-node client, loopback
 * HTTP, latency and a share of 429s injected), beside a naive baseline: one deepl-node
 * `translateText` call per segment, per locale, sequential, no de-duplication and no memory.
 * The naive baseline runs on the first `naiveSample` requests and is extrapolated (its billing is
 * exact: it pays for every segment of every article in every locale).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDeepLEmulator, DEFAULT_EMULATOR_KEY } from '../test/deepl-emulator/index.ts';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { normalizeSegment } from '../pipeline/store/fuzzy-score.ts';
import { deeplTargetCode } from '../pipeline/providers/deepl/target-code.ts';
import { TARGET_LOCALES, configText, resetOutputs, type Archive } from './archive.ts';
import { runChild } from './spawn.ts';

export interface EconomyOptions {
  latencyMs: number;
  tooManyRequestsShare: number;
  /** Options of the deepl targets in the bench config (recorded in the result). */
  providerOptions: Record<string, unknown>;
  naiveSample: number;
}

export interface EconomyResult {
  articles: number;
  latencyMs: number;
  tooManyRequestsShare: number;
  providerOptions: Record<string, unknown>;
  segments: number;
  uniqueSegments: number;
  /** Characters (code points) of the unique segments' tagged text, times the locales. */
  uniqueSegmentCharacters: number;
  pipeline: {
    wallMs: number;
    requests: number;
    /** Requests answered 429 by the emulator (retried). */
    rejected429: number;
    billedCharacters: number;
    /** Billed by the emulator (independent of the pipeline's own count). */
    emulatorBilledCharacters: number;
    translated: number;
    exitCode: number;
    maxConcurrentRequests: number;
  };
  naive: {
    sampleRequests: number;
    sampleMs: number;
    sample429: number;
    /** Extrapolated to every segment of the archive in every locale. */
    requests: number;
    billedCharacters: number;
    wallMs: number;
    extrapolated: boolean;
  };
  /** naive wall / pipeline wall; naive billed / pipeline billed. */
  speedup: number;
  billingRatio: number;
}

/** Every segment of the archive (tagged text), in order. */
function archiveSegments(archive: Archive): string[] {
  const out: string[] = [];
  for (const file of archive.files) {
    const text = fs.readFileSync(path.join(archive.root, file), 'utf8');
    for (const s of extractArticle(text, { fields: ['title', 'description', 'summary'], split: segmentSentences }).segments) out.push(s.tagged, s.source);
  }
  return out;
}

export async function benchProviderEconomy(archive: Archive, options: EconomyOptions): Promise<EconomyResult> {
  const pairs = archiveSegments(archive);
  const tagged: string[] = [];
  const unique = new Map<string, string>();
  for (let i = 0; i < pairs.length; i += 2) {
    tagged.push(pairs[i]);
    const key = normalizeSegment(pairs[i + 1]);
    if (!unique.has(key)) unique.set(key, pairs[i]);
  }
  const cp = (s: string) => [...s].length;
  let uniqueChars = 0;
  for (const t of unique.values()) uniqueChars += cp(t);
  const faults = { seed: 7, slow: { ms: options.latencyMs }, tooManyRequests: { fraction: options.tooManyRequestsShare } };

  // The pipeline, in a child process, against the emulator.
  const emulator = await startDeepLEmulator({ faults, characterLimit: 1e12 });
  let pipeline: EconomyResult['pipeline'];
  try {
    resetOutputs(archive.root);
    fs.writeFileSync(archive.config, configText('deepl', options.providerOptions));
    const start = performance.now();
    const child = await runChild(['bench/run-child.ts', '--config', archive.config, '--provider', 'config'], { DEEPL_AUTH_KEY: DEFAULT_EMULATOR_KEY, DEEPL_SERVER_URL: emulator.url });
    const wallMs = performance.now() - start;
    const locales = Object.values(child.summary.locales);
    const translate = emulator.translateRequests();
    pipeline = {
      wallMs,
      requests: locales.reduce((n, l) => n + l.requests, 0),
      rejected429: translate.filter((r) => r.status === 429).length,
      billedCharacters: locales.reduce((n, l) => n + l.billedCharacters, 0),
      emulatorBilledCharacters: emulator.billedCharacters,
      translated: locales.reduce((n, l) => n + l.translated, 0),
      exitCode: child.summary.exitCode,
      maxConcurrentRequests: emulator.maxConcurrentRequests,
    };
  } finally {
    await emulator.stop();
    fs.writeFileSync(archive.config, configText('deepl'));
    resetOutputs(archive.root);
  }

  // The naive baseline: deepl-node defaults, one text per request, sequential.
  const naiveEmulator = await startDeepLEmulator({ faults, characterLimit: 1e12 });
  let naive: EconomyResult['naive'];
  try {
    const mod = (await import('deepl-node')) as typeof import('deepl-node') & { default?: typeof import('deepl-node') };
    const deepl = mod.default ?? mod;
    const translator = new deepl.Translator(DEFAULT_EMULATOR_KEY, { serverUrl: naiveEmulator.url, sendPlatformInfo: false });
    const totalRequests = tagged.length * TARGET_LOCALES.length;
    const sample = Math.min(options.naiveSample, totalRequests);
    const start = performance.now();
    let done = 0;
    outer: for (const locale of TARGET_LOCALES) {
      const code = deeplTargetCode(locale) as string;
      for (const text of tagged) {
        if (done >= sample) break outer;
        await translator.translateText(text, 'id', code as never, { tagHandling: 'xml' });
        done++;
      }
    }
    const sampleMs = performance.now() - start;
    naive = {
      sampleRequests: sample,
      sampleMs,
      sample429: naiveEmulator.translateRequests().filter((r) => r.status === 429).length,
      requests: totalRequests,
      billedCharacters: tagged.reduce((n, t) => n + cp(t), 0) * TARGET_LOCALES.length,
      wallMs: (sampleMs / sample) * totalRequests,
      extrapolated: sample < totalRequests,
    };
  } finally {
    await naiveEmulator.stop();
  }
  return {
    articles: archive.files.length,
    latencyMs: options.latencyMs,
    tooManyRequestsShare: options.tooManyRequestsShare,
    providerOptions: options.providerOptions,
    segments: tagged.length,
    uniqueSegments: unique.size,
    uniqueSegmentCharacters: uniqueChars * TARGET_LOCALES.length,
    pipeline,
    naive,
    speedup: naive.wallMs / pipeline.wallMs,
    billingRatio: naive.billedCharacters / Math.max(1, pipeline.billedCharacters),
  };
}
