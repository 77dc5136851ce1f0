import type { Provider, ProviderResult, ProviderStats, TokenUsage } from '../provider.ts';
import { ProviderError } from '../provider.ts';
import { MemoryUnavailableError } from '../store/memory-unavailable-error.ts';
import type { TranslationMemory, MemoryEntry, MemoryKey, SegmentClaims } from '../store/translation-memory.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';
import { memoryKeyString, normalizeMemoryKey } from '../store/memory-key.ts';
import { acceptTranslation } from '../accept/accept-translation.ts';
import type { Segment } from '../segment.ts';

/** A segment that needs machine text, as the provider sees it. */
export interface Need {
  segment: Segment;
  bypassMemory: boolean;
  /** The title of the segment's article (context for providers that use it). */
  title?: string;
}

export interface Resolution {
  /** Normalized source → machine translation (markdown form). */
  machine: Map<string, string>;
  /** Normalized source → reviewed translation from the human memory. */
  human: Map<string, string>;
  /** Unique segments answered by the memory, by the provider, still pending, failed (broken markup). */
  fromMemory: number;
  fromProvider: number;
  /** Normalized sources whose machine text came from the provider in this call. */
  fresh: Set<string>;
  /** Words the engine did not know, per normalized source (engines that report them, e.g. Apertium). */
  unknownWords: Map<string, number>;
  pending: Segment[];
  failed: number;
  /** Segments given up on, with why (broken markup after one retry alone, or reported by the provider). */
  failures: Array<{
    segment: Segment;
    reason: string;
    /** `broken-markup`: refused by the acceptance gate; `rejected-translation`: the provider's own checks gave up on it. */
    code: 'broken-markup' | 'rejected-translation';
    /** Refused before (an earlier run or chunk), not asked again. */
    earlier?: boolean;
    /** The server refused the request, not the answer: not remembered, asked again next run. */
    request?: boolean;
  }>;
  /** Answers accepted after a whitespace repair at tag edges. */
  repaired: number;
  /** Answers refused by the gate and sent again alone. */
  retried: number;
  requests: number;
  billedCharacters: number;
  /**
   * Unique segments another runner translated while this one waited or had not yet claimed them
   * (a shared memory with claims only; counted in `fromMemory` too). Absent without claims.
   */
  waited?: number;
  /** Tokens reported by a language-model provider (`ProviderStats.tokens`), retries included. */
  tokens: TokenUsage;
  /** Set when the provider stopped the job (auth, quota, network). */
  error?: ProviderError;
  /**
   * Set when the memory could not be read or written (its database went away): no provider call
   * was made after it (the rest is `pending`), and what the provider had delivered is still in
   * `machine` and `fresh` (to be written to the locale files), stored in the memory or not.
   */
  memoryError?: MemoryUnavailableError;
}

export interface ResolveContext {
  memory: TranslationMemory;
  sourceLocale: string;
  targetLocale: string;
  /** undefined: no provider may be called (dry run, or none available); needs stay pending. */
  provider: Provider | undefined;
  providerName: string;
  /** The engine's output-changing options, part of the memory key. */
  fingerprint: string;
  /** The engine's per-segment part of the memory key (`Provider.segmentFingerprint`), given a normalized source. */
  segmentFingerprint?: (source: string) => string;
  /**
   * Translations the locale files already hold, by normalized source (a fresh clone has no
   * memory, yet a sentence copied within the record must not be paid for again).
   */
  recorded?: { human: ReadonlyMap<string, string>; machine: ReadonlyMap<string, string> };
  /** The claim lease and the longest wait for another runner (a memory with `claims` only); default `claimTiming(process.env)`. */
  claimTiming?: ClaimTiming;
  /** Told how many unique segments this run waits for while another runner translates them (a progress line). */
  onWait?: (segments: number) => void;
}

/** How long a claim lasts without renewal, and how long a runner waits for another's claims (milliseconds). */
export interface ClaimTiming {
  leaseMs: number;
  waitMs: number;
}

/** Default lease of a claim: renewed every third of it while the provider works. */
export const DEFAULT_CLAIM_LEASE_MS = 60_000;
/** Default longest wait for segments another runner is translating. */
export const DEFAULT_CLAIM_WAIT_MS = 600_000;

/**
 * The claim timing from `TRANSLATE_CLAIM_LEASE_MS` and `TRANSLATE_CLAIM_WAIT_MS` (positive integers,
 * milliseconds; for tests), else the defaults (60 s, 10 min). A value that is not a positive
 * integer throws a RangeError naming the variable.
 */
export function claimTiming(env: NodeJS.ProcessEnv): ClaimTiming {
  const read = (name: string, fallback: number): number => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${name} must be a positive whole number of milliseconds, got "${value}"`);
    return n;
  };
  return { leaseMs: read('TRANSLATE_CLAIM_LEASE_MS', DEFAULT_CLAIM_LEASE_MS), waitMs: read('TRANSLATE_CLAIM_WAIT_MS', DEFAULT_CLAIM_WAIT_MS) };
}

/**
 * The memory key's fingerprint of each normalized source: the engine's own, plus its per-segment
 * part when it has one (`Provider.segmentFingerprint`) and it is not empty.
 */
export function engineFingerprint(fingerprint: string, segmentFingerprint: ((source: string) => string) | undefined): (source: string) => string {
  if (!segmentFingerprint) return () => fingerprint;
  return (source) => {
    const part = segmentFingerprint(source);
    return part === '' ? fingerprint : `${fingerprint}|${part}`;
  };
}

/** How a refusal by the provider's own checks begins (remembered as such in the memory). */
const providerGaveUp = (provider: string) => `${provider} gave up on it`;

/** The memory's provider name under which refusals of `provider`'s answers are remembered. */
export function refusedProvider(provider: string): string {
  return `${provider}#refused`;
}

/**
 * Find machine text for every need: the memory first (human, then this engine), then the provider
 * for what is left, each unique source sent once. Every provider result goes to the memory as soon
 * as it arrives, so a failure later loses nothing that was paid for. An answer the acceptance gate
 * refuses is asked for once more alone; a second refusal is final and remembered (provider
 * `<name>#refused`), so later runs report it without paying for it again.
 *
 * Provider deliveries are synchronous callbacks: each starts its `putMany` at once (the SQLite
 * memory has committed it when the call returns) and the writes are awaited before a retry and
 * before this function settles. A failed write rejects it (the provider is stopped at its next
 * delivery): nothing paid for is lost without an error. A `MemoryUnavailableError` (the shared
 * memory's database went away) does not reject: the provider is stopped the same way, the error is
 * kept in `memoryError`, what was delivered stays in `machine` (for the locale files), and the rest
 * is pending. A memory that cannot be read at the start sends nothing (the recorded translations
 * still answer): a provider call would pay again for what the database may hold.
 *
 * On a shared memory (`memory.claims`), segments are claimed before they are sent (`sendClaimed`):
 * see `resolveClaimed` below. Needs that bypass the memory (a rejected entry) are sent unclaimed.
 */
export async function resolveNeeds(needs: readonly Need[], context: ResolveContext): Promise<Resolution> {
  const resolution: Resolution = { machine: new Map(), human: new Map(), fromMemory: 0, fromProvider: 0, fresh: new Set(), unknownWords: new Map(), pending: [], failed: 0, failures: [], repaired: 0, retried: 0, requests: 0, billedCharacters: 0, tokens: { input: 0, output: 0 } };
  const unique = new Map<string, Need>();
  for (const need of needs) {
    const text = normalizeSegment(need.segment.source);
    const seen = unique.get(text);
    if (!seen || (need.bypassMemory && !seen.bypassMemory)) unique.set(text, need);
  }
  const keyOf = (source: string, provider: string, fingerprint: string): MemoryKey => ({
    provider,
    fingerprint,
    sourceLocale: context.sourceLocale,
    targetLocale: context.targetLocale,
    source,
  });
  const list = [...unique];
  const fingerprintOf = engineFingerprint(context.fingerprint, context.segmentFingerprint);
  /** A look-up; a memory that cannot be reached answers nothing and is noted (`memoryError`). */
  const lookUp = async (keys: MemoryKey[]): Promise<Array<string | undefined>> => {
    if (resolution.memoryError) return keys.map(() => undefined);
    try {
      return await context.memory.getMany(keys);
    } catch (error) {
      if (!(error instanceof MemoryUnavailableError)) throw error;
      resolution.memoryError ??= error;
      return keys.map(() => undefined);
    }
  };
  const [humanHits, machineHits] = await Promise.all([
    lookUp(list.map(([text]) => keyOf(text, 'human', ''))),
    lookUp(list.map(([text]) => keyOf(text, context.providerName, fingerprintOf(text)))),
  ]);
  const refusedName = refusedProvider(context.providerName);
  const unanswered: Array<[string, Need]> = [];
  list.forEach(([text, need], i) => {
    const human = humanHits[i] ?? context.recorded?.human.get(text);
    const machine = machineHits[i] ?? context.recorded?.machine.get(text);
    if (human !== undefined && !need.bypassMemory) {
      resolution.human.set(text, human);
      resolution.fromMemory++;
    } else if (need.bypassMemory || machine === undefined) {
      unanswered.push([text, need]);
    } else {
      resolution.machine.set(text, machine);
      resolution.fromMemory++;
    }
  });
  // An answer this engine gave before and the gate refused: asking again would pay for the same answer.
  const refusedHits = await lookUp(unanswered.map(([text]) => keyOf(text, refusedName, fingerprintOf(text))));
  const toSend: Array<[string, Need]> = [];
  unanswered.forEach(([text, need], i) => {
    if (refusedHits[i] === undefined || need.bypassMemory) toSend.push([text, need]);
    else {
      resolution.failed++;
      const reason = refusedHits[i] as string;
      resolution.failures.push({ segment: need.segment, reason, code: reason.startsWith(providerGaveUp(context.providerName)) ? 'rejected-translation' : 'broken-markup', earlier: true });
    }
  });
  if (toSend.length === 0) return resolution;
  if (!context.provider || resolution.memoryError) {
    resolution.pending = toSend.map(([, need]) => need.segment);
    return resolution;
  }
  const byId = new Map(toSend.map(([text, need], i) => [String(i), { text, segment: need.segment, title: need.title }]));
  const delivered = new Set<string>();
  /** Refused answers, by id, with the reason: sent again alone once. */
  const refused = new Map<string, string>();
  /** Memory writes started by deliveries (each caught: its error is kept in `writeFailure`). */
  const writes: Array<Promise<void>> = [];
  let writeFailure: { error: unknown } | undefined;
  const store = (entries: MemoryEntry[]) => {
    let write: Promise<void>;
    try {
      write = context.memory.putMany(entries);
    } catch (error) {
      write = Promise.reject(error);
    }
    writes.push(write.catch((error: unknown) => void (writeFailure ??= { error })));
  };
  /** Wait for every write started so far; the first that failed is thrown. */
  const settleWrites = async () => {
    while (writes.length > 0) await Promise.all(writes.splice(0));
    if (writeFailure) throw writeFailure.error;
  };
  const accept = (results: ProviderResult[], retry = false) => {
    const entries: MemoryEntry[] = [];
    for (const result of results) {
      const item = byId.get(result.id);
      if (!item || delivered.has(result.id)) continue;
      const verdict = acceptTranslation(item.segment, result.text);
      if (!verdict.ok) {
        if (retry) {
          delivered.add(result.id);
          giveUp(item.segment, verdict.reason);
        } else refused.set(result.id, verdict.reason);
        continue;
      }
      delivered.add(result.id);
      refused.delete(result.id);
      if (verdict.repairs.length > 0) resolution.repaired++;
      resolution.machine.set(item.text, verdict.markdown);
      resolution.fresh.add(item.text);
      if (result.unknownWords !== undefined && result.unknownWords > 0) resolution.unknownWords.set(item.text, result.unknownWords);
      resolution.fromProvider++;
      entries.push({ ...keyOf(item.text, context.providerName, fingerprintOf(item.text)), target: verdict.markdown });
    }
    // A write failed: stop the provider (its job rejects with this error), as a failed write did when
    // writes were synchronous. This delivery was paid for: it is kept (for the locale files), not stored.
    if (writeFailure) throw writeFailure.error;
    if (entries.length > 0) store(entries);
  };
  const giveUp = (segment: Segment, reason: string, code: 'broken-markup' | 'rejected-translation' = 'broken-markup', request = false) => {
    resolution.failed++;
    resolution.failures.push({ segment, reason, code, ...(request ? { request } : {}) });
    // An answer refused is remembered, so that no later run pays for the same answer again; a
    // request the server refused is not (a fix of the server or the config may cure it).
    if (!request) store([{ ...keyOf(normalizeSegment(segment.source), refusedName, fingerprintOf(normalizeSegment(segment.source))), target: reason }]);
  };
  const addStats = (stats: ProviderStats | undefined) => {
    resolution.requests += stats?.requests ?? 0;
    resolution.billedCharacters += stats?.billedCharacters ?? 0;
    resolution.tokens.input += stats?.tokens?.input ?? 0;
    resolution.tokens.output += stats?.tokens?.output ?? 0;
    resolution.retried += stats?.retried ?? 0;
  };
  const send = async (ids: string[], retry: boolean) => {
    const stats = await (context.provider as Provider).translate(
      {
        sourceLocale: context.sourceLocale,
        targetLocale: context.targetLocale,
        segments: ids.map((id) => {
          const { segment, title } = byId.get(id) as { segment: Segment; title?: string };
          return { id, text: segment.tagged, context: segment.context, ...(title ? { title } : {}) };
        }),
      },
      (results) => accept(results, retry),
    );
    addStats(stats);
    // Segments the provider itself gave up on (its own checks failed after its own retry).
    for (const rejection of stats.rejected ?? []) {
      const item = byId.get(rejection.id);
      if (!item || delivered.has(rejection.id)) continue;
      delivered.add(rejection.id); // reported, not pending: it will not come back by waiting
      refused.delete(rejection.id);
      if (rejection.refused === 'request') giveUp(item.segment, `the ${context.providerName} server refused the request (${rejection.reason})`, 'rejected-translation', true);
      else giveUp(item.segment, `${providerGaveUp(context.providerName)} (${rejection.reason})`, 'rejected-translation');
    }
  };
  /** Send `ids`; an answer the gate refused is asked for once more, alone; a second refusal is final. */
  const sendAll = async (ids: string[]) => {
    await send(ids, false);
    // Engines answer differently without their neighbours; a second refusal is reported, never written.
    for (const id of ids) {
      if (!refused.has(id)) continue;
      await settleWrites();
      resolution.retried++;
      await send([id], true);
      if (!delivered.has(id)) {
        delivered.add(id);
        giveUp(byId.get(id)!.segment, refused.get(id) as string);
      }
      refused.delete(id);
    }
  };
  const claims = context.memory.claims;
  /** Claims this runner holds now (ids), released when the run stops, whatever stops it. */
  const holding = new Set<string>();
  try {
    if (claims) await resolveClaimed(claims);
    else await sendAll([...byId.keys()]);
  } catch (error) {
    // A failed write stopped the provider: the write's error is the cause, whatever the provider made of it.
    const cause = writeFailure?.error instanceof MemoryUnavailableError ? writeFailure.error : error;
    if (cause instanceof MemoryUnavailableError) {
      resolution.memoryError ??= cause;
      if (error instanceof ProviderError) addStats(error.stats);
    } else if (!(error instanceof ProviderError)) {
      // Nothing is left in flight when this rejects (the caller may close the memory next).
      await Promise.all(writes.splice(0));
      await releaseHeld().catch(() => {});
      throw error;
    } else {
      resolution.error = error;
      addStats(error.stats);
    }
  }
  try {
    await settleWrites();
    await releaseHeld();
  } catch (error) {
    if (!(error instanceof MemoryUnavailableError)) throw error;
    // Delivered, perhaps not stored: kept in `machine` for the locale files. Unreleased claims run out with their lease.
    resolution.memoryError ??= error;
    holding.clear();
  }
  resolution.pending = toSend.filter((_, i) => !delivered.has(String(i))).map(([, need]) => need.segment);
  return resolution;

  /** Release the claims still held (after the writes: a stored result releases its own claim). */
  async function releaseHeld(): Promise<void> {
    if (!claims || holding.size === 0) return;
    await Promise.all(writes.splice(0));
    const ids = [...holding];
    holding.clear();
    await claims.release(ids.map(machineKey));
  }

  function machineKey(id: string): MemoryKey {
    const text = byId.get(id)!.text;
    return keyOf(text, context.providerName, fingerprintOf(text));
  }

  /**
   * The claim protocol (a memory several runners share): claim every segment to send; those stored
   * meanwhile are read (`answered`), those granted are sent (the lease renewed every third of it
   * while the provider works; a stored result releases its claim; a give-up is stored as
   * `#refused` first, then released), those another runner holds are waited for (`waitForChange`)
   * and claimed again: answered by the other runner (or refused by this engine: reported, not
   * sent), or taken over once its claim is released or its lease ran out. Waiting stops at
   * `waitMs`; what is still held then stays pending.
   */
  async function resolveClaimed(claims: SegmentClaims): Promise<void> {
    const timing = context.claimTiming ?? claimTiming(process.env);
    resolution.waited = 0;
    const ids = [...byId.keys()];
    const direct = ids.filter((id) => unique.get(byId.get(id)!.text)!.bypassMemory);
    if (direct.length > 0) await sendAll(direct);
    let outstanding = ids.filter((id) => !direct.includes(id));
    const deadline = Date.now() + timing.waitMs;
    let announced = 0;
    while (outstanding.length > 0) {
      const keys = outstanding.map(machineKey);
      const idOf = new Map(outstanding.map((id, i) => [memoryKeyString(normalizeMemoryKey(keys[i])), id]));
      const ofKeys = (list: MemoryKey[]) => list.map((key) => idOf.get(memoryKeyString(normalizeMemoryKey(key)))!);
      const { granted, held, answered } = await claims.claim(keys, timing.leaseMs);
      for (const id of ofKeys(granted)) holding.add(id);
      const stillHeld = ofKeys(held);
      // Stored by another runner since this run looked: read, counted as reused (never paid here).
      const answeredIds = ofKeys(answered);
      const texts = await context.memory.getMany(answeredIds.map(machineKey));
      answeredIds.forEach((id, i) => {
        const text = texts[i];
        if (text === undefined) return void stillHeld.push(id); // gone again (cannot happen with a sane store): look again
        resolution.machine.set(byId.get(id)!.text, text);
        resolution.fromMemory++;
        resolution.waited! += 1;
        delivered.add(id);
      });
      // Refused before by this engine (another runner gave up on it meanwhile): reported, not sent.
      let toSendNow = ofKeys(granted);
      if (toSendNow.length > 0) {
        const reasons = await context.memory.getMany(toSendNow.map((id) => keyOf(byId.get(id)!.text, refusedName, fingerprintOf(byId.get(id)!.text))));
        const refusedNow = toSendNow.filter((_, i) => reasons[i] !== undefined);
        toSendNow.forEach((id, i) => {
          const reason = reasons[i];
          if (reason === undefined) return;
          resolution.failed++;
          resolution.failures.push({ segment: byId.get(id)!.segment, reason, code: reason.startsWith(providerGaveUp(context.providerName)) ? 'rejected-translation' : 'broken-markup', earlier: true });
          delivered.add(id);
        });
        if (refusedNow.length > 0) {
          for (const id of refusedNow) holding.delete(id);
          await claims.release(refusedNow.map(machineKey));
          toSendNow = toSendNow.filter((id) => !refusedNow.includes(id));
        }
      }
      if (toSendNow.length > 0) await sendClaimed(claims, toSendNow, timing.leaseMs);
      outstanding = stillHeld;
      if (outstanding.length === 0) break;
      // Sent something meanwhile: the others' claims may have changed; look again before waiting.
      if (toSendNow.length > 0) continue;
      const left = deadline - Date.now();
      if (left <= 0) break;
      if (outstanding.length !== announced) {
        announced = outstanding.length;
        context.onWait?.(outstanding.length);
      }
      // Woken by any stored entry or released claim; a crashed runner's lease runs out silently.
      await claims.waitForChange(Math.min(left, Math.max(1, Math.floor(timing.leaseMs / 4))));
    }
  }

  /** Send claimed `ids`, renewing their claims every third of the lease until each is stored or given up. */
  async function sendClaimed(claims: SegmentClaims, ids: string[], leaseMs: number): Promise<void> {
    const renewing = setInterval(() => {
      const live = ids.filter((id) => holding.has(id) && !delivered.has(id));
      if (live.length > 0) claims.renew(live.map(machineKey), leaseMs).catch(() => {}); // a lost heartbeat: at worst the lease runs out
    }, Math.max(1, Math.floor(leaseMs / 3)));
    renewing.unref?.();
    try {
      await sendAll(ids);
    } finally {
      clearInterval(renewing);
    }
    // A give-up's `#refused` entry is written before its claim is released: a waiting runner sees the refusal, never a free key.
    await settleWrites();
    const done = ids.filter((id) => holding.has(id) && delivered.has(id));
    for (const id of done) holding.delete(id);
    const unstored = done.filter((id) => !resolution.fresh.has(byId.get(id)!.text));
    if (unstored.length > 0) await claims.release(unstored.map(machineKey));
  }
}
