/**
 * Store selection (issue 17): `cache` as a postgres:// URL or `TRANSLATE_MEMORY_URL` (which wins)
 * opens the shared memory; otherwise the SQLite file. A URL is no path (the folder checks skip it),
 * the workspace's own files go to `<config folder>/.cache/`, and the password never shows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../pipeline/config/load-config.ts';
import { describeMemory, MemoryUrlError, openMemory, sharedMemoryUrl } from '../pipeline/store/open-memory.ts';
import { describeFailure } from '../pipeline/cli/describe-failure.ts';
import { startPostgres } from './helpers/postgres-cluster.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'open-memory-'));
const file = path.join(root, 'translate.config.yaml');
const URL_WITH_SECRET = 'postgres://desk:s3cret-pass@db.example:5432/tm';
const configWith = (cache?: string) => validateConfig({ ...(cache === undefined ? {} : { cache }), targets: { en: { provider: 'identity' } } }, file);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('store selection', () => {
  it('a postgres URL in cache is the shared memory; lock and manifest files go to <config dir>/.cache/', () => {
    for (const url of [URL_WITH_SECRET, 'postgresql://desk@db.example/tm']) {
      const config = configWith(url);
      expect(config.memoryUrl).toBe(url);
      expect(config.cache).toBe(path.join(root, '.cache', 'memory.sqlite'));
      expect(sharedMemoryUrl(config, {})).toBe(url);
    }
  });

  it('the folder checks skip a URL but still check a path', () => {
    expect(() => configWith('postgres://desk@localhost/tm')).not.toThrow();
    expect(() => configWith('.')).toThrow(/cache: "\." resolves to the project root/);
  });

  it('TRANSLATE_MEMORY_URL wins over cache; one that is no postgres URL is refused without repeating it', () => {
    const config = configWith('.cache/memory.sqlite');
    expect(config.memoryUrl).toBeUndefined();
    expect(sharedMemoryUrl(config, {})).toBeUndefined();
    expect(sharedMemoryUrl(config, { TRANSLATE_MEMORY_URL: URL_WITH_SECRET })).toBe(URL_WITH_SECRET);
    expect(sharedMemoryUrl(configWith('postgres://other@h/db'), { TRANSLATE_MEMORY_URL: URL_WITH_SECRET })).toBe(URL_WITH_SECRET);
    let error: unknown;
    try {
      sharedMemoryUrl(config, { TRANSLATE_MEMORY_URL: 'mysql://u:pw-secret@h/db' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MemoryUrlError);
    expect((error as Error).message).not.toContain('pw-secret');
    expect(describeFailure(error, { command: 'translate' }).exitCode).toBe(2);
  });

  it('messages show the URL with its password masked', () => {
    expect(describeMemory(configWith(URL_WITH_SECRET), {})).toBe('postgres://desk:***@db.example:5432/tm');
    const failure = describeFailure(new Error(`boom ${URL_WITH_SECRET}`), { command: 'translate', env: { TRANSLATE_MEMORY_URL: URL_WITH_SECRET } });
    expect(failure.message).not.toContain('s3cret-pass');
  });

  it('an unreachable shared memory is a clear failure (exit 3) naming the masked URL', async () => {
    const config = configWith('postgres://desk:s3cret-pass@127.0.0.1:1/tm?connect_timeout=2');
    const error = await openMemory(config, { env: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const failure = describeFailure(error, { command: 'translate', env: {} });
    expect(failure.exitCode).toBe(3);
    expect(failure.message).toContain('postgres://desk:***@127.0.0.1:1/tm');
    expect(failure.message).not.toContain('s3cret-pass');
  });

  it('the SQLite file otherwise, created on first use; a dry run creates nothing', async () => {
    const config = configWith('.cache/selection.sqlite');
    const dry = await openMemory(config, { env: {}, dryRun: true });
    expect(dry.claims).toBeUndefined();
    expect(await dry.getMany([{ provider: 'p', fingerprint: '', sourceLocale: 'id', targetLocale: 'en', source: 'x' }])).toEqual([undefined]);
    await dry.close();
    expect(fs.existsSync(config.cache)).toBe(false);
    const memory = await openMemory(config, { env: {} });
    await memory.putMany([{ provider: 'p', fingerprint: '', sourceLocale: 'id', targetLocale: 'en', source: 'x', target: 'y' }]);
    await memory.close();
    expect(fs.existsSync(config.cache)).toBe(true);
  });
});

const started = await startPostgres();
const cluster = 'skip' in started ? undefined : started;
if (!cluster) console.warn(`[open-memory] ${(started as { skip: string }).skip}`);
afterAll(() => cluster?.stop());

describe.skipIf(!cluster)('store selection with a PostgreSQL server', () => {
  it('cache: <url> opens the shared memory, with claims', async () => {
    const memory = await openMemory(configWith(cluster!.url), { env: {} });
    try {
      expect(memory.claims).toBeDefined();
      await memory.putMany([{ provider: 'p', fingerprint: '', sourceLocale: 'id', targetLocale: 'en', source: 'Selamat pagi.', target: 'Good morning.' }]);
      expect(await memory.getMany([{ provider: 'p', fingerprint: '', sourceLocale: 'id', targetLocale: 'en', source: 'Selamat pagi.' }])).toEqual(['Good morning.']);
    } finally {
      await memory.close();
    }
    expect(fs.existsSync(path.join(root, '.cache', 'memory.sqlite'))).toBe(false);
  });
});
