/**
 * Where an export may write (`xliff export --out`, `tm export --out`): never over the workspace
 * itself. An output path inside the source folder, the locales folder or the output folder, or
 * equal to the config file or the memory file (with SQLite's companion files), is refused before
 * anything is read, so an export cannot replace an article, a locale file or the memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { UsageError } from '../cli/parse-args.ts';
import { listArticles } from '../run/article.ts';

/** An `--out` path that would overwrite the workspace: a usage error (exit 2). */
export class OutPathError extends UsageError {
  override name = 'OutPathError';
}

/** Files beside the SQLite memory that belong to it (journal, WAL, shared memory, the run lock). */
const MEMORY_COMPANIONS = ['', '-journal', '-wal', '-shm', '.lock'];

/**
 * Throws OutPathError (message: the path, the folder or file it falls in, and a fix) when `out`
 * (relative to `cwd`) lies inside `config`'s source, locales or output folder, or is the config
 * file or the memory file. `-` (standard output) is always allowed. A folder that holds the
 * config's own folder (e.g. `source: '*.md'`, whose source folder is the project) is not refused
 * as a whole; there only the current articles themselves are. Symbolic links are followed for
 * the parts of the paths that exist.
 * @param example a safe path to suggest, e.g. `agency/en.xlf`
 */
export function assertOutPath(config: Config, out: string, cwd: string, example: string): void {
  if (out === '-') return;
  const target = realish(path.resolve(cwd, out));
  const shown = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  };
  const fix = `write it outside the workspace's folders, e.g. --out ${example}`;
  const root = realish(config.root);
  const folders: Array<[string, string]> = [
    ['source folder', path.resolve(config.root, config.sourceDir)],
    ['locales folder', config.locales],
    ['output folder', config.output],
  ];
  for (const [what, folder] of folders) {
    const real = realish(folder);
    if (isInside(root, real)) continue; // the project folder itself: checked file by file below
    if (isInside(target, real)) {
      throw new OutPathError(`--out ${out} is inside the ${what} (${shown(folder)}${path.sep}): the export would overwrite the workspace's files there; ${fix}`);
    }
  }
  if (folders.some(([, folder]) => isInside(root, realish(folder)))) {
    const article = listArticles(config).find((file) => realish(path.resolve(config.root, file)) === target);
    if (article !== undefined) throw new OutPathError(`--out ${out} is the article ${article} of the source folder: the export would replace it; ${fix}`);
  }
  if (target === realish(config.file)) throw new OutPathError(`--out ${out} is the config file ${shown(config.file)}: the export would replace it; ${fix}`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(config.cache) && MEMORY_COMPANIONS.some((suffix) => target === realish(config.cache + suffix))) {
    throw new OutPathError(`--out ${out} is the translation memory ${shown(config.cache)} (or one of its files): the export would destroy it; ${fix}`);
  }
}

/** `child` is `parent` or lies below it. */
function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/** The absolute path with symbolic links resolved in its longest existing prefix. */
function realish(absolute: string): string {
  let existing = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}
