import { notesOf, type LocaleFile } from '../locale/locale-file.ts';
import type { SegmentState, StateMap } from '../locale/segment-state.ts';
import type { LoadedArticle } from './article.ts';
import type { MemoryKey, TranslationMemory } from '../store/translation-memory.ts';
import { textHash } from '../util/hash.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';

export interface LostRecord {
  key: string;
  /** The key's current source (markdown form). */
  source: string;
  /** The value the locale file holds for it. */
  value: string;
  /** The source its `# was:` note names: the entry was stale, reviewed against that source. */
  previousSource?: string;
}

/**
 * The values of an article's locale file that have no state record: every such value when the
 * state file is missing; for an article, also single keys a merge dropped from it (a namespace's
 * target file may hold hand-added keys, which are a reviewer's). `# was:` notes are read along.
 */
export function lostRecords(article: LoadedArticle, file: LocaleFile | undefined, state: StateMap, stateFileMissing: boolean): LostRecord[] {
  if (!file) return [];
  const lost: LostRecord[] = [];
  article.keys.forEach((key, i) => {
    const value = file.entries.get(key);
    if (value !== undefined && !state.has(key) && (stateFileMissing || !article.namespace)) lost.push({ key, source: article.segments[i].source, value });
  });
  if (lost.length > 0) {
    const was = notesOf(file, 'was');
    for (const entry of lost) entry.previousSource = was.get(entry.key);
  }
  return lost;
}

/** A value that differs from the text its state says the pipeline last wrote. */
export interface DisputedValue extends LostRecord {
  /**
   * The state is older than the locale file: it records an earlier source, yet the file's `# id:`
   * note already shows the current one (only a run writes that note), and the entry is not stale
   * (where a reviewer's edit against the new source is the expected fix).
   */
  stateOlderThanFile: boolean;
}

/**
 * Values that differ from the text the state says the pipeline last wrote: a reviewer's edit as a
 * rule, but also what a state file older than its locale file looks like (one taken from the wrong
 * side of a merge, or a crash between the two writes). `settleDisputes` tells them apart.
 */
export function disputedValues(article: LoadedArticle, file: LocaleFile | undefined, state: StateMap): DisputedValue[] {
  if (!file) return [];
  const disputed: DisputedValue[] = [];
  let ids: Map<string, string> | undefined;
  article.keys.forEach((key, i) => {
    const value = file.entries.get(key);
    const recorded = state.get(key);
    if (value === undefined || !recorded || textHash(value) === recorded.written) return;
    const source = article.segments[i].source;
    const olderSource = recorded.status !== 'stale' && recorded.source !== textHash(source);
    ids ??= olderSource ? notesOf(file, 'id') : undefined;
    disputed.push({ key, source, value, stateOlderThanFile: olderSource && ids?.get(key) === source });
  });
  if (disputed.some((entry) => entry.stateOlderThanFile)) {
    const was = notesOf(file, 'was');
    for (const entry of disputed) if (entry.stateOlderThanFile) entry.previousSource = was.get(entry.key);
  }
  return disputed;
}

/**
 * Settle disputed values with evidence. The engine's memory holding exactly this value for the
 * current source: `machine` (never promoted to a reviewer's). A state older than its file: rebuilt
 * as a lost record (`restoreLostStates`). Anything else stays a reviewer's edit (no entry here).
 * Resolves to key → settled state.
 */
export async function settleDisputes(disputed: readonly DisputedValue[], context: RestoreContext): Promise<StateMap> {
  const settled: StateMap = new Map();
  const engine = context.engine;
  const machine = engine ? await context.memory.getMany(disputed.map((entry) => memoryKey(context, entry.source, engine.name, engine.fingerprintOf(normalizeSegment(entry.source))))) : [];
  disputed.forEach((entry, i) => {
    if (engine && machine[i] === entry.value) settled.set(entry.key, { source: textHash(entry.source), written: textHash(entry.value), origin: engine.name, status: 'machine' });
  });
  const older = disputed.filter((entry) => entry.stateOlderThanFile && !settled.has(entry.key));
  for (const [key, state] of await restoreLostStates(older, context)) settled.set(key, state);
  return settled;
}

/** The memory key of `source` in the context's locale pair for one origin (engine, or `human`). */
const memoryKey = (context: RestoreContext, source: string, provider: string, fingerprint: string): MemoryKey => ({ provider, fingerprint, sourceLocale: context.sourceLocale, targetLocale: context.targetLocale, source });

export interface RestoreContext {
  memory: TranslationMemory;
  sourceLocale: string;
  targetLocale: string;
  /** The engine serving the target and its fingerprint per normalized source (`engineFingerprint`); undefined when it cannot be created. */
  engine?: { name: string; fingerprintOf: (source: string) => string };
}

/**
 * Rebuild the state of values whose record was lost (a deleted or half-merged state file). A
 * missing record is never taken as a human's work: the value is `reviewed` when the human memory
 * holds exactly it for this source, `machine` when the engine's memory does, and `unknown`
 * (unreviewed, kept, reported by the check) otherwise. An entry whose `# was:` note shows it was
 * stale stays `stale` against that earlier source (its text is never published as current).
 * Resolves to key → rebuilt state.
 */
export async function restoreLostStates(lost: readonly LostRecord[], context: RestoreContext): Promise<StateMap> {
  const restored: StateMap = new Map();
  if (lost.length === 0) return restored;
  const key = (source: string, provider: string, fingerprint: string) => memoryKey(context, source, provider, fingerprint);
  const engine = context.engine;
  const [human, machine, earlier] = await Promise.all([
    context.memory.getMany(lost.map((entry) => key(entry.source, 'human', ''))),
    engine ? context.memory.getMany(lost.map((entry) => key(entry.source, engine.name, engine.fingerprintOf(normalizeSegment(entry.source))))) : [],
    context.memory.getMany(lost.map((entry) => key(entry.previousSource ?? entry.source, 'human', ''))),
  ]);
  lost.forEach((entry, i) => {
    const base = { source: textHash(entry.source), written: textHash(entry.value) };
    let state: SegmentState;
    if (entry.previousSource !== undefined && textHash(entry.previousSource) !== base.source) {
      state = { ...base, source: textHash(entry.previousSource), origin: earlier[i] === entry.value ? 'human' : 'unknown', status: 'stale' };
    } else if (human[i] === entry.value) state = { ...base, origin: 'human', status: 'reviewed' };
    else if (engine && machine[i] === entry.value) state = { ...base, origin: engine.name, status: 'machine' };
    else state = { ...base, origin: 'unknown', status: 'unknown' };
    restored.set(entry.key, state);
  });
  return restored;
}
