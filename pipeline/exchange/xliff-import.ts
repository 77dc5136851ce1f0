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
import { openMemory } from '../store/open-memory.ts';
import { valueProblems, writeValueEdits, type ValueEdit } from '../review/save-value.ts';
import { reviewTargetOf, type ReviewStatus } from '../review/review-entries.ts';
import { textHash } from '../util/hash.ts';
import { XLIFF_ORIGIN } from '../locale/segment-state.ts';
import { matchLocale } from './match-locale.ts';
import { readXliff, type InlineToken, type XliffUnit } from './xliff-read.ts';
import { normalizeSpace } from './target-space.ts';

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
  /**
   * Units not applied because they are not translated (yet), though they have a target: the state
   * says so (1.2 `new`, `needs-translation`; 2.x `initial`, which is also the state of a segment
   * without `state`), or a segment of the unit has no target (a unit translated in part).
   * Our export writes stale entries as `initial` with their old target: unchanged, they stay as
   * they are; a translator who keeps or edits such a target sets the state to translated.
   */
  untranslated: Array<{ article: string; key: string; line: number; reason: string }>;
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
  /** The human memory reviewed values go to (default: the config's memory, `store/open-memory.ts`, opened only when needed). */
  memory?: TranslationMemory;
  warn?: (message: string) => void;
}

/**
 * Apply the targets of the XLIFF file `file` to the locale files of its target language.
 *
 * Per unit (article = `file@original`, the source path relative to the config's folder; key =
 * 2.x `unit@name` / 1.2 `resname`, else the unit id; the units of several `<file>`s naming the
 * same article are one list, a key seen before is refused as a duplicate):
 * - its source (inline codes mapped to our tag ids by position, whitespace runs folded) must be the
 *   article's current segment, else it is `stale` and not applied;
 * - no target or an empty one: skipped;
 * - a state that says not translated (1.2 `new`, `needs-translation`; 2.x `initial`, the default)
 *   or a 2.x segment without target (or with an empty one) next to translated ones: listed in
 *   `untranslated` with the reason, not applied;
 * - the target's codes back to tagged text, its white space made the source's (`normalizeSpace`),
 *   verified (`verifyTags`), then to markdown (`taggedToMarkdown`) and checked by the
 *   reviewer-edit rules (`valueProblems`): a failure is a `problem` (unit id and line) and the
 *   unit is not applied;
 * - an entry reviewed on disk whose text differs from the target is a conflict (`problem`, not
 *   applied) when a reviewer changed it since the export (`written`), approved it since
 *   (`exportedStatus` not reviewed), or the file does not record the export at all;
 * - a target that differs from the locale file's text is saved as a human's: status `reviewed`
 *   when the unit's state signs it off (2.x `reviewed`/`final`; 1.2 `signed-off`/`final` or
 *   `approved="yes"`), else `unknown` (kept, never overwritten, unreviewed until approved);
 * - an unchanged target whose state signs it off is approved as `npm run review -- approve` does;
 *   otherwise nothing happens (a second import of the same file changes nothing).
 * A missing locale file is created as translate creates one (with its state file). Every unit is
 * decided before anything is written. Reviewed values go to the human memory as an approval puts
 * them there. Everything happens under the workspace lock; each locale file is written whole or
 * not at all.
 *
 * Resolves with the report once the locale files and the memory are written; rejects with:
 * @throws XmlFileError (`FILE:LINE:COL: …`) for a malformed or non-XLIFF file, nothing written
 * @throws XliffImportError when the file's target language is none of the config's targets, or
 *   when most of its recorded units disagree with the locale files (exported for another target or
 *   from another workspace: `refuseForeignFile`), nothing written
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
  const report: ImportReport = { file, locale, applied: [], unchanged: 0, skipped: 0, untranslated: [], stale: [], problems: [] };
  const remembered: MemoryEntry[] = [];
  const articles = new Set(listArticles(config).map((f) => f.split(path.sep).join('/')));

  const release = options.dryRun ? () => {} : acquireLock(`${config.cache}.lock`, 'xliff import');
  try {
    // Units of every <file> naming the same article are one list (a key in two of them is a duplicate).
    const byArticle = new Map<string, XliffUnit[]>();
    for (const xliffFile of document.files) {
      const original = xliffFile.original?.replace(/\\/g, '/');
      if (original === undefined || !articles.has(original)) {
        const what = original === undefined ? 'a <file> without original' : `<file original="${original}">`;
        report.problems.push({ article: original, line: xliffFile.line, message: `${what} is not an article of this workspace (${config.source}): its ${xliffFile.units.length} unit(s) were not applied` });
        continue;
      }
      byArticle.set(original, [...(byArticle.get(original) ?? []), ...xliffFile.units]);
    }
    // Decide everything first: nothing is written when the file turns out to be for another target or workspace.
    const plans: ArticlePlan[] = [];
    for (const [original, units] of byArticle) {
      const loaded = loadArticle(config, original, split);
      if (isRunError(loaded)) {
        report.problems.push({ article: original, line: units[0]?.line ?? 1, message: `${loaded.message}: its units were not applied` });
        continue;
      }
      const plan = planArticle(config, locale, loaded, units, report);
      if (plan) plans.push(plan);
    }
    refuseForeignFile(file, locale, plans);
    for (const plan of plans) writePlan(config, locale, plan, report, remembered, options);
    if (remembered.length > 0 && !options.dryRun) {
      // The memory is a cache: a damaged file is moved aside and rebuilt, with a warning.
      const memory = options.memory ?? (await openMemory(config, { onCorrupt: (warning) => options.warn?.(`warning: ${warning}`) }));
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

/** One article's decisions: the edits to write and what the export recorded against the locale file now. */
interface ArticlePlan {
  loaded: LoadedArticle;
  article: string;
  edits: Array<ValueEdit & { line: number }>;
  /** Whether the locale file exists (else the import creates it, as translate would). */
  exists: boolean;
  /** Units (source current) carrying an export record (`written`), and those whose record disagrees with the locale file now. */
  recorded: number;
  disagreeing: number;
}

/**
 * Per unit of one article: check, convert and decide (report entries for stale, untranslated,
 * skipped and refused units); nothing is written. Undefined when the article's locale file cannot
 * be read (reported).
 */
function planArticle(config: Config, locale: string, loaded: LoadedArticle, units: readonly XliffUnit[], report: ImportReport): ArticlePlan | undefined {
  const article = loaded.file.split(path.sep).join('/');
  const localePath = localeFilePath(config, locale, loaded.id);
  const relative = path.relative(config.root, localePath);
  const text = readUtf8IfExists(localePath);
  let disk = new Map<string, string>();
  if (text !== undefined) {
    try {
      disk = parseLocaleFileAt(relative, text).entries;
    } catch (error) {
      report.problems.push({ article, line: units[0]?.line ?? 1, message: `${(error as Error).message}; the article's units were not applied` });
      return undefined;
    }
  }
  const plan: ArticlePlan = { loaded, article, edits: [], exists: text !== undefined, recorded: 0, disagreeing: 0 };
  const indexOf = new Map(loaded.keys.map((k, i) => [k, i]));
  let statuses: Map<string, ReviewStatus> | undefined;
  // Read only when a unit's entry may have changed since the export: who changed it decides.
  const statusOf = (key: string) => (statuses ??= new Map(reviewTargetOf(config, loaded, locale).rows.map((row) => [row.key, row.status]))).get(key);
  const seen = new Map<string, number>();
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
    const first = seen.get(unit.key);
    if (first !== undefined) {
      problem(`a second unit for "${unit.key}" of ${article} (the first is at line ${first}, in this <file> or an earlier one for the same article); only the first is applied`);
      continue;
    }
    seen.set(unit.key, unit.line);
    const segment = loaded.segments[index];
    const ids = codeIds(unit.source, segment.tagged);
    if (ids === undefined || !sameContent(toTagged(unit.source, ids).tagged, segment.tagged)) {
      report.stale.push({ article, key: unit.key, line: unit.line });
      continue;
    }
    const now = disk.get(unit.key);
    // Does the export record agree with the locale file now? A unit whose target the file holds
    // already agrees whatever the record says (the same file imported again).
    let value: string | undefined;
    try {
      if (unit.target === undefined || isEmptyContent(unit.target)) {
        report.skipped++;
        continue;
      }
      const untranslated = unit.incomplete ?? notTranslatedState(unit.state);
      if (untranslated !== undefined) {
        report.untranslated.push({ article, key: unit.key, line: unit.line, reason: untranslated });
        continue;
      }
      const targetLine = unit.targetLine ?? unit.line;
      const converted = toTagged(unit.target, ids);
      if (converted.problem) {
        problem(`${converted.problem}`, targetLine);
        continue;
      }
      const tagged = normalizeSpace(segment.tagged, segment.source, converted.tagged);
      const tagProblems = verifyTags(segment.tagged, tagged);
      if (tagProblems.length > 0) {
        problem(`inline codes of the target: ${describeTagProblems(tagProblems)}; every code of the source must be in the target once, pairs nested`, targetLine);
        continue;
      }
      value = taggedToMarkdown(segment, tagged);
      if (now !== value && statusOf(unit.key) === 'reviewed') {
        const keep = `it was not overwritten. Compare the two, then edit the locale file (or export again and send the unit back)`;
        if (unit.written === undefined) {
          problem(`the entry is reviewed in ${relative} (now: ${JSON.stringify(now)}) and this file does not record what the entry held at export (its jfid-translate metadata is missing: a tool removed it, or another tool wrote the file), so a reviewer's edit cannot be told from the agency's; ${keep}`, targetLine);
          continue;
        }
        if ((now === undefined ? '' : textHash(now)) !== unit.written) {
          problem(`a reviewer changed this entry in ${relative} since the export (now: ${JSON.stringify(now)}); ${keep}`, targetLine);
          continue;
        }
        if (unit.exportedStatus !== undefined && unit.exportedStatus !== 'reviewed') {
          problem(`a reviewer approved this entry in ${relative} since the export (it was ${unit.exportedStatus} then; now reviewed: ${JSON.stringify(now)}); ${keep}`, targetLine);
          continue;
        }
      }
      if (now === value) {
        if (unit.reviewed) plan.edits.push({ key: unit.key, value, approveUnchanged: true, line: unit.line });
        else report.unchanged++;
        continue;
      }
      const messages = valueProblems(loaded, index, value);
      if (messages.length > 0) {
        problem(`${messages.join('; ')}`, targetLine);
        continue;
      }
      plan.edits.push({ key: unit.key, value, ...(unit.reviewed ? { status: 'reviewed' } : { status: 'unknown', origin: XLIFF_ORIGIN }), line: unit.line });
    } finally {
      if (unit.written !== undefined) {
        plan.recorded++;
        if ((now === undefined ? '' : textHash(now)) !== unit.written && now !== value) plan.disagreeing++;
      }
    }
  }
  return plan;
}

/** The least share of recorded units whose record must disagree with the locale files, and their least number, for the file to be refused as not this target's. */
const FOREIGN_SHARE = 0.5;
const FOREIGN_MIN = 3;

/**
 * Refuse the whole file (nothing written) when most units carrying an export record (at least
 * `FOREIGN_MIN`, more than half) disagree with the locale files: the file was exported for another
 * target (its target language changed by hand or by a tool) or from another workspace.
 * @throws XliffImportError naming the counts and the likely causes
 */
function refuseForeignFile(file: string, locale: string, plans: readonly ArticlePlan[]): void {
  const recorded = plans.reduce((n, p) => n + p.recorded, 0);
  const disagreeing = plans.reduce((n, p) => n + p.disagreeing, 0);
  if (disagreeing >= FOREIGN_MIN && disagreeing > recorded * FOREIGN_SHARE) {
    throw new XliffImportError(
      `${file}: ${disagreeing} of ${recorded} units record a translation at export that ${locale}'s locale files never held: the file was probably exported for another target (its target language was changed to one that maps to ${locale}) or from another workspace; nothing was imported. Import the file into the workspace and target it was exported for, or export ${locale} again`,
    );
  }
}

function writePlan(config: Config, locale: string, plan: ArticlePlan, report: ImportReport, remembered: MemoryEntry[], options: ImportOptions): void {
  const { article, edits, loaded } = plan;
  if (edits.length === 0) return;
  let outcome;
  try {
    outcome = writeValueEdits(config, locale, loaded, edits, undefined, { dryRun: options.dryRun, create: true });
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

/** Why a unit's state says its target is not a translation (1.2 `new`, `needs-translation`; 2.x `initial`); undefined when it does not. */
function notTranslatedState(state: string | undefined): string | undefined {
  if (state === 'initial') return 'its state is initial (or not given): not translated; a translator sets the state to translated (or reviewed, final) for the target to be imported';
  if (state === 'new' || state === 'needs-translation') return `its target state is ${state}: not translated; a translator sets the state to translated (or signed-off, final) for the target to be imported`;
  return undefined;
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
