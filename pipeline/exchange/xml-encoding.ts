/**
 * The bytes of an XML file → its text, as XML 1.0 (§4.3.3 and Appendix F) says to find the
 * encoding: a byte order mark (UTF-8, UTF-16 LE/BE) decides, whatever the declaration names (as in
 * libxml2, xmllint); else UTF-16 without a mark is recognised by `<?` written in two bytes a
 * character; else the XML declaration's `encoding` names it; else UTF-8. Decoding is strict: a byte
 * sequence the encoding does not allow is an error at its line and column, never a U+FFFD put in
 * silently. Pure.
 *
 * Encodings: UTF-8, UTF-16, ISO-8859-1 (bytes 0x80–0x9F as the C1 controls, as the standard has
 * them, not as windows-1252's letters), US-ASCII, windows-1252 (cp1252), and whatever else the runtime's
 * `TextDecoder` knows (ISO-8859-2…16, Shift_JIS, GBK, Big5, KOI8-R …). UTF-32, EBCDIC and other
 * unknown names are refused with the name.
 */
import { XmlFileError, positionAt } from './xml-file-error.ts';

/** Labels whose standard meaning is ISO-8859-1 (the WHATWG `TextDecoder` reads them as windows-1252). */
const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'iso-ir-100', 'latin1', 'l1', 'csisolatin1', 'cp819', 'ibm819']);
const ASCII = new Set(['us-ascii', 'ascii', 'ansi_x3.4-1968', 'iso646-us', 'csascii']);

/**
 * windows-1252 bytes 0x80–0x9F (WHATWG index-windows-1252); the other bytes are ISO-8859-1. Our own
 * table because Node's TextDecoder reads windows-1252 as ISO-8859-1 since 20.18.3 / 22.13
 * (nodejs/node#60888, #56542).
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const decode1252 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1').replace(/[\x80-\x9f]/g, (char) => String.fromCharCode(CP1252_HIGH[char.charCodeAt(0) - 0x80]));

/** `encoding="…"` of an XML declaration at the very start of `head` (read as ASCII), if any. */
function declaredEncoding(head: string): string | undefined {
  return /^<\?xml[ \t\r\n][^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*(["'])([^"']*)\1/.exec(head)?.[2];
}

/** The WHATWG name for `label` (`utf-16le`, `windows-1252` …), or undefined when the runtime has no decoder. */
function decoderName(label: string): string | undefined {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

const unsupported = (file: string, label: string, how: string): XmlFileError =>
  new XmlFileError(file, 1, 1, `the file's encoding "${label}" (${how}) is not supported: save it as UTF-8 (or UTF-16, ISO-8859-1, windows-1252) and declare that in <?xml … encoding="…"?>`);

/**
 * The offset in `text` (decoded without `fatal`, so each bad sequence is one U+FFFD) of the first
 * U+FFFD that the bytes do not hold as a real character: the first decoding error.
 */
function firstBadOffset(text: string, bytes: Uint8Array, start: number, encoding: string): number {
  let at = start;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0xfffd) {
      const real =
        encoding === 'utf-8'
          ? bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd
          : encoding === 'utf-16le'
            ? bytes[at] === 0xfd && bytes[at + 1] === 0xff
            : encoding === 'utf-16be'
              ? bytes[at] === 0xff && bytes[at + 1] === 0xfd
              : false; // other encodings: the first U+FFFD (a real one is rare there)
      if (!real) return index;
    }
    if (encoding === 'utf-8') at += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? (index++, 4) : 3;
    else at += 2;
  }
  return text.length;
}

function decode(bytes: Uint8Array, start: number, encoding: string, file: string, how: string): string {
  const body = bytes.subarray(start);
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    const lenient = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
    const offset = firstBadOffset(lenient, bytes, start, encoding);
    const before = lenient.slice(0, offset).replace(/\r\n?/g, '\n');
    const { line, column } = positionAt(before, before.length);
    throw new XmlFileError(
      file,
      line,
      column,
      `the file is not valid ${encoding.toUpperCase()} (${how}): the bytes here are no ${encoding.toUpperCase()} character; save the file as UTF-8, or declare its real encoding (<?xml version="1.0" encoding="windows-1252"?>)`,
    );
  }
}

/**
 * `bytes` (a whole XML file) → its text, without a byte order mark; line ends as in the file.
 * `file` only names the file in errors.
 * @throws XmlFileError (`FILE:LINE:COL: …`, `syntax` false) for an encoding the runtime cannot
 *   decode (named), UTF-16 declared without a byte order mark, or bytes the encoding does not
 *   allow (at their line and column).
 */
export function decodeXml(bytes: Uint8Array, file: string): string {
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) || (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00)) {
    throw unsupported(file, 'UTF-32', 'its byte order mark');
  }
  let bom: { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | undefined;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) bom = { encoding: 'utf-8', length: 3 };
  else if (b0 === 0xff && b1 === 0xfe) bom = { encoding: 'utf-16le', length: 2 };
  else if (b0 === 0xfe && b1 === 0xff) bom = { encoding: 'utf-16be', length: 2 };
  // UTF-16 without a mark: `<?` as 3C 00 3F 00 (LE) or 00 3C 00 3F (BE).
  const unmarked = bom ? undefined : b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00 ? 'utf-16le' : b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f ? 'utf-16be' : undefined;
  const wide = bom?.encoding === 'utf-16le' || bom?.encoding === 'utf-16be' || unmarked !== undefined;
  const start = bom?.length ?? 0;
  // The declaration, read in the encoding found so far (ASCII for the 8-bit ones).
  const headBytes = bytes.subarray(start, start + 512);
  const head = wide ? new TextDecoder(bom?.encoding ?? unmarked).decode(headBytes) : Buffer.from(headBytes).toString('latin1');
  const label = declaredEncoding(head)?.trim();
  const name = label === undefined ? undefined : decoderName(label);
  const declared = `encoding="${label}" in the XML declaration`;

  if (bom || unmarked) {
    const encoding = bom?.encoding ?? (unmarked as string);
    const how = bom ? `its byte order mark` : `read from its first bytes`;
    return decode(bytes, start, encoding, file, how);
  }
  if (label === undefined) return decode(bytes, 0, 'utf-8', file, 'no encoding declaration: XML’s default');
  const lower = label.toLowerCase();
  if (LATIN1.has(lower)) return Buffer.from(bytes).toString('latin1');
  if (ASCII.has(lower)) {
    const index = bytes.findIndex((byte) => byte >= 0x80);
    if (index === -1) return Buffer.from(bytes).toString('latin1');
    const before = Buffer.from(bytes.subarray(0, index)).toString('latin1').replace(/\r\n?/g, '\n');
    const { line, column } = positionAt(before, before.length);
    throw new XmlFileError(file, line, column, `the file declares ${declared} but holds a byte above 0x7F: declare its real encoding (UTF-8, ISO-8859-1, windows-1252 …)`);
  }
  if (name === undefined) throw unsupported(file, label, declared);
  if (name === 'windows-1252') return decode1252(bytes);
  if (name === 'utf-16le' || name === 'utf-16be') {
    throw new XmlFileError(file, 1, 1, `the file declares ${declared} but has no UTF-16 byte order mark and its bytes are not UTF-16: fix the declaration (UTF-8?) or save it as UTF-16 with a byte order mark`);
  }
  return decode(bytes, 0, name, file, declared);
}
