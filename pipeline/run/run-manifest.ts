import fs from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { statePathFor } from '../locale/segment-state.ts';
import { writeIfChanged } from '../util/write-file-atomic.ts';
import { localeFilePath } from './article.ts';
import type { RunError } from './summary.ts';

interface TargetRecord {
  /** Digest of the size and mtime of the target's files. */
  stamp: string;
  reused: number;
  stale: number;
  /** 1 when the article's bundle is a draft under the review policy. */
  drafts: number;
}

interface ArticleRecord {
  /** Digest of the article's text. */
  source: string;
  segments: number;
  /** Digest of the size and mtime of its source-language resources. */
  stamp: string;
  targets: Record<string, TargetRecord>;
  /**
   * The source file's size, times, inode and device, taken before the text behind `source` was
   * read. While they stay the same, so does the text: the next run need not read it (git's index
   * does the same). Absent while the file is too recently changed to trust its times.
   */
  sourceStat?: string;
  /** Warnings about the source itself (control characters), repeated by runs that skip it. */
  warnings?: RunError[];
}

interface ManifestData {
  version: 2;
  /** The translation memory file's identity when the manifest was saved (see `memoryIdentity`). */
  memory?: string;
  /** Digest of everything in the config, flags and code that changes a run's output. */
  signature: string;
  articles: Record<string, ArticleRecord>;
}

/** The files an article's record covers: its source-language resources, and per target. */
export interface ArticleFiles {
  source: string[];
  targets: Record<string, string[]>;
}

/** What a skipped article contributes to the run's summary. */
export interface Unchanged {
  segments: number;
  targets: Record<string, TargetRecord>;
  warnings: RunError[];
}

/**
 * What the last runs left for each article: a digest of its source (and the source file's stat
 * taken with it), the size and mtime of every file written for it, and the counts. An article whose
 * source and files are all as recorded has nothing to do, so a no-op rerun stats the sources and
 * the files instead of reading and parsing everything. A few hundred bytes per article; kept in the
 * cache folder: losing it only costs time.
 */
export interface RunManifest {
  /**
   * The recorded figures when the source file (`absolute`: its path) has the size, times and inode
   * recorded with its digest, and all its files are unchanged: the source need not be read. Call it
   * before reading the source: the stat it takes is the one `unchanged` and `recordArticle` keep.
   */
  unchangedByStat(file: string, absolute: string, files: ArticleFiles): Unchanged | undefined;
  /** The recorded figures when the article's text and all its files are unchanged. */
  unchanged(file: string, text: string, files: ArticleFiles): Unchanged | undefined;
  /** The source's own warnings, kept with its record by `recordArticle`. */
  noteWarnings(file: string, warnings: RunError[]): void;
  recordArticle(file: string, text: string, segments: number, files: string[]): void;
  /** Record a target's files and counts; undefined counts: work was left undone, process it next time. */
  recordTarget(file: string, locale: string, files: string[], counts: { reused: number; stale: number; drafts: number } | undefined): void;
  /**
   * Note a file's size and mtime just before the run reads it. A target is recorded only if each
   * such file it did not write still has them: a file edited while the run worked (a reviewer's
   * save during a long provider call) is not taken as seen, so the next run reads it again.
   */
  noteRead(file: string): void;
  /** The run wrote (or queued) this file: its times at record time are the run's own. */
  noteWritten(file: string): void;
  /** Forget the articles no longer in the source. */
  prune(current: ReadonlySet<string>): void;
  /** Write the manifest; `memory`: the memory's identity now (undefined: it was rebuilt, trust nothing next time). */
  save(memory: string | undefined): void;
}

/** The files an article is written to: its source-language resources, and per target locale. */
export function articleFiles(config: Config, id: string, locales: readonly string[]): ArticleFiles {
  const targets: Record<string, string[]> = {};
  for (const locale of locales) {
    const localePath = localeFilePath(config, locale, id);
    targets[locale] = [localePath, statePathFor(localePath), ...['.md', '.yaml'].map((ext) => path.join(config.output, locale, `${id}${ext}`))];
  }
  return { source: [localeFilePath(config, config.sourceLocale, id)], targets };
}

export function openRunManifest(path: string, signature: unknown, memory: string): RunManifest {
  const sign = digest(JSON.stringify(signature));
  let data: ManifestData = { version: 2, signature: sign, articles: {} };
  try {
    const stored = JSON.parse(fs.readFileSync(path, 'utf8')) as ManifestData;
    if (stored.version === 2 && stored.signature === sign && stored.memory === memory) data = stored;
  } catch {
    // No manifest yet, or unreadable: start afresh.
  }
  /** Source stats taken in this run before reading, by file. */
  const seen = new Map<string, string | undefined>();
  /** Size and mtime of target files noted before reading, and the files this run wrote. */
  const readStats = new Map<string, string>();
  const written = new Set<string>();
  /** Whether a file noted before reading was changed since by someone else. */
  const changedSinceRead = (file: string) => readStats.has(file) && !written.has(file) && readStats.get(file) !== fileStat(file);
  const filesUnchanged = (record: ArticleRecord, files: ArticleFiles) => {
    if (record.stamp !== stamp(files.source)) return undefined;
    for (const [locale, paths] of Object.entries(files.targets)) if (record.targets[locale]?.stamp !== stamp(paths)) return undefined;
    return { segments: record.segments, targets: record.targets, warnings: record.warnings ?? [] };
  };
  const warnings = new Map<string, RunError[]>();
  return {
    unchangedByStat(file, absolute, files) {
      const now = sourceStat(absolute);
      seen.set(file, now);
      const record = data.articles[file];
      if (!record || now === undefined || record.sourceStat !== now) return undefined;
      return filesUnchanged(record, files);
    },
    unchanged(file, text, files) {
      const record = data.articles[file];
      if (!record || record.source !== digest(text)) return undefined;
      const figures = filesUnchanged(record, files);
      // Same text under new times (touched, checked out again): trust the new times from now on.
      if (figures) record.sourceStat = seen.get(file);
      return figures;
    },
    recordArticle(file, text, segments, files) {
      const source = digest(text);
      const previous = data.articles[file];
      const noted = warnings.get(file);
      data.articles[file] = { source, segments, stamp: stamp(files), targets: previous?.source === source ? previous.targets : {}, sourceStat: seen.get(file), ...(noted?.length ? { warnings: noted } : {}) };
    },
    recordTarget(file, locale, files, counts) {
      const record = data.articles[file];
      if (!record) return;
      if (counts && !files.some(changedSinceRead)) record.targets[locale] = { stamp: stamp(files), ...counts };
      else delete record.targets[locale];
    },
    noteWarnings(file, found) {
      warnings.set(file, found);
    },
    noteRead(file) {
      readStats.set(file, fileStat(file));
      written.delete(file);
    },
    noteWritten(file) {
      written.add(file);
    },
    prune(current) {
      for (const file of Object.keys(data.articles)) if (!current.has(file)) delete data.articles[file];
    },
    save(memory) {
      writeIfChanged(path, `${JSON.stringify({ ...data, memory: memory ?? 'rebuilt' })}\n`);
    },
  };
}

/**
 * The translation memory file's identity (device, inode, birth time), or `absent`. A stat, not an
 * open: a no-op run never touches the memory. Deleted, moved aside or replaced, it changes.
 */
export function memoryIdentity(file: string): string {
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat ? `${stat.dev}:${stat.ino}:${stat.birthtimeMs}` : 'absent';
  } catch {
    return 'absent';
  }
}

/** A change younger than this may share its timestamps with the next one (coarse file-system clocks). */
const RACY_MS = 2000;

/**
 * Size, modification and change times, inode and device of a file, or undefined when absent or
 * changed too recently for its times to tell a later change apart (the "racy" case of git's index).
 * The change time cannot be set by tools like `touch`, and any write moves it.
 */
function sourceStat(file: string): string | undefined {
  try {
    // A link is never trusted by its times: where it leads (inside the source folder or not) can
    // change without them changing, and reading it checks that.
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink() || Date.now() - Math.max(stat.mtimeMs, stat.ctimeMs) < RACY_MS) return undefined;
    return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}:${stat.dev}`;
  } catch {
    return undefined;
  }
}

/** Size and mtime of a file; `-` when absent or unreadable. */
function fileStat(file: string): string {
  try {
    // No exception for the usual absent file (a namespace has no markdown bundle).
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat ? `${stat.size}:${stat.mtimeMs}` : '-';
  } catch {
    return '-';
  }
}

/** Digest of the size and mtime of each file (a missing file counts too). */
function stamp(files: readonly string[]): string {
  return digest(files.map(fileStat).join('|'));
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
