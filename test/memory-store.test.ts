import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createInMemoryMemory } from '../pipeline/store/in-memory-store.ts';
import { SQLITE_MEMORY_SCHEMA_VERSION, SqliteMemoryError, openSqliteMemory } from '../pipeline/store/sqlite-memory.ts';
import { describeMemoryConformance, entry, key } from './memory-conformance.ts';

const workspace = mkdtempSync(join(tmpdir(), 'memory-store-'));
let counter = 0;
const tempFile = (): string => join(workspace, `case-${++counter}`, 'nested', 'memory.sqlite');
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describeMemoryConformance('in-memory', () => createInMemoryMemory());
describeMemoryConformance('sqlite', () => openSqliteMemory(tempFile()));
describeMemoryConformance('sqlite :memory:', () => openSqliteMemory(':memory:'));

describe('openSqliteMemory', () => {
  it('creates parent folders, uses WAL and a versioned schema', async () => {
    const path = tempFile();
    await openSqliteMemory(path).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MEMORY_SCHEMA_VERSION);
    db.close();
  });

  it('rebuilds a memory of an older schema of ours (version 1: it is only a cache)', async () => {
    const path = tempFile();
    const old = openSqliteMemory(path);
    await old.putMany([entry('Selamat datang di Jakarta.', 'Welcome to Jakarta.')]);
    await old.close();
    const db = new Database(path);
    db.pragma('user_version = 1');
    db.close();
    const reopened = openSqliteMemory(path);
    expect(await reopened.getMany([key('Selamat datang di Jakarta.')])).toEqual([undefined]);
    await reopened.putMany([entry('Selamat datang di Jakarta.', 'Welcome to Jakarta.')]);
    expect(await reopened.getMany([key('Selamat datang di Jakarta.')])).toEqual(['Welcome to Jakarta.']);
    await reopened.close();
  });

  it('migrates a version 2 memory to version 3 in place: entries kept, origin = provider', async () => {
    const path = tempFile();
    const human = { provider: 'human', fingerprint: '' };
    // A version 2 file: written by the current code, then the origin column dropped (version 2's tables exactly).
    const filler = openSqliteMemory(path);
    await filler.putMany([entry('Selamat datang di Jakarta.', 'Welcome to Jakarta.', human)]);
    await filler.close();
    const back = new Database(path);
    expect(back.pragma('user_version', { simple: true })).toBe(3);
    back.exec('ALTER TABLE tm_entry DROP COLUMN origin');
    back.pragma('user_version = 2');
    back.close();

    const migrated = openSqliteMemory(path);
    expect(await migrated.getMany([key('Selamat datang di Jakarta.', human)])).toEqual(['Welcome to Jakarta.']);
    const query = { sourceLocale: 'id', targetLocale: 'en', provider: 'human', minScore: 0.99 };
    expect((await migrated.fuzzy({ ...query, source: 'Selamat datang di Jakarta.' }))[0]).toMatchObject({ origin: 'human', score: 1 });
    await migrated.putMany([entry('Selamat datang di Bandung.', 'Welcome to Bandung.', { ...human, origin: 'tmx:old.tmx' })]);
    await migrated.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SQLITE_MEMORY_SCHEMA_VERSION);
    expect(check.prepare('SELECT source, origin FROM tm_entry ORDER BY id').all()).toEqual([
      { source: 'Selamat datang di Jakarta.', origin: null },
      { source: 'Selamat datang di Bandung.', origin: 'tmx:old.tmx' },
    ]);
    check.close();
  });

  it('persists entries across close and reopen', async () => {
    const path = tempFile();
    const first = openSqliteMemory(path);
    await first.putMany([entry('Selamat datang di Jakarta.', 'Welcome to Jakarta.')]);
    await first.close();
    const second = openSqliteMemory(path);
    expect(await second.getMany([key('Selamat  datang di Jakarta.')])).toEqual(['Welcome to Jakarta.']);
    await second.putMany([entry('Selamat datang di Jakarta.', 'Welcome to Jakarta!')]);
    await second.close();
    const third = openSqliteMemory(path);
    expect(await third.getMany([key('Selamat datang di Jakarta.')])).toEqual(['Welcome to Jakarta!']);
    expect(await third.fuzzy({ sourceLocale: 'id', targetLocale: 'en', provider: 'deepl', source: 'Selamat datang di Bandung.', minScore: 0.7 })).toHaveLength(1);
    await third.close();
  });

  it('two connections to the same file see each other’s writes, committed when putMany returns (before its promise is awaited)', async () => {
    const path = tempFile();
    const a = openSqliteMemory(path);
    const b = openSqliteMemory(path);
    const put = a.putMany([entry('Satu.', 'One.')]);
    // Asked before the put's promise is awaited: SQLite did its work inside the call.
    const read = b.getMany([key('Satu.')]);
    await put;
    expect(await read).toEqual(['One.']);
    await a.close();
    await b.close();
  });

  it('names the file and the fix when the file is not a database', () => {
    const path = join(workspace, 'corrupt.sqlite');
    writeFileSync(path, 'this is not a SQLite database, just some text that fills more than one hundred bytes of header. '.repeat(50));
    let error: unknown;
    try {
      openSqliteMemory(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SqliteMemoryError);
    // No SQLite header: refused before SQLite opens it, so a recovery would never move it aside.
    expect((error as SqliteMemoryError).code).toBe('MEMORY_NOT_SQLITE');
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/not a valid SQLite database.*only a cache: delete it/);
  });

  it('refuses a newer schema with the same advice', async () => {
    const path = tempFile();
    await openSqliteMemory(path).close();
    const db = new Database(path);
    db.pragma('user_version = 7');
    db.close();
    expect(() => openSqliteMemory(path)).toThrow(/schema version 7 is newer.*only a cache: delete it/);
  });

  it('refuses a SQLite database that is not a memory', () => {
    const path = join(workspace, 'other.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE invoices (id INTEGER)');
    db.close();
    expect(() => openSqliteMemory(path)).toThrow(/not a translation memory/);
  });

  it('keeps entries put just before the process is killed with SIGKILL', async () => {
    const path = tempFile();
    const script = fileURLToPath(new URL('./fixtures/memory/put-then-wait.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, path, '500'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('stored')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before storing: ${stderr}`)));
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const memory = openSqliteMemory(path);
    const keys = Array.from({ length: 500 }, (_, index) => ({
      provider: 'deepl',
      fingerprint: 'en-US',
      sourceLocale: 'id',
      targetLocale: 'en',
      source: `Kalimat ke-${index} yang harus selamat.`,
    }));
    const targets = await memory.getMany(keys);
    await memory.close();
    expect(targets.filter((value) => value === undefined)).toHaveLength(0);
    expect(targets[499]).toBe('Sentence 499 that must survive.');
  });
});
