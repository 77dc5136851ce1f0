import { parseDocument } from 'yaml';
import type { Segment } from '../segment.ts';
import { parseMarkdown } from '../markdown/parse-markdown.ts';
import { spliceTranslations } from '../markdown/splice.ts';
import { frontMatterBounds } from '../markdown/front-matter.ts';
import { compareSkeletons, skeletonOf, skeletonOfTree, type Skeleton, type StructureDifference } from '../markdown/structure.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';

/** The source's skeleton and dialect, when the caller already parsed it (extraction does). */
export interface SourceStructure {
  skeleton: Skeleton;
  dialect: 'mdx' | 'commonmark';
}

export interface WithheldTranslation {
  /** Index into the article's segments. */
  index: number;
  /** What the translation would break, for people. */
  message: string;
}

/**
 * The publication invariant (issue 12, rule `structure`): a bundle is the source's markdown tree
 * with only text changed, and its front matter parses. Splices the translations in, parses the
 * result with the source's parser and dialect and compares skeletons (`markdown/structure.ts`).
 * Where they differ, the first translation that breaks it (searched among the differing block's,
 * else among all) is withheld, its source text published instead, until the bundle holds.
 *
 * @param source the article's markdown
 * @param segments its segments (ranges into `source`)
 * @param values each segment's publishable translation (undefined: the source stands)
 * @param known the source's skeleton and dialect, when already parsed (else parsed here)
 * @returns the values to publish (withheld ones undefined) and what was withheld, in segment order
 */
export function guardStructure(source: string, segments: readonly Segment[], values: ReadonlyArray<string | undefined>, known?: SourceStructure): { values: Array<string | undefined>; withheld: WithheldTranslation[] } {
  const current = [...values];
  const changed = (i: number) => current[i] !== undefined && normalizeSegment(current[i] as string) !== normalizeSegment(segments[i].source);
  const withheld: WithheldTranslation[] = [];
  if (!segments.some((_, i) => changed(i))) return { values: current, withheld };
  const { skeleton: expected, dialect } = known ?? sourceStructure(source);
  const withhold = (i: number, message: string) => {
    current[i] = undefined;
    withheld.push({ index: i, message });
  };
  for (;;) {
    const trial = tryValues(source, segments, current, expected, dialect);
    if (trial.frontMatter) {
      const fields = segments.flatMap((s, i) => (s.field !== undefined && changed(i) ? [i] : []));
      if (fields.length === 0) break; // the source's own front matter: not ours to withhold
      for (const i of fields) withhold(i, `the front matter would no longer parse (${trial.frontMatter})`);
      continue;
    }
    const difference = trial.difference;
    if (!difference) break;
    // Suspects first (changed prose in the differing block), else every changed segment: the one
    // whose translation first breaks the bundle, applied in document order, is withheld.
    const suspects = suspectsOf(difference, trial.placed, expected, trial.skeleton, segments, changed);
    const all = segments.flatMap((_, i) => (changed(i) ? [i] : []));
    const culprit = firstBreaking(suspects, (keep) => tryValues(source, segments, only(current, suspects, keep), expected, dialect).difference) ?? firstBreaking(all, (keep) => tryValues(source, segments, only(current, all, keep), expected, dialect).difference);
    if (!culprit) {
      for (const i of all) withhold(i, difference.message); // cannot happen: with none applied the bundle is the source
      continue;
    }
    withhold(culprit.index, culprit.difference.message);
  }
  withheld.sort((a, b) => a.index - b.index);
  return { values: current, withheld };
}

/** `values` with the candidates outside `keep` set back to the source. */
function only(values: ReadonlyArray<string | undefined>, candidates: readonly number[], keep: number): Array<string | undefined> {
  const dropped = new Set(candidates.slice(keep + 1));
  return values.map((value, i) => (dropped.has(i) ? undefined : value));
}

/**
 * The first candidate (in document order) whose translation, applied with those before it, breaks
 * the bundle: a binary search over prefixes (O(log n) parses), assuming that applying more
 * translations never repairs what fewer broke. Undefined when all of them hold, or when the
 * bundle breaks without any of them.
 */
function firstBreaking(candidates: readonly number[], breaks: (keep: number) => StructureDifference | undefined): { index: number; difference: StructureDifference } | undefined {
  // Without any of them it must hold, else the cause lies elsewhere.
  if (candidates.length === 0 || breaks(-1)) return undefined;
  let found = breaks(candidates.length - 1);
  if (!found) return undefined;
  let lo = 0;
  let hi = candidates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const difference = breaks(mid);
    if (difference) {
      hi = mid;
      found = difference;
    } else lo = mid + 1;
  }
  return { index: candidates[lo], difference: found };
}

function sourceStructure(source: string): SourceStructure {
  const { tree, dialect } = parseMarkdown(source);
  return { skeleton: skeletonOfTree(tree, source), dialect };
}

interface Trial {
  difference?: StructureDifference;
  frontMatter?: string;
  skeleton: Skeleton;
  placed: Map<number, { start: number; end: number }>;
}

function tryValues(source: string, segments: readonly Segment[], values: ReadonlyArray<string | undefined>, expected: Skeleton, dialect: 'mdx' | 'commonmark'): Trial {
  const placed = new Map<number, { start: number; end: number }>();
  const bundle = spliceTranslations(source, segments, (_, i) => values[i], (i, start, end) => placed.set(i, { start, end }));
  const fence = segments.some((s) => s.field !== undefined) ? frontMatterBounds(bundle) : undefined;
  if (fence) {
    const errors = parseDocument(bundle.slice(fence.yamlStart, fence.yamlEnd), { uniqueKeys: true }).errors;
    if (errors.length > 0) return { frontMatter: errors[0].message.split('\n')[0], skeleton: { blocks: [] }, placed };
  }
  const skeleton = skeletonOf(bundle, dialect);
  return { difference: compareSkeletons(expected, skeleton), skeleton, placed };
}

/** Changed prose segments inside the block where the difference was found, in the source or in the bundle. */
function suspectsOf(difference: StructureDifference, placed: Map<number, { start: number; end: number }>, expected: Skeleton, actual: Skeleton, segments: readonly Segment[], changed: (i: number) => boolean): number[] {
  const sourceBlock = expected.blocks[difference.sourceBlock];
  const bundleBlock = actual.blocks[difference.translatedBlock];
  const overlaps = (a: { start: number; end: number } | undefined, b: { start: number; end: number } | undefined) => a !== undefined && b !== undefined && a.start < b.end && b.start < a.end;
  return segments.flatMap((segment, i) => (segment.field === undefined && changed(i) && (overlaps(segment, sourceBlock) || overlaps(placed.get(i), bundleBlock)) ? [i] : []));
}
