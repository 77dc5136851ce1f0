/**
 * A temporary file of text lines (the check's spilled runs): written once, then read back in
 * order. It lives in `os.tmpdir()` and leaves nothing behind: where the OS allows (POSIX) its name
 * is removed right after it is opened, so the kernel frees it when the descriptor closes, whatever
 * ends the process (a closed output pipe, a signal, a crash); elsewhere (Windows) `close` or the
 * process's `exit` removes it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Bytes read from the file at a time. */
const BLOCK = 1 << 16;

// Files still open, closed (and removed) when the process exits.
const open = new Set<SpillFile>();
let exitHook = false;

export class SpillFile {
  private fd: number | undefined;
  /** The file's name while it still has one (see the module note). */
  private name: string | undefined;
  private size = 0;

  /**
   * A new, empty file in `dir` (default `os.tmpdir()`), named `<prefix>-<pid>-<random>.jsonl`.
   * Throws the file system's error (ENOSPC, EACCES…) when it cannot be created.
   */
  constructor(prefix: string, dir = os.tmpdir()) {
    const name = path.join(dir, `${prefix}-${process.pid}-${crypto.randomBytes(6).toString('hex')}.jsonl`);
    this.fd = fs.openSync(name, 'wx+', 0o600);
    this.name = name;
    try {
      fs.unlinkSync(name);
      this.name = undefined;
    } catch {
      // An open file cannot be removed here: `close` (or the exit hook) removes it.
    }
    open.add(this);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const file of open) file.close();
      });
    }
  }

  /** Appends `text` (UTF-8) at the end of the file. */
  append(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.descriptor(), bytes, done, bytes.length - done, this.size + done);
    this.size += bytes.length;
  }

  /** The file's lines (split on `\n`, without it; a last line without `\n` included), read a block at a time. */
  *lines(): Generator<string> {
    let carry = Buffer.alloc(0);
    for (let at = 0; at < this.size; ) {
      const block = Buffer.allocUnsafe(Math.min(BLOCK, this.size - at));
      const read = fs.readSync(this.descriptor(), block, 0, block.length, at);
      if (read === 0) break;
      at += read;
      const data = carry.length > 0 ? Buffer.concat([carry, block.subarray(0, read)]) : block.subarray(0, read);
      let start = 0;
      for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
        yield data.toString('utf8', start, end);
        start = end + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length > 0) yield carry.toString('utf8');
  }

  /** Closes and removes the file. Safe to call twice; reading or writing afterwards throws. */
  close(): void {
    open.delete(this);
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    if (this.name !== undefined) {
      fs.rmSync(this.name, { force: true });
      this.name = undefined;
    }
  }

  private descriptor(): number {
    if (this.fd === undefined) throw new Error('SpillFile: the file is closed');
    return this.fd;
  }
}
