import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { writeIfChanged } from '../util/write-file-atomic.ts';

/** Size and modification time of a file, or null when it does not exist. */
type FileStamp = [size: number, mtimeMs: number] | null;

interface TargetRecord {
  files: Record<string, FileStamp>;
  reused: number;
  stale: number;
}

interface ArticleRecord {
  /** SHA-256 of the article's text. */
  source: string;
  segments: number;
  files: Record<string, FileStamp>;
  targets: Record<string, TargetRecord>;
}

interface ManifestData {
  version: 1;
  /** Hash of everything in the config and flags that changes a run's output. */
  signature: string;
  articles: Record<string, ArticleRecord>;
}

/**
 * What the last runs left for each article: the source hash, the files written (size and mtime)
 * and the counts. An article whose source and files are all as recorded has nothing to do, so a
 * no-op rerun reads and hashes the sources and stats the files instead of parsing everything.
 * Kept in the cache folder: losing it only costs time.
 */
export interface RunManifest {
  /** The recorded figures when the article and every file of `locales` are unchanged. */
  unchanged(file: string, text: string, locales: readonly string[]): { segments: number; targets: Record<string, TargetRecord> } | undefined;
  recordArticle(file: string, text: string, segments: number, files: string[]): void;
  /** Record a target's files and counts; undefined counts: work was left undone, process it next time. */
  recordTarget(file: string, locale: string, files: string[], counts: { reused: number; stale: number } | undefined): void;
  save(): void;
}

export function openRunManifest(path: string, signature: unknown): RunManifest {
  const sign = hash(JSON.stringify(signature));
  let data: ManifestData = { version: 1, signature: sign, articles: {} };
  try {
    const stored = JSON.parse(fs.readFileSync(path, 'utf8')) as ManifestData;
    if (stored.version === 1 && stored.signature === sign) data = stored;
  } catch {
    // No manifest yet, or unreadable: start afresh.
  }
  const stamps = (files: string[]) => Object.fromEntries(files.map((file) => [file, stamp(file)]));
  const same = (recorded: Record<string, FileStamp>) => Object.entries(recorded).every(([file, s]) => JSON.stringify(stamp(file)) === JSON.stringify(s));
  return {
    unchanged(file, text, locales) {
      const record = data.articles[file];
      if (!record || record.source !== hash(text) || !same(record.files)) return undefined;
      if (!locales.every((locale) => record.targets[locale] && same(record.targets[locale].files))) return undefined;
      return { segments: record.segments, targets: record.targets };
    },
    recordArticle(file, text, segments, files) {
      const previous = data.articles[file];
      data.articles[file] = { source: hash(text), segments, files: stamps(files), targets: previous?.source === hash(text) ? previous.targets : {} };
    },
    recordTarget(file, locale, files, counts) {
      const record = data.articles[file];
      if (!record) return;
      if (counts) record.targets[locale] = { files: stamps(files), ...counts };
      else delete record.targets[locale];
    },
    save() {
      writeIfChanged(path, `${JSON.stringify(data)}\n`);
    },
  };
}

function stamp(file: string): FileStamp {
  try {
    const stat = fs.statSync(file);
    return [stat.size, stat.mtimeMs];
  } catch {
    return null;
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
