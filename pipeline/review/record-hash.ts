import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { statePathFor } from '../locale/segment-state.ts';
import { localeFilePath } from '../run/article.ts';

/**
 * What a reviewer's page shows of one article × target, as one hash: sha256 (hex) over the
 * article's source file, its locale file and its state file, each file's bytes or an "absent"
 * marker. A write from the page is refused as a conflict when it differs: a `git pull` that
 * changed only the source (the entry is stale now), a `review reject` in a terminal that changed
 * only the state file, or another tab's save would otherwise be decided on a view that is out of
 * date (found while trying to break issue 15).
 *
 * @param sourceFile the article's source path, relative to `config.root`
 * @param articleId the article's id (names its locale files)
 */
export function recordHash(config: Config, sourceFile: string, locale: string, articleId: string): string {
  const localePath = localeFilePath(config, locale, articleId);
  const hash = createHash('sha256');
  for (const file of [path.resolve(config.root, sourceFile), localePath, statePathFor(localePath)]) {
    let bytes: Buffer | undefined;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // Length-prefixed, so that no two different sets of files hash alike.
    hash.update(bytes === undefined ? 'absent\0' : `${bytes.length}\0`);
    if (bytes !== undefined) hash.update(bytes);
  }
  return hash.digest('hex');
}
