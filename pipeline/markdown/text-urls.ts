/**
 * Addresses in plain text (a front-matter value, which no markdown parser reads): the stretches a
 * translation must copy byte for byte. Found by pattern, after GFM's literal autolinks and
 * CommonMark's `<…>` autolinks, erring on the side of a longer span: a span that also holds a
 * neighbouring character is only copied, a span that misses part of a URL lets it be translated.
 */

/** A stretch of the text (UTF-16 offsets, end exclusive). */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * CommonMark autolinks: `<scheme:…>` (a scheme of 2–32 characters, no spaces, `<` or `>` inside)
 * and `<local@domain>` e-mail autolinks.
 */
const ANGLE_AUTOLINK = /<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f]*>|<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>/g;
/**
 * Bare URLs: `http://`, `https://`, `ftp://` (not after a letter or digit) or `www.` (not inside
 * a word or a domain) followed by a domain character; the URL runs to whitespace or `<`, as in
 * GFM, and `trimTrail` gives back its trailing punctuation.
 */
const BARE_URL = /(?:(?<![A-Za-z0-9])(?:https?|ftp):\/\/|(?<![\w.@/-])www\.)(?=[\p{L}\p{N}_-])[^\s<]+/giu;
/** E-mail addresses, with an optional `mailto:`; the local part is taken whole (never from its middle). */
const EMAIL = /(?<![\w.+-])(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b/g;
/** Sentence punctuation (and quotes) after a URL belong to the sentence. */
const TRAILING = /["'.,:;!?。，、]$/;

/**
 * The URLs, `www.` links, e-mail addresses and `<…>` autolinks of `text`, sorted, overlapping and
 * touching ones merged (an e-mail in a URL's query is part of the URL). Pure; [] when there is none.
 */
export function urlSpans(text: string): TextSpan[] {
  if (!/[:@<]|www\./i.test(text)) return []; // most values: no address at all
  const found: TextSpan[] = [];
  for (const m of text.matchAll(ANGLE_AUTOLINK)) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  for (const m of text.matchAll(BARE_URL)) {
    const url = trimTrail(m[0]);
    if (url.length > 0) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + url.length });
  }
  for (const m of text.matchAll(EMAIL)) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextSpan[] = [];
  for (const span of found) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * A bare URL without what follows it in the sentence: trailing punctuation and quotes, and a
 * closing `)` or `]` the URL did not open (`(lihat https://contoh.id/a).` ends at `a`).
 */
function trimTrail(url: string): string {
  for (;;) {
    if (TRAILING.test(url)) url = url.slice(0, -1);
    else if (url.endsWith(')') && count(url, ')') > count(url, '(')) url = url.slice(0, -1);
    else if (url.endsWith(']') && count(url, ']') > count(url, '[')) url = url.slice(0, -1);
    else return url;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
