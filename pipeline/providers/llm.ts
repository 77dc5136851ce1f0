/**
 * The `llm` provider: OpenAI-compatible Chat Completions (OpenAI, Azure OpenAI, Ollama, vLLM,
 * llama.cpp's server) through the official `openai` client v6, imported lazily.
 *
 * - Protocol (`llm/build-prompt.ts`): a request's segments travel as ONE JSON object in the last
 *   user message, ids "1", "2", … mapped back to job ids here; earlier messages carry the
 *   instructions, the style guide, only the glossary entries whose term occurs in the request,
 *   and the segments' paragraphs as context. Do-not-translate glossary terms travel as atoms.
 *   The answer is asked for with `response_format` json_schema, or json_object once the server
 *   refuses schemas (remembered for the provider's life).
 * - Batching (`llm/plan-batches.ts`): `batchSegments` segments and `batchTokens` estimated tokens
 *   per request, `concurrency` requests at a time; identical texts are sent once.
 * - Verification (`llm/parse-answer.ts`, `llm/verify-translation.ts`): an answer that is not one
 *   JSON object with exactly the request's ids, and each value that is untranslated, starts with
 *   commentary, merges a missing neighbour, breaks tags, changes figures or has an implausible
 *   length, is not delivered: that segment is retried alone once with the reason in the prompt,
 *   then reported in `stats.rejected`.
 * - Faults: 429 waits for `retry-after-ms`/`retry-after` (all workers pause); 5xx, timeouts and
 *   dropped connections are retried with backoff (`retries`); every HTTP attempt counts in
 *   `stats.requests` (the client's own retries are off). A 400 context_length_exceeded splits the
 *   batch in halves, down to one segment, which is then rejected. 401/403, quota, an unknown
 *   model and transient failures past the retries stop the job: nothing new is sent, requests in
 *   flight finish and deliver, then `translate` rejects with a ProviderError carrying the stats.
 * - Cost: `stats.tokens` sums the API's `usage` over every answered attempt; `estimate()` counts
 *   the same prompts with a tokenizer (`llm/estimate-tokens.ts`) and prices them.
 * - The API key (env `OPENAI_API_KEY`) never appears in messages, stats or files.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ProviderError,
  type GlossaryTerm,
  type LanguagePair,
  type Provider,
  type ProviderContext,
  type ProviderEstimate,
  type ProviderFactory,
  type ProviderJob,
  type ProviderRejection,
  type ProviderResult,
  type ProviderSegment,
  type ProviderStats,
  type TokenUsage,
} from '../provider.ts';
import { plainText, verifyTags, describeTagProblems } from '../tagged-text.ts';
import { backoffDelay, RateGate, sleep } from './deepl/backoff.ts';
import { contentHash } from './deepl/content-hash.ts';
import { protectTerms, termPattern, type ProtectedText } from './deepl/protect-terms.ts';
import { runPool } from './deepl/run-pool.ts';
import { buildMessages, PROMPT_VERSION, responseFormat, type ChatMessage } from './llm/build-prompt.ts';
import { classifyError, retryAfterMs, safeMessage, type LlmFailureKind } from './llm/classify-error.ts';
import { baseUrlOf, createClient, hostOf, loadOpenAi, readApiKey, type OpenAiClient, type OpenAiModule } from './llm/create-client.ts';
import { expectedOutputTokens, loadTokenCounter, promptTokens, tokenCost } from './llm/estimate-tokens.ts';
import { parseLlmOptions, type LlmOptions, type ResponseFormat } from './llm/llm-options.ts';
import { parseAnswer } from './llm/parse-answer.ts';
import { halves, planBatches } from './llm/plan-batches.ts';
import { selectGlossary } from './llm/select-glossary.ts';
import { toProviderError } from './llm/to-provider-error.ts';
import { verifyTranslation } from './llm/verify-translation.ts';

export type { LlmOptions } from './llm/llm-options.ts';

/** ProviderStats plus what only this provider reports. */
export interface LlmStats extends ProviderStats {
  rejected: ProviderRejection[];
  tokens: TokenUsage;
  /** Segment ids delivered through onResults. */
  delivered: number;
}

/** One unique text of the job: the segments sharing it get the same translation. */
interface Rep {
  segment: ProviderSegment;
  ids: string[];
  protected: ProtectedText;
}

/** The server's answer to one request. */
interface Answer {
  content: string | null;
  finishReason?: string | null;
  refusal?: string | null;
}

class BatchRefused extends Error {}
class Stopped extends Error {}
const TOO_LONG = Symbol('too-long');

function usefulContext(segment: ProviderSegment): string | undefined {
  const context = segment.context?.trim();
  if (!context || context === plainText(segment.text).trim()) return undefined;
  return context;
}

/** The style guide's text, read once; a missing file is a config error naming the path. */
function readStyleGuide(path: string | undefined, configDir: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const full = resolve(configDir ?? '.', path);
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProviderError(
      'config',
      `LLM provider: cannot read the style guide '${path}' (${full}${code ? `: ${code}` : ''}). Fix the target's 'styleGuide' (relative to the config file's folder) or remove it.`,
    );
  }
}

export const createLlmProvider: ProviderFactory = (context: ProviderContext): Provider => {
  const options: LlmOptions = parseLlmOptions(context.options);
  const styleGuide = readStyleGuide(options.styleGuide, context.configDir);
  const glossary: readonly GlossaryTerm[] = context.glossary ?? [];
  const dntPattern = termPattern([...new Set(glossary.filter((t) => t.doNotTranslate && t.source.trim() !== '').map((t) => t.source.trim()))], { ignoreCase: true });
  const baseUrl = baseUrlOf(context, options.baseUrl);
  const host = hostOf(baseUrl);
  /** json_schema until the server refuses it once, then json_object for the provider's life. */
  let format: ResponseFormat = options.responseFormat;
  let session: Promise<{ openai: OpenAiModule; client: OpenAiClient }> | undefined;

  const openSession = (key: string) =>
    (session ??= loadOpenAi().then((openai) => ({ openai, client: createClient(openai, key, { baseUrl, timeoutMs: options.timeoutMs }) })));

  function fingerprint({ sourceLocale, targetLocale }: LanguagePair): string {
    const terms = glossary.map((t) => [t.source.trim(), t.target?.trim() ?? null, t.doNotTranslate]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    return [
      'llm',
      `model=${options.model}`,
      `pair=${sourceLocale}->${targetLocale}`,
      `instructions=${options.instructions ? contentHash(options.instructions) : 'none'}`,
      `style=${styleGuide !== undefined ? contentHash(styleGuide) : 'none'}`,
      `glossary=${terms.length > 0 ? contentHash(terms) : 'none'}`,
      `temperature=${options.temperature}`,
      PROMPT_VERSION,
    ].join('|');
  }

  /** Unique texts (empty ones answered at once) and the requests they make. */
  function plan(job: ProviderJob): { immediate: ProviderResult[]; batches: Rep[][] } {
    const reps = new Map<string, Rep>();
    const immediate: ProviderResult[] = [];
    for (const segment of job.segments) {
      if (plainText(segment.text).trim() === '' && !/<[gx]\d+/.test(segment.text)) {
        immediate.push({ id: segment.id, text: segment.text });
        continue;
      }
      const rep = reps.get(segment.text);
      if (rep) rep.ids.push(segment.id);
      else reps.set(segment.text, { segment, ids: [segment.id], protected: protectTerms(segment.text, dntPattern) });
    }
    const batches = planBatches([...reps.values()], (rep) => rep.protected.text, { maxSegments: options.batchSegments, maxTokens: options.batchTokens });
    return { immediate, batches };
  }

  /** The messages of a request for `batch`, its request ids "1", "2", … in batch order. */
  function messagesFor(job: ProviderJob, batch: readonly Rep[], retryReason?: string): { messages: ChatMessage[]; ids: string[] } {
    const ids = batch.map((_, i) => String(i + 1));
    const contexts = [...new Set(batch.map((rep) => usefulContext(rep.segment)).filter((c): c is string => c !== undefined))];
    const messages = buildMessages({
      sourceLocale: job.sourceLocale,
      targetLocale: job.targetLocale,
      segments: batch.map((rep, i) => ({ id: ids[i], text: rep.protected.text })),
      context: contexts,
      // The title as context, except for the title segment itself.
      titles: [...new Set(batch.flatMap((rep) => (rep.segment.title && rep.segment.title.trim() !== plainText(rep.segment.text).trim() ? [rep.segment.title.trim()] : [])))],
      glossary: selectGlossary(glossary, batch.map((rep) => plainText(rep.protected.text))),
      instructions: options.instructions,
      styleGuide,
      retryReason,
    });
    return { messages, ids };
  }

  async function estimate(job: ProviderJob): Promise<ProviderEstimate> {
    const { batches } = plan(job);
    if (batches.length === 0) return { requests: 0, billedCharacters: 0, tokens: { input: 0, output: 0 }, ...(options.pricing ? { cost: 0 } : {}) };
    const count = await loadTokenCounter();
    const tokens: TokenUsage = { input: 0, output: 0 };
    for (const batch of batches) {
      const { messages, ids } = messagesFor(job, batch);
      tokens.input += promptTokens(messages, count, responseFormat(format, ids));
      tokens.output += expectedOutputTokens(messages[messages.length - 1].content, count);
    }
    return { requests: batches.length, billedCharacters: 0, tokens, ...(options.pricing ? { cost: tokenCost(tokens, options.pricing) } : {}) };
  }

  async function translate(job: ProviderJob, onResults: (results: ProviderResult[]) => void): Promise<LlmStats> {
    const stats: LlmStats = { requests: 0, billedCharacters: 0, rejected: [], tokens: { input: 0, output: 0 }, delivered: 0 };
    const total = job.segments.length;
    const progress = () => `${stats.delivered} of ${total} segments were translated and delivered`;
    if (total === 0) return stats;
    const key = readApiKey(context, stats);
    const { openai, client } = await openSession(key);

    const gate = new RateGate();
    let fatal: { kind: LlmFailureKind; error: unknown } | undefined;
    const stopped = () => fatal !== undefined || job.signal?.aborted === true;
    const fail = (kind: LlmFailureKind, error: unknown) => {
      fatal ??= { kind, error };
    };
    const deliver = (results: ProviderResult[]) => {
      if (results.length === 0) return;
      stats.delivered += results.length;
      onResults(results);
    };
    const reject = (rep: Rep, reason: string) => {
      for (const id of rep.ids) stats.rejected.push({ id, reason });
    };

    /** One request, retried through transient faults; TOO_LONG when the server finds it too long. */
    async function request(batch: readonly Rep[], retryReason?: string): Promise<Answer | typeof TOO_LONG> {
      for (let attempt = 0; ; ) {
        if (stopped()) throw new Stopped();
        await gate.wait();
        if (stopped()) throw new Stopped();
        const sent = format;
        const { messages, ids } = messagesFor(job, batch, retryReason);
        stats.requests++;
        try {
          const completion = await client.chat.completions.create(
            { model: options.model, messages, temperature: options.temperature, response_format: responseFormat(sent, ids) },
            job.signal ? { signal: job.signal } : undefined,
          );
          stats.tokens.input += completion.usage?.prompt_tokens ?? 0;
          stats.tokens.output += completion.usage?.completion_tokens ?? 0;
          const choice = completion.choices?.[0];
          return { content: choice?.message?.content ?? null, finishReason: choice?.finish_reason, refusal: choice?.message?.refusal };
        } catch (error) {
          const kind = classifyError(error, openai);
          if (kind === 'schema-unsupported' && sent === 'json_schema') {
            format = 'json_object'; // remembered: later requests go without a schema
            continue;
          }
          if (kind === 'context-length') return TOO_LONG;
          const transient = kind === 'rate' || kind === 'server' || kind === 'network' || kind === 'timeout';
          if (transient && attempt < options.retries) {
            const delay = retryAfterMs(error) ?? backoffDelay(attempt, { retries: options.retries, baseMs: options.retryDelayMs, maxMs: options.maxRetryDelayMs });
            attempt++;
            if (kind === 'rate') gate.pause(delay);
            else await sleep(delay);
            continue;
          }
          if (kind === 'bad-request' || kind === 'schema-unsupported') throw new BatchRefused(`the server refused the request (${safeMessage(error, key)})`);
          if (kind !== 'aborted') fail(kind, error);
          throw new Stopped();
        }
      }
    }

    /** Verified results of an answer, and the reps whose value failed (with why). */
    function check(batch: readonly Rep[], answer: Answer): { results: ProviderResult[]; broken: Array<{ rep: Rep; reason: string }> } {
      const ids = batch.map((_, i) => String(i + 1));
      const all = (reason: string) => ({ results: [], broken: batch.map((rep) => ({ rep, reason })) });
      if (answer.refusal) return all(`the model refused (${answer.refusal.slice(0, 200)})`);
      const parsed = parseAnswer(answer.content, ids);
      if (!parsed.ok) return all(answer.finishReason === 'length' ? `${parsed.reason} (cut off at the output token limit)` : parsed.reason);
      if (parsed.extra.length > 0) return all(`the answer added ids ${parsed.extra.slice(0, 5).map((id) => JSON.stringify(id)).join(', ')} the request did not have`);
      const missing = new Set(parsed.missing);
      const results: ProviderResult[] = [];
      const broken: Array<{ rep: Rep; reason: string }> = [];
      batch.forEach((rep, i) => {
        const id = ids[i];
        if (missing.has(id)) {
          broken.push({ rep, reason: `the answer lacked this segment's id` });
          return;
        }
        const missingNeighbours = [i - 1, i + 1].filter((j) => j >= 0 && j < batch.length && missing.has(ids[j])).map((j) => batch[j].protected.text);
        const value = parsed.values.get(id);
        const reason = verifyTranslation({ source: rep.protected.text, translation: value, sourceLocale: job.sourceLocale, targetLocale: job.targetLocale, missingNeighbours });
        if (reason) {
          broken.push({ rep, reason });
          return;
        }
        const text = rep.protected.restore(value as string);
        const problems = verifyTags(rep.segment.text, text);
        if (problems.length > 0) {
          broken.push({ rep, reason: `tags lost or altered: ${describeTagProblems(problems)}` });
          return;
        }
        for (const jobId of rep.ids) results.push({ id: jobId, text });
      });
      return { results, broken };
    }

    /** A segment whose answer failed a check: once more, alone, told why; then rejected. */
    async function retryAlone(rep: Rep, reason: string): Promise<void> {
      let answer: Answer | typeof TOO_LONG;
      try {
        answer = await request([rep], reason);
      } catch (error) {
        if (error instanceof BatchRefused) return reject(rep, `${reason}; retried alone: ${error.message}`);
        throw error;
      }
      if (answer === TOO_LONG) return reject(rep, `${reason}; retried alone: too long for the model's context window`);
      const { results, broken } = check([rep], answer);
      if (broken.length > 0) return reject(rep, `${broken[0].reason} (first answer: ${reason}); not delivered`);
      deliver(results);
    }

    async function runBatch(batch: readonly Rep[]): Promise<void> {
      let answer: Answer | typeof TOO_LONG;
      try {
        answer = await request(batch);
      } catch (error) {
        if (error instanceof BatchRefused) {
          for (const rep of batch) reject(rep, error.message);
          return;
        }
        throw error;
      }
      if (answer === TOO_LONG) {
        if (batch.length === 1) return reject(batch[0], "the segment is too long for the model's context window (400 context_length_exceeded)");
        const [first, second] = halves(batch);
        await runBatch(first);
        await runBatch(second);
        return;
      }
      const { results, broken } = check(batch, answer);
      deliver(results);
      for (const { rep, reason } of broken) await retryAlone(rep, reason);
    }

    const { immediate, batches } = plan(job);
    deliver(immediate);
    let outsideError: unknown;
    await runPool(
      batches,
      options.concurrency,
      async (batch) => {
        try {
          await runBatch(batch);
        } catch (error) {
          if (error instanceof Stopped) return;
          outsideError ??= error; // e.g. onResults failed to persist
          fail('unknown', error);
        }
      },
      stopped,
    );
    if (outsideError !== undefined) throw outsideError;
    if (fatal) throw toError(fatal.kind, fatal.error, key);
    if (job.signal?.aborted) throw new ProviderError('unavailable', `LLM translation was cancelled: ${progress()}.`, { stats });
    return stats;

    function toError(kind: LlmFailureKind, error: unknown, secret: string): ProviderError {
      return toProviderError(kind, error, secret, host, options.model, progress(), stats);
    }
  }

  return {
    name: 'llm',
    publishable: true,
    ...(options.budget !== undefined ? { budget: options.budget } : {}),
    fingerprint,
    translate,
    estimate,
    async close() {
      session = undefined;
    },
  };
};
