/**
 * Word and character counts of Indonesian text, as a leverage analysis reports them.
 *
 * Words: the text is tokenized with `Intl.Segmenter` (granularity `word`, Unicode UAX #29 word
 * boundaries, built into Node); word-like tokens count, punctuation, spaces and emoji do not.
 * Numbers are words, with their separators and a unit or currency glued on: `Rp1.500.000` is one
 * word, `3,5 persen` two, `10.30` one. Tokens joined by a hyphen with no space around it are one
 * word, as Indonesian spelling (PUEBI) writes one word with a hyphen: reduplications (`anak-anak`,
 * `sehari-hari`, `berlari-lari`), `ke-2`, `se-Indonesia`, `Covid-19`.
 *
 * Characters: Unicode code points of the text after whitespace runs are collapsed to one space and
 * the ends trimmed (an emoji with a skin tone is two code points).
 */

const segmenter = new Intl.Segmenter('id', { granularity: 'word' });

/** Hyphen-minus, hyphen, non-breaking hyphen: the joiners of a hyphenated Indonesian word. */
const HYPHENS = new Set(['-', '\u2010', '\u2011']);

/** Number of words in `text` per the Indonesian rules above (0 for empty or punctuation-only text). */
export function countWords(text: string): number {
  let words = 0;
  // A word-like token directly after `word-` continues that word instead of starting one.
  let afterWord = false;
  let hyphenAfterWord = false;
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (isWordLike) {
      if (!hyphenAfterWord) words++;
      afterWord = true;
      hyphenAfterWord = false;
    } else {
      hyphenAfterWord = afterWord && HYPHENS.has(segment);
      afterWord = false;
    }
  }
  return words;
}

/** Number of Unicode code points in `text` with whitespace runs collapsed to one space, ends trimmed. */
export function countCharacters(text: string): number {
  return [...text.replace(/\s+/gu, ' ').trim()].length;
}
