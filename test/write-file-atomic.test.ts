import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileWriteError, writeIfChanged } from '../pipeline/util/write-file-atomic.ts';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-wif-'));

describe('writeIfChanged', () => {
  it('writes new files, skips equal ones, rewrites ones of the same size with other bytes, removes on empty content', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a', 'b', 'c.yaml');
    expect(writeIfChanged(file, 'key: one\n')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('key: one\n');
    expect(writeIfChanged(file, 'key: one\n')).toBe(false);
    // Same byte length, other text: the size alone must not decide.
    expect(writeIfChanged(file, 'key: two\n')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('key: two\n');
    expect(writeIfChanged(file, 'key: three\n')).toBe(true);
    expect(writeIfChanged(file, '')).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(writeIfChanged(file, '')).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });

  it('a folder deleted after this process made it is made again', () => {
    const dir = tempDir();
    const file = path.join(dir, 'out', 'x.md');
    expect(writeIfChanged(file, 'first\n')).toBe(true);
    fs.rmSync(path.join(dir, 'out'), { recursive: true });
    expect(writeIfChanged(file, 'second\n')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('second\n');
    expect(writeIfChanged(path.join(dir, 'out', 'y.md'), 'third\n')).toBe(true);
  });

  it('a folder where the file should be: a FileWriteError naming the file, no temp file left', () => {
    const dir = tempDir();
    const file = path.join(dir, 'taken');
    fs.mkdirSync(file);
    expect(() => writeIfChanged(file, 'text\n')).toThrow(FileWriteError);
    expect(fs.readdirSync(dir)).toEqual(['taken']);
  });

  it('known text is trusted: null means absent, a string is what the file holds', () => {
    const dir = tempDir();
    const file = path.join(dir, 'k.yaml');
    expect(writeIfChanged(file, 'v\n', null)).toBe(true);
    expect(writeIfChanged(file, 'v\n', 'v\n')).toBe(false);
    expect(writeIfChanged(file, 'w\n', 'v\n')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('w\n');
  });
});
