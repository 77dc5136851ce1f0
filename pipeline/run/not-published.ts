import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';
import { isPublishableOrigin } from '../merge/plan-locale.ts';
import { localeFilePath, type LoadedArticle } from './article.ts';
import type { AppliedEntry } from './apply-resolution.ts';
import type { RunError } from './summary.ts';

/**
 * Why an article gets no markdown bundle in a target (issue 12 item 9: every source file yields a
 * bundle or a reported problem, per target): none of its segments has a translation that may be
 * published. A warning (code `not-published`, `file`: the source article) that counts the causes:
 * pseudo text (never published, by design), no translation yet (also counted as `missing`),
 * emptied values (also reported as `empty-translation`), translations withheld for breaking the
 * markup (also reported as `structure`). The warning names the bundle and the way out.
 *
 * @param publishable the values the bundle would have published, per entry (all undefined here)
 */
export function notPublishedWarning(config: Config, locale: string, article: LoadedArticle, entries: readonly AppliedEntry[], publishable: ReadonlyArray<string | undefined>): RunError {
  let pseudo = 0;
  let missing = 0;
  let empty = 0;
  let withheld = 0;
  let rejected = 0;
  entries.forEach((entry, i) => {
    if (publishable[i] !== undefined) return;
    if (entry.value === undefined) missing++;
    else if (isEmptyTranslation(entry.segment.source, entry.value)) empty++;
    else if (entry.state?.status === 'rejected') rejected++;
    else if (!entry.state || !isPublishableOrigin(entry.state.origin)) pseudo++;
    else withheld++;
  });
  const causes = [
    pseudo > 0 && `${pseudo} pseudo (never published)`,
    missing > 0 && `${missing} not translated yet`,
    empty > 0 && `${empty} emptied`,
    rejected > 0 && `${rejected} rejected by a reviewer, waiting for a new translation`,
    withheld > 0 && `${withheld} withheld for breaking the markup`,
  ].filter(Boolean);
  const bundle = path.relative(config.root, path.join(config.output, locale, `${article.id}.md`)).split(path.sep).join('/');
  const localeFile = path.relative(config.root, localeFilePath(config, locale, article.id)).split(path.sep).join('/');
  const fix = pseudo === entries.length ? `translate it with a real provider (--provider or targets.${locale}.provider)` : `rerun once the provider is available, or write the translations in ${localeFile}`;
  return {
    file: article.file,
    code: 'not-published',
    message: `${article.file}: not published in ${locale} (no ${bundle}): none of its ${entries.length} segments has a publishable translation (${causes.join(', ')}); ${fix}.`,
  };
}
