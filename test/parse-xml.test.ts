/**
 * The exchange files' XML reader (parse-xml.ts, xml-encoding.ts), shared by TMX and XLIFF: only
 * well-formed XML 1.0 is read (a bare `&`, a control character, mismatched tags are refused at
 * their line and column, never line 0); entity declarations are refused for safety; the encoding
 * follows the byte order mark or the XML declaration (UTF-16 LE/BE, ISO-8859-1, windows-1252),
 * and an encoding we cannot decode is named.
 */
import { describe, expect, it } from 'vitest';
import { parseXmlFile, XmlFileError } from '../pipeline/exchange/parse-xml.ts';
import { readTmx } from '../pipeline/exchange/tmx-read.ts';
import { readXliff } from '../pipeline/exchange/xliff-read.ts';

/** The XmlFileError `run` throws (fails the test when it throws nothing or something else). */
function errorOf(run: () => unknown): XmlFileError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(XmlFileError);
    return error as XmlFileError;
  }
  throw new Error('expected an XmlFileError, nothing was thrown');
}

const tmx = (seg: string, declaration = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${declaration}
<tmx version="1.4">
<header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="id" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="id"><seg>Pemerintah dan kawan-kawan.</seg></tuv><tuv xml:lang="de"><seg>${seg}</seg></tuv></tu>
</body>
</tmx>
`;

const xliff = (target: string, declaration = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${declaration}
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="id" trgLang="de">
<file id="f1" original="source/a.md">
<unit id="u1" name="k1"><segment state="translated"><source>Pemerintah dan kawan-kawan.</source><target>${target}</target></segment></unit>
</file>
</xliff>
`;

describe('well-formedness (saxes)', () => {
  it('refuses a bare & where it stands, in TMX and XLIFF, as a syntax error', () => {
    const file = tmx('Die Regierung & Co.');
    const column = file.split('\n')[4].indexOf('&') + 1;
    const inTmx = errorOf(() => readTmx(Buffer.from(file), 'amp.tmx'));
    expect(inTmx.message).toBe(`amp.tmx:5:${column}: not well-formed XML: a bare "&" (write it as &amp;)`);
    expect(inTmx.syntax).toBe(true);
    const inXliff = errorOf(() => readXliff(Buffer.from(xliff('Die Regierung & Co.')), 'amp.xlf'));
    expect(inXliff.message).toMatch(/^amp\.xlf:4:\d+: not well-formed XML: a bare "&"/);
    // Also when a later reference ends with `;` (saxes alone reports that far-away `;`).
    expect(errorOf(() => parseXmlFile('<a>\n<b>x & y</b><c>&amp;</c></a>', 'f.xml')).message).toBe('f.xml:2:6: not well-formed XML: a bare "&" (write it as &amp;)');
    expect(errorOf(() => parseXmlFile('<a>\n<b>x&nbsp;y</b></a>', 'f.xml')).message).toMatch(/^f\.xml:2:5: not well-formed XML: undefined entity &nbsp;/);
  });

  it('refuses a control character (U+0001) that XML 1.0 does not allow', () => {
    const error = errorOf(() => readTmx(Buffer.from(tmx('Die Regierung\u0001')), 'ctrl.tmx'));
    expect(error.message).toMatch(/^ctrl\.tmx:5:\d+: not well-formed XML: disallowed character/);
    expect(error.line).toBe(5);
    expect(errorOf(() => readXliff(Buffer.from(xliff('x\u0001')), 'ctrl.xlf')).line).toBe(4);
  });

  it('names the open element a wrong close tag meets, at the close tag', () => {
    const error = errorOf(() => parseXmlFile('<a>\n  <seg>Chilli prices fell.</sg></a>', 'f.xml'));
    expect(error.message).toBe('f.xml:2:27: not well-formed XML: </sg> where <seg> (line 2) is open');
    expect(errorOf(() => parseXmlFile('<a>\n<b>\n', 'f.xml')).message).toBe('f.xml:3:1: not well-formed XML: the file ends inside <b> (line 2)');
  });

  it('reports lines and columns from 1, never 0', () => {
    for (const text of ['x<a/>', '<a/>\n<b/>', ' ', '<?xml version="1.0"?>', '\n\n<a']) {
      const error = errorOf(() => parseXmlFile(text, 'f.xml'));
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.column).toBeGreaterThanOrEqual(1);
      expect(error.message).not.toMatch(/^f\.xml:0:/);
    }
  });

  it('refuses entity declarations for safety (not as malformed), and reads a DOCTYPE naming an external DTD without loading it', () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n  <!ENTITY a "aaaaaaaaaa">\n  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<tmx version="1.4"><header srclang="id"/><body/></tmx>\n';
    const error = errorOf(() => readTmx(bomb, 'bomb.tmx'));
    expect(error.message).toMatch(/^bomb\.tmx:3:3: entity declarations are not supported, for safety/);
    expect(error.syntax).toBe(false);
    const external = '<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY e SYSTEM "file:///etc/passwd"> ]>\n<x>&e;</x>';
    expect(errorOf(() => parseXmlFile(external, 'x.xml')).message).toMatch(/^x\.xml:2:15: entity declarations are not supported/);
    const withDtd = tmx('Die Regierung &amp; Co.').replace('<tmx version', '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version');
    expect(readTmx(withDtd, 'dtd.tmx').units[0].variants[1].text).toBe('Die Regierung & Co.');
  });
});

describe('encodings', () => {
  const text = 'Größe “Café” – 5 €';
  const latin1Text = 'Größe Café';
  const utf16 = (content: string, order: 'le' | 'be') => {
    const le = Buffer.from(`\uFEFF${content}`, 'utf16le');
    return order === 'le' ? le : le.swap16();
  };
  const cases: [string, (content: string) => Buffer, string][] = [
    ['UTF-16LE with a BOM', (content) => utf16(content.replace('UTF-8', 'UTF-16'), 'le'), text],
    ['UTF-16BE with a BOM', (content) => utf16(content.replace('UTF-8', 'UTF-16'), 'be'), text],
    ['ISO-8859-1 declared', (content) => Buffer.from(content.replace('UTF-8', 'ISO-8859-1'), 'latin1'), latin1Text],
    ['windows-1252 declared', (content) => encode1252(content.replace('UTF-8', 'windows-1252')), text],
  ];

  for (const [name, encode, expected] of cases) {
    it(`reads ${name}, TMX and XLIFF`, () => {
      expect(readTmx(encode(tmx(expected)), 'e.tmx').units[0].variants[1].text).toBe(expected);
      const unit = readXliff(encode(xliff(expected)), 'e.xlf').files[0].units[0];
      expect(unit.target).toEqual([{ type: 'text', value: expected }]);
    });
  }

  it('reads ISO-8859-1 bytes 0x80–0x9F as the standard has them (C1 controls), windows-1252 as its letters', () => {
    const bytes = (encoding: string) => Buffer.from(`<?xml version="1.0" encoding="${encoding}"?>\n<a>\x80\x93</a>`, 'latin1');
    expect(parseXmlFile(bytes('ISO-8859-1'), 'f.xml').documentElement?.textContent).toBe('\u0080\u0093');
    expect(parseXmlFile(bytes('windows-1252'), 'f.xml').documentElement?.textContent).toBe('€“');
  });

  it('refuses bytes that are not UTF-8 at their line and column, and keeps a real U+FFFD', () => {
    const bad = Buffer.concat([Buffer.from('<a>\n  ok \uFFFD '), Buffer.from([0xe9]), Buffer.from(' x</a>')]);
    const error = errorOf(() => parseXmlFile(bad, 'bad.xml'));
    expect(error.message).toMatch(/^bad\.xml:2:8: the file is not valid UTF-8 \(no encoding declaration/);
    expect(error.syntax).toBe(false);
    expect(parseXmlFile(Buffer.from('<a>\uFFFD</a>'), 'f.xml').documentElement?.textContent).toBe('\uFFFD');
  });

  it('names an encoding it cannot decode, and UTF-16 declared without a byte order mark', () => {
    expect(errorOf(() => parseXmlFile(Buffer.from('<?xml version="1.0" encoding="EBCDIC-US"?><a/>'), 'e.xml')).message).toMatch(/^e\.xml:1:1: the file's encoding "EBCDIC-US" \(encoding="EBCDIC-US" in the XML declaration\) is not supported/);
    expect(errorOf(() => parseXmlFile(Buffer.from([0xff, 0xfe, 0, 0, 0x3c, 0, 0, 0]), 'e.xml')).message).toMatch(/"UTF-32".*not supported/);
    expect(errorOf(() => parseXmlFile(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><a/>'), 'e.xml')).message).toMatch(/declares encoding="UTF-16" .* but has no UTF-16 byte order mark/);
  });
});

/** `text` in windows-1252 (the characters of the tests only). */
function encode1252(text: string): Buffer {
  const special: Record<string, number> = { '€': 0x80, '“': 0x93, '”': 0x94, '–': 0x96 };
  return Buffer.from([...text].map((char) => special[char] ?? char.charCodeAt(0)));
}
