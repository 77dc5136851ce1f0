import { fakeTranslate } from '../deepl-emulator/fake-translate.ts';

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
 * A segment made only of names and unknown words therefore comes back equal to its source
 * without any fault (as it would from a real model); tests of the "untranslated" check should
 * use dictionary words.
 *
 * @param glossary source term → target term (e.g. from `parseGlossaryLines`), or entries.
 */
export function emulatorTranslate(text: string, glossary?: ReadonlyMap<string, string> | ReadonlyArray<readonly [string, string]>): string {
  const map = glossary === undefined ? undefined : glossary instanceof Map ? glossary : new Map(glossary as ReadonlyArray<readonly [string, string]>);
  return fakeTranslate(text, { tagHandling: 'xml', glossary: map, reorderTags: false });
}
