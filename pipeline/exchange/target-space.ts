/**
 * White space of an exchanged target (an XLIFF target from a CAT tool) made the source's where the
 * tool or the translator changed it in passing. Pure.
 */
import { repairTagSpacing } from '../accept/tag-spacing.ts';

/**
 * The target's white space as the source has it where a CAT tool or a translator changed it in
 * passing (XLIFF targets are often pretty-printed or padded):
 * - where the source has no line break, a line break with the white space around it becomes one
 *   space (a front-matter field or a sentence never gains a line break); where it has some but no
 *   indented line, the indentation after a line break goes (it would make a code block);
 * - white space inside a paired code where the source has none moves outside it, a space the
 *   source has beside a code comes back, a blank line goes, control characters the source lacks
 *   go: the repair a provider's answer gets (`repairTagSpacing`);
 * - the leading and trailing white space become the source's.
 * `sourceTagged`: the segment's tagged text; `source`: its markdown; `tagged`: the target's tagged text.
 */
export function normalizeSpace(sourceTagged: string, source: string, tagged: string): string {
  let out = tagged;
  if (!/[\r\n]/.test(source)) out = out.replace(/[ \t]*(?:\r\n|\r|\n)\s*/g, ' ');
  else if (!/\n[ \t]/.test(source)) out = out.replace(/\n[ \t]+/g, '\n');
  out = repairTagSpacing(sourceTagged, out).tagged;
  const lead = /^\s*/.exec(sourceTagged)?.[0] ?? '';
  const trail = /\s*$/.exec(sourceTagged)?.[0] ?? '';
  return lead + out.trim() + trail;
}
