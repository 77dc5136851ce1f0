/**
 * The project glossary (`glossary:` in the config): a CSV file, read and validated when the config
 * is loaded, in every command.
 *
 * Format (RFC 4180, parsed by csv-parse; UTF-8, a BOM and CRLF line ends are accepted; a file that
 * is not UTF-8, e.g. Latin-1, is refused, naming the first bad byte):
 *
 * ```csv
 * id,en,ms,note
 * Bank Indonesia,Bank Indonesia,Bank Indonesia,central bank
 * Korea Utara,North Korea,Korea Utara,
 * jfid,,,dnt
 * ```
 *
 * - `id` (first column, required): the Indonesian term. Unique, compared case-insensitively with
 *   Indonesian lower-casing (matching is case-insensitive, so `Bank Indonesia` and `bank indonesia`
 *   would be one term).
 * - one column per target locale: the term's required rendering in that target. A column must name
 *   a target of the config, or the base language of one (`en` serves a target `en-GB` that has no
 *   column of its own). An empty cell: the row does not apply to that target.
 * - `note` (optional): free text for people (line breaks allowed). A note whose first word is `dnt`
 *   (`dnt`, `dnt: the site's name`) marks a do-not-translate term; such a row leaves every locale
 *   column empty, and applies to every target.
 * - A row with no rendering and no `dnt` note is refused (it would say nothing).
 * - Empty lines are skipped; fields are trimmed; terms hold no control characters (tab, line break).
 */
import fs from 'node:fs';
import { parse, CsvError } from 'csv-parse/sync';
import { isLocale } from '../config/config-schema.ts';

/** One row of the glossary. */
export interface GlossaryRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** The Indonesian term (`id` column), trimmed. */
  source: string;
  /** Locale column (as written in the header) → rendering; only non-empty cells. */
  renderings: Record<string, string>;
  note?: string;
  /** The note's first word is `dnt`. */
  doNotTranslate: boolean;
}

/** A glossary file read and validated: plain data (it travels to worker threads with the config). */
export interface ProjectGlossary {
  /** The file as shown in messages: relative to the config's folder (as written in the config). */
  file: string;
  /** The locale columns, in header order. */
  locales: string[];
  /** Locale columns for languages this config has no target for (another config's): not read. */
  ignoredColumns: Array<{ name: string; line: number }>;
  rows: GlossaryRow[];
}

/** A glossary that cannot be used; `problems` are `file:line: message` lines, each with its fix. */
export class GlossaryError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'GlossaryError';
  }
}

/** Terms and renderings: no C0/C1 control characters at all (a tab or line break inside a term). */
const TERM_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Notes: line breaks and tabs are fine. */
const NOTE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Whether a note marks a do-not-translate row: its first word is `dnt` (any case). */
export function isDntNote(note: string | undefined): boolean {
  return note !== undefined && /^dnt(?![\p{L}\p{N}_])/iu.test(note.trim());
}

/**
 * Read and validate the glossary at `absolute` (shown as `shown` in messages) for the config's
 * target locales. Throws `GlossaryError` listing every problem, each as `file:line: what; fix`
 * (a file that is not UTF-8: `file: not UTF-8 (byte N); save it as UTF-8`, N 1-based).
 */
export function readGlossary(absolute: string, shown: string, targetLocales: readonly string[]): ProjectGlossary {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absolute);
  } catch (error) {
    throw new GlossaryError([`${shown}: cannot read the glossary file (${(error as NodeJS.ErrnoException).code ?? 'error'}); create it (header id,${targetLocales.join(',')},note) or fix the path in glossary:`]);
  }
  const text = decodeUtf8(bytes);
  if (typeof text === 'number') throw new GlossaryError([`${shown}: not UTF-8 (byte ${text}); save it as UTF-8`]);
  return parseGlossary(text, shown, targetLocales);
}

/**
 * `bytes` as UTF-8 text (a BOM kept, for `parseGlossary` to skip), or, if they are not UTF-8
 * (a Latin-1 or UTF-16 file), the 1-based position of the first byte that is not.
 */
export function decodeUtf8(bytes: Uint8Array): string | number {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Where: the lenient decoder turns each bad sequence into one U+FFFD; the text before the first
    // such U+FFFD is valid, so its UTF-8 length is the bad byte's offset. (A U+FFFD written in
    // the file, EF BF BD, is skipped.)
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    let offset = 0;
    let from = 0;
    for (let at = lenient.indexOf('\ufffd'); at !== -1; at = lenient.indexOf('\ufffd', at + 1)) {
      offset += Buffer.byteLength(lenient.slice(from, at), 'utf8');
      if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) return offset + 1;
      offset += 3;
      from = at + 1;
    }
    return bytes.length; // not reached: the strict decoder failed on some byte
  }
}

/** `readGlossary` on a text already read (pure). */
export function parseGlossary(text: string, shown: string, targetLocales: readonly string[]): ProjectGlossary {
  const at = (line: number, message: string) => `${shown}:${line}: ${message}`;
  let records: Array<{ record: string[]; info: { bytes: number } }>;
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      const counts = error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? /expect (\d+), got (\d+)/.exec(error.message) : null;
      const fields = (n: string) => `${n} ${n === '1' ? 'field' : 'fields'}`;
      const what = counts ? `the row has ${fields(counts[2])} where the header has ${counts[1]}` : error.message.replace(/^[^:]*: /, '');
      throw new GlossaryError([at(line, `not valid CSV: ${what}; quote a field that holds a comma, a quote (doubled: "") or a line break, and give every row the header's columns`)]);
    }
    throw error;
  }
  if (records.length === 0) throw new GlossaryError([at(1, `the file is empty; start it with the header line id,${targetLocales.join(',')},note`)]);

  const problems: string[] = [];
  // Line numbers from byte offsets (csv-parse's own `info.lines` counts a CRLF inside a quoted
  // field as two lines): a record starts after the previous one's end and any empty lines.
  const bytes = Buffer.from(text, 'utf8');
  const starts = new Map<(typeof records)[number], number>();
  let offset = 0;
  let line = 1;
  for (const r of records) {
    const span = bytes.subarray(offset, r.info.bytes).toString('utf8');
    const blank = /^(?:\r\n|\n|\r)*/.exec(span.replace(/^\ufeff/, ''))?.[0] ?? '';
    starts.set(r, line + (blank.match(/\r\n|\n|\r/g)?.length ?? 0));
    line += span.match(/\r\n|\n|\r/g)?.length ?? 0;
    offset = r.info.bytes;
  }
  const firstLine = (r: (typeof records)[number]) => starts.get(r) as number;

  // Header.
  const header = records[0].record.map((h) => h.trim());
  const headerLine = firstLine(records[0]);
  const canonicalTargets = targetLocales.filter(isLocale).map((l) => Intl.getCanonicalLocales(l)[0]);
  const servesTarget = (column: string) => {
    if (!isLocale(column)) return false;
    const c = Intl.getCanonicalLocales(column)[0];
    return canonicalTargets.some((t) => t === c || t.split('-')[0].toLowerCase() === c.toLowerCase());
  };
  if (header[0] !== 'id') problems.push(at(headerLine, `the first column must be "id" (the Indonesian term), found ${JSON.stringify(header[0] ?? '')}; start the file with id,${targetLocales.join(',')},note`));
  const localeColumns: Array<{ index: number; locale: string }> = [];
  let noteIndex: number | undefined;
  const ignoredColumns: ProjectGlossary['ignoredColumns'] = [];
  const ignoredIndexes: number[] = [];
  const seenColumns = new Set<string>();
  header.forEach((name, index) => {
    if (index === 0) return;
    if (seenColumns.has(name.toLowerCase())) problems.push(at(headerLine, `column "${name}" appears twice in the header; keep one`));
    seenColumns.add(name.toLowerCase());
    if (name === 'note') noteIndex = index;
    else if (servesTarget(name)) localeColumns.push({ index, locale: name });
    // A glossary shared by configs with different targets: a locale column is read only where it serves.
    else if (isLocale(name) && name !== '') {
      ignoredColumns.push({ name, line: headerLine });
      ignoredIndexes.push(index);
    }
    else
      problems.push(
        at(headerLine, `header column ${JSON.stringify(name)} is neither a locale (BCP 47, e.g. en or pt-BR) nor "note"; rename it to a target locale (targets: ${targetLocales.join(', ') || 'none'}), or remove the column`),
      );
  });
  if (problems.length > 0) throw new GlossaryError(problems);

  const rows: GlossaryRow[] = [];
  const byKey = new Map<string, number>();
  for (const entry of records.slice(1)) {
    const line = firstLine(entry);
    const cells = entry.record;
    const source = cells[0].trim();
    const note = noteIndex === undefined ? undefined : cells[noteIndex].trim() || undefined;
    const renderings: Record<string, string> = {};
    for (const { index, locale } of localeColumns) {
      const value = cells[index].trim();
      if (value !== '') renderings[locale] = value;
    }
    const count = problems.length;
    if (source === '') problems.push(at(line, `empty id: write the Indonesian term in the first column, or delete the row`));
    for (const [what, value] of [['id', source], ...Object.entries(renderings)] as Array<[string, string]>)
      if (TERM_CONTROL.test(value)) problems.push(at(line, `the ${what === 'id' ? 'id' : `${what} rendering`} ${JSON.stringify(value)} holds a control character (a tab, line break or invisible character); retype it as plain text`));
    if (note !== undefined && NOTE_CONTROL.test(note)) problems.push(at(line, `the note holds a control character; retype it as plain text`));
    const doNotTranslate = isDntNote(note);
    // Renderings in columns this config does not read still count: the row is another config's.
    const given = [...Object.keys(renderings), ...ignoredIndexes.filter((i) => cells[i].trim() !== '').map((i) => header[i])];
    if (doNotTranslate && given.length > 0)
      problems.push(at(line, `"${source}" is marked dnt but has renderings (${given.join(', ')}); leave the locale columns empty for a do-not-translate term, or remove dnt from the note`));
    if (!doNotTranslate && given.length === 0 && source !== '')
      problems.push(at(line, `"${source}" has no rendering for any target and its note is not dnt; give its rendering in a locale column, or write dnt in the note to keep it as it is`));
    if (source !== '') {
      const key = source.toLocaleLowerCase('id').replace(/\s+/g, ' ');
      const first = byKey.get(key);
      if (first !== undefined) problems.push(at(line, `duplicate id "${source}" (first on line ${first}; ids are compared ignoring case); merge the two rows into one`));
      else byKey.set(key, line);
    }
    if (problems.length === count) rows.push({ line, source, renderings, ...(note !== undefined ? { note } : {}), doNotTranslate });
  }
  if (problems.length > 0) throw new GlossaryError(problems);
  return { file: shown, locales: localeColumns.map((c) => c.locale), ignoredColumns, rows };
}
