/**
 * What a reviewer sees of one article × target: each segment's source beside its translation, its
 * status and the pipeline's notes (previous source, machine suggestion, fuzzy matches). Read-only:
 * nothing here writes a file. Shared by the review server and the HTML report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isMap, type Pair, type Scalar } from 'yaml';
import type { Config } from '../config/load-config.ts';
import { isRunError, listArticles, localeFilePath, sameIdArticles, type LoadedArticle } from '../run/article.ts';
import { loadArticle } from '../run/load-article.ts';
import { LocaleFileError, parseLocaleFileAt, type LocaleFile } from '../locale/locale-file.ts';
import { readUtf8IfExists } from '../util/read-text.ts';
import { parseState, statePathFor, type StateMap } from '../locale/segment-state.ts';
import { segmentSentences } from '../segmenter/segment-sentences.ts';
import { textHash } from '../util/hash.ts';
import { ReviewError } from './apply-review.ts';
import { recordHash } from './record-hash.ts';

export type ReviewStatus = 'machine' | 'reviewed' | 'stale' | 'rejected' | 'missing' | 'unknown';

export interface FuzzyHint {
  /** Similarity in percent (0–100), as the `# fuzzy N%:` note shows it. */
  score: number;
  source: string;
  target: string;
}

/** One segment of the article, in article order. */
export interface ReviewRow {
  key: string;
  /** The Indonesian source, markdown form (what the `# id:` note shows). */
  source: string;
  /** The translation in the locale file; undefined when the file lacks the key (`missing`). */
  value?: string;
  status: ReviewStatus;
  /** Provider name or `human`, from the state file. */
  origin?: string;
  /** A stale entry's source as it was reviewed (`# was:` note). */
  previousSource?: string;
  /** A stale entry's fresh machine translation (`# suggestion (engine):` note). */
  suggestion?: string;
  /** Translations of similar reviewed sentences (`# fuzzy N%: source → target` notes). */
  fuzzy: FuzzyHint[];
  /** Every other comment line above the key, without `# ` (reviewers' comments, `unknown words:` …). */
  notes: string[];
}

export interface ReviewTarget {
  /** `id`: path below the source folder without extension; `file`: source path relative to config.root. */
  article: { id: string; file: string };
  locale: string;
  /** Locale file path relative to config.root ('/'-separated). */
  localeFile: string;
  /** The view's hash (`recordHash`: source, locale and state files); a write from an older view is a conflict. */
  fileHash: string;
  rows: ReviewRow[];
}

export type StatusCounts = Record<ReviewStatus, number>;

export interface ArticleSummary {
  id: string;
  file: string;
  /** locale → number of the article's segments in each status. */
  targets: Record<string, StatusCounts>;
}

/**
 * The review view of `articleId` (its id, e.g. `news/harga-beras`, or its path such as
 * `source/news/harga-beras.md`) in target `locale`. Status per segment: `missing` when the locale
 * file lacks the key; `unknown` when the state file has no record of it; `reviewed` when the value
 * differs from what the pipeline last wrote (a reviewer's edit, as translate takes it); else the
 * state file's status. Keys of the locale file that the article no longer has are not rows.
 * Throws ReviewError for a locale that is not a target or an id that does not name an article
 * inside config.sourceDir (`..`, absolute paths and links out of the folder are refused), and
 * LocaleFileError (message prefixed with the file and line) for a locale file that cannot be read.
 */
export function loadReviewTarget(config: Config, locale: string, articleId: string): ReviewTarget {
  checkLocale(config, locale);
  const loaded = load(config, resolveArticle(config, articleId));
  return targetOf(config, loaded, locale);
}

/**
 * Every article of the workspace (the config's source glob, path order) with its status counts per
 * target. Articles whose source cannot be read or parsed are left out (translate reports them);
 * a broken locale file throws LocaleFileError.
 */
export function reviewSummary(config: Config): ArticleSummary[] {
  const { kept } = sameIdArticles(config, listArticles(config));
  const out: ArticleSummary[] = [];
  for (const file of kept) {
    const loaded = loadArticle(config, file, segmentSentences);
    if (isRunError(loaded)) continue;
    const targets: Record<string, StatusCounts> = {};
    for (const { locale } of config.targets) {
      const counts: StatusCounts = { machine: 0, reviewed: 0, stale: 0, rejected: 0, missing: 0, unknown: 0 };
      for (const row of targetOf(config, loaded, locale).rows) counts[row.status]++;
      targets[locale] = counts;
    }
    out.push({ id: loaded.id, file: loaded.file, targets });
  }
  return out;
}

function checkLocale(config: Config, locale: string): void {
  if (!config.targets.some((t) => t.locale === locale)) throw new ReviewError(`"${locale}" is not a target locale (targets: ${config.targets.map((t) => t.locale).join(', ')})`);
}

const EXTENSIONS = ['.md', '.mdx', '.markdown'];

/**
 * The source file (relative to config.root) of an article id or path. Only names inside
 * config.sourceDir are looked up: no absolute path, no `..` segment, no backslash or NUL; a file
 * that is a link out of the folder is refused when read (`readArticle`).
 */
function resolveArticle(config: Config, articleId: string): string {
  const refuse = () => new ReviewError(`no article "${articleId}" in ${config.sourceDir}/ (give its id: its path below ${config.sourceDir}/ without extension)`);
  if (articleId === '' || path.isAbsolute(articleId) || path.win32.isAbsolute(articleId) || /[\\\0]/.test(articleId)) throw refuse();
  if (articleId.split('/').some((part) => part === '..' || part === '.' || part === '')) throw refuse();
  const sourceDir = path.resolve(config.root, config.sourceDir);
  const below = articleId.startsWith(`${config.sourceDir}/`) ? articleId.slice(config.sourceDir.length + 1) : articleId;
  const candidates = EXTENSIONS.some((ext) => below.toLowerCase().endsWith(ext)) ? [below] : EXTENSIONS.map((ext) => `${below}${ext}`);
  for (const candidate of candidates) {
    const absolute = path.resolve(sourceDir, candidate);
    if (!absolute.startsWith(sourceDir + path.sep)) continue;
    try {
      if (!fs.statSync(absolute).isFile()) continue;
    } catch {
      continue;
    }
    return path.relative(config.root, absolute);
  }
  throw refuse();
}

function load(config: Config, file: string): LoadedArticle {
  const loaded = loadArticle(config, file, segmentSentences);
  if (isRunError(loaded)) throw new ReviewError(loaded.message);
  return loaded;
}

/**
 * The review view of an article already loaded (`loadArticle`) in target `locale`: as
 * `loadReviewTarget`, for callers that need the article's segments too (exports).
 * @throws LocaleFileError for a locale or state file that cannot be read
 */
export function reviewTargetOf(config: Config, loaded: LoadedArticle, locale: string): ReviewTarget {
  return targetOf(config, loaded, locale);
}

function targetOf(config: Config, loaded: LoadedArticle, locale: string): ReviewTarget {
  const localePath = localeFilePath(config, locale, loaded.id);
  const relative = path.relative(config.root, localePath).split(path.sep).join('/');
  let text: string | undefined;
  try {
    text = readUtf8IfExists(localePath);
  } catch (error) {
    throw new LocaleFileError(`${relative}: ${(error as Error).message}`, 1);
  }
  let file: LocaleFile | undefined;
  let state: StateMap = new Map();
  if (text !== undefined) {
    file = parseLocaleFileAt(relative, text);
    const statePath = statePathFor(localePath);
    try {
      state = parseState(fs.existsSync(statePath) ? fs.readFileSync(statePath, 'utf8') : '');
    } catch (error) {
      throw new LocaleFileError(`${path.relative(config.root, statePath)}: ${(error as Error).message}`, 1);
    }
  }
  const comments = file ? commentsOf(file) : new Map<string, string[]>();
  const rows = loaded.keys.map((key, i): ReviewRow => {
    const source = loaded.segments[i].source;
    const value = file?.entries.get(key);
    const recorded = state.get(key);
    const row: ReviewRow = { key, source, status: 'missing', fuzzy: [], notes: [] };
    if (value === undefined) return row;
    row.value = value;
    if (!recorded) row.status = 'unknown';
    else if (textHash(value) !== recorded.written) Object.assign(row, { status: 'reviewed', origin: 'human' });
    else Object.assign(row, { status: recorded.status, origin: recorded.origin });
    // The source changed since the entry was written and translate has not run yet (a `git pull`):
    // what `check` and the next translate call stale, with the previous source from the key record.
    if (recorded && recorded.source !== textHash(source) && row.status !== 'rejected' && row.status !== 'stale') {
      row.status = 'stale';
      const before = loaded.previousSource.get(key);
      if (before !== undefined && before !== source) row.previousSource = before;
    }
    for (const line of comments.get(key) ?? []) readNote(row, line);
    return row;
  });
  return { article: { id: loaded.id, file: loaded.file }, locale, localeFile: relative, fileHash: recordHash(config, loaded.file, locale, loaded.id), rows };
}

/** key → its comment lines (without `#` and one space), the file's header left out. */
function commentsOf(file: LocaleFile): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!isMap(file.doc.contents)) return out;
  const items = file.doc.contents.items as Array<Pair<Scalar<string>, unknown>>;
  items.forEach((pair, i) => {
    let comment = pair.key?.commentBefore ?? '';
    // The file's header sits on the first key, before a blank line (locale-file.ts: takeHeader).
    if (i === 0 && comment.includes('\n\n')) comment = comment.slice(comment.indexOf('\n\n') + 2);
    const lines = comment.split('\n').map((line) => line.replace(/^ /, '')).filter((line) => line.trim() !== '');
    out.set(String(pair.key?.value), lines);
  });
  return out;
}

const SUGGESTION = /^suggestion(?: \(([^)]*)\))?: (.*)$/s;
const FUZZY = /^fuzzy (\d+)%: (.*?) → (.*)$/s;

/** Sort one comment line of a row into the row's fields (notes written by run/apply-resolution.ts). */
function readNote(row: ReviewRow, line: string): void {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('id: ')) return;
  if (trimmed.startsWith('was: ')) {
    row.previousSource = trimmed.slice('was: '.length);
    return;
  }
  const suggestion = SUGGESTION.exec(trimmed);
  if (suggestion) {
    row.suggestion = suggestion[2];
    return;
  }
  const fuzzy = FUZZY.exec(trimmed);
  if (fuzzy) {
    row.fuzzy.push({ score: Number(fuzzy[1]), source: fuzzy[2], target: fuzzy[3] });
    return;
  }
  row.notes.push(line);
}
