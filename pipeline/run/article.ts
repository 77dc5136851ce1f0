import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { Config } from '../config/load-config.ts';
import type { SourceStructure } from '../bundle/structure-guard.ts';
import type { Segment } from '../segment.ts';
import type { LocaleFile } from '../locale/locale-file.ts';
import { readUtf8 } from '../util/read-text.ts';
import type { RunError } from './summary.ts';

/** An article read, segmented and keyed: everything the targets need. */
export interface LoadedArticle {
  /** Source path relative to the source folder, without extension: names its locale files. */
  id: string;
  /** Path relative to the config's folder. */
  file: string;
  text: string;
  segments: Segment[];
  keys: string[];
  edits: Map<number, string>;
  /** The source-language resources as they were before this run (key → source). */
  previousSource: Map<string, string>;
  sourceFile: LocaleFile | undefined;
  /** A hand-written namespace of site strings (`common`), not an article: no markdown bundle. */
  namespace?: boolean;
  /** Link reference definitions of the article (normalised label → URL), for the check's `links` rule. */
  definitions?: ReadonlyMap<string, string>;
  /** The source's markup skeleton and dialect, for the publication guard (absent for namespaces). */
  structure?: SourceStructure;
}

export function articleId(config: Config, file: string): string {
  const relative = path.relative(config.sourceDir, file);
  return relative.replace(/\.(md|mdx|markdown)$/i, '').split(path.sep).join('/');
}

export function localeFilePath(config: Config, locale: string, id: string): string {
  return path.join(config.locales, locale, `${id}.yaml`);
}

/**
 * The articles the config's `source` glob matches, relative to the config's folder, sorted.
 * Linked folders are not followed (a link back up would loop, one out of the folder would reach
 * any file); a linked file is listed and `readArticle` refuses it when it leads outside.
 */
export function listArticles(config: Config): string[] {
  const entries = fg.sync(config.source, { cwd: config.root, onlyFiles: false, followSymbolicLinks: false, objectMode: true, ignore: ['**/node_modules/**'] });
  // A linked file is a candidate (kept even when dangling, so that reading it names the problem).
  const isArticle = (entry: fg.Entry) => entry.dirent.isFile() || (entry.dirent.isSymbolicLink() && !isFolder(path.resolve(config.root, entry.path)));
  return entries.filter(isArticle).map((entry) => entry.path).sort();
}

/** The hand-written namespace translate keeps for every target (`run/namespace.ts`). */
export const COMMON_NAMESPACE = 'common';

/**
 * Source files that share an article id with an earlier one (`a.md` and `a.mdx`): they would
 * write the same locale files and bundles in turn. The first (in path order) is kept; each other
 * is an error naming both, and is not translated. So is an article whose id is the hand-written
 * `common` namespace's (`source/common.md`): its key record would overwrite the namespace.
 */
export function sameIdArticles(config: Config, files: readonly string[]): { kept: string[]; errors: RunError[] } {
  const first = new Map<string, string>();
  const kept: string[] = [];
  const errors: RunError[] = [];
  const namespace = localeFilePath(config, config.sourceLocale, COMMON_NAMESPACE);
  for (const file of files) {
    const id = articleId(config, file);
    const earlier = first.get(id);
    if (id === COMMON_NAMESPACE && isHandWritten(namespace)) {
      const relative = path.relative(config.root, namespace);
      errors.push({ file, code: 'same-article-id', message: `${file} has the id "${id}" of the hand-written namespace ${relative}: translating it would overwrite that file and its translations, so it was not translated. Rename the article.` });
    } else if (earlier === undefined) {
      first.set(id, file);
      kept.push(file);
    } else {
      errors.push({ file, code: 'same-article-id', message: `${file} and ${earlier} are the same article "${id}" (both would write locales/<lng>/${id}.yaml and dist/<lng>/${id}.md): ${file} was not translated. Rename or remove one of them.` });
    }
  }
  return { kept, errors };
}

/** A source-language resource that exists and is not the pipeline's key record of an article. */
function isHandWritten(file: string): boolean {
  try {
    return !fs.readFileSync(file, 'utf8').startsWith('# Source segments of ');
  } catch {
    return false;
  }
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** An article's text, or a RunError when it cannot be read as UTF-8. */
export function readArticle(config: Config, file: string): string | RunError {
  try {
    const outside = outsideSourceFolder(config, file);
    if (outside) return { file, code: 'source-outside', message: `${file} resolves to ${outside}, outside the source folder ${config.sourceDir}/: it was not read, translated or published (a link out of the folder could send any file of this machine to a provider). Remove the link, or copy the article into ${config.sourceDir}/.` };
    return readUtf8(path.resolve(config.root, file));
  } catch (error) {
    return { file, code: 'unreadable-source', message: `Cannot read ${file}: ${(error as Error).message}` };
  }
}

/** The real path of `file` when a symbolic link takes it out of the source folder; undefined when inside. */
function outsideSourceFolder(config: Config, file: string): string | undefined {
  const absolute = path.resolve(config.root, file);
  // Only the file itself can be a link (folders that are links are not listed, see listArticles):
  // a plain file's real path is its real folder's plus its name, one lstat instead of a realpath.
  const real = fs.lstatSync(absolute).isSymbolicLink() ? fs.realpathSync(absolute) : path.join(realFolder(config, path.dirname(absolute)), path.basename(absolute));
  const folder = realFolder(config, path.resolve(config.root, config.sourceDir));
  return real === folder || real.startsWith(folder + path.sep) ? undefined : real;
}

/** Real paths of folders, asked once each per loaded config (a run reads many articles per folder). */
const realFolders = new WeakMap<Config, Map<string, string>>();
function realFolder(config: Config, folder: string): string {
  let known = realFolders.get(config);
  if (!known) realFolders.set(config, (known = new Map()));
  let real = known.get(folder);
  if (real === undefined) known.set(folder, (real = fs.realpathSync(folder)));
  return real;
}

export function isRunError(value: LoadedArticle | RunError): value is RunError {
  return 'code' in value && !('segments' in value);
}
