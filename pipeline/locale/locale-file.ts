import { escapeControlCharacters, hasControlCharacters } from '../util/control-characters.ts';
import { needsDoubleQuotes } from '../util/yaml-portable.ts';
import { Document, isMap, isScalar, Pair, parseDocument, Scalar, visit, YAMLMap } from 'yaml';
import { lineIndex } from '../util/line-index.ts';

/** A problem in a locale file that a reviewer must fix; the file is left untouched. */
export class LocaleFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface LocaleFile {
  doc: Document;
  /** key → value, in file order. */
  entries: Map<string, string>;
  /** key → 1-based line of the key. */
  lines: Map<string, number>;
}

/** One entry as the pipeline wants it in the file. */
export interface LocaleEntry {
  key: string;
  value: string;
  /** Comment lines the pipeline owns (without the leading `# `); undefined keeps what is there. */
  notes?: string[];
  /**
   * The source this entry translates. Where `notes` is undefined, the `# id:` line is still made to
   * show exactly this source (one line): a reviewer who swaps value lines, or deletes a value but
   * not its comment, must not leave a key under another sentence's `# id:`.
   */
  source?: string;
}

/** First words of the comment lines the pipeline writes; any other comment belongs to a reviewer. */
const NOTE_PREFIXES = ['id:', 'was:', 'suggestion', 'fuzzy ', 'unknown words:', 'origin unknown:'];

const STRINGIFY = { lineWidth: 0, minContentWidth: 0 } as const;

/**
 * `parseLocaleFile` for a file a reviewer can open: its problems say where, as
 * `<file>:<line>: <problem>; fix the file first` (`file` as shown to the user).
 *
 * @throws LocaleFileError with that message and the line
 */
export function parseLocaleFileAt(file: string, text: string): LocaleFile {
  try {
    return parseLocaleFile(text);
  } catch (error) {
    if (!(error instanceof LocaleFileError)) throw error;
    throw new LocaleFileError(`${file}:${error.line}: ${error.message}; fix the file first`, error.line);
  }
}

/** Parse a locale file: a flat YAML map of string values (i18next resources). */
export function parseLocaleFile(text: string): LocaleFile {
  // yaml's own duplicate-key check compares each key with every earlier one (quadratic in the
  // file): parse without it, and only when a map repeats a key parse again with it, so a broken
  // file gets exactly the error (and position) yaml reports.
  let doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  if (hasRepeatedKey(doc)) doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  // One index of line starts for the whole file (built on first use), not a slice + split per key.
  let lineAt: ((offset: number) => number) | undefined;
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : (lineAt ??= lineIndex(text))(offset));
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const what = error.code === 'DUPLICATE_KEY' ? 'duplicate key' : 'YAML syntax error';
    throw new LocaleFileError(`${what}: ${error.message.split('\n')[0]}`, lineOf(error.pos?.[0]));
  }
  const entries = new Map<string, string>();
  const lines = new Map<string, number>();
  if (doc.contents === null) return { doc, entries, lines };
  if (!isMap(doc.contents)) throw new LocaleFileError('a locale file must be a map of keys to strings', lineOf(doc.contents.range?.[0]));
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key)) throw new LocaleFileError('keys must be plain strings', lineOf((pair.key as { range?: number[] })?.range?.[0]));
    const key = String(pair.key.value);
    const line = lineOf(pair.key.range?.[0]);
    if (!isScalar(pair.value) || typeof pair.value.value !== 'string') {
      const hint = isScalar(pair.value) && pair.value.value !== null ? ' (quote it: key: "…")' : '';
      throw new LocaleFileError(`value of "${key}" must be a string${hint}`, line);
    }
    entries.set(key, pair.value.value);
    lines.set(key, line);
  }
  return { doc, entries, lines };
}

/**
 * Whether some map of the document has two keys yaml's `uniqueKeys: true` could call equal (scalars
 * of the same value; a superset of its test, since NaN counts as repeated here).
 */
function hasRepeatedKey(doc: Document): boolean {
  let repeated = false;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          repeated = true;
          return visit.BREAK;
        }
        seen.add(pair.key.value);
      }
      return undefined;
    },
  });
  return repeated;
}

/**
 * The locale file with `entries` as its content: existing entries keep their position, quoting,
 * line breaks and reviewers' comments; new entries are inserted after their predecessor; keys not
 * listed are removed. Returns the new text (the caller writes only when it differs).
 */
export function renderLocaleFile(existing: LocaleFile | undefined, entries: readonly LocaleEntry[], header?: string): string {
  // Nothing translated yet: no file (never a `{}` that later runs would keep in flow style).
  if (entries.length === 0) return '';
  const doc = existing?.doc ?? new Document({});
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as never;
  const map = doc.contents as unknown as YAMLMap<Scalar<string>, Scalar<string>>;
  // Block style always: a reviewer's comma in a flow map `{ key: value }` breaks the file.
  map.flow = false;
  // Notes of a value line deleted at the end of the file belong to no key any more.
  map.comment = withoutNotes(map.comment);
  doc.comment = withoutNotes(doc.comment) ?? null;
  const wanted = new Map(entries.map((entry) => [entry.key, entry]));
  // A header comment sits on the first key; keep it at the top whatever happens to that key.
  const headerText = existing ? takeHeader(map) : header !== undefined ? ` ${header}` : undefined;
  map.items = map.items.filter((pair) => wanted.has(String(pair.key.value)));
  // Pairs by key, not by index: inserting a new entry shifts every index after it.
  const byKey = new Map(map.items.map((pair) => [String(pair.key.value), pair]));
  // The items as a linked list (head → … ), so inserting after a pair costs O(1), not an indexOf
  // and a splice over the whole file per new entry; rebuilt into map.items once at the end.
  type Item = Pair<Scalar<string>, Scalar<string>>;
  const head = {};
  const next = new Map<object, Item | undefined>();
  let tail: object = head;
  for (const pair of map.items) {
    next.set(tail, pair);
    tail = pair;
  }
  let previous: Item | undefined;
  for (const entry of entries) {
    let pair = byKey.get(entry.key);
    if (!pair) {
      // A key a YAML 1.1 reader takes for a boolean (a front-matter field named `on`, `y`…) is quoted too.
      const key = Object.assign(new Scalar(entry.key), needsDoubleQuotes(entry.key) ? { type: Scalar.QUOTE_DOUBLE } : {});
      pair = new Pair(key, new Scalar(entry.value));
      const after = previous ?? head;
      next.set(pair, next.get(after));
      next.set(after, pair);
    } else if (pair.value && pair.value.value !== entry.value) {
      pair.value.value = entry.value;
      if (pair.value.type === 'PLAIN' || (entry.value.includes('\n') && pair.value.type !== 'BLOCK_LITERAL')) pair.value.type = undefined;
    }
    if (entry.notes) pair.key.commentBefore = withNotes(pair.key.commentBefore, entry.notes);
    else if (entry.source !== undefined) pair.key.commentBefore = withIdNote(pair.key.commentBefore, entry.source);
    // Raw control characters are not allowed in YAML, and YAML 1.1 readers take `No` or `2023-01-01`
    // for a boolean or a date: such a value is written double-quoted (control characters escaped).
    if (pair.value && needsDoubleQuotes(entry.value) && (pair.value.type !== 'QUOTE_SINGLE' || hasControlCharacters(entry.value))) pair.value.type = 'QUOTE_DOUBLE';
    previous = pair;
  }
  const items: Item[] = [];
  for (let pair = next.get(head); pair; pair = next.get(pair)) items.push(pair);
  map.items = items;
  if (headerText !== undefined && map.items.length > 0) {
    const first = map.items[0].key;
    first.commentBefore = first.commentBefore ? `${headerText}\n\n${first.commentBefore}` : `${headerText}\n`;
  } else if (headerText !== undefined) {
    doc.commentBefore = headerText;
  }
  return map.items.length === 0 && headerText === undefined ? '' : escapeControlCharacters(doc.toString(STRINGIFY));
}

/** Remove and return the header (comment lines before a blank line at the top of the file). */
function takeHeader(map: YAMLMap<Scalar<string>, Scalar<string>>): string | undefined {
  const first = map.items[0]?.key;
  const comment = first?.commentBefore;
  if (!comment) return undefined;
  const split = comment.indexOf('\n\n');
  if (split === -1) return undefined;
  first.commentBefore = comment.slice(split + 2) || undefined;
  return comment.slice(0, split);
}

/** Replace the pipeline's own comment lines where they stood; reviewers' lines stay in place. */
function withNotes(comment: string | null | undefined, notes: readonly string[]): string | undefined {
  const lines = (comment ?? '').split('\n').filter((line) => line !== '');
  const isNote = (line: string) => NOTE_PREFIXES.some((prefix) => line.trimStart().startsWith(prefix));
  const first = lines.findIndex(isNote);
  const kept = lines.filter((line) => !isNote(line));
  const at = first === -1 ? kept.length : lines.slice(0, first).filter((line) => !isNote(line)).length;
  kept.splice(at, 0, ...notes.map(noteLine));
  return kept.length > 0 ? kept.join('\n') : undefined;
}

/**
 * One of the pipeline's notes for each key that has it, read from the file's comments: key → the
 * note's text after `kind: `. `id` gives the source each entry translates; `was` the source a
 * stale entry was reviewed against.
 */
export function notesOf(file: LocaleFile, kind: 'id' | 'was'): Map<string, string> {
  const out = new Map<string, string>();
  if (!isMap(file.doc.contents)) return out;
  const prefix = `${kind}: `;
  for (const pair of file.doc.contents.items as Array<Pair<Scalar<string>, unknown>>) {
    const line = (pair.key?.commentBefore ?? '').split('\n').find((l) => l.trimStart().startsWith(prefix));
    if (line !== undefined) out.set(String(pair.key.value), line.trimStart().slice(prefix.length));
  }
  return out;
}

/** A comment without the pipeline's note lines (undefined when nothing else is left). */
function withoutNotes(comment: string | null | undefined): string | undefined {
  if (!comment) return undefined;
  const kept = comment.split('\n').filter((line) => !NOTE_PREFIXES.some((prefix) => line.trimStart().startsWith(prefix)));
  return kept.some((line) => line.trim() !== '') ? kept.join('\n') : undefined;
}

/** A note as one comment line: line breaks folded, control characters shown escaped. */
const noteLine = (note: string) => ` ${escapeControlCharacters(note.replace(/\s*\n\s*/g, ' '))}`;

/** Exactly one `# id:` line, showing `source`, where the first one stood; other lines untouched. */
function withIdNote(comment: string | null | undefined, source: string): string | undefined {
  const wanted = noteLine(`id: ${source}`);
  const lines = (comment ?? '').split('\n');
  const isId = (line: string) => line.trimStart().startsWith('id:');
  const ids = lines.filter(isId);
  if (ids.length === 1 && ids[0] === wanted) return comment ?? undefined;
  const first = lines.findIndex(isId);
  const kept = lines.filter((line) => !isId(line));
  kept.splice(first === -1 ? kept.length : first, 0, wanted);
  return kept.filter((line, i) => line !== '' || i > 0).join('\n');
}
