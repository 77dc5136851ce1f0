import type { SegmentState } from '../locale/segment-state.ts';
import { isBlank } from '../merge/empty-translation.ts';

/** A target's review policy (`targets.<lng>.requireReview`, `targets.<lng>.publishStale`). */
export interface ReviewPolicy {
  requireReview: boolean;
  publishStale: boolean;
}

/** Why an article's bundle is held back as a draft in a target. */
export type HoldReason = 'unreviewed' | 'stale' | 'rejected' | 'missing';

/**
 * What keeps an article from going live in a target (none: it may be published). Pure.
 *
 * - Every target: a reviewed entry whose source changed since (`stale`) is never published as
 *   current, unless the target sets `publishStale`.
 * - `requireReview`: also machine text nobody reviewed (any engine, identity and pseudo included),
 *   a rejected entry and a segment with no translation.
 */
export function holdReasons(entries: ReadonlyArray<{ value?: string; state?: SegmentState }>, policy: ReviewPolicy): HoldReason[] {
  const reasons = new Set<HoldReason>();
  for (const entry of entries) {
    // A blank value stands for nothing: its segment is missing (segments are never blank).
    const status = entry.value === undefined || isBlank(entry.value) ? 'missing' : (entry.state?.status ?? 'missing');
    if (status === 'stale' && !policy.publishStale) reasons.add('stale');
    if (!policy.requireReview) continue;
    if (status === 'missing') reasons.add('missing');
    else if (status === 'machine' || status === 'unknown') reasons.add('unreviewed');
    else if (status === 'rejected') reasons.add('rejected');
  }
  return [...reasons];
}
