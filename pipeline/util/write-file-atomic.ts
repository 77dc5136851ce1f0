import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from './process-alive.ts';

/**
 * A file could not be written (read-only folder, disk full, permissions…). `file` is the file the
 * caller meant to write (never the temp file); `code` is the system's (EACCES, EROFS, ENOSPC…).
 */
export class FileWriteError extends Error {
  readonly code: string;
  readonly file: string;
  constructor(file: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | null)?.code ?? 'EIO';
    super(`Cannot write ${file}: ${code}`, { cause });
    this.name = 'FileWriteError';
    this.code = code;
    this.file = file;
  }
}

/** The file system calls a write goes through; tests replace them to simulate a full disk. */
export interface WriteFs {
  writeFileSync(file: string, content: string): void;
  renameSync(from: string, to: string): void;
}

const TEMP = /^(.+)\.(\d+)\.tmp$/;
/** Folders already swept for temp files of dead runs, by this process. */
const swept = new Set<string>();

/**
 * Remove `<name>.<pid>.tmp` files in `dir` left by runs that died between writing and renaming
 * (their pid is gone). Returns the files removed.
 */
export function removeOrphanTemps(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP.exec(name);
    if (!match) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || isProcessAlive(pid)) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(path.join(dir, name));
    } catch {
      // Not ours to fight over: a later run tries again.
    }
  }
  return removed;
}

/** Folders this process has created or found, so each is made once, not once per file. */
const made = new Set<string>();

/** What `currentText` gives for a file its size alone shows to differ. */
const DIFFERENT = Symbol('different');

/**
 * What is at `file` now, for comparing with `content`: its text, undefined when absent, or
 * `DIFFERENT` when its size alone shows it differs (then it is not read). One `stat` instead of a
 * read that throws for the usual absent file of a cold run.
 */
function currentText(file: string, content: string): string | undefined | typeof DIFFERENT {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    stat = undefined;
  }
  if (stat === undefined) return undefined;
  // Not a regular file (a folder in the way…): the write below fails and names it.
  if (!stat.isFile()) return DIFFERENT;
  if (content !== '' && stat.size !== Buffer.byteLength(content)) return DIFFERENT;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Write `content` to `file` only when it differs from what is there, through a temp file and a
 * rename so a killed run never leaves a half-written file. Empty content removes the file.
 * Returns whether the file changed. A caller that has just read the file passes its text as
 * `known` (undefined: look here; null: known not to exist) so it is not read twice; looking here
 * costs one `stat`, and a read only when the sizes are equal.
 * A failure throws a `FileWriteError` naming `file`, after removing the temp file; the first write
 * into a folder also removes temp files that dead runs left there. Folders are created when
 * missing (each asked for once per process; one deleted since is made again when the write finds
 * it gone).
 */
export function writeIfChanged(file: string, content: string, known?: string | null, io: WriteFs = fs): boolean {
  const plan = planWrite(file, content, known);
  if (plan === 'none') return false;
  if (plan === 'remove') {
    try {
      fs.rmSync(file);
    } catch (error) {
      throw new FileWriteError(file, error);
    }
    return true;
  }
  const temp = `${file}.${process.pid}.tmp`;
  try {
    try {
      io.writeFileSync(temp, content);
    } catch (error) {
      // The folder went away since this process made it (a test, a person): make it again, once.
      if ((error as NodeJS.ErrnoException | null)?.code !== 'ENOENT') throw error;
      makeFolder(file);
      io.writeFileSync(temp, content);
    }
    io.renameSync(temp, file);
  } catch (error) {
    if (error instanceof FileWriteError) throw error;
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // The write failed already; that is what the caller must hear about.
    }
    throw new FileWriteError(file, error);
  }
  return true;
}

/**
 * What writing `content` to `file` (`writeIfChanged`'s arguments) has to do: nothing, remove the
 * file, or write it. For a write, the file's folder exists when this returns (made, and swept of
 * dead runs' temp files, once per process). Throws a `FileWriteError` when the folder cannot be made.
 */
export function planWrite(file: string, content: string, known?: string | null): 'none' | 'remove' | 'write' {
  const current = known !== undefined ? (known ?? undefined) : currentText(file, content);
  if (content === '') return current === undefined ? 'none' : 'remove';
  if (current === content) return 'none';
  const dir = path.dirname(file);
  if (!made.has(dir)) makeFolder(file);
  if (!swept.has(dir)) {
    swept.add(dir);
    removeOrphanTemps(dir);
  }
  return 'write';
}

function makeFolder(file: string): void {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new FileWriteError(file, error);
  }
  made.add(dir);
}
