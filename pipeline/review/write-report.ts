/**
 * `npm run review -- report`: every article × target of the workspace (or the given targets) as one
 * HTML file, optionally only the segments changed since a git revision.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { articleId, listArticles, sameIdArticles } from '../run/article.ts';
import { writeIfChanged } from '../util/write-file-atomic.ts';
import { changedKeys, resolveRef } from './changed-since.ts';
import { renderReport } from './report-html.ts';
import { loadReviewTarget, type ReviewTarget } from './review-entries.ts';
import { ReviewError } from './apply-review.ts';

export interface ReportOptions {
  /** Output file (relative paths against the current folder). */
  out: string;
  /** Target locales to show; every target when undefined. */
  locales?: readonly string[];
  /** Git revision: only segments whose source or translation changed since it. */
  since?: string;
}

export interface ReportResult {
  /** Absolute path written. */
  file: string;
  /** Article × target sections in the report (those with at least one row). */
  sections: number;
  rows: number;
}

/**
 * Build and write the report. Throws ReviewError (exit 2) for a `since` that names no commit,
 * LocaleFileError for a locale file that cannot be read; articles whose source cannot be read
 * are left out (translate reports them).
 */
export async function writeReport(config: Config, options: ReportOptions): Promise<ReportResult> {
  const commit = options.since === undefined ? undefined : await resolveRef(config, options.since);
  const locales = options.locales ?? config.targets.map((t) => t.locale);
  const { kept } = sameIdArticles(config, listArticles(config));
  const targets: ReviewTarget[] = [];
  for (const file of kept) {
    for (const locale of locales) {
      let target: ReviewTarget;
      try {
        target = loadReviewTarget(config, locale, articleId(config, file));
      } catch (error) {
        if (error instanceof ReviewError) continue; // an unreadable source: translate reports it
        throw error;
      }
      if (commit !== undefined) {
        const changed = await changedKeys(config, target, commit);
        target = { ...target, rows: target.rows.filter((row) => changed.has(row.key)) };
      }
      if (target.rows.length > 0) targets.push(target);
    }
  }
  const html = renderReport({ targets, sourceLocale: config.sourceLocale, since: options.since });
  const file = path.resolve(options.out);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeIfChanged(file, html);
  return { file, sections: targets.length, rows: targets.reduce((n, t) => n + t.rows.length, 0) };
}
