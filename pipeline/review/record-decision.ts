import fs from 'node:fs';
import type { Config } from '../config/load-config.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { acquireLock } from '../cli/workspace-lock.ts';
import { applyReview, type ReviewAction, type ReviewResult } from './apply-review.ts';
import { articleSourceFile, diskValue } from './save-value.ts';
import { recordHash } from './record-hash.ts';
import { articleId as idOf, localeFilePath } from '../run/article.ts';

export type DecisionOutcome = { ok: true; result: ReviewResult; /** The view's hash after the decision (`recordHash`). */ fileHash: string } | { conflict: { /** The key's value in the locale file on disk now (undefined: no such entry, no file, or a file that does not parse). */ disk?: string } };

/**
 * `npm run review -- approve|reject` for one entry, as the review server records it: under the
 * workspace lock (`${config.cache}.lock`), through `applyReview` (the CLI's code path), with the
 * approved text put in the human memory as the CLI does. When `expectedFileHash` is given and the
 * view's hash (`recordHash`: source, locale and state files) differs, nothing is written: the
 * reviewer would decide on text they have not seen (`conflict`, with the key's text on disk now).
 *
 * @throws ReviewError (unknown locale, article or key), LocaleFileError, LockedError
 */
export async function recordDecision(config: Config, action: ReviewAction, locale: string, article: string, key: string, expectedFileHash: string | undefined, split: SentenceSplitter, warn: (message: string) => void): Promise<DecisionOutcome> {
  // Validated here too: applyReview's own look-up also takes paths, which a web request must not give.
  const sourceFile = articleSourceFile(config, article);
  const release = acquireLock(`${config.cache}.lock`, 'review');
  try {
    const id = idOf(config, sourceFile);
    if (expectedFileHash !== undefined && config.targets.some((t) => t.locale === locale)) {
      if (recordHash(config, sourceFile, locale, id) !== expectedFileHash) {
        const localePath = localeFilePath(config, locale, id);
        return { conflict: { disk: fs.existsSync(localePath) ? diskValue(fs.readFileSync(localePath), key) : undefined } };
      }
    }
    const result = applyReview(config, action, locale, sourceFile, [key], split);
    if (result.remembered.length > 0) {
      // The memory is a cache: a damaged file is moved aside and rebuilt, with a warning.
      const { openMemory } = await import('../store/open-memory.ts');
      const memory = await openMemory(config, { onCorrupt: (warning) => warn(`warning: ${warning}`) });
      try {
        await memory.putMany(result.remembered);
      } finally {
        await memory.close();
      }
    }
    return { ok: true, result, fileHash: recordHash(config, sourceFile, locale, id) };
  } finally {
    release();
  }
}
