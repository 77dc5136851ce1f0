/**
 * C0 and C1 control characters other than tab and line breaks (U+0000–U+0008, U+000B, U+000C,
 * U+000E–U+001F, U+007F–U+009F), plus the Unicode line and paragraph separators U+2028/U+2029.
 * YAML 1.2 (§5.1, "printable" characters) does not allow the former raw in a stream, and YAML 1.1
 * readers (PyYAML) take the latter as line breaks inside a value: PyYAML, go-yaml (Hugo) and
 * libyaml refuse such files. Scraped news carries them as mojibake (e.g. U+009D from a mis-decoded
 * quote) or pasted from word processors.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * Replace every raw control character of a YAML text with its `\xHH` (or `\uHHHH`) escape. Valid (and equal in
 * value) inside double-quoted scalars, so callers quote the values that hold one; in a comment it
 * shows the character as text. Returns the text unchanged when it has none.
 */
export function escapeControlCharacters(yamlText: string): string {
  if (!CONTROL.test(yamlText)) return yamlText;
  return yamlText.replace(CONTROL_ALL, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).toUpperCase()}` : `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

/** Drop raw control characters (text outside any scalar the pipeline writes, e.g. copied front matter). */
export function removeControlCharacters(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, '') : text;
}

/**
 * A translation without the control characters its source does not have: a line or paragraph
 * separator (U+2028/2029) and a carriage return become a space, the others are dropped. Those the
 * source has (scraped mojibake the translation mirrors) stay, escaped wherever YAML is written.
 */
export function withoutNewControlCharacters(translation: string, source: string): string {
  if (!CONTROL.test(translation) && !translation.includes('\r')) return translation;
  return translation.replace(/\r\n?/g, (crlf) => (source.includes(crlf) ? crlf : crlf === '\r\n' ? '\n' : ' ')).replace(CONTROL_ALL, (c) => (source.includes(c) ? c : c === '\u2028' || c === '\u2029' ? ' ' : ''));
}

/** Where a text holds control characters: 1-based lines and the code points found, in order. */
export function findControlCharacters(text: string): Array<{ line: number; codePoint: string }> {
  const found: Array<{ line: number; codePoint: string }> = [];
  if (!CONTROL.test(text)) return found;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (CONTROL.test(text[i])) found.push({ line, codePoint: `U+${c.toString(16).toUpperCase().padStart(4, '0')}` });
  }
  return found;
}
