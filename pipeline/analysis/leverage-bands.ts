/**
 * Leverage bands of a translation analysis (`translate --dry-run --analysis`): the report agencies
 * quote by. Bands and precedence follow the usual CAT-tool analysis convention (memoQ and Trados
 * "analysis" reports), with these definitions, checked in this order for every segment:
 *
 * - `context match (101%)`: the segment's own locale file already holds a translation written for
 *   the segment's current source (the record has it in place; reviewed, machine or of unknown origin).
 * - `100%`: an exact match, same normalized source: the human memory, this target's engine in the
 *   memory, or a translation recorded for the same source in another locale file entry.
 * - `repetitions`: a later occurrence of a source already counted in this analysis (same target,
 *   within the run, across articles) that is no 101% or 100% match: translated once in this batch,
 *   so it ranks above the fuzzy bands, as in Trados and memoQ analyses.
 * - `95–99%`, `85–94%`, `75–84%`, `50–74%`: the best fuzzy match from the human (reviewed) memory,
 *   by its score floored to a whole percent.
 * - `no match`: everything else.
 *
 * Every segment lands in exactly one band; each band counts segments, words and characters
 * (`indonesian-words.ts`).
 */
import { countCharacters, countWords } from './indonesian-words.ts';

export const BAND_NAMES = ['context match (101%)', '100%', '95–99%', '85–94%', '75–84%', '50–74%', 'repetitions', 'no match'] as const;

export type BandName = (typeof BAND_NAMES)[number];

/** Totals of one band: segments, words (Indonesian rules), characters (code points). */
export interface BandFigures {
  segments: number;
  words: number;
  characters: number;
}

export type LeverageBands = Record<BandName, BandFigures>;

/** Lowest fuzzy score (0–1) that reaches a band; below it a segment is no match (or a repetition). */
export const MIN_FUZZY_SCORE = 0.5;

/** What is known about one segment when it is banded. */
export interface SegmentEvidence {
  /** Its own locale file holds a translation for its current source. */
  inPlace: boolean;
  /** An exact hit: human or this engine's memory, or recorded in the locale files. */
  exact: boolean;
  /** Best fuzzy score in [0, 1] from the human memory, if any reached MIN_FUZZY_SCORE. */
  fuzzyScore?: number;
  /** Its normalized source was already counted earlier in this analysis. */
  repeated: boolean;
}

/** Every band at zero. */
export function emptyBands(): LeverageBands {
  return Object.fromEntries(BAND_NAMES.map((name) => [name, { segments: 0, words: 0, characters: 0 }])) as LeverageBands;
}

/** The fuzzy band of a score in [0, 1] (floored to a whole percent); `100%` at 1, undefined below 50%. */
export function fuzzyBand(score: number): BandName | undefined {
  const percent = Math.floor(score * 100 + 1e-9);
  if (percent >= 100) return '100%';
  if (percent >= 95) return '95–99%';
  if (percent >= 85) return '85–94%';
  if (percent >= 75) return '75–84%';
  if (percent >= 50) return '50–74%';
  return undefined;
}

/** The one band of a segment, by the precedence in this module's docstring. */
export function bandOf(evidence: SegmentEvidence): BandName {
  if (evidence.inPlace) return 'context match (101%)';
  if (evidence.exact) return '100%';
  if (evidence.repeated) return 'repetitions';
  return (evidence.fuzzyScore === undefined ? undefined : fuzzyBand(evidence.fuzzyScore)) ?? 'no match';
}

/** Add one segment of plain text `text` to `band` (in place). */
export function addToBand(bands: LeverageBands, band: BandName, text: string): void {
  const figures = bands[band];
  figures.segments++;
  figures.words += countWords(text);
  figures.characters += countCharacters(text);
}
