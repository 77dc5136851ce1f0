import type { Config } from '../../config/load-config.ts';
import { LocaleFileError } from '../../locale/locale-file.ts';
import { articleId, listArticles, sameIdArticles } from '../../run/article.ts';
import { ReviewError } from '../apply-review.ts';
import { loadReviewTarget, reviewSummary, type ArticleSummary, type StatusCounts } from '../review-entries.ts';

/** One article of the home page: its counts per target, and per target whose files cannot be read, the problem instead. */
export interface HomeArticle extends ArticleSummary {
  /** locale → why its locale or state file cannot be read (`file:line: …`, LocaleFileError's message); no counts for that locale. */
  problems: Record<string, string>;
}

/**
 * The home page's articles: `reviewSummary` (articles in path order, counts per target) when
 * every locale file reads; when one does not, each article × target on its own, so that one
 * broken file is flagged on its article's row (its `file:line` problem) and every other article
 * is still listed with its counts. Articles whose source cannot be read are left out, as in
 * `reviewSummary`. Other errors (I/O) are thrown.
 */
export function homeSummary(config: Config): HomeArticle[] {
  try {
    return reviewSummary(config).map((article) => ({ ...article, problems: {} }));
  } catch (error) {
    if (!(error instanceof LocaleFileError)) throw error;
  }
  const out: HomeArticle[] = [];
  for (const file of sameIdArticles(config, listArticles(config)).kept) {
    const id = articleId(config, file);
    const article: HomeArticle = { id, file, targets: {}, problems: {} };
    let readable = true;
    for (const { locale } of config.targets) {
      try {
        const target = loadReviewTarget(config, locale, id);
        article.file = target.article.file;
        const counts: StatusCounts = { machine: 0, reviewed: 0, stale: 0, rejected: 0, missing: 0, unknown: 0 };
        for (const row of target.rows) counts[row.status]++;
        article.targets[locale] = counts;
      } catch (error) {
        if (error instanceof LocaleFileError) article.problems[locale] = error.message;
        else if (error instanceof ReviewError) {
          readable = false; // the source cannot be read: left out, as reviewSummary does
          break;
        } else throw error;
      }
    }
    if (readable) out.push(article);
  }
  return out;
}
