/**
 * `npm run tm -- migrate | stats | push` (issue 17): the memory's operations, run as the CLI, on the
 * SQLite memory and on a throwaway PostgreSQL cluster (test/helpers/postgres-cluster.ts; skipped
 * with its message where none can be started). Each PostgreSQL case works in a schema of its own
 * (the URL's `options=-c search_path=…`), so every case starts from an empty memory. The cluster's
 * generated password must never appear in what the commands print.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres } from './helpers/postgres-cluster.ts';
import { type CliResult, DEFAULT_CONFIG, createWorkspace } from './helpers/workspace.ts';
import { entry, key } from './memory-conformance.ts';
import { openSqliteMemory } from '../pipeline/store/sqlite-memory.ts';
import { openPostgresMemory } from '../pipeline/store/postgres-memory.ts';
import { POSTGRES_MEMORY_SCHEMA_VERSION } from '../pipeline/store/postgres-schema.ts';
import type { MemoryEntry } from '../pipeline/store/translation-memory.ts';
import type { MemoryStats } from '../pipeline/store/memory-stats.ts';
import { pushMemory } from '../pipeline/exchange/tm-push.ts';

const started = await startPostgres();
const cluster = 'skip' in started ? undefined : started;
if (!cluster) console.warn(`[tm-operations] ${(started as { skip: string }).skip}`);

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-operations-'));
afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(temp, { recursive: true, force: true });
});

/** Entries of several locale pairs, providers and origins: `count` machine ones id→en, plus fixed others. */
function sampleEntries(count: number): MemoryEntry[] {
  const machine = Array.from({ length: count }, (_, i) => entry(`Kalimat nomor ${i} tentang ekonomi.`, `Sentence number ${i} about the economy.`));
  return [
    ...machine,
    entry('Presiden tiba di Jakarta.', 'The President arrived in Jakarta.', { provider: 'human', fingerprint: '' }),
    entry('Harga beras naik.', 'Rice prices rose.', { provider: 'human', fingerprint: '', origin: 'tmx:agency.tmx' }),
    entry('Harga beras naik.', 'Der Reispreis stieg.', { targetLocale: 'de', fingerprint: 'de|formality=default' }),
  ];
}

const pgCases = describe.skipIf(!cluster);
const outputs: CliResult[] = [];
let schemas = 0;

/** A URL whose connections use a schema of their own (created here, empty), with pg_trgm from public. */
async function freshSchemaUrl(): Promise<string> {
  const schema = `tm_ops_${process.pid}_${schemas++}`;
  const client = new pg.Client({ connectionString: cluster!.url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return `${cluster!.url}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
}

function workspaceWithCache(cache: string) {
  return createWorkspace({}, { ...DEFAULT_CONFIG, cache });
}

/** Run `npm run tm -- …` in `ws`, keeping the output for the password check at the end. */
function tm(ws: ReturnType<typeof createWorkspace>, args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = ws.cli('tm', args, env);
  outputs.push(result);
  return result;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('SQLite memory: statistics and export', () => {
  it('stats() counts what was stored per locale pair, provider and origin; entries() returns every entry', async () => {
    const file = path.join(temp, 'stats.sqlite');
    const memory = openSqliteMemory(file);
    expect(memory.migration).toEqual({ from: 0, to: 3 });
    const stored = sampleEntries(5);
    await memory.putMany(stored);
    const stats = await memory.stats();
    expect(stats.schemaVersion).toBe(3);
    expect(stats.entries).toEqual([
      { sourceLocale: 'id', targetLocale: 'en', provider: 'deepl', origin: 'deepl', count: 5 },
      { sourceLocale: 'id', targetLocale: 'de', provider: 'deepl', origin: 'deepl', count: 1 },
      { sourceLocale: 'id', targetLocale: 'en', provider: 'human', origin: 'human', count: 1 },
      { sourceLocale: 'id', targetLocale: 'en', provider: 'human', origin: 'tmx:agency.tmx', count: 1 },
    ]);
    expect(stats.files[0]).toEqual({ name: path.resolve(file), bytes: fs.statSync(file).size });
    const exported: MemoryEntry[] = [];
    for await (const one of memory.entries(3)) exported.push(one);
    // origin only where it differs from the provider, as stored
    expect(exported).toEqual(stored.map(({ origin, ...rest }) => (origin ? { ...rest, origin } : rest)));
    await memory.close();
    const reopened = openSqliteMemory(file);
    expect(reopened.migration).toEqual({ from: 3, to: 3 });
    await reopened.close();
  });

  it('tm stats and tm migrate on the SQLite memory of a workspace', async () => {
    const ws = createWorkspace();
    const none = tm(ws, ['stats', '--json']);
    expect(none.status).toBe(0);
    expect(JSON.parse(none.stdout)).toMatchObject({ store: 'sqlite', total: 0, note: expect.stringContaining('no memory file yet') });
    expect(ws.exists('.cache/memory.sqlite')).toBe(false);

    const migrated = tm(ws, ['migrate', '--json']);
    expect(migrated.status).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ store: 'sqlite', from: 0, to: 3, applied: [3] });
    expect(migrated.stderr).toMatch(/migrates itself whenever it is opened/);
    expect(JSON.parse(tm(ws, ['migrate', '--json']).stdout)).toMatchObject({ from: 3, to: 3, applied: [] });

    const memory = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    await memory.putMany(sampleEntries(4));
    await memory.close();
    const result = tm(ws, ['stats', '--json']);
    expect(result.status).toBe(0);
    const stats = JSON.parse(result.stdout) as MemoryStats;
    expect(stats.total).toBe(7);
    expect(stats.pairs).toEqual([
      { sourceLocale: 'id', targetLocale: 'en', count: 6 },
      { sourceLocale: 'id', targetLocale: 'de', count: 1 },
    ]);
    expect(stats.bytes).toBe(stats.parts.reduce((sum, part) => sum + part.bytes, 0));
    expect(stats.bytes).toBeGreaterThan(0);
    const human = tm(ws, ['stats']);
    expect(human.stdout).toContain('.cache/memory.sqlite (SQLite, schema version 3): 7 entries');
    expect(human.stdout).toMatch(/id → en: 6\n\s+deepl\s+4\n\s+human\s+1\n\s+human\s+1\s+origin tmx:agency\.tmx/);
  });

  it('push without a shared memory, or from a missing file, is a usage error naming the fix', () => {
    const ws = createWorkspace();
    const noShared = tm(ws, ['push']);
    expect(noShared.status).toBe(2);
    expect(noShared.stderr).toMatch(/cache: postgres:\/\/.*TRANSLATE_MEMORY_URL/);
    const missing = tm(ws, ['push', '--from', 'nowhere.sqlite'], { TRANSLATE_MEMORY_URL: 'postgres://desk:pw-not-shown@127.0.0.1:1/tm' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no SQLite memory at nowhere\.sqlite/);
    expect(missing.stderr + missing.stdout).not.toContain('pw-not-shown');
  });

  it('an unreachable database is exit 3 with the URL masked', async () => {
    const secret = 'unreachable-secret-pw';
    const url = `postgres://desk:${secret}@127.0.0.1:${await closedPort()}/tm`;
    const ws = workspaceWithCache(url);
    for (const command of ['migrate', 'stats']) {
      const result = tm(ws, [command]);
      expect(result.status).toBe(3);
      expect(result.stderr).toContain('postgres://desk:***@127.0.0.1:');
      expect(result.stderr).toMatch(/running and reachable/);
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
    fs.mkdirSync(path.join(ws.dir, '.cache'), { recursive: true });
    await openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite')).close();
    const push = tm(ws, ['push']);
    expect(push.status).toBe(3);
    expect(push.stdout + push.stderr).not.toContain(secret);
  });
});

pgCases('on PostgreSQL', () => {
  it('migrate creates the schema on an empty database, then does nothing', async () => {
    const url = await freshSchemaUrl();
    const ws = workspaceWithCache(url);
    const first = tm(ws, ['migrate', '--json']);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ store: 'postgres', memory: expect.stringContaining('postgres://tm:***@127.0.0.1:'), from: 0, to: POSTGRES_MEMORY_SCHEMA_VERSION, applied: [1] });
    expect(first.stderr).toMatch(/schema version 1 created/);
    const second = tm(ws, ['migrate', '--json']);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ from: 1, to: 1, applied: [] });
    expect(second.stderr).toMatch(/current; nothing to do/);
    // The schema is usable: a memory opened without migrating finds it current.
    const memory = await openPostgresMemory(url, { migrate: false });
    expect(memory.migration).toEqual({ from: 1, to: 1, applied: [] });
    await memory.close();
  });

  it('a schema newer than the pipeline is refused (exit 2) and left unchanged', async () => {
    const url = await freshSchemaUrl();
    const ws = workspaceWithCache(url);
    expect(tm(ws, ['migrate']).status).toBe(0);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`INSERT INTO tm_schema_version (version, description) VALUES (99, 'from the future')`);
      for (const command of ['migrate', 'stats']) {
        const result = tm(ws, [command]);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/schema version 99 is newer than this pipeline supports \(1\).*Update the pipeline/);
      }
      const { rows } = await client.query('SELECT version FROM tm_schema_version ORDER BY version');
      expect(rows.map((row) => row.version)).toEqual([1, 99]);
    } finally {
      await client.end();
    }
  });

  it('stats reports what was stored, per locale pair, provider and origin, with table and index sizes', async () => {
    const url = await freshSchemaUrl();
    const ws = workspaceWithCache(url);
    const empty = tm(ws, ['stats', '--json']);
    expect(empty.status).toBe(0);
    expect(JSON.parse(empty.stdout)).toMatchObject({ store: 'postgres', schemaVersion: 0, total: 0, note: expect.stringContaining('tm -- migrate') });
    const memory = await openPostgresMemory(url);
    await memory.putMany(sampleEntries(20));
    await memory.claims.claim([key('Belum diterjemahkan.')], 60_000);
    const result = tm(ws, ['stats', '--json']);
    await memory.close();
    expect(result.status, result.stderr).toBe(0);
    const stats = JSON.parse(result.stdout) as MemoryStats;
    expect(stats).toMatchObject({ store: 'postgres', schemaVersion: 1, total: 23, claims: { live: 1, expired: 0 } });
    expect(stats.memory).not.toContain(cluster!.env.PGPASSWORD);
    expect(stats.entries).toEqual([
      { sourceLocale: 'id', targetLocale: 'en', provider: 'deepl', origin: 'deepl', count: 20 },
      { sourceLocale: 'id', targetLocale: 'de', provider: 'deepl', origin: 'deepl', count: 1 },
      { sourceLocale: 'id', targetLocale: 'en', provider: 'human', origin: 'human', count: 1 },
      { sourceLocale: 'id', targetLocale: 'en', provider: 'human', origin: 'tmx:agency.tmx', count: 1 },
    ]);
    expect(stats.pairs).toEqual([
      { sourceLocale: 'id', targetLocale: 'en', count: 22 },
      { sourceLocale: 'id', targetLocale: 'de', count: 1 },
    ]);
    const entryTable = stats.parts.find((part) => part.name === 'tm_entry')!;
    expect(entryTable.tableBytes).toBeGreaterThan(0);
    expect(entryTable.indexBytes).toBeGreaterThan(0);
    expect(entryTable.bytes).toBe(entryTable.tableBytes! + entryTable.indexBytes!);
    expect(stats.bytes).toBe(stats.parts.reduce((sum, part) => sum + part.bytes, 0));
    const human = tm(ws, ['stats']);
    expect(human.stdout).toMatch(/^postgres:\/\/tm:\*\*\*@127\.0\.0\.1:\d+\/tm\?options=.* \(PostgreSQL, schema version 1\): 23 entries/);
    expect(human.stdout).toMatch(/tm_entry .* \(table .*, indexes .*\)/);
  });

  it('push seeds the shared memory from a SQLite cache; a second push adds nothing; kept and overwritten entries', async () => {
    const url = await freshSchemaUrl();
    // The URL from the environment (it wins over the config's SQLite cache, which is the default source).
    const ws = createWorkspace();
    const env = { TRANSLATE_MEMORY_URL: url };
    const local = sampleEntries(2_500);
    const sqlite = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    await sqlite.putMany(local);
    await sqlite.close();
    // The shared memory already holds one entry as the desk has it and one with another translation.
    const shared = await openPostgresMemory(url);
    await shared.putMany([local[0], { ...local[1], target: 'Corrected on another desk.' }]);

    const first = tm(ws, ['push', '--json'], env);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ from: '.cache/memory.sqlite', read: 2_503, added: 2_501, unchanged: 1, kept: 1, overwritten: 0 });
    expect(first.stderr).toMatch(/Pushed 2,503 entries from \.cache\/memory\.sqlite to postgres:\/\/tm:\*\*\*@.*: 2,501 added, 1 unchanged, 1 kept/);

    const second = tm(ws, ['push', '--json'], env);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ read: 2_503, added: 0, unchanged: 2_502, kept: 1 });

    const stored = await shared.getMany(local);
    expect(stored).toEqual(local.map((one, i) => (i === 1 ? 'Corrected on another desk.' : one.target)));
    const stats = await shared.stats();
    expect(stats.entries.find((row) => row.origin === 'tmx:agency.tmx')?.count).toBe(1);

    const overwrite = tm(ws, ['push', '--overwrite', '--json', '--from', '.cache/memory.sqlite'], env);
    expect(JSON.parse(overwrite.stdout)).toMatchObject({ added: 0, unchanged: 2_502, kept: 0, overwritten: 1 });
    expect(await shared.getMany([local[1]])).toEqual([local[1].target]);
    await shared.close();
  });

  it('pushMemory writes nothing for entries already there (no putMany of them)', async () => {
    const url = await freshSchemaUrl();
    const shared = await openPostgresMemory(url);
    const local = sampleEntries(10);
    await shared.putMany(local);
    const written: MemoryEntry[][] = [];
    const spy = { ...shared, putMany: (entries: MemoryEntry[]) => (written.push(entries), shared.putMany(entries)) };
    async function* source() {
      yield* local;
    }
    expect(await pushMemory(source(), spy, { batchSize: 4 })).toEqual({ read: 13, added: 0, unchanged: 13, kept: 0, overwritten: 0 });
    expect(written.flat()).toEqual([]);
    await shared.close();
  });

  it('never prints the generated password', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) {
      expect(output.stdout).not.toContain(cluster!.env.PGPASSWORD);
      expect(output.stderr).not.toContain(cluster!.env.PGPASSWORD);
    }
  });
});
