/**
 * Stand-in text: what a stand-in provider (pseudo, identity) left in a locale file. It holds the
 * place of a translation and is no translation, so the exchanges and the leverage analysis treat
 * the segment as new work: an XLIFF export sends it without target, the analysis does not count it
 * as a match, the TMX export leaves it out.
 */
import { isPseudoText } from '../check/unit.ts';
import { isPublishableOrigin, isStandIn } from './plan-locale.ts';

/** A locale entry as the record describes it (a review row, or a planned entry's value and state). */
export interface RecordedText {
  /** `machine`, `unknown`, `stale`, `reviewed`, … (the state's or the review view's status). */
  status: string;
  /** Provider name or `human`; undefined when the record is lost. */
  origin?: string;
  value?: string;
}

/**
 * Whether `entry`'s text is stand-in output rather than a translation:
 * - text of an unpublishable stand-in (pseudo) or pseudo-localized text (`⟦…⟧`, also where the
 *   origin was lost), whatever its status: a reviewer cannot turn a placeholder into a translation;
 * - text of another stand-in (identity: the source copied) not approved by a reviewer (machine,
 *   unknown, stale); approved, it is the reviewer's decision that the source stands (a name, a
 *   quote) and counts as a translation.
 * False without a value.
 */
export function isStandInText(entry: RecordedText): boolean {
  if (entry.value === undefined) return false;
  const origin = entry.origin ?? '';
  if (isPseudoText(entry.value)) return true;
  if (!isStandIn(origin)) return false;
  return !isPublishableOrigin(origin) || entry.status !== 'reviewed';
}
