import type { FuzzyMatch, MemoryEntry, TranslationMemory } from '../store/translation-memory.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';
import type { LocaleFile } from '../locale/locale-file.ts';
import type { StateMap } from '../locale/segment-state.ts';
import { isStandIn, type PlannedEntry } from '../merge/plan-locale.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';
import { textHash } from '../util/hash.ts';
import type { LoadedArticle } from './article.ts';
import type { Resolution } from './resolve-needs.ts';

/** Per target and chunk: fuzzy look-ups done once per sentence, provider answers counted once. */
export interface RunShared {
  fuzzy: Map<string, FuzzyMatch | undefined>;
  counted: Set<string>;
}

export interface AppliedEntry extends PlannedEntry {
  notes?: string[];
}

/** The note above a value whose state record was lost (see restore-states.ts). */
export const UNKNOWN_ORIGIN_NOTE = 'origin unknown: its state record was lost; check it, then edit it or run npm run review -- approve';

/**
 * Fill the planned entries from the resolution; count what was reused, stale and missing. The
 * human fuzzy matches noted on machine text are looked up first (once per sentence per run:
 * `shared.fuzzy`), then the entries are filled without further memory calls.
 */
export async function applyResolution(
  entries: PlannedEntry[],
  resolution: Resolution,
  providerName: string,
  memory: TranslationMemory,
  locales: { sourceLocale: string; targetLocale: string },
  shared: RunShared,
) {
  const fuzzyCache = shared.fuzzy;
  // Each sentence is looked up with the source of its first entry that needs it, as before.
  const lookups = new Map<string, string>();
  for (const entry of entries) {
    if (entry.need !== 'translate') continue;
    const text = normalizeSegment(entry.segment.source);
    const human = entry.bypassMemory ? undefined : resolution.human.get(text);
    if (human !== undefined || resolution.machine.get(text) === undefined || fuzzyCache.has(text) || lookups.has(text)) continue;
    lookups.set(text, entry.segment.source);
  }
  const found = await Promise.all([...lookups.values()].map((source) => memory.fuzzy({ ...locales, provider: 'human', source, minScore: 0.75, limit: 1 })));
  [...lookups.keys()].forEach((text, i) => fuzzyCache.set(text, found[i][0]));
  let reused = 0;
  let stale = 0;
  let missing = 0;
  const out = entries.map((entry): AppliedEntry => {
    const text = normalizeSegment(entry.segment.source);
    const result: AppliedEntry = { ...entry };
    let fresh = false;
    if (entry.need === 'translate') {
      const human = entry.bypassMemory ? undefined : resolution.human.get(text);
      const value = human ?? resolution.machine.get(text);
      if (value !== undefined) {
        fresh = human === undefined && resolution.fresh.has(text);
        result.value = value;
        result.state = { source: entry.sourceHash, written: textHash(value), origin: human === undefined ? providerName : 'human', status: human === undefined ? 'machine' : 'reviewed' };
        result.notes = [];
        const unknown = fresh ? resolution.unknownWords.get(text) : undefined;
        if (unknown) {
          result.state.unknownWords = unknown;
          result.notes.push(`unknown words: ${unknown} (the engine left them as they were; review this entry)`);
        }
        if (human === undefined) {
          const match = fuzzyCache.get(text);
          if (match && match.score < 1) result.notes.push(`fuzzy ${Math.floor(match.score * 100)}%: ${match.source} → ${match.target}`);
        }
      }
    }
    if (entry.need === 'suggest') {
      const suggestion = resolution.machine.get(text);
      fresh = resolution.fresh.has(text);
      result.notes = suggestion === undefined ? [] : [`suggestion (${providerName}): ${suggestion}`];
    }
    if (result.state?.status === 'stale' && entry.previousSource !== undefined) result.notes = [`was: ${entry.previousSource}`, ...(result.notes ?? [])];
    if (result.state?.status === 'unknown' && entry.touched) result.notes = [...(result.notes ?? []), UNKNOWN_ORIGIN_NOTE];
    if (entry.touched) result.notes = [`id: ${entry.segment.source}`, ...(result.notes ?? [])];
    // The provider's answer counts once as translated; its repeats elsewhere are reuse.
    if (fresh && shared.counted.has(text)) fresh = false;
    if (fresh) shared.counted.add(text);
    if (result.value === undefined || result.state?.status === 'rejected') missing++;
    else if (result.state?.status === 'stale') stale++;
    else if (!fresh) reused++;
    return result;
  });
  return { entries: out, reused, stale, missing, fresh: out.length - reused - stale - missing };
}

/**
 * Reviewed text goes to the human memory (for fuzzy suggestions and restored sentences): every
 * reviewed entry, so a fresh clone rebuilds it, and entries about to leave the file (orphans).
 */
export function humanMemoryEntries(plan: { article: LoadedArticle; file?: LocaleFile; state: StateMap }, entries: AppliedEntry[], sourceLocale: string, targetLocale: string): MemoryEntry[] {
  const out: MemoryEntry[] = [];
  const add = (source: string, target: string) => out.push({ provider: 'human', fingerprint: '', sourceLocale, targetLocale, source, target });
  for (const entry of entries) {
    // An approved stand-in (pseudo, identity) is no reviewer's translation to reuse.
    if (entry.value === undefined || entry.state?.status !== 'reviewed' || isStandIn(entry.state.origin) || isEmptyTranslation(entry.segment.source, entry.value)) continue;
    add(entry.segment.source, entry.value);
  }
  const current = new Set(plan.article.keys);
  for (const [key, value] of plan.file?.entries ?? []) {
    const source = plan.article.previousSource.get(key);
    const state = plan.state.get(key);
    if (current.has(key) || source === undefined) continue;
    // Without a record nobody knows who wrote it: not remembered as a reviewer's.
    if (state && (state.status === 'reviewed' || textHash(value) !== state.written) && !isEmptyTranslation(source, value)) add(source, value);
  }
  return out;
}
