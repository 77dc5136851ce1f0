/**
 * The DeepL provider, over the official deepl-node client (imported lazily).
 *
 * - Batching: at most 50 texts and 128 KiB per request, `concurrency` requests at a time.
 * - Context: `sentence` (default) sends each sentence as a text with its paragraph as the free
 *   `context`, one request per distinct paragraph (a sentence that is its whole paragraph needs no
 *   context and is packed with others); `paragraph` sends whole paragraphs with `<s>` sentence
 *   wrappers and splits them back. Figures in `deepl/README.md`.
 * - Markup: tagged text goes with `tag_handling=xml`; every translation is checked with
 *   `verifyTags`; a broken one is retried alone once, then reported in `stats.rejected` and never
 *   delivered.
 * - Glossary: one multilingual (v3) glossary per target and terms, reused across runs
 *   (`deepl/glossary-cache.ts`); do-not-translate terms travel as atoms (`deepl/protect-terms.ts`).
 *   The terms are the project glossary's for the target (`context.glossary`, the config's
 *   `glossary:` CSV) merged with the target's own `glossary`/`doNotTranslate` options, the project
 *   glossary winning where both name a term (`glossary/target-glossary.ts`); project
 *   do-not-translate terms match case-insensitively, the target's own as written.
 * - Failures: deepl-node retries (`maxRetries`, `minTimeout`), then this provider's backoff
 *   (`retries`, `retryDelayMs`, a gate shared by the workers on 429). Quota (456), auth (403),
 *   network and unavailability stop the run: no new request is sent, requests in flight finish and
 *   their results are delivered, then `translate` rejects with a ProviderError carrying the stats.
 * - The auth key never appears in messages, stats or files.
 */
import {
  ProviderError,
  type Provider,
  type ProviderContext,
  type ProviderFactory,
  type ProviderJob,
  type LanguagePair,
  type ProviderRejection,
  type ProviderResult,
  type ProviderSegment,
  type ProviderStats,
} from '../provider.ts';
import { plainText, verifyTags } from '../tagged-text.ts';
import { backoffDelay, RateGate, sleep } from './deepl/backoff.ts';
import { classifyError, type FailureKind } from './deepl/classify-error.ts';
import { contentHash } from './deepl/content-hash.ts';
import { createClient, loadDeepL, readAuthKey, serverUrlOf, type DeepLClient, type DeepLModule } from './deepl/create-client.ts';
import { parseDeepLOptions, resolveTarget, type DeepLOptions } from './deepl/deepl-options.ts';
import { ensureGlossary, glossaryHash, type GlossarySpec } from './deepl/glossary-cache.ts';
import { SENTENCE_TAG, splitParagraph, wrapParagraph } from './deepl/paragraph-text.ts';
import { formFieldBytes, MAX_REQUEST_BYTES, MAX_TEXTS_PER_REQUEST, planBatches, RESERVED_BYTES, type Batch, type Unit } from './deepl/plan-requests.ts';
import { protectTerms, termPattern, type ProtectedText } from './deepl/protect-terms.ts';
import { runPool } from './deepl/run-pool.ts';
import { mergeTargetGlossary } from '../glossary/target-glossary.ts';
import { glossaryLanguage } from './deepl/target-code.ts';
import { toProviderError } from './deepl/to-provider-error.ts';

export { getDeepLUsage } from './deepl/get-usage.ts';
export type { DeepLOptions, ContextStrategy, Formality } from './deepl/deepl-options.ts';

/** ProviderStats plus what only DeepL reports. */
export interface DeepLStats extends ProviderStats {
  /** Segments not delivered because DeepL broke their markup twice (or refused them). */
  rejected: ProviderRejection[];
  /** Segment ids delivered through onResults. */
  delivered: number;
  /** Glossary requests (look-up, create, delete), not counted in `requests`. */
  glossaryRequests: number;
}

/** One unique text of the job: the segments sharing it get the same translation. */
interface Rep {
  segment: ProviderSegment;
  ids: string[];
  protected: ProtectedText;
}

class BatchFailure extends Error {}
class Stopped extends Error {}

function usefulContext(segment: ProviderSegment): string | undefined {
  const context = segment.context?.trim();
  if (!context || context === plainText(segment.text).trim()) return undefined;
  return context;
}

function inlineTagNames(texts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/<(g\d+)>/g)) names.add(m[1]);
  return [...names];
}

export const createDeepLProvider: ProviderFactory = (context: ProviderContext): Provider => {
  const options: DeepLOptions = parseDeepLOptions(context.options);
  // The project glossary (context.glossary) merged with this target's own lists; the project wins.
  const effective = mergeTargetGlossary(context.glossary ?? [], { glossary: options.glossary, doNotTranslate: options.doNotTranslate });
  const dntPatterns = [termPattern(effective.doNotTranslate), termPattern(effective.projectDoNotTranslate, { ignoreCase: true })];
  const glossaryTerms = Object.keys(effective.renderings).length > 0 ? effective.renderings : undefined;
  let session: Promise<{ deepl: DeepLModule; client: DeepLClient; key: string }> | undefined;
  const glossaryIds = new Map<string, Promise<string>>();

  const glossarySpec = (sourceLang: string, targetCode: string): GlossarySpec | undefined =>
    glossaryTerms && { sourceLang, targetLang: glossaryLanguage(targetCode), targetCode, entries: glossaryTerms };

  const openSession = (key: string) =>
    (session ??= loadDeepL().then((deepl) => ({
      deepl,
      key,
      client: createClient(deepl, key, { serverUrl: serverUrlOf(context, options.serverUrl), maxRetries: options.maxRetries, minTimeout: options.minTimeout }),
    })));

  function fingerprint({ sourceLocale, targetLocale }: LanguagePair): string {
    const code = resolveTarget(options, targetLocale);
    const spec = glossarySpec(sourceLocale.split('-')[0].toLowerCase(), code);
    return [
      'deepl',
      code,
      `formality=${options.formality ?? 'default'}`,
      `glossary=${spec ? glossaryHash(spec) : 'none'}`,
      `dnt=${effective.doNotTranslate.length > 0 ? contentHash([...effective.doNotTranslate].sort()) : 'none'}`,
      `context=${options.contextStrategy}`,
      // Only with project do-not-translate terms: fingerprints (memory keys) without them stay as they were.
      ...(effective.projectDoNotTranslate.length > 0 ? [`dnti=${contentHash(effective.projectDoNotTranslate.map((t) => t.toLocaleLowerCase('id')).sort())}`] : []),
    ].join('|');
  }

  async function translate(job: ProviderJob, onResults: (results: ProviderResult[]) => void): Promise<DeepLStats> {
    const stats: DeepLStats = { requests: 0, billedCharacters: 0, rejected: [], delivered: 0, glossaryRequests: 0 };
    const targetCode = resolveTarget(options, job.targetLocale);
    const sourceLang = job.sourceLocale.split('-')[0].toLowerCase();
    const total = job.segments.length;
    const progress = () => `${stats.delivered} of ${total} segments were translated and delivered`;
    if (total === 0) return stats;
    const key = readAuthKey(context, stats);
    const { deepl, client } = await openSession(key);

    const gate = new RateGate();
    let fatal: { kind: FailureKind; error: unknown } | undefined;
    const stopped = () => fatal !== undefined || job.signal?.aborted === true;
    const fail = (kind: FailureKind, error: unknown) => {
      fatal ??= { kind, error };
    };
    const deliver = (results: ProviderResult[]) => {
      if (results.length === 0) return;
      stats.delivered += results.length;
      onResults(results);
    };

    // The glossary, once per provider and target.
    let glossaryId: string | undefined;
    const spec = glossarySpec(sourceLang, targetCode);
    if (spec) {
      const slot = `${sourceLang}->${targetCode}`;
      let pending = glossaryIds.get(slot);
      if (!pending) {
        pending = ensureGlossary(spec, context.cacheDir, {
          api: client,
          makeEntries: (entries) => new deepl.GlossaryEntries({ entries }),
          isNotFound: (error) => classifyError(error, deepl) === 'not-found',
          onRequest: () => stats.glossaryRequests++,
        });
        glossaryIds.set(slot, pending);
        pending.catch(() => glossaryIds.delete(slot));
      }
      try {
        glossaryId = await pending;
      } catch (error) {
        const kind = classifyError(error, deepl);
        throw toProviderError(kind === 'bad-request' || kind === 'not-found' ? 'unknown' : kind, error, key, `DeepL glossary setup failed, ${progress()}`, stats);
      }
    }

    // Unique texts; empty ones need no translation.
    const reps = new Map<string, Rep>();
    const immediate: ProviderResult[] = [];
    for (const segment of job.segments) {
      if (plainText(segment.text).trim() === '' && !/<[gx]\d+/.test(segment.text)) {
        immediate.push({ id: segment.id, text: segment.text });
        continue;
      }
      const rep = reps.get(segment.text);
      if (rep) rep.ids.push(segment.id);
      else reps.set(segment.text, { segment, ids: [segment.id], protected: protectTerms(segment.text, dntPatterns) });
    }
    deliver(immediate);

    async function request(texts: string[], requestContext: string | undefined, paragraphs: boolean): Promise<string[]> {
      for (let attempt = 0; ; attempt++) {
        if (stopped()) throw new Stopped();
        await gate.wait();
        if (stopped()) throw new Stopped();
        stats.requests++;
        try {
          const inline = inlineTagNames(texts);
          const results = await client.translateText(texts, sourceLang as never, targetCode as never, {
            tagHandling: 'xml',
            preserveFormatting: true,
            ...(inline.length > 0 ? { nonSplittingTags: inline } : {}),
            ...(paragraphs ? { splittingTags: [SENTENCE_TAG], outlineDetection: false } : {}),
            ...(requestContext !== undefined ? { context: requestContext } : {}),
            ...(options.formality !== undefined ? { formality: options.formality } : {}),
            ...(glossaryId !== undefined ? { glossary: glossaryId } : {}),
          });
          for (const r of results) stats.billedCharacters += r.billedCharacters ?? 0;
          return results.map((r) => r.text);
        } catch (error) {
          const kind = classifyError(error, deepl);
          const transient = kind === 'rate' || kind === 'server' || kind === 'network';
          if (transient && attempt < options.retries) {
            const delay = backoffDelay(attempt, { retries: options.retries, baseMs: options.retryDelayMs, maxMs: options.maxRetryDelayMs });
            if (kind === 'rate') gate.pause(delay);
            else await sleep(delay);
            continue;
          }
          if (kind === 'bad-request' || kind === 'not-found' || kind === 'unknown') throw new BatchFailure(kind);
          fail(kind, error);
          throw new Stopped();
        }
      }
    }

    /** The results for `rep` from a translation of its protected text, or why it is unusable. */
    function accept(rep: Rep, translated: string): ProviderResult[] | string {
      const problems = verifyTags(rep.protected.text, translated);
      if (problems.length > 0) return problems.map((p) => `${p.code} ${p.tag}`).join(', ');
      const text = rep.protected.restore(translated);
      const final = verifyTags(rep.segment.text, text);
      if (final.length > 0) return final.map((p) => `${p.code} ${p.tag}`).join(', ');
      return rep.ids.map((id) => ({ id, text }));
    }

    const failRep = (rep: Rep, reason: string) => {
      for (const id of rep.ids) stats.rejected.push({ id, reason });
    };

    /** A segment whose markup came back broken: once more, alone, with its context. */
    async function retryAlone(rep: Rep): Promise<void> {
      let translated: string;
      try {
        [translated] = await request([rep.protected.text], usefulContext(rep.segment), false);
      } catch (error) {
        if (error instanceof BatchFailure) failRep(rep, `DeepL refused the segment (${error.message})`);
        return;
      }
      const result = accept(rep, translated);
      if (typeof result === 'string') failRep(rep, `DeepL broke the inline markup twice (${result}); not delivered`);
      else deliver(result);
    }

    async function runBatch(batch: Batch<Rep[]>): Promise<void> {
      let translations: string[];
      try {
        translations = await request(
          batch.units.map((u) => u.text),
          batch.context,
          batch.units.some((u) => u.item.length > 1),
        );
      } catch (error) {
        if (error instanceof BatchFailure) for (const u of batch.units) for (const rep of u.item) failRep(rep, `DeepL refused the request (${error.message})`);
        return;
      }
      const results: ProviderResult[] = [];
      const broken: Rep[] = [];
      batch.units.forEach((unit, i) => {
        const parts = splitParagraph(translations[i] ?? '', unit.item.length);
        if (!parts) {
          broken.push(...unit.item);
          return;
        }
        unit.item.forEach((rep, j) => {
          const result = accept(rep, parts[j]);
          if (typeof result === 'string') broken.push(rep);
          else results.push(...result);
        });
      });
      deliver(results);
      for (const rep of broken) {
        if (stopped()) return;
        await retryAlone(rep);
      }
    }

    const units = buildUnits([...reps.values()], options.contextStrategy);
    const batches = planBatches(units, { maxTexts: MAX_TEXTS_PER_REQUEST, maxBytes: MAX_REQUEST_BYTES - RESERVED_BYTES, contextChars: options.contextChars });
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
    if (fatal) throw toProviderError(fatal.kind, fatal.error, key, progress(), stats);
    if (job.signal?.aborted) throw new ProviderError('unavailable', `DeepL translation was cancelled: ${progress()}.`, { stats });
    return stats;
  }

  return { name: 'deepl', publishable: true, fingerprint, translate };
};

/**
 * Requests' texts for a strategy. `sentence`: one unit per sentence, carrying its paragraph as
 * context. `paragraph`: one unit per paragraph (sentences sharing a context, in job order),
 * unless a paragraph is too large for one request, when its sentences go alone.
 */
function buildUnits(reps: readonly Rep[], strategy: DeepLOptions['contextStrategy']): Unit<Rep[]>[] {
  if (strategy === 'sentence') return reps.map((rep) => ({ text: rep.protected.text, context: usefulContext(rep.segment), item: [rep] }));
  const paragraphs = new Map<string, Rep[]>();
  const units: Unit<Rep[]>[] = [];
  for (const rep of reps) {
    const key = rep.segment.context?.trim();
    if (!key) {
      units.push({ text: rep.protected.text, item: [rep] });
      continue;
    }
    const group = paragraphs.get(key);
    if (group) group.push(rep);
    else {
      const fresh = [rep];
      paragraphs.set(key, fresh);
      units.push({ text: '', item: fresh });
    }
  }
  return units.flatMap((unit) => {
    if (unit.text !== '' || unit.item.length === 0) return [unit];
    const text = wrapParagraph(unit.item.map((r) => r.protected.text));
    if (formFieldBytes('text', text) <= MAX_REQUEST_BYTES - RESERVED_BYTES) return [{ text, item: unit.item }];
    return unit.item.map((rep) => ({ text: rep.protected.text, context: usefulContext(rep.segment), item: [rep] }));
  });
}
