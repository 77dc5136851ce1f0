/**
 * Apertium: a free rule-based MT engine, run locally. Indonesian → Malay (`ind-zlm`) to begin with.
 *
 * Target options (`targets.<lng>` in the config):
 * - `mode`: `command` (default; runs `apertium -f html-noent PAIR`) or `server` (an apertium-apy
 *   HTTP server, `POST /translate`).
 * - `pair`: Apertium pair, default derived from the locales (`id` → `ms` gives `ind-zlm`).
 * - `command`: the engine command (default `apertium`); `dataDir`: its `-d` folder (optional).
 * - `url`: apertium-apy root (default `$APERTIUM_APY_URL` or `http://127.0.0.1:2737`).
 * - `batchSize`: segments per process call / request (default 500 command, 100 server).
 * - `batchBytes`: UTF-8 bytes per call / request (default 262144 command, 4000 server: apy cuts
 *   anything longer than its pipe buffer, 4096 bytes, into pieces translated without context).
 * - `concurrency`: calls or requests at once (default 1 command, 2 server).
 * - `timeoutMs`: per call or request (default 60000).
 *
 * Many segments travel in one call as HTML blocks (see `apertium/html-batch.ts`). Each result
 * carries `unknownWords`: how many words the engine did not know (marked `*` by Apertium,
 * removed from the text). A segment whose tags do not survive is not delivered; it is listed in
 * the stats' `rejected`.
 */
import {
  ProviderError,
  type Provider,
  type ProviderFactory,
  type ProviderJob,
  type ProviderResult,
  type ProviderStats,
  type ProviderRejection,
} from '../provider.ts';
import { plainText, verifyTags, type TagProblem } from '../tagged-text.ts';
import { translateApy } from './apertium/apy-client.ts';
import { decodeBatch, encodeBatch, encodedBytes } from './apertium/html-batch.ts';
import { derivePair, installedVersion } from './apertium/pair.ts';
import { runApertium } from './apertium/run-command.ts';
import { apertiumOptionsSchema } from './apertium/apertium-options.ts';
import { checkSchema, formatPath } from '../config/schema-problems.ts';
import * as z from 'zod';

export { apertiumOptionsSchema } from './apertium/apertium-options.ts';

export interface ApertiumResult extends ProviderResult {
  /** Words the engine did not know (left untranslated, `*` marks removed). */
  unknownWords: number;
}

export interface ApertiumRejection extends ProviderRejection {
  reason: 'tags' | 'unaligned';
  problems: TagProblem[];
}

export interface ApertiumStats extends ProviderStats {
  /** Unknown words over all delivered segments. */
  unknownWords: number;
  /** Segments not delivered because their tags did not survive the engine. */
  rejected: ApertiumRejection[];
}

export interface ApertiumOptions {
  mode: 'command' | 'server';
  pair?: string;
  command: string;
  dataDir?: string;
  url: string;
  batchSize: number;
  batchBytes: number;
  concurrency: number;
  timeoutMs: number;
}

/** Unknown keys are ignored here (a target's options under `--provider apertium` may be another provider's). */
const factoryOptionsSchema = z.object(apertiumOptionsSchema.shape);

export function resolveApertiumOptions(options: Record<string, unknown>, env: NodeJS.ProcessEnv): ApertiumOptions {
  const checked = checkSchema(factoryOptionsSchema, options);
  if (!checked.ok) {
    throw new ProviderError('config', `apertium: ${checked.problems.map((p) => `option ${formatPath(p.path)} ${p.message}`).join('; ')}.`);
  }
  const o = checked.value;
  const mode = o.mode ?? 'command';
  const server = mode === 'server';
  return {
    mode,
    pair: o.pair,
    command: o.command ?? 'apertium',
    dataDir: o.dataDir,
    url: o.url ?? env.APERTIUM_APY_URL ?? 'http://127.0.0.1:2737',
    batchSize: o.batchSize ?? (server ? 100 : 500),
    batchBytes: o.batchBytes ?? (server ? 4000 : 262_144),
    concurrency: o.concurrency ?? (server ? 2 : 1),
    timeoutMs: o.timeoutMs ?? 60_000,
  };
}

interface Batch {
  segments: { id: string; text: string }[];
}

/** Consecutive segments, at most `size` of them and `bytes` encoded (a single larger one alone). */
export function planBatches(segments: readonly { id: string; text: string }[], size: number, bytes: number): Batch[] {
  const batches: Batch[] = [];
  let current: Batch = { segments: [] };
  let used = 0;
  for (const segment of segments) {
    const cost = encodedBytes(segment.text);
    if (current.segments.length > 0 && (current.segments.length >= size || used + cost > bytes)) {
      batches.push(current);
      current = { segments: [] };
      used = 0;
    }
    current.segments.push(segment);
    used += cost;
  }
  if (current.segments.length > 0) batches.push(current);
  return batches;
}

export const createApertiumProvider: ProviderFactory = ({ options, env }) => {
  const opts = resolveApertiumOptions(options, env);
  const pairFor = (source: string, target: string) => opts.pair ?? derivePair(source, target);

  const engineCall = (pair: string, input: string, signal: AbortSignal | undefined): Promise<string> =>
    opts.mode === 'server'
      ? translateApy({ url: opts.url, pair, input, timeoutMs: opts.timeoutMs, signal })
      : runApertium({
          command: opts.command,
          pair,
          format: 'html-noent',
          dataDir: opts.dataDir,
          input,
          timeoutMs: opts.timeoutMs,
          signal,
        });

  const provider: Provider = {
    name: 'apertium',
    publishable: true,
    fingerprint({ sourceLocale, targetLocale }) {
      // Mode-independent: the pair and the installed engine/data versions (dpkg, asked once).
      const pair = opts.pair ?? derivePair(sourceLocale, targetLocale);
      return `apertium:${pair}:${installedVersion(pair)}`;
    },
    async translate(job: ProviderJob, onResults: (results: ProviderResult[]) => void): Promise<ApertiumStats> {
      const pair = pairFor(job.sourceLocale, job.targetLocale);
      const stats: ApertiumStats = { requests: 0, billedCharacters: 0, unknownWords: 0, rejected: [] };

      // Nothing to translate: delivered as they are, never sent.
      const passThrough: ApertiumResult[] = [];
      const toSend: { id: string; text: string }[] = [];
      for (const s of job.segments) {
        if (plainText(s.text).trim() === '') passThrough.push({ id: s.id, text: s.text, unknownWords: 0 });
        else toSend.push({ id: s.id, text: s.text });
      }
      if (passThrough.length > 0) onResults(passThrough);

      const translateBatch = async (batch: Batch): Promise<void> => {
        const texts = batch.segments.map((s) => s.text);
        stats.requests++;
        const output = await engineCall(pair, encodeBatch(texts), job.signal);
        const decoded = decodeBatch(output, texts.length);
        if (!decoded) {
          if (batch.segments.length === 1) {
            stats.rejected.push({ id: batch.segments[0]!.id, reason: 'unaligned', problems: [] });
            return;
          }
          // Blocks lost or merged: halve and retry, so one odd segment does not cost the batch.
          const half = Math.ceil(batch.segments.length / 2);
          await translateBatch({ segments: batch.segments.slice(0, half) });
          await translateBatch({ segments: batch.segments.slice(half) });
          return;
        }
        const results: ApertiumResult[] = [];
        decoded.forEach((d, i) => {
          const source = batch.segments[i]!;
          const problems = verifyTags(source.text, d.text);
          if (problems.length > 0) stats.rejected.push({ id: source.id, reason: 'tags', problems });
          else {
            results.push({ id: source.id, text: d.text, unknownWords: d.unknownWords });
            stats.unknownWords += d.unknownWords;
          }
        });
        if (results.length > 0) onResults(results);
      };

      const batches = planBatches(toSend, opts.batchSize, opts.batchBytes);
      let next = 0;
      let failure: unknown;
      const worker = async () => {
        while (failure === undefined && next < batches.length) {
          const batch = batches[next++]!;
          try {
            await translateBatch(batch);
          } catch (error) {
            failure ??= error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(opts.concurrency, batches.length) }, worker));
      if (failure !== undefined) {
        if (failure instanceof ProviderError) {
          failure.stats = { ...stats };
          throw failure;
        }
        if (job.signal?.aborted) throw failure;
        throw new ProviderError('unavailable', `Apertium failed: ${(failure as Error).message ?? String(failure)}`, {
          cause: failure,
          stats: { ...stats },
        });
      }
      return stats;
    },
  };
  return provider;
};
