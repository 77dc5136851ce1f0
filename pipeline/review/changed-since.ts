/**
 * Which segments of a review target changed since a git revision: the source (from the key record
 * `locales/<source>/<article>.yaml`) or the translation (the target's locale file), each as
 * committed at that revision (`git show REF:./<path>`, run in the config's folder).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../config/load-config.ts';
import { parseLocaleFile } from '../locale/locale-file.ts';
import { localeFilePath } from '../run/article.ts';
import { ReviewError } from './apply-review.ts';
import type { ReviewTarget } from './review-entries.ts';

const run = promisify(execFile);
const GIT = { maxBuffer: 64 * 1024 * 1024, windowsHide: true } as const;

/**
 * The commit `ref` names, checked in the git repository holding config.root. Throws ReviewError
 * (exit code 2) with git's words when it names none, or the folder is not in a repository.
 */
export async function resolveRef(config: Config, ref: string): Promise<string> {
  if (ref === '' || ref.startsWith('-')) throw new ReviewError(`--since "${ref}" is not a git revision`);
  try {
    const { stdout } = await run('git', ['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`], { ...GIT, cwd: config.root });
    return stdout.trim();
  } catch (error) {
    const said = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n')[0];
    throw new ReviewError(`--since ${ref}: not a commit of the git repository at ${config.root} (git: ${said || 'failed'})`);
  }
}

/** A file's text at `commit`, path relative to config.root; undefined when the commit lacks it. */
async function textAt(config: Config, commit: string, relative: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['show', `${commit}:./${relative.split(path.sep).join('/')}`], { ...GIT, cwd: config.root, encoding: 'utf8' });
    return stdout;
  } catch {
    return undefined;
  }
}

/** key → value of a locale file's text; undefined when absent or unreadable (everything counts as changed). */
function entriesOf(text: string | undefined): Map<string, string> | undefined {
  if (text === undefined) return undefined;
  try {
    return parseLocaleFile(text.replace(/^\uFEFF/, '')).entries;
  } catch {
    return undefined;
  }
}

/**
 * Keys of `target`'s rows whose source or translation differs from `commit` (a resolved commit,
 * see resolveRef): a row the commit's files lack (a new article, sentence or translation), a
 * changed source sentence, a changed or deleted value.
 */
export async function changedKeys(config: Config, target: ReviewTarget, commit: string): Promise<Set<string>> {
  const record = path.relative(config.root, localeFilePath(config, config.sourceLocale, target.article.id));
  const [sourceText, valueText] = await Promise.all([textAt(config, commit, record), textAt(config, commit, target.localeFile)]);
  const sources = entriesOf(sourceText);
  const values = entriesOf(valueText);
  const changed = new Set<string>();
  for (const row of target.rows) {
    if (sources?.get(row.key) !== row.source || values?.get(row.key) !== row.value) changed.add(row.key);
  }
  return changed;
}
