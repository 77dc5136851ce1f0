import type { Segment } from '../segment.ts';
import { isUnreviewedOrigin, type SegmentState, type StateMap } from '../locale/segment-state.ts';
import { textHash } from '../util/hash.ts';
import { PROVIDER_TRAITS } from '../providers/provider-names.ts';

/** What one target needs for one segment. */
export interface PlannedEntry {
  key: string;
  segment: Segment;
  sourceHash: string;
  /** The text the locale file keeps (undefined until a translation is found). */
  value?: string;
  state?: SegmentState;
  /**
   * `translate`: the entry needs a translation (memory, then provider);
   * `suggest`: a reviewed entry's source changed; its text stays, a machine suggestion is wanted.
   */
  need?: 'translate' | 'suggest';
  /** The reviewer rejected the machine text: ask the provider again rather than the memory. */
  bypassMemory?: boolean;
  /** The source this entry's text was written for, when it changed (stale entries). */
  previousSource?: string;
  /** Comment lines need regenerating (new entry, changed source or status). */
  touched: boolean;
}

export interface PlanInput {
  segments: readonly Segment[];
  keys: readonly string[];
  /** Segment index → earlier source under the same key. */
  edits: ReadonlyMap<number, string>;
  entries: ReadonlyMap<string, string>;
  state: StateMap;
  /** The provider that serves this target now. */
  provider: { name: string };
  /** Keys whose state was rebuilt in this run because their record was lost (see restore-states). */
  restored?: ReadonlySet<string>;
}

/**
 * Decide, per segment, what a target keeps and what it needs. Pure. Human text always wins: a value
 * that differs from what the pipeline last wrote is a reviewer's and is never replaced. A value
 * of `unknown` origin is kept like a reviewer's (it may be one) but is not reviewed; when its
 * source changes it turns stale.
 */
export function planLocale(input: PlanInput): PlannedEntry[] {
  return input.segments.map((segment, i) => {
    const key = input.keys[i];
    const sourceHash = textHash(segment.source);
    const value = input.entries.get(key);
    const state = input.state.get(key);
    const base = { key, segment, sourceHash };
    const previousSource = input.edits.get(i);
    if (value === undefined) return { ...base, need: 'translate', touched: true };
    if (!state || textHash(value) !== state.written) {
      // A reviewer's edit, written for the source as it is now.
      return { ...base, value, state: { source: sourceHash, written: textHash(value), origin: 'human', status: 'reviewed' }, touched: true };
    }
    // Rejected text stays in the record, still rejected (never published), until a new
    // translation replaces it: a run whose provider fails must not lose the reviewer's decision.
    if (state.status === 'rejected') return { ...base, value, state, need: 'translate', bypassMemory: true, touched: true };
    if (state.status === 'unknown' && state.source === sourceHash) return { ...base, value, state, touched: input.restored?.has(key) === true || previousSource !== undefined };
    if (state.status === 'reviewed' || state.status === 'stale' || state.status === 'unknown') {
      if (state.source === sourceHash) {
        // Back to the source it was written for: reviewed again, unless it never was (lost record, unreviewed import).
        const status = { ...state, status: isUnreviewedOrigin(state.origin) ? ('unknown' as const) : ('reviewed' as const) };
        return { ...base, value, state: status, touched: state.status === 'stale' || previousSource !== undefined };
      }
      const stale = { ...state, status: 'stale' as const };
      // Ask for a fresh suggestion only when the source changed in this run.
      if (previousSource !== undefined || state.status === 'reviewed') return { ...base, value, state: stale, need: 'suggest', previousSource, touched: true };
      return { ...base, value, state: stale, touched: false };
    }
    const outdatedEngine = isStandIn(state.origin) && !isStandIn(input.provider.name);
    if (state.source !== sourceHash || outdatedEngine) return { ...base, need: 'translate', previousSource, touched: true };
    return { ...base, value, state, touched: previousSource !== undefined };
  });
}

/** Output of a stand-in provider (pseudo, identity) is replaced once a real engine serves the target (`ProviderTraits.standIn`). */
export function isStandIn(origin: string): boolean {
  return PROVIDER_TRAITS[origin]?.standIn === true;
}

/** Text of any origin may be published unless its provider declares otherwise (`ProviderTraits.publishable`: pseudo). */
export function isPublishableOrigin(origin: string): boolean {
  return PROVIDER_TRAITS[origin]?.publishable !== false;
}
