/**
 * `npm run tm -- export`: the workspace's translations as a TMX 1.4b memory, read from the record
 * (source articles, locale and state files: exchange-units.ts), not from the memory cache.
 *
 * One `tu` per distinct source sentence (normalized as the memory keys it), its first occurrence in
 * article path order giving its inline codes; one `tuv` per language: the source, then each target
 * with a translation. Per target, the translation exported is the best one the record holds for
 * that sentence: reviewed before unknown before machine, then the first in article order; other
 * translations of the same sentence are left out and counted (`alternatives`).
 *
 * Each target `tuv` carries `prop type="x-status"` (reviewed | machine | unknown: an unreviewed
 * human edit or a value whose record was lost) and `prop type="x-origin"` (the state's origin:
 * `human`, `deepl`, …). Left out: missing and rejected entries, stale entries (the value translates
 * an earlier version of the sentence: paired with the current source it would be wrong, and the
 * earlier source is only a note), output of stand-in providers (pseudo, identity, approved or not:
 * the memory does not keep it either) and pseudo-localized text whose record was lost, empty
 * values, and text XML 1.0 cannot hold (C0 control characters).
 */
import type { Config } from '../config/load-config.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';
import { isStandIn } from '../merge/plan-locale.ts';
import { isStandInText } from '../merge/stand-in-text.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { exchangeArticles } from './exchange-units.ts';
import { type TmxWriteUnit, type TmxWriteVariant, writeTmx } from './tmx-write.ts';

export interface TmExportOptions {
  /** Target locales to include (default: every target of the config). */
  locales?: string[];
  /** Told about articles that cannot be read (they are left out). */
  warn: (message: string) => void;
}

export interface TmExportResult {
  /** The TMX document. */
  xml: string;
  /** `tu` elements written. */
  units: number;
  /** Target `tuv`s written per locale, by status. */
  locales: Record<string, { reviewed: number; machine: number; unknown: number }>;
  /** Entries not exported, per reason (summed over the locales). */
  skipped: { missing: number; rejected: number; stale: number; standIn: number; empty: number; unrepresentable: number };
  /** Other translations of a sentence already exported for the same locale. */
  alternatives: number;
}

type Exported = 'reviewed' | 'machine' | 'unknown';
const RANK: Record<Exported, number> = { reviewed: 0, unknown: 1, machine: 2 };

/** Characters XML 1.0 cannot carry, even as references. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

interface Candidate {
  variant: TmxWriteVariant;
  status: Exported;
  /** The translation in markdown form. */
  value: string;
}

/**
 * The workspace's memory as TMX (see the module comment). Reads every article once per locale.
 * @throws LocaleFileError for a locale or state file that cannot be read
 */
export function exportTm(config: Config, options: TmExportOptions): TmExportResult {
  const locales = options.locales ?? config.targets.map((target) => target.locale);
  const result: TmExportResult = {
    xml: '',
    units: 0,
    locales: Object.fromEntries(locales.map((locale) => [locale, { reviewed: 0, machine: 0, unknown: 0 }])),
    skipped: { missing: 0, rejected: 0, stale: 0, standIn: 0, empty: 0, unrepresentable: 0 },
    alternatives: 0,
  };
  /** Normalized source → the unit's source variant, its tags and the best candidate per locale. */
  const units = new Map<string, { source: TmxWriteVariant; tags: TmxWriteUnit['tags']; targets: Map<string, Candidate> }>();
  const warned = new Set<string>();
  const warnOnce = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    options.warn(message);
  };

  for (const locale of locales) {
    for (const article of exchangeArticles(config, locale, warnOnce)) {
      for (const unit of article.units) {
        const { row, segment } = unit;
        const text = normalizeSegment(segment.source);
        if (text === '' || NOT_XML.test(segment.source)) continue;
        let entry = units.get(text);
        if (!entry) {
          entry = { source: { lang: config.sourceLocale, tagged: segment.tagged }, tags: segment.tags, targets: new Map() };
          units.set(text, entry);
        }
        if (row.status === 'missing' || row.value === undefined) {
          result.skipped.missing++;
          continue;
        }
        if (row.status === 'rejected' || row.status === 'stale') {
          result.skipped[row.status]++;
          continue;
        }
        if (isStandIn(row.origin ?? '') || isStandInText(row)) {
          result.skipped.standIn++;
          continue;
        }
        if (isEmptyTranslation(segment.source, row.value)) {
          result.skipped.empty++;
          continue;
        }
        if (NOT_XML.test(row.value)) {
          result.skipped.unrepresentable++;
          continue;
        }
        const status: Exported = row.status;
        // The first occurrence gives the unit its tags: a target tagged with another occurrence's
        // ids would name codes the unit does not have, so it goes as markdown text then.
        const sameTags = entry.tags === segment.tags || JSON.stringify(entry.tags) === JSON.stringify(segment.tags);
        const props: Array<[string, string]> = [['x-status', status]];
        if (row.origin) props.push(['x-origin', row.origin]);
        const variant: TmxWriteVariant =
          unit.targetTagged !== undefined && sameTags ? { lang: locale, tagged: unit.targetTagged, props } : { lang: locale, markdown: row.value, props };
        const previous = entry.targets.get(locale);
        if (previous && previous.value !== row.value) result.alternatives++;
        if (!previous || RANK[status] < RANK[previous.status]) entry.targets.set(locale, { variant, status, value: row.value });
      }
    }
  }

  const out: TmxWriteUnit[] = [];
  for (const entry of units.values()) {
    if (entry.targets.size === 0) continue;
    const variants = [entry.source];
    for (const locale of locales) {
      const candidate = entry.targets.get(locale);
      if (!candidate) continue;
      variants.push(candidate.variant);
      result.locales[locale][candidate.status]++;
    }
    out.push({ tags: entry.tags, variants });
  }
  result.units = out.length;
  result.xml = writeTmx(
    {
      creationtool: 'jfid-translate',
      creationtoolversion: packageJson.version,
      srclang: config.sourceLocale,
      datatype: 'markdown',
      oTmf: 'jfid-translate',
      adminlang: 'en',
    },
    out,
  );
  return result;
}
