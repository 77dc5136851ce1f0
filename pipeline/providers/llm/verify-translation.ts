/**
 * Checks of one segment's translation from a language model, which is verified, not trusted. Pure.
 * Each check names the failure mode it catches; the first that fails gives the reason:
 *
 * - not a string, or empty while the source has text;
 * - merged: a neighbouring segment of the request is missing from the answer and this value is
 *   closer in length to both sources together than to its own (and over 1.5× its own);
 * - commentary: the value starts with a phrase like `Here is the translation:`, `Translation:`,
 *   `Berikut terjemahannya:` (`COMMENTARY`, case-insensitive), unless the source starts so too;
 * - length: for a source of at least `MIN_RATIO_CHARS` characters (plain text), the value's
 *   length over the source's outside `ratioBounds` (0.3–3 for alphabetic scripts; Chinese,
 *   Japanese and Korean write far fewer characters): a truncated or repeated answer;
 * - tags lost or altered: `verifyTags` (each tag exactly once, nested, pairs not emptied);
 * - untranslated: the value equals the source (plain text, case and spaces ignored) while the
 *   source is prose (`isProse`): a name, a number or a link may stay as it is;
 * - figures changed: a number, amount, date or time of the source missing from the value (the
 *   check's rule, `check/figures.ts`, the source's style also accepted in the target).
 */
import { missingFigures, extractFigures } from '../../check/figures.ts';
import { isRealProse } from '../../check/real-prose.ts';
import { describeTagProblems, plainText, verifyTags } from '../../tagged-text.ts';

export const MIN_RATIO_CHARS = 20;

/** Opening phrases of a model talking about its answer instead of giving it. */
export const COMMENTARY: readonly RegExp[] = [
  /^(?:here(?:'s| is| are)|below is)\b[^:\n]{0,60}\btranslat/i,
  /^(?:the\s+)?(?:\p{L}+\s+)?translation(?:\s+is)?\s*:/iu,
  /^translated(?:\s+text)?\s*:/i,
  /^(?:sure|certainly|of course|okay)\b[,.!:]/i,
  /^berikut(?:\s+(?:ini|adalah))?\s+(?:hasil\s+)?terjemahan/i,
  /^terjemahan(?:nya)?(?:\s+\p{L}+)?\s*:/iu,
  /^(?:note|catatan)\s*:/i,
];

/** The commentary phrase `text` starts with, if any. */
export function commentaryPrefix(text: string): string | undefined {
  const start = text.replace(/^[\s"'“‘*_>#-]+/u, '');
  for (const re of COMMENTARY) {
    const m = re.exec(start);
    if (m) return m[0];
  }
  return undefined;
}

/**
 * Whether a plain text is prose that must change in translation: the check's definition
 * (`check/real-prose.ts`: three or more words, some lower-case) once links and e-mail addresses
 * are left out. A name, a title in capitals, a figure, a link or a byline like `(bir/bir)` may stay.
 */
export function isProse(plain: string): boolean {
  return isRealProse(plain.replace(/\b(?:https?:\/\/|www\.)\S+/giu, ' ').replace(/\S+@\S+\.\S+/gu, ' '));
}

const CJK = /^(?:zh|ja|ko)\b/i;

/** Allowed translation/source character ratio for a pair. */
export function ratioBounds(sourceLocale: string, targetLocale: string): [number, number] {
  const s = CJK.test(sourceLocale);
  const t = CJK.test(targetLocale);
  if (t && !s) return [0.1, 1.5];
  if (s && !t) return [0.7, 8];
  return [0.3, 3];
}

export interface VerifyInput {
  /** Tagged source text as sent (do-not-translate terms already atoms). */
  source: string;
  /** The answer's value for this segment. */
  translation: unknown;
  sourceLocale: string;
  targetLocale: string;
  /** Tagged source texts of the request's neighbouring segments that the answer lacks. */
  missingNeighbours?: readonly string[];
}

const normalize = (s: string) => s.replace(/\s+/gu, ' ').trim().toLowerCase();

/** Why `input.translation` is unusable, or undefined when it passes every check. */
export function verifyTranslation(input: VerifyInput): string | undefined {
  const { source, translation } = input;
  if (typeof translation !== 'string') return 'the answer for this segment was not a string';
  const sourcePlain = plainText(source);
  const targetPlain = plainText(translation);
  if (targetPlain.trim() === '' && sourcePlain.trim() !== '') return 'the translation is empty';
  for (const neighbour of input.missingNeighbours ?? []) {
    const own = Math.max(1, sourcePlain.length);
    const both = own + plainText(neighbour).length;
    const len = targetPlain.length;
    if (len / own > 1.5 && Math.abs(Math.log(len / both)) < Math.abs(Math.log(len / own)))
      return "the translation merges a neighbouring segment's text into this one (that segment is missing from the answer)";
  }
  const commentary = commentaryPrefix(targetPlain);
  if (commentary && !commentaryPrefix(sourcePlain)) return `the translation starts with commentary (${JSON.stringify(commentary)})`;
  if (sourcePlain.trim().length >= MIN_RATIO_CHARS) {
    const ratio = targetPlain.trim().length / sourcePlain.trim().length;
    const [min, max] = ratioBounds(input.sourceLocale, input.targetLocale);
    if (ratio < min || ratio > max) return `length ratio ${ratio.toFixed(2)} outside ${min}–${max} for ${input.sourceLocale}→${input.targetLocale}`;
  }
  const tags = verifyTags(source, translation);
  if (tags.length > 0) return `tags lost or altered: ${describeTagProblems(tags)}`;
  if (normalize(targetPlain) === normalize(sourcePlain) && isProse(sourcePlain)) return 'the translation equals the source (left untranslated)';
  const figures = changedFigures(sourcePlain, targetPlain, input.sourceLocale, input.targetLocale);
  if (figures.length > 0) return `figures changed or lost: ${figures.join(', ')}`;
  return undefined;
}

/** Source figures (as written) the translation does not have; none when a locale is invalid. */
function changedFigures(source: string, target: string, sourceLocale: string, targetLocale: string): string[] {
  if (!/\d/.test(source)) return [];
  try {
    const missing = missingFigures(extractFigures(source, sourceLocale), extractFigures(target, targetLocale, [sourceLocale]));
    return missing.map((m) => m.figure.raw);
  } catch (error) {
    if (error instanceof RangeError) return [];
    throw error;
  }
}
