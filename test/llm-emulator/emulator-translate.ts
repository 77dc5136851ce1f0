import { fakeTranslate } from '../deepl-emulator/fake-translate.ts';
import { isRealProse } from '../../pipeline/check/real-prose.ts';
import { mapText, plainText } from '../../pipeline/tagged-text.ts';

/**
 * The emulator's deterministic "model": the DeepL emulator's fake translation with tags kept in
 * place (no reordering), applied to one segment value. Exported so tests can predict answers.
 *
 * - Glossary terms first (longest first, case-sensitive, whole words, never across a tag):
 *   each becomes its target term and is not translated further.
 * - Then every word of the DeepL emulator's `DICTIONARY` (case-insensitive) becomes its English
 *   word, keeping an initial capital; all other words, figures, punctuation, `<gN>`/`</gN>`/`<xN/>`
 *   tags and XML entities (`&amp;`) are kept as they are.
 *
 * - A real model translates every sentence of prose, but the dictionary is tiny: when nothing in a
 *   prose segment (`isRealProse`: three words, some lower-case) was translated, its lower-case
 *   words come back marked as translated, `‹kata›`, so the segment never equals its source by
 *   accident (the `untranslated` failure mode returns the source on purpose). Names, figures and
 *   bylines such as `(bir/bir)` still come back unchanged.
 *
 * @param glossary source term → target term (e.g. from `parseGlossaryLines`), or entries.
 */
export function emulatorTranslate(text: string, glossary?: ReadonlyMap<string, string> | ReadonlyArray<readonly [string, string]>): string {
  const map = glossary === undefined ? undefined : glossary instanceof Map ? glossary : new Map(glossary as ReadonlyArray<readonly [string, string]>);
  const translated = fakeTranslate(text, { tagHandling: 'xml', glossary: map, reorderTags: false });
  if (translated !== text || !isRealProse(plainText(text))) return translated;
  return mapText(translated, (run) => run.replace(/(?<![\p{L}\p{N}])\p{Ll}[\p{L}\p{M}]+/gu, (word) => `‹${word}›`));
}
