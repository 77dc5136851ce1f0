import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { isRunError, localeFilePath } from '../run/article.ts';
import { loadArticle } from '../run/load-article.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { parseLocaleFileAt, renderLocaleFile } from '../locale/locale-file.ts';
import { isUnreviewedOrigin, parseState, serializeState, statePathFor, type SegmentState } from '../locale/segment-state.ts';
import type { MemoryEntry } from '../store/translation-memory.ts';
import { writeIfChanged } from '../util/write-file-atomic.ts';
import { readUtf8IfExists } from '../util/read-text.ts';
import { textHash } from '../util/hash.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';
import { isStandIn } from '../merge/plan-locale.ts';

export type ReviewAction = 'approve' | 'reject';

export class ReviewError extends Error {}

export interface ReviewResult {
  localeFile: string;
  changed: string[];
  /** Approved text, for the human memory. */
  remembered: MemoryEntry[];
}

/**
 * Record a reviewer's decision on entries of one article and locale. `approve` marks the current
 * text reviewed against the current source (resolving `stale`); `reject` sends it back to the
 * provider on the next translate run, skipping the memory. No keys: every entry of the article.
 */
export function applyReview(config: Config, action: ReviewAction, locale: string, article: string, keys: readonly string[], split: SentenceSplitter): ReviewResult {
  if (!config.targets.some((t) => t.locale === locale)) throw new ReviewError(`"${locale}" is not a target locale (targets: ${config.targets.map((t) => t.locale).join(', ')})`);
  const sourceFile = findSource(config, article);
  const loaded = loadArticle(config, sourceFile, split);
  if (isRunError(loaded)) throw new ReviewError(loaded.message);
  const localePath = localeFilePath(config, locale, loaded.id);
  const relative = path.relative(config.root, localePath);
  const text = readUtf8IfExists(localePath);
  if (text === undefined) throw new ReviewError(`${relative} does not exist yet: run npm run translate first`);
  const file = parseLocaleFileAt(relative, text);
  const statePath = statePathFor(localePath);
  const state = parseState(readUtf8IfExists(statePath) ?? '');
  const sourceOf = new Map(loaded.keys.map((key, i) => [key, loaded.segments[i].source]));
  const chosen = keys.length > 0 ? keys : [...file.entries.keys()];
  const unknown = chosen.filter((key) => !file.entries.has(key));
  const untranslated = unknown.filter((key) => sourceOf.has(key));
  if (untranslated.length > 0)
    throw new ReviewError(`${relative} has no translation for ${untranslated.map((k) => `"${k}"`).join(', ')} yet (the article has it: the provider has not delivered it, or refused it). Write it in the file as ${untranslated[0]}: <translation>, then ${action} it`);
  if (unknown.length > 0) throw new ReviewError(`${relative} has no entry ${unknown.map((k) => `"${k}"`).join(', ')}; the keys are the names before the colons`);
  const changed: string[] = [];
  const remembered: MemoryEntry[] = [];
  for (const key of chosen) {
    const value = file.entries.get(key) as string;
    const source = sourceOf.get(key);
    if (source === undefined) throw new ReviewError(`"${key}" is no longer in ${loaded.file} (an orphan): run npm run translate to remove it`);
    if (action === 'approve' && isEmptyTranslation(source, value)) throw new ReviewError(`"${key}" is empty in ${relative}: write its translation before approving it`);
    const before = state.get(key);
    const after = action === 'approve' ? approvedState(source, value, before) : { source: textHash(source), written: textHash(value), origin: before?.origin ?? 'human', status: 'rejected' as const };
    if (JSON.stringify(before) !== JSON.stringify(after)) changed.push(key);
    state.set(key, after);
    // Stand-in text (pseudo, identity) approved is still no reviewer's translation to reuse.
    if (action === 'approve' && !isStandIn(before?.origin ?? 'human')) remembered.push({ provider: 'human', fingerprint: '', sourceLocale: config.sourceLocale, targetLocale: locale, source, target: value });
  }
  // Approving resolves the stale notes; the rest of each entry's comments stays.
  const entries = [...file.entries].map(([key, value]) => ({
    key,
    value,
    notes: action === 'approve' && changed.includes(key) ? [`id: ${sourceOf.get(key)}`] : undefined,
    source: sourceOf.get(key),
  }));
  writeIfChanged(localePath, renderLocaleFile(file, entries));
  const order = [...file.entries.keys()];
  writeIfChanged(statePath, serializeState(state, order, relative.split(path.sep).join('/')));
  return { localeFile: relative, changed, remembered };
}

/**
 * The state of `value` approved as the translation of `source` (`npm run review -- approve`):
 * reviewed against the current source; text that was never reviewed (lost record, unreviewed
 * import: `isUnreviewedOrigin`) gets the reviewer as its author, other origins are kept.
 */
export function approvedState(source: string, value: string, before: SegmentState | undefined): SegmentState {
  const origin = before === undefined || isUnreviewedOrigin(before.origin) ? 'human' : before.origin;
  return { source: textHash(source), written: textHash(value), origin, status: 'reviewed' };
}

/** An article named by id (`news/harga-beras`) or by path (`source/news/harga-beras.md`). */
function findSource(config: Config, article: string): string {
  const candidates = [article, path.join(config.sourceDir, article), ...['.md', '.mdx', '.markdown'].map((ext) => path.join(config.sourceDir, `${article}${ext}`))];
  const found = candidates.find((candidate) => fs.existsSync(path.resolve(config.root, candidate)) && fs.statSync(path.resolve(config.root, candidate)).isFile());
  if (!found) throw new ReviewError(`no article "${article}" in ${config.sourceDir}/ (give its name as in locales/<lng>/, e.g. ${path.basename(config.sourceDir)}/… without extension)`);
  return path.relative(config.root, path.resolve(config.root, found));
}
