import { parse } from 'yaml';

/**
 * `unknown`: the state record of a value was lost (e.g. a state file deleted in a bad merge) and
 * neither the memory nor the value shows who wrote it. It is kept, never overwritten, and counts
 * as unreviewed until a reviewer edits or approves it.
 */
export type SegmentStatus = 'machine' | 'reviewed' | 'stale' | 'rejected' | 'unknown';

/** What the pipeline knows about one translated segment; committed beside the locale file. */
export interface SegmentState {
  /** Hash of the source the translation belongs to (for `stale`: the source it was reviewed against). */
  source: string;
  /** Hash of the text the pipeline last wrote (or accepted) in the locale file. */
  written: string;
  /** Provider name, or `human`. */
  origin: string;
  status: SegmentStatus;
  /** Words the engine did not know in this machine translation (engines that report them). */
  unknownWords?: number;
}

export type StateMap = Map<string, SegmentState>;

/** Origin of a translation taken from an XLIFF unit nobody signed off (`npm run xliff -- import`): a human's text, not reviewed here. */
export const XLIFF_ORIGIN = 'xliff';

/**
 * Origins of text that is kept (never overwritten) but was never reviewed: `unknown` (the state
 * record was lost) and `xliff` (an agency's unreviewed XLIFF target). Such text going back to the
 * source it was written for is not reviewed again, and approving it makes the reviewer its author.
 */
export function isUnreviewedOrigin(origin: string): boolean {
  return origin === 'unknown' || origin === XLIFF_ORIGIN;
}

const STATUSES: readonly SegmentStatus[] = ['machine', 'reviewed', 'stale', 'rejected', 'unknown'];

/** `locales/en/foo.yaml` → `locales/en/foo.state.yaml`. */
export function statePathFor(localeFile: string): string {
  return localeFile.replace(/\.yaml$/, '.state.yaml');
}

/** The line `serializeState` writes; matched directly because a YAML parse of thousands of files is slow. */
const LINE = /^"((?:[^"\\]|\\.)*)": \{source: "([0-9a-f]*)", written: "([0-9a-f]*)", origin: "((?:[^"\\]|\\.)*)", status: (machine|reviewed|stale|rejected|unknown)(?:, unknownWords: (\d+))?\}$/;

export function parseState(text: string): StateMap {
  const state: StateMap = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) return parseStateYaml(text); // edited by hand or by a merge tool: read it as YAML
    const key = JSON.parse(`"${m[1]}"`) as string;
    // A merge that keeps both sides' lines must not let the last one silently win.
    if (state.has(key)) throw new Error(`duplicate key "${key}" (both sides of a merge kept?)`);
    const entry: SegmentState = { source: m[2], written: m[3], origin: JSON.parse(`"${m[4]}"`) as string, status: m[5] as SegmentStatus };
    if (m[6]) entry.unknownWords = Number(m[6]);
    state.set(key, entry);
  }
  return state;
}

function parseStateYaml(text: string): StateMap {
  const data = (parse(text) ?? {}) as Record<string, Partial<SegmentState>>;
  const state: StateMap = new Map();
  if (typeof data !== 'object' || Array.isArray(data)) throw new Error('a state file must be a map of keys');
  for (const [key, value] of Object.entries(data)) {
    if (!value || typeof value.source !== 'string' || typeof value.written !== 'string' || !STATUSES.includes(value.status as SegmentStatus)) {
      throw new Error(`state of "${key}" is incomplete (needs source, written, origin, status)`);
    }
    const entry: SegmentState = { source: value.source, written: value.written, origin: String(value.origin ?? 'unknown'), status: value.status as SegmentStatus };
    if (typeof value.unknownWords === 'number' && value.unknownWords > 0) entry.unknownWords = value.unknownWords;
    state.set(key, entry);
  }
  return state;
}

/** One line per key, in the given order: small diffs, easy merges. */
export function serializeState(state: StateMap, order: readonly string[], localeFile: string): string {
  if (state.size === 0) return '';
  const lines = [`# Translation state of ${localeFile}: written by \`npm run translate\` and \`npm run review\`; commit it, do not edit it.`];
  for (const key of order) {
    const s = state.get(key);
    if (s) lines.push(`${JSON.stringify(key)}: {source: ${JSON.stringify(s.source)}, written: ${JSON.stringify(s.written)}, origin: ${JSON.stringify(s.origin)}, status: ${s.status}${s.unknownWords ? `, unknownWords: ${s.unknownWords}` : ''}}`);
  }
  return `${lines.join('\n')}\n`;
}
