/**
 * What a run changed on disk, seen from outside the run: every file under some folders with its
 * inode, modification time (ns) and size. An atomic rewrite (temp file + rename) changes the inode
 * and the time even when the bytes are the same, so "0 files written" is checked independently of
 * what the pipeline says about itself.
 */
import fs from 'node:fs';
import path from 'node:path';

/** File path → `inode:mtimeNs:size`, for every file under `dirs` (missing folders are empty). */
export function snapshotFiles(dirs: string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath ?? entry.path, entry.name);
      const stat = fs.statSync(file, { bigint: true });
      files.set(file, `${stat.ino}:${stat.mtimeNs}:${stat.size}`);
    }
  }
  return files;
}

/** Files written, created or removed between two snapshots. */
export function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [file, id] of after) if (before.get(file) !== id) changed.push(file);
  for (const file of before.keys()) if (!after.has(file)) changed.push(file);
  return changed.sort();
}
