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

/** Above this many suspects in one block, they are withheld together rather than tried one by one. */
const MAX_TRIALS = 20;

/**
 * The publication invariant (issue 12, rule `structure`): a bundle is the source's markdown tree
 * with only text changed, and its front matter parses. Splices the translations in, parses the
 * result with the source's parser and dialect and compares skeletons (`markdown/structure.ts`).
 * Where they differ, the translations in the differing block are tried one by one and those that
 * break it are withheld (their source text is published instead), until the bundle holds.
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
    const suspects = suspectsOf(difference, trial.placed, expected, trial.skeleton, segments, changed);
    if (suspects.length <= 1 || suspects.length > MAX_TRIALS) {
      for (const i of suspects) withhold(i, difference.message);
      if (suspects.length === 0) for (const [i] of segments.entries()) if (changed(i)) withhold(i, difference.message);
      continue;
    }
    // Try each suspect alone among the block's source text; keep those that hold.
    let found = false;
    for (const i of suspects) {
      const alone = current.map((value, j) => (suspects.includes(j) && j !== i ? undefined : value));
      const own = tryValues(source, segments, alone, expected, dialect).difference;
      if (own && own.sourceBlock <= difference.sourceBlock) {
        withhold(i, own.message);
        found = true;
      }
    }
    // Only their combination breaks the block (one opens what another closes): withhold them all.
    if (!found) for (const i of suspects) withhold(i, difference.message);
  }
  withheld.sort((a, b) => a.index - b.index);
  return { values: current, withheld };
}

function sourceStructure(source: string): SourceStructure {
  const { tree, dialect } = parseMarkdown(source);
  return { skeleton: skeletonOfTree(tree), dialect };
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
