import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_CORPORA = path.resolve(ROOT, '../shared/corpora');
export const hasShared = fs.existsSync(SHARED_CORPORA);

/** Markdown files of the committed fixtures, plus the shared corpora when they are beside the repo. */
export function corpusFiles(): { fixtures: string[]; shared: string[] } {
  const fixtures = fg.sync('test/fixtures/corpus/**/*.md', { cwd: ROOT, absolute: true, ignore: ['**/README.md', '**/LICENSE*'] });
  const shared = hasShared ? fg.sync(['indosum-news-id/articles/*.md', 'react-id-docs/docs/**/*.md'], { cwd: SHARED_CORPORA, absolute: true }) : [];
  return { fixtures, shared };
}
