/**
 * The `llm` provider: OpenAI-compatible Chat Completions (OpenAI, Azure OpenAI, Ollama, vLLM,
 * llama.cpp's server) through the official `openai` client v6, imported lazily.
 *
 * - Protocol (`llm/build-prompt.ts`): a request's segments travel as ONE JSON object in the last
 *   user message, ids "1", "2", … mapped back to job ids here; earlier messages carry the
 *   instructions, the style guide, only the glossary entries whose term occurs in the request
 *   (escaped like segment text), and a window of each segment's paragraph as context
 *   (`llm/context-window.ts`: 600 characters per segment, 2,000 per request). Do-not-translate
 *   glossary terms travel as atoms.
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
 *   batch in halves, down to one segment, which is asked once more without its context, then
 *   rejected with `refused: 'request'` (not remembered). Any other 400/422 refusal of a request is
 *   a config problem, not the segments'. It, 401/403, quota, an unknown model and transient
 *   failures past the retries stop the job: nothing new is sent, requests in
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
import { matchingTerms } from '../glossary/glossary-terms.ts';
import { toProviderError } from './llm/to-provider-error.ts';
import { closeLanguages, equalsSource, isProse, verifyTranslation, type DetectLanguage } from './llm/verify-translation.ts';
import { requestContext, segmentWindow, type ContextWindow } from './llm/context-window.ts';

export type { LlmOptions } from './llm/llm-options.ts';

/** ProviderStats plus what only this provider reports. */
export interface LlmStats extends ProviderStats {
  rejected: ProviderRejection[];
  tokens: TokenUsage;
  /** Segment ids delivered through onResults. */
  delivered: number;
  retried: number;
}

/** One unique text of the job: the segments sharing it get the same translation. */
interface Rep {
  segment: ProviderSegment;
  ids: string[];
  protected: ProtectedText;
  /** The part of the segment's paragraph sent as context (`llm/context-window.ts`). */
  window?: ContextWindow;
  /** The article title sent as context (none for the title segment itself). */
  title?: string;
  /** Set once the prompt with context was over the model's window: asked without context from then on. */
  bare?: boolean;
}

/** The server's answer to one request. */
interface Answer {
  content: string | null;
  finishReason?: string | null;
  refusal?: string | null;
}

class Stopped extends Error {}
/** The server found the request's prompt over the model's context window (400 context_length_exceeded). */
class TooLong {
  constructor(
    readonly message: string,
    readonly messages: ChatMessage[],
  ) {}
}

/** The prompt's tokens and the model's window as a context-length error states them, when it does. */
function tokensInMessage(message: string): { prompt?: number; max?: number } {
  const num = (m: RegExpExecArray | null) => (m ? Number(m[1].replace(/,/g, '')) : undefined);
  return {
    prompt: num(/(?:resulted in|prompt (?:is|has|contains|of)|requested)\s+(\d[\d,]*)\s+tokens/i.exec(message)),
    max: num(/(?:maximum context length|context window|context length) (?:is|of)\s+(\d[\d,]*)\s+tokens/i.exec(message)),
  };
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
  /** The check's language detector (eld), loaded only when an answer equals its source. */
  let detector: Promise<DetectLanguage | undefined> | undefined;
  const loadDetector = () =>
    (detector ??= import('../check/detect-language.ts').then(
      (m) => m.loadLanguageDetector(),
      () => undefined, // without eld such a value is refused, as before
    ));

  const openSession = (key: string) =>
    (session ??= loadOpenAi().then((openai) => ({ openai, client: createClient(openai, key, { baseUrl, timeoutMs: options.timeoutMs }) })));

  /** The options that change every answer; the glossary is per segment (`segmentFingerprint`). */
  function fingerprint({ sourceLocale, targetLocale }: LanguagePair): string {
    return [
      'llm',
      `model=${options.model}`,
      `pair=${sourceLocale}->${targetLocale}`,
      `instructions=${options.instructions ? contentHash(options.instructions) : 'none'}`,
      `style=${styleGuide !== undefined ? contentHash(styleGuide) : 'none'}`,
      `temperature=${options.temperature}`,
      PROMPT_VERSION,
    ].join('|');
  }

  /**
   * The glossary entries (renderings and do-not-translate terms) that occur in `source`: the only
   * ones a request for it carries, so the only ones that can change its answer. '' when none.
   */
  function segmentFingerprint(_pair: LanguagePair, source: string): string {
    const terms = matchingTerms(glossary, [source]).map((t) => [t.source.trim(), t.target?.trim() ?? null, t.doNotTranslate]);
    return terms.length === 0 ? '' : `glossary=${contentHash(terms.sort((a, b) => String(a[0]).localeCompare(String(b[0]))))}`;
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
      else {
        const plain = plainText(segment.text).trim();
        const title = segment.title?.trim();
        reps.set(segment.text, {
          segment,
          ids: [segment.id],
          protected: protectTerms(segment.text, dntPattern),
          window: segmentWindow(segment.context, plain),
          // The title as context, except for the title segment itself.
          title: title && title !== plain ? title : undefined,
        });
      }
    }
    const batches = planBatches([...reps.values()], (rep) => rep.protected.text, { maxSegments: options.batchSegments, maxTokens: options.batchTokens });
    return { immediate, batches };
  }

  /**
   * The messages of a request for `batch`, its request ids "1", "2", … in batch order. Context:
   * each segment's window of its paragraph, merged and capped per request (`llm/context-window.ts`),
   * and the titles; none for a segment marked `bare` (its prompt with context was too long).
   */
  function messagesFor(job: ProviderJob, batch: readonly Rep[], retryReason?: string): { messages: ChatMessage[]; ids: string[] } {
    const ids = batch.map((_, i) => String(i + 1));
    const withContext = batch.filter((rep) => !rep.bare);
    const messages = buildMessages({
      sourceLocale: job.sourceLocale,
      targetLocale: job.targetLocale,
      segments: batch.map((rep, i) => ({ id: ids[i], text: rep.protected.text })),
      context: requestContext(withContext.map((rep) => rep.window)),
      titles: [...new Set(withContext.flatMap((rep) => (rep.title ? [rep.title] : [])))],
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
    const stats: LlmStats = { requests: 0, billedCharacters: 0, rejected: [], tokens: { input: 0, output: 0 }, delivered: 0, retried: 0 };
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
    /** `refused: 'request'`: the server would not take it (not remembered, asked again next run). */
    const reject = (rep: Rep, reason: string, refused?: 'request') => {
      for (const id of rep.ids) stats.rejected.push({ id, reason, ...(refused ? { refused } : {}) });
    };

    /**
     * One request, retried through transient faults; a TooLong when the server finds the prompt
     * over the model's context window. A request the server refuses for any other reason (a bad
     * parameter or field: not the segments) stops the run as a config error.
     */
    async function request(batch: readonly Rep[], retryReason?: string): Promise<Answer | TooLong> {
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
          if (kind === 'context-length') return new TooLong(safeMessage(error, key), messages);
          const transient = kind === 'rate' || kind === 'server' || kind === 'network' || kind === 'timeout';
          if (transient && attempt < options.retries) {
            const delay = retryAfterMs(error) ?? backoffDelay(attempt, { retries: options.retries, baseMs: options.retryDelayMs, maxMs: options.maxRetryDelayMs });
            attempt++;
            if (kind === 'rate') gate.pause(delay);
            else await sleep(delay);
            continue;
          }
          if (kind !== 'aborted') fail(kind, error);
          throw new Stopped();
        }
      }
    }

    /**
     * A single segment alone: asked once; over the model's context window, asked once more without
     * its context (the title and paragraph are what usually overflow), then rejected as a request
     * the server refused (`refused: 'request'`). Undefined when rejected.
     */
    async function requestAlone(rep: Rep, retryReason?: string): Promise<Answer | undefined> {
      const first = await request([rep], retryReason);
      if (!(first instanceof TooLong)) return first;
      let bare: TooLong | undefined;
      if (!rep.bare && (rep.window !== undefined || rep.title !== undefined)) {
        rep.bare = true;
        const again = await request([rep], retryReason);
        if (!(again instanceof TooLong)) return again;
        bare = again;
      }
      reject(rep, await tooLongReason(first, bare), 'request');
      return undefined;
    }

    /** Why a segment's prompt cannot be sent: its size (the server's count, else the tokenizer's) and what to change. */
    async function tooLongReason(first: TooLong, bare: TooLong | undefined): Promise<string> {
      const size = async (t: TooLong) => tokensInMessage(t.message).prompt ?? promptTokens(t.messages, await loadTokenCounter());
      const { max } = tokensInMessage(first.message);
      const withContext = `${await size(first)} tokens with the style guide and context`;
      const without = bare ? `; ${await size(bare)} without the context` : '';
      return `the prompt for this segment (${withContext}${without}) exceeds the model's context window${max !== undefined ? ` of ${max} tokens` : ''} (400 context_length_exceeded); the server refused the request, so it is asked again on the next run: shorten the style guide or instructions, or use a model with a larger context window`;
    }

    /** Verified results of an answer, and the reps whose value failed (with why). */
    async function check(batch: readonly Rep[], answer: Answer): Promise<{ results: ProviderResult[]; broken: Array<{ rep: Rep; reason: string }> }> {
      const ids = batch.map((_, i) => String(i + 1));
      const all = (reason: string) => ({ results: [], broken: batch.map((rep) => ({ rep, reason })) });
      if (answer.refusal) return all(`the model refused (${answer.refusal.slice(0, 200)})`);
      const parsed = parseAnswer(answer.content, ids);
      if (!parsed.ok) return all(answer.finishReason === 'length' ? `${parsed.reason} (cut off at the output token limit)` : parsed.reason);
      if (parsed.extra.length > 0) return all(`the answer added ids ${parsed.extra.slice(0, 5).map((id) => JSON.stringify(id)).join(', ')} the request did not have`);
      const missing = new Set(parsed.missing);
      // A value equal to its prose source, into a language not close to the source's: is the source already in the target language?
      const unchanged = !closeLanguages(job.sourceLocale, job.targetLocale) && batch.some((rep, i) => {
        const value = parsed.values.get(ids[i]);
        const source = plainText(rep.protected.text);
        return typeof value === 'string' && equalsSource(source, plainText(value)) && isProse(source);
      });
      const detectLanguage = unchanged ? await loadDetector() : undefined;
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
        const reason = verifyTranslation({ source: rep.protected.text, translation: value, sourceLocale: job.sourceLocale, targetLocale: job.targetLocale, missingNeighbours, detectLanguage });
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
      stats.retried++;
      const answer = await requestAlone(rep, reason);
      if (answer === undefined) return;
      const { results, broken } = await check([rep], answer);
      if (broken.length > 0) return reject(rep, `${broken[0].reason} (first answer: ${reason}); not delivered`);
      deliver(results);
    }

    async function runBatch(batch: readonly Rep[]): Promise<void> {
      let answer: Answer | TooLong | undefined;
      if (batch.length === 1) {
        answer = await requestAlone(batch[0]);
        if (answer === undefined) return;
      } else {
        answer = await request(batch);
      }
      if (answer instanceof TooLong) {
        const [first, second] = halves(batch);
        await runBatch(first);
        await runBatch(second);
        return;
      }
      const { results, broken } = await check(batch, answer);
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
    segmentFingerprint,
    translate,
    estimate,
    async close() {
      session = undefined;
    },
  };
};
