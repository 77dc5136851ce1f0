/**
 * `npm run xliff -- import FILE`: an XLIFF file (1.2 or 2.x, ours or a CAT tool's rewrite of ours)
 * applied to the locale files through the reviewer-edit path (`writeValueEdits`, as the review
 * page saves), under one workspace lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { isRunError, listArticles, localeFilePath, type LoadedArticle } from '../run/article.ts';
import { loadArticle } from '../run/load-article.ts';
import { segmentSentences } from '../segmenter/segment-sentences.ts';
import { acquireLock } from '../cli/workspace-lock.ts';
import { parseLocaleFileAt } from '../locale/locale-file.ts';
import { readUtf8IfExists } from '../util/read-text.ts';
import { describeTagProblems, escapeText, tokenize, verifyTags } from '../tagged-text.ts';
import { taggedToMarkdown } from '../markdown/splice.ts';
import type { MemoryEntry, TranslationMemory } from '../store/translation-memory.ts';
import { openSqliteMemory } from '../store/sqlite-memory.ts';
import { valueProblems, writeValueEdits, type ValueEdit } from '../review/save-value.ts';
import { reviewTargetOf, type ReviewStatus } from '../review/review-entries.ts';
import { textHash } from '../util/hash.ts';
import { XLIFF_ORIGIN } from '../locale/segment-state.ts';
import { matchLocale } from './match-locale.ts';
import { readXliff, type InlineToken, type XliffUnit } from './xliff-read.ts';

/** What an import did (or, with `dryRun`, would do). Lines are 1-based lines of the XLIFF file. */
export interface ImportReport {
  /** The XLIFF file as given. */
  file: string;
  /** Our target locale the file's target language maps to. */
  locale: string;
  /** Units written: `saved` a changed target (status `reviewed` or `unknown`), `approved` an unchanged one the unit's state signs off. */
  applied: Array<{ article: string; key: string; status: 'reviewed' | 'unknown'; action: 'saved' | 'approved'; line: number }>;
  /** Units whose target is the locale file's text already (and nothing to approve). */
  unchanged: number;
  /** Units without a target, or with an empty one. */
  skipped: number;
  /** Units whose source is not the article's current sentence (the article changed since the export): not applied. */
  stale: Array<{ article: string; key: string; line: number }>;
  /** Units refused (unknown article or key, broken inline codes, markup the source lacks …): not applied. */
  problems: Array<{ article?: string; key?: string; unit?: string; line: number; message: string }>;
}

/** The file cannot be imported at all (unknown target language, no language): exit 2. Malformed XML is `XmlFileError`. */
export class XliffImportError extends Error {}

export interface ImportOptions {
  /** Decide and report, write nothing (no locale, state or memory write). */
  dryRun?: boolean;
  /** Sentence splitter for reading the articles (default: the pipeline's). */
  split?: SentenceSplitter;
  /** The human memory reviewed values go to (default: the SQLite memory at `config.cache`, opened only when needed). */
  memory?: TranslationMemory;
  warn?: (message: string) => void;
}

/**
 * Apply the targets of the XLIFF file `file` to the locale files of its target language.
 *
 * Per unit (article = `file@original`, the source path relative to the config's folder; key =
 * 2.x `unit@name` / 1.2 `resname`, else the unit id):
 * - its source (inline codes mapped to our tag ids by position, whitespace runs folded) must be the
 *   article's current segment, else it is `stale` and not applied;
 * - no target or an empty one: skipped;
 * - the target's codes back to tagged text, verified (`verifyTags`), then to markdown
 *   (`taggedToMarkdown`) and checked by the reviewer-edit rules (`valueProblems`): a failure is a
 *   `problem` (unit id and line) and the unit is not applied;
 * - a target that differs from the locale file's text is saved as a human's: status `reviewed`
 *   when the unit's state signs it off (2.x `reviewed`/`final`; 1.2 `signed-off`/`final` or
 *   `approved="yes"`), else `unknown` (kept, never overwritten, unreviewed until approved);
 * - an unchanged target whose state signs it off is approved as `npm run review -- approve` does;
 *   otherwise nothing happens (a second import of the same file changes nothing).
 * Reviewed values go to the human memory as an approval puts them there. Everything happens under
 * the workspace lock; each locale file is written whole or not at all.
 *
 * Resolves with the report once the locale files and the memory are written; rejects with:
 * @throws XmlFileError (`FILE:LINE:COL: …`) for a malformed or non-XLIFF file, nothing written
 * @throws XliffImportError when the file's target language is none of the config's targets
 * @throws LockedError when a translate or review run holds the workspace
 */
export async function importXliff(config: Config, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  const document = readXliff(fs.readFileSync(file), file);
  const targets = config.targets.map((t) => t.locale);
  const language = document.targetLanguage;
  if (!language) throw new XliffImportError(`${file}: the XLIFF file names no target language (2.x xliff@trgLang, 1.2 file@target-language); targets: ${targets.join(', ')}`);
  const locale = matchLocale(language, targets);
  if (locale === undefined) throw new XliffImportError(`${file}: target language "${language}" is none of this workspace's targets (${targets.join(', ')}); export and import with --locale one of them, or add it to targets in the config`);
  const split = options.split ?? segmentSentences;
  const report: ImportReport = { file, locale, applied: [], unchanged: 0, skipped: 0, stale: [], problems: [] };
  const remembered: MemoryEntry[] = [];
  const articles = new Set(listArticles(config).map((f) => f.split(path.sep).join('/')));

  const release = options.dryRun ? () => {} : acquireLock(`${config.cache}.lock`, 'xliff import');
  try {
    for (const xliffFile of document.files) {
      const original = xliffFile.original?.replace(/\\/g, '/');
      if (original === undefined || !articles.has(original)) {
        const what = original === undefined ? 'a <file> without original' : `<file original="${original}">`;
        report.problems.push({ article: original, line: xliffFile.line, message: `${what} is not an article of this workspace (${config.source}): its ${xliffFile.units.length} unit(s) were not applied` });
        continue;
      }
      const loaded = loadArticle(config, original, split);
      if (isRunError(loaded)) {
        report.problems.push({ article: original, line: xliffFile.line, message: `${loaded.message}: its units were not applied` });
        continue;
      }
      importArticle(config, locale, loaded, xliffFile.units, report, remembered, options);
    }
    if (remembered.length > 0 && !options.dryRun) {
      // The memory is a cache: a damaged file is moved aside and rebuilt, with a warning.
      const memory = options.memory ?? openSqliteMemory(config.cache, { onCorrupt: (warning) => options.warn?.(`warning: ${warning}`) });
      try {
        await memory.putMany(remembered);
      } finally {
        if (!options.memory) await memory.close();
      }
    }
  } finally {
    release();
  }
  return report;
}

function importArticle(config: Config, locale: string, loaded: LoadedArticle, units: readonly XliffUnit[], report: ImportReport, remembered: MemoryEntry[], options: ImportOptions): void {
  const article = loaded.file.split(path.sep).join('/');
  const localePath = localeFilePath(config, locale, loaded.id);
  const relative = path.relative(config.root, localePath);
  const text = readUtf8IfExists(localePath);
  if (text === undefined) {
    report.problems.push({ article, line: units[0]?.line ?? 1, message: `${relative} does not exist yet: run npm run translate first; the article's units were not applied` });
    return;
  }
  let disk: Map<string, string>;
  try {
    disk = parseLocaleFileAt(relative, text).entries;
  } catch (error) {
    report.problems.push({ article, line: units[0]?.line ?? 1, message: `${(error as Error).message}; the article's units were not applied` });
    return;
  }
  const indexOf = new Map(loaded.keys.map((k, i) => [k, i]));
  let statuses: Map<string, ReviewStatus> | undefined;
  // Read only when a unit's entry changed since the export: who changed it decides.
  const statusOf = () => (statuses ??= new Map(reviewTargetOf(config, loaded, locale).rows.map((row) => [row.key, row.status])));
  const edits: Array<ValueEdit & { line: number }> = [];
  const seen = new Set<string>();
  for (const unit of units) {
    const problem = (message: string, line = unit.line) => report.problems.push({ article, key: unit.key, unit: unit.id, line, message });
    if (unit.problems.length > 0) {
      problem(unit.problems.join('; '));
      continue;
    }
    const index = indexOf.get(unit.key);
    if (index === undefined) {
      problem(`"${unit.key}" is not a segment of ${article} (keys are the locale file's keys, as exported)`);
      continue;
    }
    if (seen.has(unit.key)) {
      problem(`a second unit for "${unit.key}" in the same <file>; only the first is applied`);
      continue;
    }
    seen.add(unit.key);
    const segment = loaded.segments[index];
    const ids = codeIds(unit.source, segment.tagged);
    if (ids === undefined || !sameContent(toTagged(unit.source, ids).tagged, segment.tagged)) {
      report.stale.push({ article, key: unit.key, line: unit.line });
      continue;
    }
    if (unit.target === undefined || isEmptyContent(unit.target)) {
      report.skipped++;
      continue;
    }
    const targetLine = unit.targetLine ?? unit.line;
    const converted = toTagged(unit.target, ids);
    if (converted.problem) {
      problem(`${converted.problem}`, targetLine);
      continue;
    }
    const tagProblems = verifyTags(segment.tagged, converted.tagged);
    if (tagProblems.length > 0) {
      problem(`inline codes of the target: ${describeTagProblems(tagProblems)}; every code of the source must be in the target once, pairs nested`, targetLine);
      continue;
    }
    const value = taggedToMarkdown(segment, converted.tagged);
    const now = disk.get(unit.key);
    if (unit.written !== undefined && now !== value && (now === undefined ? '' : textHash(now)) !== unit.written && statusOf().get(unit.key) === 'reviewed') {
      problem(`a reviewer changed this entry in ${relative} since the export (now: ${JSON.stringify(now)}); it was not overwritten. Compare the two, then edit the locale file (or export again and send the unit back)`, targetLine);
      continue;
    }
    if (now === value) {
      if (unit.reviewed) edits.push({ key: unit.key, value, approveUnchanged: true, line: unit.line });
      else report.unchanged++;
      continue;
    }
    const messages = valueProblems(loaded, index, value);
    if (messages.length > 0) {
      problem(`${messages.join('; ')}`, targetLine);
      continue;
    }
    edits.push({ key: unit.key, value, ...(unit.reviewed ? { status: 'reviewed' } : { status: 'unknown', origin: XLIFF_ORIGIN }), line: unit.line });
  }
  if (edits.length === 0) return;
  let outcome;
  try {
    outcome = writeValueEdits(config, locale, loaded, edits, undefined, { dryRun: options.dryRun });
  } catch (error) {
    report.problems.push({ article, line: edits[0].line, message: `${(error as Error).message}; the article's units were not applied` });
    return;
  }
  if ('problems' in outcome) {
    // Each value passed alone above; together they did not (should not happen): nothing written.
    for (const p of outcome.problems) report.problems.push({ article, key: p.key, line: edits.find((e) => e.key === p.key)?.line ?? 1, message: p.messages.join('; ') });
    return;
  }
  if ('conflict' in outcome) return; // no expected hash given: cannot happen
  const lineOf = new Map(edits.map((e) => [e.key, e.line]));
  for (const key of outcome.saved) {
    const edit = edits.find((e) => e.key === key) as ValueEdit;
    report.applied.push({ article, key, status: edit.status ?? 'reviewed', action: 'saved', line: lineOf.get(key) ?? 1 });
  }
  for (const key of outcome.approved) report.applied.push({ article, key, status: 'reviewed', action: 'approved', line: lineOf.get(key) ?? 1 });
  report.unchanged += outcome.unchanged.length;
  remembered.push(...outcome.remembered);
}

type CodeToken = Exclude<InlineToken, { type: 'text' }>;

/**
 * XLIFF code id → our tag id, pairing the unit source's codes with the segment's tags in order
 * (kind for kind: open, close, atom). Undefined when they do not pair up: the source changed.
 */
function codeIds(source: readonly InlineToken[], segmentTagged: string): Map<string, string> | undefined {
  const theirs = source.filter((t): t is CodeToken => t.type !== 'text');
  const ours = tokenize(segmentTagged).filter((t) => t.type !== 'text');
  if (theirs.length !== ours.length) return undefined;
  const ids = new Map<string, string>();
  for (let i = 0; i < theirs.length; i++) {
    const [a, b] = [theirs[i], ours[i]];
    if (a.type !== b.type) return undefined;
    const known = ids.get(a.id);
    if (known !== undefined && known !== b.id) return undefined;
    ids.set(a.id, b.id);
  }
  return ids;
}

/** Inline tokens → our tagged text with `ids`; `problem` names a code the source lacks or one used as the wrong kind. */
function toTagged(tokens: readonly InlineToken[], ids: ReadonlyMap<string, string>): { tagged: string; problem?: string } {
  let tagged = '';
  for (const token of tokens) {
    if (token.type === 'text') {
      tagged += escapeText(token.value);
      continue;
    }
    const id = ids.get(token.id);
    if (id === undefined) return { tagged, problem: `inline code id "${token.id}" is not one of the source's (${[...ids.keys()].join(', ') || 'none'}); copy codes from the source, do not invent them` };
    const paired = id.startsWith('g');
    if (paired !== (token.type !== 'atom')) return { tagged, problem: `inline code "${token.id}" is ${paired ? 'a pair' : 'a placeholder'} in the source but ${paired ? 'a placeholder' : 'a pair'} in the target` };
    tagged += token.type === 'atom' ? `<${id}/>` : token.type === 'open' ? `<${id}>` : `</${id}>`;
  }
  return { tagged };
}

/** Same tags in the same order and the same text up to runs of white space (XLIFF tools may re-wrap). */
function sameContent(a: string, b: string): boolean {
  const norm = (tagged: string) =>
    tokenize(tagged)
      .map((t) => (t.type === 'text' ? t.value : t.type === 'atom' ? `\u0000<${t.id}/>` : t.type === 'open' ? `\u0000<${t.id}>` : `\u0000</${t.id}>`))
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}

function isEmptyContent(tokens: readonly InlineToken[]): boolean {
  return tokens.every((t) => t.type === 'text' && t.value.trim() === '');
}
