import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileWriteError, writeIfChanged } from '../pipeline/util/write-file-atomic.ts';
import { openWriteQueue } from '../pipeline/util/write-thread.ts';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-wq-'));

describe('write queue (files written on a thread of their own)', () => {
  it('returns what writeIfChanged would, writes the same bytes, and runs after-steps once the writes before them are done', async () => {
    const dir = tempDir();
    const same = path.join(dir, 'same.yaml');
    const gone = path.join(dir, 'gone.md');
    fs.writeFileSync(same, 'a: b\n');
    fs.writeFileSync(gone, 'old\n');
    const queue = openWriteQueue();
    const seen: string[] = [];
    expect(queue.write(path.join(dir, 'x', 'one.yaml'), 'one\n')).toBe(true);
    expect(queue.write(same, 'a: b\n')).toBe(false);
    expect(queue.write(same, 'a: c\n', 'a: b\n')).toBe(true);
    expect(queue.write(gone, '')).toBe(true);
    expect(queue.write(path.join(dir, 'never.md'), '')).toBe(false);
    queue.after(() => seen.push(fs.readFileSync(path.join(dir, 'x', 'one.yaml'), 'utf8'), fs.readFileSync(same, 'utf8'), String(fs.existsSync(gone))));
    await queue.drain();
    expect(seen).toEqual(['one\n', 'a: c\n', 'false']);
    expect(fs.readdirSync(dir).sort()).toEqual(['same.yaml', 'x']);
    expect(fs.readdirSync(path.join(dir, 'x'))).toEqual(['one.yaml']);
    // Same decisions as the synchronous writer on the same files.
    expect(writeIfChanged(same, 'a: c\n')).toBe(false);
  });

  it('a failed write rejects drain with a FileWriteError naming the file; its temp file is removed and nothing after it is written', async () => {
    const dir = tempDir();
    const blocked = path.join(dir, 'blocked.yaml');
    const queue = openWriteQueue();
    let ran = false;
    expect(queue.write(path.join(dir, 'first.yaml'), 'first\n')).toBe(true);
    expect(queue.write(blocked, 'second\n')).toBe(true);
    // A folder appears where the file goes after the decision was made: the rename fails in the thread.
    fs.mkdirSync(path.join(blocked, 'inside'), { recursive: true });
    expect(queue.write(path.join(dir, 'third.yaml'), 'third\n')).toBe(true);
    queue.after(() => (ran = true));
    const error = await queue.drain().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FileWriteError);
    expect(error).toMatchObject({ file: blocked });
    expect(ran).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['blocked.yaml', 'first.yaml']);
    expect(fs.readFileSync(path.join(dir, 'first.yaml'), 'utf8')).toBe('first\n');
  });
});
