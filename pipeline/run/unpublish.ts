import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { Config } from '../config/load-config.ts';
import { bundleOrigin } from '../bundle/bundle-origin.ts';
import { articleId } from './article.ts';

/**
 * The publication bundles of articles that left the source (deleted, renamed, taken down):
 * `dist/<lng>/<id>.md` and `.yaml` in the given targets, for every `.md` this pipeline rendered
 * (its front matter's `sourcePath` names the article's source; bundles written before articles kept
 * their own `translationKey` are known by `translationKey`) whose id is no current article.
 * Namespace bundles (`dist/<lng>/common.yaml`) have no markdown bundle and are never touched, nor
 * is a file the pipeline did not write. Removes them unless `dryRun`; returns the ids, sorted.
 */
export function unpublishRemoved(config: Config, locales: readonly string[], current: ReadonlySet<string>, dryRun: boolean): string[] {
  const removed = new Set<string>();
  for (const locale of locales) {
    const dir = path.join(config.output, locale);
    if (!fs.existsSync(dir)) continue;
    for (const file of fg.sync('**/*.md', { cwd: dir, onlyFiles: true })) {
      const id = file.replace(/\.md$/, '');
      if (current.has(id)) continue;
      const base = path.join(dir, id);
      if (!renderedFrom(config, fs.readFileSync(`${base}.md`, 'utf8'), id)) continue;
      removed.add(id);
      if (dryRun) continue;
      fs.rmSync(`${base}.md`, { force: true });
      fs.rmSync(`${base}.yaml`, { force: true });
    }
  }
  return [...removed].sort();
}

/** Whether a markdown bundle is this pipeline's rendering of article `id`. */
function renderedFrom(config: Config, markdown: string, id: string): boolean {
  const origin = bundleOrigin(markdown);
  if (!origin) return false;
  return origin.sourcePath !== undefined ? articleId(config, origin.sourcePath) === id : origin.translationKey === id;
}
