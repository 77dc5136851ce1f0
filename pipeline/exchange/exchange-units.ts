/**
 * What the exchange formats (XLIFF, TMX) carry of the workspace for one target: every article's
 * segments with their translation, status and reviewer notes (the review view), the source's tags
 * and the translation in the same tagged form. Read-only.
 */
import type { Config } from '../config/load-config.ts';
import { isRunError, listArticles, sameIdArticles } from '../run/article.ts';
import { loadArticle } from '../run/load-article.ts';
import { segmentSentences } from '../segmenter/segment-sentences.ts';
import { reviewTargetOf, type ReviewRow } from '../review/review-entries.ts';
import type { Segment } from '../segment.ts';
import { taggedTarget } from './target-tagged.ts';

/** One segment of an article with its translation in `locale`. */
export interface ExchangeUnit {
  /** The segment key (the locale file's key). */
  key: string;
  segment: Segment;
  row: ReviewRow;
  /** `row.value` in tagged form with the segment's tag ids; undefined without a value or when its markup cannot be matched. */
  targetTagged?: string;
  /** Source (markdown form) of the segment before and after this one in article order. */
  previous?: string;
  next?: string;
}

export interface ExchangeArticle {
  /** Article id: path below the source folder without extension. */
  id: string;
  /** Source path relative to config.root, '/'-separated. */
  file: string;
  /** The article's title (source of its `title` field), when it has one. */
  title?: string;
  units: ExchangeUnit[];
}

/**
 * Every article of the workspace (the config's source glob, path order; the first of two sources
 * with one id) with its units in `locale`. An article whose source cannot be read or parsed is left
 * out and `warn` is told why (translate reports the same).
 * @throws LocaleFileError for a locale or state file that cannot be read (message names file and line)
 */
export function exchangeArticles(config: Config, locale: string, warn: (message: string) => void): ExchangeArticle[] {
  const { kept } = sameIdArticles(config, listArticles(config));
  const out: ExchangeArticle[] = [];
  for (const file of kept) {
    const loaded = loadArticle(config, file, segmentSentences);
    if (isRunError(loaded)) {
      warn(loaded.message);
      continue;
    }
    const view = reviewTargetOf(config, loaded, locale);
    const units = view.rows.map((row, i): ExchangeUnit => {
      const segment = loaded.segments[i];
      const unit: ExchangeUnit = { key: row.key, segment, row };
      if (row.value !== undefined) unit.targetTagged = taggedTarget(segment, row.value);
      if (i > 0) unit.previous = loaded.segments[i - 1].source;
      if (i + 1 < loaded.segments.length) unit.next = loaded.segments[i + 1].source;
      return unit;
    });
    const title = loaded.segments.find((segment) => segment.field === 'title')?.source;
    out.push({ id: loaded.id, file: view.article.file.split('\\').join('/'), ...(title === undefined ? {} : { title }), units });
  }
  return out;
}
