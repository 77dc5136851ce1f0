/**
 * What an XLIFF export holds, independent of the XLIFF version: the documents the 1.2 and 2.1
 * writers (xliff-write-12.ts, xliff-write-21.ts) turn into XML. Built by xliff-export.ts.
 */
import type { ReviewStatus } from '../review/review-entries.ts';
import type { TagMarkup } from '../segment.ts';

/** Kinds of note, written as 2.1 `note@category` and as the label that starts each note's text. */
export type XliffNoteCategory = 'context' | 'status' | 'previous-source' | 'rejected' | 'not-matched' | 'stand-in' | 'comment' | 'codes';

export interface XliffNote {
  category: XliffNoteCategory;
  /** Plain text (the writers make characters XML cannot hold visible as `U+HHHH`). */
  text: string;
  /** What the note is about: the source (context) or the target (status, reviewer notes). */
  appliesTo?: 'source' | 'target';
}

/** A translation candidate: a fuzzy memory match or the fresh machine suggestion of a stale entry. */
export interface XliffMatch {
  /** `tm`: a similar reviewed sentence from the memory; `mt`: the engine's translation of the current source. */
  type: 'tm' | 'mt';
  /** Similarity of the match's source to the unit's source, percent 0–100; absent for `mt`. */
  similarity?: number;
  /** Where it comes from: `memory` or the engine's name. */
  origin: string;
  /** Source and target in markdown form (written as text, without inline codes). */
  source: string;
  target: string;
}

export interface XliffUnit {
  /** The segment key (`s-…`, `title`…): 2.1 `unit@name` (and `@id` when it is an NMTOKEN), 1.2 `trans-unit@id`/`resname`. */
  key: string;
  /** The source segment's tagged text and the markdown behind its tags. */
  sourceTagged: string;
  tags: Record<string, TagMarkup>;
  /** The current translation, tagged with the source's tag ids; absent: no `<target>`. */
  targetTagged?: string;
  status: ReviewStatus;
  /**
   * What the locale file held when the file was exported: `textHash` of its value ('' when it had
   * none). The import refuses a unit whose entry a reviewer changed since (2.1 `mda:meta
   * type="written"`, 1.2 `trans-unit@extradata="jfid-translate written=HASH"`).
   */
  written: string;
  notes: XliffNote[];
  matches: XliffMatch[];
}

export interface XliffFile {
  /** Article id (path below the source folder without extension). */
  article: string;
  /** Source path relative to the config's folder, '/'-separated: `file@original`. */
  original: string;
  notes: XliffNote[];
  units: XliffUnit[];
}

export interface XliffDocument {
  sourceLocale: string;
  targetLocale: string;
  files: XliffFile[];
  /** The writing tool, for 1.2 `<tool>` and a 2.1 comment-free trace. */
  tool: { id: string; version: string };
}

/** The text a note is written with: its label, then the text (`Previous sentence: …`). */
export function noteText(note: XliffNote): string {
  return `${NOTE_LABELS[note.category]}: ${note.text}`;
}

const NOTE_LABELS: Record<XliffNoteCategory, string> = {
  context: 'Context',
  status: 'Status',
  'previous-source': 'Source before the change',
  rejected: 'Rejected translation',
  'not-matched': 'Current translation (its markup does not match the source; not given as target)',
  'stand-in': 'Stand-in text, not a translation',
  comment: 'Comment in the locale file',
  codes: 'Inline codes',
};
