/**
 * The leverage analysis of one target over planned locale entries: finds each segment's evidence
 * (its own record, exact hits in the memory and the locale files, the best human fuzzy match,
 * earlier occurrences) and adds it to its band (`leverage-bands.ts`). Reads the memory, writes nothing.
 * Stand-in text (pseudo, identity: `merge/stand-in-text.ts`) is no translation: in place it is no
 * context match, and a stand-in engine's memory and recorded text give no exact match; such a
 * segment lands in the band the real memory earns it (fuzzy, repetition or no match).
 */
import { isStandIn, type PlannedEntry } from '../merge/plan-locale.ts';
import { isStandInText } from '../merge/stand-in-text.ts';
import { isPseudoText } from '../check/unit.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';
import type { MemoryKey, TranslationMemory } from '../store/translation-memory.ts';
import { plainText } from '../tagged-text.ts';
import { addToBand, bandOf, MIN_FUZZY_SCORE, type LeverageBands } from './leverage-bands.ts';

/** What one target's analysis carries from chunk to chunk of a run. */
export interface AnalysisState {
  /** Normalized sources already counted (for `repetitions`). */
  seen: Set<string>;
  /** Best human fuzzy score per normalized source (undefined: none reached MIN_FUZZY_SCORE). */
  fuzzy: Map<string, number | undefined>;
}

export interface AnalysisContext {
  memory: TranslationMemory;
  sourceLocale: string;
  targetLocale: string;
  /** The target's engine and its memory fingerprint per normalized source. */
  providerName: string;
  fingerprintOf: (source: string) => string;
  /** Translations the locale files hold for their current sources (`recordedTranslations`). */
  recorded: { human: ReadonlyMap<string, string>; machine: ReadonlyMap<string, string> };
  state: AnalysisState;
}

/** An entry as the analysis reads it: a planned entry, or a bare segment whose locale file could not be read. */
export type AnalysedEntry = Pick<PlannedEntry, 'segment' | 'need' | 'value' | 'state' | 'sourceHash'>;

/** A fresh per-target state. */
export function newAnalysisState(): AnalysisState {
  return { seen: new Set(), fuzzy: new Map() };
}

/** Band every entry, in order, into `bands` (in place); the memory is read first, then the entries banded. */
export async function analyzeEntries(entries: readonly AnalysedEntry[], context: AnalysisContext, bands: LeverageBands): Promise<void> {
  const texts = entries.map((entry) => normalizeSegment(entry.segment.source));
  const inPlace = entries.map(
    (entry) =>
      !entry.need &&
      entry.value !== undefined &&
      entry.state !== undefined &&
      entry.state.source === entry.sourceHash &&
      entry.state.status !== 'stale' &&
      entry.state.status !== 'rejected' &&
      !isEmptyTranslation(entry.segment.source, entry.value) &&
      !isStandInText({ status: entry.state.status, origin: entry.state.origin, value: entry.value }),
  );
  const lookups = [...new Set(texts.filter((_, i) => !inPlace[i]))];
  const keyOf = (source: string, provider: string, fingerprint: string): MemoryKey => ({ provider, fingerprint, sourceLocale: context.sourceLocale, targetLocale: context.targetLocale, source });
  const [human, machine] = await Promise.all([
    context.memory.getMany(lookups.map((text) => keyOf(text, 'human', ''))),
    context.memory.getMany(lookups.map((text) => keyOf(text, context.providerName, context.fingerprintOf(text)))),
  ]);
  // A stand-in engine's output (in the memory or in the locale files) is no match; a reviewed
  // entry counts unless it is pseudo-localized text (approved identity text is a reviewer's decision).
  const engine = !isStandIn(context.providerName);
  const recordedHuman = (text: string) => {
    const value = context.recorded.human.get(text);
    return value !== undefined && !isPseudoText(value);
  };
  const exact = new Set(lookups.filter((text, i) => human[i] !== undefined || (engine && (machine[i] !== undefined || context.recorded.machine.has(text))) || recordedHuman(text)));
  // The best human fuzzy score of each sentence without an exact match, looked up once per run
  // (`state.fuzzy`), with the source of its first entry.
  const fuzzySources = new Map<string, string>();
  entries.forEach((entry, i) => {
    const text = texts[i];
    if (!inPlace[i] && !exact.has(text) && !context.state.fuzzy.has(text) && !fuzzySources.has(text)) fuzzySources.set(text, entry.segment.source);
  });
  const best = await Promise.all(
    [...fuzzySources.values()].map((source) =>
      context.memory.fuzzy({ sourceLocale: context.sourceLocale, targetLocale: context.targetLocale, provider: 'human', source, minScore: MIN_FUZZY_SCORE, limit: 1 }),
    ),
  );
  [...fuzzySources.keys()].forEach((text, i) => context.state.fuzzy.set(text, best[i][0]?.score));
  entries.forEach((entry, i) => {
    const text = texts[i];
    let fuzzyScore: number | undefined;
    if (!inPlace[i] && !exact.has(text)) fuzzyScore = context.state.fuzzy.get(text);
    const band = bandOf({ inPlace: inPlace[i], exact: exact.has(text), fuzzyScore, repeated: context.state.seen.has(text) });
    context.state.seen.add(text);
    addToBand(bands, band, plainText(entry.segment.tagged));
  });
}
