/**
 * Failures end in a clear message and the right exit code, never a stack trace; nothing received
 * from a provider is lost; the hint fits the failure. Each test is named after the bug it guards.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fg from 'fast-glob';
import { createWorkspace, DEFAULT_CONFIG, type CliResult } from './helpers/workspace.ts';
import { ROOT } from './helpers/corpus.ts';
import { startDeepLEmulator, DEFAULT_EMULATOR_KEY, type DeepLEmulator } from './deepl-emulator/index.ts';
import { describeFailure } from '../pipeline/cli/describe-failure.ts';
import { acquireLock } from '../pipeline/cli/workspace-lock.ts';
import { FileWriteError, writeIfChanged } from '../pipeline/util/write-file-atomic.ts';
import { SqliteMemoryError, openSqliteMemory } from '../pipeline/store/sqlite-memory.ts';

const ARTICLE = '# Judul berita\n\nKalimat pertama. Kalimat kedua.\n';
const FAIL_WRITES = pathToFileURL(path.join(ROOT, 'test/helpers/fail-writes.mjs')).href;
const failWrites = (match: string, code: string) => ({ NODE_OPTIONS: `--import ${FAIL_WRITES}`, FAIL_WRITES_MATCH: match, FAIL_WRITES_CODE: code });
const isRoot = process.getuid?.() === 0;
const hasProc = fs.existsSync('/proc/self/stat');

/** No stack trace, no raw library error. */
function expectClean(result: CliResult): void {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain('unexpected failure');
  expect(result.stderr).not.toContain('SqliteError');
}

/** Replace the bytes of `file` from `keep` on with random ones. */
function corrupt(file: string, keep: number): void {
  const bytes = fs.readFileSync(file);
  for (let i = keep; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  fs.writeFileSync(file, bytes);
}

describe('corrupt memory', () => {
  for (const [name, keep] of [
    ['garbage after the first 100 bytes (fails at open)', 100],
    ['garbage after the first page (fails at the first query)', 4096],
  ] as const) {
    it(`corrupt memory, ${name}: moved aside with a warning naming both files, rebuilt, exit 0`, () => {
      const ws = createWorkspace({ 'source/a.md': ARTICLE });
      expect(ws.cli('translate').status).toBe(0);
      const memory = path.join(ws.dir, '.cache/memory.sqlite');
      corrupt(memory, keep);
      ws.write('source/a.md', `${ARTICLE}\nKalimat baru.\n`); // something to look up
      const run = ws.cli('translate', ['--json']);
      expectClean(run);
      expect(run.status).toBe(0);
      const aside = fs.readdirSync(path.join(ws.dir, '.cache')).filter((f) => /^memory\.sqlite\.corrupt-[\dT-]+Z$/.test(f));
      expect(aside).toHaveLength(1);
      expect(run.stderr).toContain('warning: the translation memory');
      expect(run.stderr).toContain(path.join(ws.dir, '.cache', aside[0]));
      expect(run.stderr).toContain('.cache/memory.sqlite is damaged');
      // The fresh memory works: a rerun asks nothing again.
      ws.write('source/a.md', `${ARTICLE}\nKalimat baru.\n\nLagi.\n`);
      const again = JSON.parse(ws.cli('translate', ['--json']).stdout);
      expect(again.locales.en.translated).toBe(1);
      expect(again.locales.en.reused).toBe(4);
    });
  }

  // Random bytes from the start leave nothing that says the file was ever a memory: it may be an
  // article or any file a wrong `cache` path names. It is refused and left as it is (deleting a
  // real, damaged memory is one `rm`; renaming someone's file aside is not ours to do).
  it('random bytes from the start (no SQLite header): refused, exit 3, the file left where it was', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    expect(ws.cli('translate').status).toBe(0);
    const memory = path.join(ws.dir, '.cache/memory.sqlite');
    corrupt(memory, 0);
    const before = fs.readFileSync(memory);
    // A rerun with nothing to look up does not open the memory at all: nothing to refuse.
    expect(ws.cli('translate').status).toBe(0);
    expect(fs.readFileSync(memory).equals(before)).toBe(true);
    ws.write('source/a.md', `${ARTICLE}\nKalimat baru.\n`); // something to look up
    for (const flags of [[], ['--dry-run']]) {
      const run = ws.cli('translate', flags);
      expectClean(run);
      expect(run.status).toBe(3);
      expect(run.stderr).toContain(`translate: Cannot open the translation memory ${memory}: the file is not a valid SQLite database`);
      expect(run.stderr).toContain('Check `cache` in the config');
      expect(fs.readFileSync(memory).equals(before)).toBe(true);
      expect(fs.readdirSync(path.join(ws.dir, '.cache')).filter((f) => f.includes('corrupt'))).toEqual([]);
    }
  });

  it('a file that is not a memory at the cache path (outside the checked folders) is never moved or written', () => {
    const notes = '# Catatan redaksi\n\nBukan basis data.\n';
    const ws = createWorkspace({ 'source/a.md': ARTICLE, 'notes/readme.md': notes }, { ...DEFAULT_CONFIG, cache: 'notes/readme.md' });
    for (const [command, args] of [['translate', ['--dry-run']], ['translate', []]] as const) {
      const run = ws.cli(command, [...args]);
      expectClean(run);
      expect(run.status, `${command} ${args.join(' ')}`).toBe(3);
      expect(run.stderr).toContain(`${path.join(ws.dir, 'notes/readme.md')}: the file is not a valid SQLite database`);
      expect(run.stderr).toContain('so it was left untouched');
      expect(ws.read('notes/readme.md')).toBe(notes);
      expect(fs.readdirSync(path.join(ws.dir, 'notes'))).toEqual(['readme.md']);
    }
  });

  for (const [name, keep] of [
    ['fails at open', 100],
    ['fails at the first query', 4096],
  ] as const) {
    it(`corrupt memory in a dry run (${name}): left where it was byte for byte, an empty memory stands in, exit as a dry run`, () => {
      const ws = createWorkspace({ 'source/a.md': ARTICLE });
      expect(ws.cli('translate').status).toBe(0);
      const memory = path.join(ws.dir, '.cache/memory.sqlite');
      corrupt(memory, keep);
      ws.write('source/a.md', `${ARTICLE}\nKalimat baru.\n`);
      const before = fs.readFileSync(memory);
      const cacheFiles = fs.readdirSync(path.join(ws.dir, '.cache')).sort();
      const run = ws.cli('translate', ['--dry-run', '--json']);
      expectClean(run);
      expect(run.status).toBe(0);
      const summary = JSON.parse(run.stdout);
      expect(summary.dryRun).toBe(true);
      expect(summary.locales.en.reused).toBe(0); // the empty memory answers nothing
      expect(run.stderr).toContain(`warning: the translation memory ${memory} is damaged`);
      expect(run.stderr).toContain('left it in place and used an empty memory for this run');
      expect(fs.readFileSync(memory).equals(before)).toBe(true);
      expect(fs.readdirSync(path.join(ws.dir, '.cache')).sort()).toEqual(cacheFiles);
    });
  }

  it('a dry run without a memory creates none', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    const run = ws.cli('translate', ['--dry-run']);
    expect(run.status).toBe(0);
    expect(ws.exists('.cache/memory.sqlite')).toBe(false);
  });

  it('corrupt memory found by review: moved aside and rebuilt, the decision recorded', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } });
    expect(ws.cli('translate').status).toBe(0);
    // Reviewers' own text (approved identity output is no translation to remember).
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(/^(s-\w+): (.*)$/gm, '$1: EN $2'));
    expect(ws.cli('translate').status).toBe(0);
    corrupt(path.join(ws.dir, '.cache/memory.sqlite'), 4096);
    const review = ws.cli('review', ['approve', 'en', 'a']);
    expectClean(review);
    expect(review.status).toBe(0);
    expect(review.stderr).toContain('is damaged');
    expect(review.stderr).toMatch(/entries approved/);
  });

  it('corrupt memory without a recovery callback: a SqliteMemoryError naming the file, not a SqliteError', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-mem-'));
    const file = path.join(dir, 'memory.sqlite');
    const memory = openSqliteMemory(file);
    await memory.putMany(Array.from({ length: 400 }, (_, i) => ({ provider: 'deepl', fingerprint: '', sourceLocale: 'id', targetLocale: 'en', source: `Kalimat ${i} yang cukup panjang untuk mengisi halaman.`, target: `Sentence ${i}.` })));
    await memory.close();
    corrupt(file, 4096);
    let error: unknown;
    try {
      const reopened = openSqliteMemory(file);
      await reopened.getMany([{ provider: 'deepl', fingerprint: '', sourceLocale: 'id', targetLocale: 'en', source: 'Kalimat 1 yang cukup panjang untuk mengisi halaman.' }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SqliteMemoryError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('only a cache');
  });
});

describe('read-only locales and a full disk', () => {
  it('read-only locales (EROFS): names the file and the fix, exit 3, the provider results saved in the memory', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    const run = ws.cli('translate', [], failWrites(path.join('locales', 'en', 'a.yaml'), 'EROFS'));
    expectClean(run);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('translate: cannot write locales/en/a.yaml: the file system is read-only (EROFS)');
    expect(run.stderr).toContain('saved in the translation memory');
    expect(fg.sync('**/*.tmp', { cwd: ws.dir, dot: true })).toEqual([]);
    expect(fs.existsSync(path.join(ws.dir, '.cache/memory.sqlite.lock'))).toBe(false);
    const rerun = JSON.parse(ws.cli('translate', ['--json']).stdout);
    expect(rerun.locales.en).toMatchObject({ translated: 0, requests: 0, missing: 0 });
  });

  it('permission denied (EACCES) on the locales folder: names the folder to make writable', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    const run = ws.cli('translate', [], failWrites(path.join('locales', 'en', 'a.yaml'), 'EACCES'));
    expectClean(run);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('cannot write locales/en/a.yaml: permission denied (EACCES)');
    expect(run.stderr).toContain('Make locales/en/ writable');
  });

  it.skipIf(isRoot)('read-only locales with chmod (skipped as root, where chmod does not stop writes)', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    expect(ws.cli('translate').status).toBe(0);
    ws.write('source/a.md', `${ARTICLE}\nKalimat baru.\n`);
    const locales = path.join(ws.dir, 'locales');
    const folders = fg.sync('**', { cwd: locales, onlyDirectories: true }).map((d) => path.join(locales, d)).concat(locales);
    for (const folder of folders) fs.chmodSync(folder, 0o555);
    try {
      const run = ws.cli('translate');
      expectClean(run);
      expect(run.status).toBe(3);
      expect(run.stderr).toMatch(/cannot write locales\/\S+: permission denied \(EACCES\)/);
    } finally {
      for (const folder of folders) fs.chmodSync(folder, 0o755);
    }
  });

  it('disk full (ENOSPC): exit 3, no temp file left, nothing received is lost', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } }); // publishable: writes dist/
    const run = ws.cli('translate', [], failWrites(path.join('dist', 'en', 'a.md'), 'ENOSPC'));
    expectClean(run);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('cannot write dist/en/a.md: no space left on the device (ENOSPC)');
    expect(run.stderr).toContain('Free some disk space, then rerun');
    expect(fg.sync('**/*.tmp', { cwd: ws.dir, dot: true })).toEqual([]);
    const rerun = JSON.parse(ws.cli('translate', ['--json']).stdout);
    expect(rerun.locales.en).toMatchObject({ translated: 0, requests: 0, missing: 0 });
    expect(ws.exists('dist/en/a.md')).toBe(true);
  });

  it('disk full (ENOSPC) in writeIfChanged: the temp file is removed and the error names the target', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-write-'));
    const file = path.join(dir, 'a.yaml');
    const full = {
      writeFileSync(temp: string, content: string) {
        fs.writeFileSync(temp, content.slice(0, 3));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', syscall: 'write', path: temp });
      },
      renameSync: fs.renameSync,
    };
    let error: unknown;
    try {
      writeIfChanged(file, 'key: value\n', null, full);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FileWriteError);
    expect(error).toMatchObject({ code: 'ENOSPC', file });
    expect(fs.readdirSync(dir)).toEqual([]);
    const failedRename = { writeFileSync: (f: string, c: string) => fs.writeFileSync(f, c), renameSync: () => { throw Object.assign(new Error('EXDEV'), { code: 'EXDEV' }); } };
    expect(() => writeIfChanged(file, 'key: value\n', null, failedRename)).toThrow(FileWriteError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('orphan temp files of dead runs are removed next to the files a run writes; a live process keeps its own', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    ws.write('locales/en/a.yaml.999999999.tmp', 'half');
    ws.write('locales/id/b.yaml.999999998.tmp', 'half');
    ws.write(`locales/en/a.yaml.${process.pid}.tmp`, 'being written by a live process');
    expect(ws.cli('translate').status).toBe(0);
    expect(fg.sync('**/*.tmp', { cwd: ws.dir, dot: true })).toEqual([`locales/en/a.yaml.${process.pid}.tmp`]);
  });
});

describe('one place maps errors to messages', () => {
  it('an unexpected error says "please report", with the stack only under DEBUG', () => {
    const error = new TypeError('cannot read properties of undefined');
    const plain = describeFailure(error, { command: 'check', env: {} });
    expect(plain.exitCode).toBe(3);
    expect(plain.message).toContain('check: unexpected failure: TypeError: cannot read properties of undefined');
    expect(plain.message).toContain('please report');
    expect(plain.message).not.toMatch(/^\s+at /m);
    const debug = describeFailure(error, { command: 'check', env: { DEBUG: '1' } });
    expect(debug.message).toMatch(/^\s+at /m);
  });

  it('never prints an API key, even inside an unexpected error', () => {
    const secret = 'a1b2c3d4-secret:fx';
    const failure = describeFailure(new Error(`request with key ${secret} failed`), { command: 'translate', env: { DEEPL_AUTH_KEY: secret, DEBUG: '1' } });
    expect(failure.message).not.toContain(secret);
  });
});

describe('the right hint for the right failure', () => {
  let emulator: DeepLEmulator;
  beforeAll(async () => {
    emulator = await startDeepLEmulator();
  });
  afterAll(async () => {
    await emulator.stop();
  });
  const deepl = { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl', maxRetries: 0, concurrency: 1 } } };

  const closedPort = async (): Promise<number> => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  };

  it('DeepL outage (connection refused): says unavailable and rerun later, not "Set DEEPL_AUTH_KEY"', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, deepl);
    const run = await ws.cliAsync('translate', ['--allow-partial'], { DEEPL_AUTH_KEY: DEFAULT_EMULATOR_KEY, DEEPL_SERVER_URL: `http://127.0.0.1:${await closedPort()}` });
    expectClean(run);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('DeepL is unavailable right now');
    expect(run.stderr).toContain('rerun later');
    expect(run.stderr).not.toContain('Set DEEPL_AUTH_KEY');
    expect(run.stderr).not.toContain(DEFAULT_EMULATOR_KEY);
  });

  it('DeepL outage (5xx after retries): says unavailable and rerun later, not "Set DEEPL_AUTH_KEY"', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, deepl);
    emulator.setFaults({ serverError: { fraction: 1, status: 503 } });
    try {
      const run = await ws.cliAsync('translate', ['--allow-partial'], { DEEPL_AUTH_KEY: DEFAULT_EMULATOR_KEY, DEEPL_SERVER_URL: emulator.url });
      expectClean(run);
      expect(run.status).toBe(3);
      expect(run.stderr).toContain('DeepL is unavailable right now');
      expect(run.stderr).not.toContain('Set DEEPL_AUTH_KEY');
    } finally {
      emulator.clearFaults();
    }
  });

  it('missing DeepL key: says to set DEEPL_AUTH_KEY', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, deepl);
    const run = ws.cli('translate');
    expectClean(run);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('Set DEEPL_AUTH_KEY');
    expect(run.stderr).not.toContain('unavailable');
  });

  it('DeepL quota exceeded: says to wait for the reset, not to set the key', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, deepl);
    emulator.setFaults({ quotaCharacters: 0 });
    try {
      const run = await ws.cliAsync('translate', ['--allow-partial'], { DEEPL_AUTH_KEY: DEFAULT_EMULATOR_KEY, DEEPL_SERVER_URL: emulator.url });
      expectClean(run);
      expect(run.status).toBe(3);
      expect(run.stderr).toContain('rerun after it resets');
      expect(run.stderr).not.toContain('Set DEEPL_AUTH_KEY');
    } finally {
      emulator.clearFaults();
    }
  });
});

describe('a garbage state file', () => {
  it('garbage state file is reported under its own name, with restore-or-delete advice', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    expect(ws.cli('translate').status).toBe(0);
    const localeBefore = ws.read('locales/en/a.yaml');
    ws.write('locales/en/a.state.yaml', ': : [garbage\n');
    ws.write('source/a.md', `${ARTICLE}\nKalimat baru.\n`);
    const run = ws.cli('translate', ['--json']);
    expectClean(run);
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary.errors).toEqual([expect.objectContaining({ file: path.join('locales', 'en', 'a.state.yaml'), code: 'invalid-state-file' })]);
    expect(run.stderr).toContain('error: locales/en/a.state.yaml: ');
    expect(run.stderr).not.toContain('error: locales/en/a.yaml');
    expect(run.stderr).toContain('git checkout -- locales/en/a.state.yaml');
    expect(run.stderr).toContain('delete it');
    expect(ws.read('locales/en/a.yaml')).toBe(localeBefore);
    expect(ws.read('locales/en/a.state.yaml')).toBe(': : [garbage\n');
  });
});

describe('a lock held by a live process that is not a translate run', () => {
  const sleeper = () => spawn('sleep', ['30'], { stdio: 'ignore' });

  it.runIf(hasProc)('lock naming a live unrelated process (older lock: pid only): says it is not a translate run and which file to remove', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    const other = sleeper();
    try {
      ws.write('.cache/memory.sqlite.lock', `${other.pid}\n`);
      const run = ws.cli('translate');
      expectClean(run);
      expect(run.status).toBe(3);
      expect(run.stderr).toContain(`pid ${other.pid}, which is alive but is not a translate run (sleep 30)`);
      expect(run.stderr).toContain(`rm "${path.join(ws.dir, '.cache/memory.sqlite.lock')}"`);
      expect(run.stderr).not.toContain('another translate run');
    } finally {
      other.kill();
    }
  });

  it('lock copied from another machine: says so and which file to remove', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    ws.write('.cache/memory.sqlite.lock', JSON.stringify({ pid: process.pid, hostname: `not-${os.hostname()}`, command: 'translate', since: '2025-01-01T00:00:00.000Z' }));
    const run = ws.cli('translate');
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`taken on another machine (not-${os.hostname()}, pid ${process.pid})`);
    expect(run.stderr).toContain('remove the lock (rm "');
  });

  it.runIf(hasProc)('lock whose pid now belongs to a process started later (pid reused): taken over', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    const other = sleeper();
    try {
      ws.write('.cache/memory.sqlite.lock', JSON.stringify({ pid: other.pid, hostname: os.hostname(), processStart: '1', command: 'translate', since: '2025-01-01T00:00:00.000Z' }));
      expect(ws.cli('translate').status).toBe(0);
      expect(ws.exists('.cache/memory.sqlite.lock')).toBe(false);
    } finally {
      other.kill();
    }
  });

  it('a live run of this pipeline still holds the workspace: "another translate run"', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE });
    const release = acquireLock(path.join(ws.dir, '.cache/memory.sqlite.lock'), 'translate');
    try {
      const run = ws.cli('translate');
      expect(run.status).toBe(3);
      expect(run.stderr).toContain(`another translate run (pid ${process.pid}) is working on this workspace`);
    } finally {
      release();
    }
  });
});
