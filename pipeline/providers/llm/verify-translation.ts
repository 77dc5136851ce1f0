/**
 * Checks of one segment's translation from a language model, which is verified, not trusted. Pure.
 * Each check names the failure mode it catches; the first that fails gives the reason:
 *
 * - not a string, or empty while the source has text;
 * - merged: a neighbouring segment of the request is missing from the answer and this value is
 *   closer in length to both sources together than to its own (and over 1.5× its own);
 * - commentary: the value starts with a phrase about the translation itself, like `Here is the
 *   translation:`, `Translation:`, `Sure, here is…`, `Berikut terjemahannya:` (`COMMENTARY`,
 *   case-insensitive), unless the source starts so too. A bare `Of course,`, `Okay,` or `Sure,`
 *   opening a sentence is ordinary prose, not commentary; and when the source itself speaks of a
 *   translation (`SOURCE_ABOUT_TRANSLATION`: `Inilah terjemahan pidato…`, `Alih bahasa: Budi`),
 *   an answer opening `Here is the translation of the speech…` or `Translation: Budi` is its
 *   translation, so only `Note:`-style openings count then (`commentaryPrefix(…, { aboutTranslation })`);
 * - length: for a source of at least `MIN_RATIO_CHARS` characters (plain text), the value's
 *   length over the source's outside `ratioBounds` (0.3–3 for alphabetic scripts; Chinese,
 *   Japanese and Korean write far fewer characters): a truncated or repeated answer;
 * - tags lost or altered: `verifyTags` (each tag exactly once, nested, pairs not emptied);
 * - untranslated: the value equals the source (plain text, case and spaces ignored) while the
 *   source is prose (`isProse`): a name, a number or a link may stay as it is; and only when the
 *   target's language is not close to the source's (`closeLanguages`: Malay may legitimately
 *   write an Indonesian sentence as it is) and the source is not already in the target language
 *   (`detectLanguage`, eld as the check uses it, reliable: an English quote stays English);
 * - figures changed: a number, amount, date or time of the source missing from the value (the
 *   check's rule, `check/figures.ts`, the source's style also accepted in the target).
 */
import { missingFigures, extractFigures } from '../../check/figures.ts';
import { isRealProse } from '../../check/real-prose.ts';
import { describeTagProblems, plainText, verifyTags } from '../../tagged-text.ts';

/** A language detector as the check's (`check/detect-language.ts`): eld's answer for a text. */
export type DetectLanguage = (text: string) => { language: string; reliable: boolean };

export const MIN_RATIO_CHARS = 20;

/**
 * Opening phrases of a model talking about its answer instead of giving it. Each but the last
 * (`Note:`) speaks of "the translation": a source that does so too may be translated so
 * (`SOURCE_ABOUT_TRANSLATION`).
 */
export const COMMENTARY: readonly RegExp[] = [
  /^(?:here(?:'s|’s| is| are)|below is)\b[^:\n]{0,60}\btranslat/i,
  /^(?:the\s+)?(?:\p{L}+\s+)?translation(?:\s+is)?\s*:/iu,
  /^translated(?:\s+text)?\s*:/i,
  // `Sure, here is…`, `Certainly! Here's the English version:`; a bare `Of course,` is prose.
  /^(?:sure|certainly|of course|okay)\s*[,.!:]?\s*(?:here(?:'s|’s| is| are)|below is)\b[^\n]{0,60}?(?:translat|terjemah|version|:)/i,
  /^berikut(?:\s+(?:ini|adalah))?\s+(?:hasil\s+)?terjemahan/i,
  /^terjemahan(?:nya)?(?:\s+\p{L}+)?\s*:/iu,
  /^(?:note|catatan)\s*:/i,
];

/** The `COMMENTARY` patterns that do not speak of a translation (`Note:`): commentary whatever the source says. */
const NOT_ABOUT_TRANSLATION: ReadonlySet<RegExp> = new Set([COMMENTARY[COMMENTARY.length - 1]]);

/**
 * A source that speaks of a translation, anywhere in it: `terjemah…` (`terjemahan`,
 * `diterjemahkan`) and its nasal forms (`penerjemah`, `menerjemahkan`), `alih bahasa` (a
 * translator's credit), `sadur…` (`saduran`, `disadur`, `menyadur`: an adaptation). Its
 * translation may well open with "Here is the translation of…" or "Translation:".
 */
export const SOURCE_ABOUT_TRANSLATION = /[tn]erjemah|alih[\s-]*bahasa|sadur|nyadur/iu;

/** Longest commentary prefix quoted in a refusal, in characters (longer ones end with `…`). */
export const QUOTED_PREFIX_CHARS = 60;

/**
 * The commentary phrase `text` starts with, if any, whole: the match completed to the end of its
 * word (`Here is the translation`, not `Here is the translat`), and to the colon that ends the
 * phrase on the same line when the match has none yet (`Here is the translation of the text:`).
 * Leading quotes, emphasis, list and heading marks are skipped. With `aboutTranslation` (the
 * source speaks of a translation: `SOURCE_ABOUT_TRANSLATION`), only the phrases that do not speak
 * of one (`Note:`) count.
 */
export function commentaryPrefix(text: string, options: { aboutTranslation?: boolean } = {}): string | undefined {
  const start = text.replace(/^[\s"'“‘*_>#-]+/u, '');
  for (const re of COMMENTARY) {
    if (options.aboutTranslation && !NOT_ABOUT_TRANSLATION.has(re)) continue;
    const m = re.exec(start);
    if (!m) continue;
    let phrase = m[0] + (/^[\p{L}\p{M}]*/u.exec(start.slice(m[0].length))?.[0] ?? '');
    if (!phrase.trimEnd().endsWith(':')) phrase += /^[^:\n.!?]{0,60}:/u.exec(start.slice(phrase.length))?.[0] ?? '';
    return phrase.trimEnd();
  }
  return undefined;
}

/** `phrase` for a message: whole up to `QUOTED_PREFIX_CHARS` characters, else cut there with `…`. */
function quotePrefix(phrase: string): string {
  const chars = [...phrase];
  return JSON.stringify(chars.length <= QUOTED_PREFIX_CHARS ? phrase : `${chars.slice(0, QUOTED_PREFIX_CHARS - 1).join('').trimEnd()}…`);
}

/**
 * Whether a plain text is prose that must change in translation: the check's definition
 * (`check/real-prose.ts`: three or more words, some lower-case) once links and e-mail addresses
 * are left out. A name, a title in capitals, a figure, a link or a byline like `(bir/bir)` may stay.
 */
export function isProse(plain: string): boolean {
  return isRealProse(proseOf(plain));
}

/**
 * Languages a sentence may be written identically in: Indonesian and Malay. The same pairs as the
 * check's `CLOSE` in `check/text-rules.ts` (not exported there; keep both in step).
 */
const CLOSE: Readonly<Record<string, readonly string[]>> = { id: ['id', 'ms'], ms: ['id', 'ms'] };

/** Base language subtag, lower-case: `en-GB` → `en`. */
export function baseLanguage(locale: string): string {
  return locale.split(/[-_]/)[0].toLowerCase();
}

/** Whether a translation from `sourceLocale` into `targetLocale` may equal its source (id ↔ ms, or the same language). */
export function closeLanguages(sourceLocale: string, targetLocale: string): boolean {
  const source = baseLanguage(sourceLocale);
  const target = baseLanguage(targetLocale);
  return source === target || (CLOSE[source] ?? []).includes(target);
}

/**
 * Whether a value equal to its source must be refused as untranslated: the source is prose, the
 * pair is not close, and the detector (when given) does not reliably read the source as the
 * target language already.
 */
export function refusesUnchanged(sourcePlain: string, sourceLocale: string, targetLocale: string, detectLanguage?: DetectLanguage): boolean {
  if (!isProse(sourcePlain) || closeLanguages(sourceLocale, targetLocale)) return false;
  if (detectLanguage) {
    const detected = detectLanguage(proseOf(sourcePlain));
    if (detected.language === baseLanguage(targetLocale) && detected.reliable) return false;
  }
  return true;
}

/** Whether `value` equals `source` as the untranslated rule compares them (plain text, case and spaces ignored). */
export function equalsSource(sourcePlain: string, value: string): boolean {
  return normalize(value) === normalize(sourcePlain);
}

const proseOf = (plain: string) => plain.replace(/\b(?:https?:\/\/|www\.)\S+/giu, ' ').replace(/\S+@\S+\.\S+/gu, ' ');

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
  /**
   * The check's language detector, when loaded: a value equal to a source the detector reliably
   * reads as the target language is accepted. Without it such a value is refused (pairs not close).
   */
  detectLanguage?: DetectLanguage;
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
  const commentary = commentaryPrefix(targetPlain, { aboutTranslation: SOURCE_ABOUT_TRANSLATION.test(sourcePlain) });
  if (commentary && !commentaryPrefix(sourcePlain)) return `the translation starts with commentary: ${quotePrefix(commentary)}`;
  if (sourcePlain.trim().length >= MIN_RATIO_CHARS) {
    const ratio = targetPlain.trim().length / sourcePlain.trim().length;
    const [min, max] = ratioBounds(input.sourceLocale, input.targetLocale);
    if (ratio < min || ratio > max) return `length ratio ${ratio.toFixed(2)} outside ${min}–${max} for ${input.sourceLocale}→${input.targetLocale}`;
  }
  const tags = verifyTags(source, translation);
  if (tags.length > 0) return `tags lost or altered: ${describeTagProblems(tags)}`;
  if (equalsSource(sourcePlain, targetPlain) && refusesUnchanged(sourcePlain, input.sourceLocale, input.targetLocale, input.detectLanguage))
    return 'the translation equals the source (left untranslated)';
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
