/**
 * `npm run xliff -- export`: one target's work as one XLIFF file (2.1 by default, 1.2 for older
 * tools), one `<file>` per article and one unit per segment, selected by status (`--only`).
 * Read-only: the workspace is not changed.
 */
import type { Config } from '../config/load-config.ts';
import type { ReviewStatus } from '../review/review-entries.ts';
import { exchangeArticles, type ExchangeArticle, type ExchangeUnit } from './exchange-units.ts';
import type { XliffDocument, XliffFile, XliffMatch, XliffNote, XliffUnit } from './xliff-model.ts';
import { writeXliff12 } from './xliff-write-12.ts';
import { writeXliff21 } from './xliff-write-21.ts';
import { textHash } from '../util/hash.ts';
import { isStandInText } from '../merge/stand-in-text.ts';
import pkg from '../../package.json' with { type: 'json' };

export type XliffVersion = '1.2' | '2.1';

/** `--only` categories: new = missing + rejected + stand-in text (pseudo, identity: no translation), machine = machine + unknown (unreviewed text). */
export type OnlyCategory = 'new' | 'stale' | 'machine' | 'reviewed';
export const ONLY_CATEGORIES: readonly OnlyCategory[] = ['new', 'stale', 'machine', 'reviewed'];
/** The work to do: what `--only` selects when not given. */
export const DEFAULT_ONLY: readonly OnlyCategory[] = ['new', 'stale', 'machine'];

const CATEGORY_OF: Record<ReviewStatus, OnlyCategory> = { missing: 'new', rejected: 'new', stale: 'stale', machine: 'machine', unknown: 'machine', reviewed: 'reviewed' };

export const TOOL = { id: 'jfid-translate', version: String(pkg.version) };

export interface XliffExportOptions {
  locale: string;
  version: XliffVersion;
  /** Statuses to export (default DEFAULT_ONLY). */
  only?: readonly OnlyCategory[];
  /** Told about articles left out (unreadable sources); default: ignored. */
  warn?: (message: string) => void;
}

export interface XliffExportResult {
  /** The XLIFF file's text (UTF-8). */
  xml: string;
  /** Units written, in total and per status. */
  units: number;
  byStatus: Record<ReviewStatus, number>;
  /** Articles with at least one unit written (each one `<file>`). */
  articles: number;
  /** Units written whose translation's markup could not be matched to the source's codes: sent without target, the text in a note. */
  notMatched: number;
  /** Units whose locale entry holds stand-in text (pseudo, identity): sent as new work, without target (counted in `byStatus` by their record's status). */
  standIn: number;
}

/**
 * The XLIFF of `options.locale` for every article of the workspace: units whose status falls in
 * `options.only`; articles without such a unit are left out (no empty `<file>`).
 * Throws XliffExportError when `locale` is not a target, and LocaleFileError for a locale or
 * state file that cannot be read (exchangeArticles).
 */
export function exportXliff(config: Config, options: XliffExportOptions): XliffExportResult {
  checkTarget(config, options.locale);
  const model = xliffModel(exchangeArticles(config, options.locale, options.warn ?? (() => {})), config.sourceLocale, options.locale, options.only ?? DEFAULT_ONLY);
  const byStatus: Record<ReviewStatus, number> = { missing: 0, rejected: 0, stale: 0, machine: 0, unknown: 0, reviewed: 0 };
  let units = 0;
  let notMatched = 0;
  let standIn = 0;
  for (const file of model.files) {
    for (const unit of file.units) {
      units++;
      byStatus[unit.status]++;
      if (unit.notes.some((n) => n.category === 'not-matched')) notMatched++;
      if (unit.notes.some((n) => n.category === 'stand-in')) standIn++;
    }
  }
  const xml = options.version === '1.2' ? writeXliff12(model) : writeXliff21(model);
  return { xml, units, byStatus, articles: model.files.length, notMatched, standIn };
}

/** A usage problem of the export (unknown target): exit code 2. */
export class XliffExportError extends Error {}

/** Throws XliffExportError naming the targets when `locale` is not one of them. */
export function checkTarget(config: Config, locale: string): void {
  if (!config.targets.some((t) => t.locale === locale)) {
    throw new XliffExportError(`"${locale}" is not a target locale (targets: ${config.targets.map((t) => t.locale).join(', ')})`);
  }
}

/** The version-independent document of the selected units (pure). */
export function xliffModel(articles: readonly ExchangeArticle[], sourceLocale: string, targetLocale: string, only: readonly OnlyCategory[]): XliffDocument {
  const files: XliffFile[] = [];
  for (const article of articles) {
    const units = article.units.filter((u) => only.includes(isStandInText(u.row) ? 'new' : CATEGORY_OF[u.row.status])).map(unitOf);
    if (units.length === 0) continue;
    const notes: XliffNote[] = article.title === undefined ? [] : [{ category: 'context', text: `article title: ${article.title}`, appliesTo: 'source' }];
    files.push({ article: article.id, original: article.file, notes, units });
  }
  return { sourceLocale, targetLocale, files, tool: TOOL };
}

/** The status note: a short label, then what the translator should do with it. */
const STATUS_TEXT: Record<ReviewStatus, string> = {
  missing: 'new: not translated yet',
  rejected: 'rejected by a reviewer: translate again',
  stale: 'stale: the source changed since this translation was reviewed; check it against the new source',
  machine: 'machine translation, not reviewed',
  unknown: 'unreviewed: who wrote this translation is not recorded',
  reviewed: 'reviewed',
};

function statusNote(row: ExchangeUnit['row']): string {
  const [label, ...rest] = STATUS_TEXT[row.status].split(': ');
  const origin = row.origin && row.status !== 'missing' ? ` (${row.origin})` : '';
  return [label + origin, ...rest].join(': ');
}

/** What the locale file holds instead of a translation, by the stand-in that wrote it. */
function standInNote(origin: string | undefined): string {
  const what = origin === 'identity' ? 'the Indonesian source copied unchanged (identity engine)' : origin === 'pseudo' || origin === undefined ? 'pseudo-localized placeholder text' : `placeholder text from the ${origin} stand-in engine`;
  return `the locale file holds ${what}, not a translation; it is not given as target: translate the source`;
}

function unitOf(u: ExchangeUnit): XliffUnit {
  const { row } = u;
  const notes: XliffNote[] = [];
  if (u.previous !== undefined) notes.push({ category: 'context', text: `previous sentence: ${u.previous}`, appliesTo: 'source' });
  if (u.next !== undefined) notes.push({ category: 'context', text: `next sentence: ${u.next}`, appliesTo: 'source' });
  // Stand-in text (pseudo, identity) is no translation: the unit goes as new work, without target.
  const standIn = isStandInText(row);
  notes.push({ category: 'status', text: standIn ? STATUS_TEXT.missing : statusNote(row), appliesTo: 'target' });
  if (standIn) notes.push({ category: 'stand-in', text: standInNote(row.origin), appliesTo: 'target' });
  if (row.previousSource !== undefined) notes.push({ category: 'previous-source', text: row.previousSource, appliesTo: 'source' });
  let targetTagged: string | undefined;
  if (standIn) {
    // no target and no copy of the placeholder: the note says what the locale file holds
  } else if (row.status === 'rejected') {
    if (row.value !== undefined) notes.push({ category: 'rejected', text: row.value, appliesTo: 'target' });
  } else if (row.value !== undefined) {
    targetTagged = u.targetTagged;
    if (targetTagged === undefined) notes.push({ category: 'not-matched', text: row.value, appliesTo: 'target' });
  }
  if (row.notes.length > 0) notes.push({ category: 'comment', text: row.notes.join('\n') });
  const matches: XliffMatch[] = row.fuzzy.map((f) => ({ type: 'tm', similarity: f.score, origin: 'memory', source: f.source, target: f.target }));
  if (row.suggestion !== undefined) matches.unshift({ type: 'mt', origin: 'machine translation', source: row.source, target: row.suggestion });
  return { key: u.key, sourceTagged: u.segment.tagged, tags: u.segment.tags, ...(targetTagged === undefined ? {} : { targetTagged }), status: row.status, written: row.value === undefined ? '' : textHash(row.value), notes, matches };
}
