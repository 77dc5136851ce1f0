/**
 * The shared translation memory on PostgreSQL (issue 17), against a throwaway cluster
 * (test/helpers/postgres-cluster.ts; skipped with its message where none can be started):
 * the memory conformance suite (a fresh schema per case), the claim protocol between two memory
 * instances (two runners), export and statistics, schema creation, migration and refusal of a
 * newer schema, and the database going away mid-use. URL masking and an unreachable server need
 * no cluster.
 */
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres } from './helpers/postgres-cluster.ts';
import { describeMemoryConformance, entry, key } from './memory-conformance.ts';
import { type PostgresMemory, openPostgresMemory } from '../pipeline/store/postgres-memory.ts';
import { createPostgresContext } from '../pipeline/store/postgres-connection.ts';
import { MemoryUnavailableError } from '../pipeline/store/memory-unavailable-error.ts';
import { describePostgresTarget, isPostgresUrl, maskPostgresUrl, postgresUrlProblem, scrubPassword } from '../pipeline/store/memory-url.ts';
import { MemoryUrlError, sharedMemoryUrl } from '../pipeline/store/open-memory.ts';
import { POSTGRES_MEMORY_SCHEMA_VERSION, PostgresSchemaError } from '../pipeline/store/postgres-schema.ts';
import { trigramThreshold } from '../pipeline/store/postgres-fuzzy.ts';

const started = await startPostgres();
const cluster = 'skip' in started ? undefined : started;
if (!cluster) console.warn(`[postgres-memory] ${(started as { skip: string }).skip}`);

let schemas = 0;
/** A schema of its own for each memory under test: every case starts from an empty database. */
const freshSchema = () => `tm_test_${process.pid}_${schemas++}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Resolves to 'woken' when `promise` settles within `ms`, else 'still waiting' (a bound, not a speed check). */
const within = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => 'woken'), sleep(ms).then(() => 'still waiting')]);

/** A TCP port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('memory URLs', () => {
  it('password with an unencoded / ? # is masked and refused, never printed (found by the issue 17 breaker)', () => {
    for (const url of ['postgres://tm:12/topsecret@127.0.0.1:5432/tm', 'postgres://tm:5432?topsecret@db:5432/tm', 'postgres://tm:99#topsecret@db.example:5432/tm', 'postgres://tm:p@ss/w?rd@db:5432/tm']) {
      const masked = maskPostgresUrl(url);
      expect(masked, url).not.toContain('topsecret');
      expect(masked, url).not.toMatch(/w\?rd/);
      expect(masked, url).toMatch(/^postgres:\/\/tm:\*\*\*@/);
      expect(postgresUrlProblem(url), url).toMatch(/percent-encode/);
      expect(scrubPassword(`failed for ${url}`, url), url).not.toMatch(/topsecret|w\?rd/);
    }
    expect(() => sharedMemoryUrl({ memoryUrl: undefined }, { TRANSLATE_MEMORY_URL: 'postgres://tm:12/topsecret@127.0.0.1:5432/tm' })).toThrow(MemoryUrlError);
    try {
      sharedMemoryUrl({ memoryUrl: undefined }, { TRANSLATE_MEMORY_URL: 'postgres://tm:12/topsecret@127.0.0.1:5432/tm' });
    } catch (error) {
      expect((error as Error).message).not.toContain('topsecret');
    }
    // Percent-encoded, the same password is fine.
    expect(postgresUrlProblem('postgres://tm:12%2Ftopsecret@127.0.0.1:5432/tm')).toBeUndefined();
    expect(maskPostgresUrl('postgres://tm:12%2Ftopsecret@127.0.0.1:5432/tm')).toBe('postgres://tm:***@127.0.0.1:5432/tm');
  });

  it('recognises postgres URLs and masks their password everywhere', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl(' PostgreSQL://u@h/db')).toBe(true);
    expect(isPostgresUrl('.cache/memory.sqlite')).toBe(false);
    expect(maskPostgresUrl('postgres://tm:s3cr%40t@db.example:5433/tm')).toBe('postgres://tm:***@db.example:5433/tm');
    expect(maskPostgresUrl('postgres://tm@db.example/tm?password=s3cret&sslmode=require')).toBe('postgres://tm@db.example/tm?password=***&sslmode=require');
    expect(maskPostgresUrl('postgres://tm:se cret@[bad/tm')).not.toContain('se cret');
    expect(describePostgresTarget(undefined, { PGHOST: 'db', PGPORT: '6000', PGUSER: 'desk', PGPASSWORD: 'pw', PGDATABASE: 'tm' })).toBe(
      'postgres://desk:***@db:6000/tm (from the PG* environment variables)',
    );
    expect(scrubPassword('failed for s3cr@t and s3cr%40t', 'postgres://tm:s3cr%40t@h/db')).toBe('failed for *** and ***');
  });

  it('derives a trigram threshold that is lower for short texts and for lower scores', () => {
    expect(trigramThreshold(0.75, 20)).toBeLessThan(trigramThreshold(0.75, 100));
    expect(trigramThreshold(0.5, 100)).toBeLessThan(trigramThreshold(0.75, 100));
    expect(trigramThreshold(1, 100)).toBeLessThan(1);
  });

  it('reports an unreachable server as MemoryUnavailableError naming the masked URL and the fix', async () => {
    const url = `postgres://desk:not-to-be-printed@127.0.0.1:${await closedPort()}/tm`;
    const opening = openPostgresMemory(url, { connectTimeoutMs: 5_000 });
    await expect(opening).rejects.toBeInstanceOf(MemoryUnavailableError);
    const error = (await opening.catch((e: unknown) => e)) as MemoryUnavailableError;
    expect(error.code).toBe('MEMORY_UNREACHABLE');
    expect(error.message).toContain(`postgres://desk:***@127.0.0.1:`);
    expect(error.message).toMatch(/running and reachable/);
    expect(error.message).not.toContain('not-to-be-printed');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('not-to-be-printed');
  });
});

describe.skipIf(!cluster)('PostgreSQL memory', () => {
  const c = cluster!;
  const opened: PostgresMemory[] = [];
  const open = async (schema = freshSchema(), options: Parameters<typeof openPostgresMemory>[1] = {}) => {
    const memory = await openPostgresMemory(c.url, { schema, ...options });
    opened.push(memory);
    return memory;
  };
  /** A plain client on the cluster with `schema` first on its search_path, for looking behind the memory's back. */
  const inspect = async <T>(schema: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: c.url, options: `-c search_path=${schema},public` });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  afterAll(async () => {
    for (const memory of opened) await memory.close();
    await cluster?.stop();
  });

  describeMemoryConformance('postgres', () => open());

  it('deadlock detected: a transaction the server aborted for a deadlock is run again (found with 4 runners in CI)', async () => {
    const context = createPostgresContext(c.url, { schema: freshSchema() });
    try {
      let attempts = 0;
      const result = await context.transaction('test', async (client) => {
        attempts++;
        await client.query('SELECT 1');
        if (attempts < 3) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        return 'done';
      });
      expect([result, attempts]).toEqual(['done', 3]);
      // Other errors are not retried.
      attempts = 0;
      await expect(context.transaction('test', async () => {
        attempts++;
        throw Object.assign(new Error('syntax error'), { code: '42601' });
      })).rejects.toThrow('syntax error');
      expect(attempts).toBe(1);
    } finally {
      await context.pool.end();
    }
  });

  it('a fuzzy look-up over its time bound gives no suggestion instead of stalling the run', async () => {
    const schema = freshSchema();
    const memory = await open(schema, { fuzzyTimeoutMs: 300 });
    const stored = 'Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada Senin.';
    await memory.putMany([entry(stored, 'President Joko Widodo opened a new toll road in Central Java on Monday.', { provider: 'human', fingerprint: '' })]);
    const query = { sourceLocale: 'id', targetLocale: 'en', provider: 'human', source: stored.replace('Tengah', 'Timur'), minScore: 0.75 };
    expect(await memory.fuzzy(query)).toHaveLength(1);
    // Another session holds the table: the look-up waits on its lock until the bound cancels it.
    await inspect(schema, async (client) => {
      await client.query('BEGIN');
      await client.query('LOCK TABLE tm_entry IN ACCESS EXCLUSIVE MODE');
      try {
        expect(await memory.fuzzy(query)).toEqual([]);
      } finally {
        await client.query('ROLLBACK');
      }
    });
    expect(await memory.fuzzy(query)).toHaveLength(1);
  });

  describe('claims between two runners', () => {
    const pair = async () => {
      const schema = freshSchema();
      return [await open(schema, { runner: 'runner-a' }), await open(schema, { runner: 'runner-b' })] as const;
    };

    it('grants a key to one runner only; the other sees it held, and stored keys answered', async () => {
      const [a, b] = await pair();
      await a.putMany([entry('Sudah diterjemahkan.', 'Already translated.')]);
      const first = await a.claims.claim([key('Satu.'), key('Dua.'), key('Sudah diterjemahkan.')], 60_000);
      expect(first).toEqual({ granted: [key('Satu.'), key('Dua.')], held: [], answered: [key('Sudah diterjemahkan.')] });
      const second = await b.claims.claim([key('Dua.'), key('Tiga.'), key('Satu.')], 60_000);
      expect(second).toEqual({ granted: [key('Tiga.')], held: [key('Dua.'), key('Satu.')], answered: [] });
      // Claiming again what one holds is granted again (a renewal); keys are normalized as the memory keys them.
      expect((await a.claims.claim([key('  Satu. ')], 60_000)).granted).toEqual([key('  Satu. ')]);
    });

    it('never grants a key to both when they claim at the same moment', async () => {
      const [a, b] = await pair();
      const keys = Array.from({ length: 200 }, (_, index) => key(`Kalimat rebutan ${index}.`));
      const [fromA, fromB] = await Promise.all([a.claims.claim(keys, 60_000), b.claims.claim([...keys].reverse(), 60_000)]);
      const grantedA = new Set(fromA.granted.map((k) => k.source));
      const grantedB = new Set(fromB.granted.map((k) => k.source));
      for (const k of keys) expect(Number(grantedA.has(k.source)) + Number(grantedB.has(k.source))).toBe(1);
      expect(fromA.held.length + fromB.held.length).toBe(keys.length);
    });

    it('lets another runner take over an expired claim, and a renewed claim stays held', async () => {
      const [a, b] = await pair();
      await a.claims.claim([key('Kedaluwarsa.'), key('Diperpanjang.')], 150);
      await a.claims.renew([key('Diperpanjang.')], 60_000);
      await sleep(400);
      const taken = await b.claims.claim([key('Kedaluwarsa.'), key('Diperpanjang.')], 60_000);
      expect(taken).toEqual({ granted: [key('Kedaluwarsa.')], held: [key('Diperpanjang.')], answered: [] });
      // A renewal by the runner that lost the claim does not take it back.
      await a.claims.renew([key('Kedaluwarsa.')], 60_000);
      expect((await a.claims.claim([key('Kedaluwarsa.')], 60_000)).held).toEqual([key('Kedaluwarsa.')]);
    });

    it('releases claims when their entries are stored, and on release', async () => {
      const [a, b] = await pair();
      expect((await a.stats()).claims).toEqual({ live: 0, expired: 0 });
      await a.claims.claim([key('Disimpan.'), key('Dilepas.'), key('Tetap.')], 60_000);
      expect((await a.stats()).claims.live).toBe(3);
      await a.putMany([entry('Disimpan.', 'Stored.')]);
      await a.claims.release([key('Dilepas.')]);
      expect((await b.stats()).claims.live).toBe(1);
      expect(await b.claims.claim([key('Disimpan.'), key('Dilepas.'), key('Tetap.')], 60_000)).toEqual({
        granted: [key('Dilepas.')],
        held: [key('Tetap.')],
        answered: [key('Disimpan.')],
      });
      // Another runner's release does not drop a claim it does not own.
      await b.claims.release([key('Tetap.')]);
      expect((await b.claims.claim([key('Tetap.')], 60_000)).held).toEqual([key('Tetap.')]);
    });

    it("wakes a waiting runner when another instance stores the key, even if it was stored before the wait began", async () => {
      const [a, b] = await pair();
      await a.claims.claim([key('Ditunggu.'), key('Cepat.')], 60_000);
      expect((await b.claims.claim([key('Ditunggu.')], 60_000)).held).toHaveLength(1);
      const waiting = b.claims.waitForChange(120_000);
      await sleep(50);
      await a.putMany([entry('Ditunggu.', 'Awaited.')]);
      expect(await within(waiting, 20_000)).toBe('woken');
      expect(await b.getMany([key('Ditunggu.')])).toEqual(['Awaited.']);

      // A put that lands between b's claim and its wait still wakes it.
      expect((await b.claims.claim([key('Cepat.')], 60_000)).held).toHaveLength(1);
      await a.putMany([entry('Cepat.', 'Quick.')]);
      await sleep(300); // the notification arrives before the wait starts
      expect(await within(b.claims.waitForChange(120_000), 20_000)).toBe('woken');
      // With nothing new, a wait runs to its timeout.
      expect(await within(b.claims.waitForChange(60_000), 300)).toBe('still waiting');
    });

    it('wakes a waiting runner on a release by another', async () => {
      const [a, b] = await pair();
      await a.claims.claim([key('Dilepas nanti.')], 60_000);
      await b.claims.claim([key('Dilepas nanti.')], 60_000);
      const waiting = b.claims.waitForChange(120_000);
      await sleep(50);
      await a.claims.release([key('Dilepas nanti.')]);
      expect(await within(waiting, 20_000)).toBe('woken');
      expect((await b.claims.claim([key('Dilepas nanti.')], 60_000)).granted).toHaveLength(1);
    });

    it('refuses a lease that is not a positive duration', async () => {
      const [a] = await pair();
      await expect(a.claims.claim([key('x')], 0)).rejects.toThrow(/leaseMs/);
      await expect(a.claims.renew([key('x')], Number.NaN)).rejects.toThrow(/leaseMs/);
    });
  });

  describe('export and statistics', () => {
    it('iterates every entry once across pages, with origins, and counts entries per locale pair and origin', async () => {
      const memory = await open();
      const human = { provider: 'human', fingerprint: '' };
      const stored = [
        entry('Satu.', 'One.'),
        entry('Dua.', 'Two.'),
        entry('Tiga.', 'Three.', { ...human, origin: 'tmx:agency.tmx' }),
        entry('Empat.', 'Four.', human),
        entry('Lima.', 'Lima.', { targetLocale: 'ms' }),
      ];
      await memory.putMany(stored);
      const exported = [];
      for await (const item of memory.entries(2)) exported.push(item);
      const byId = (list: typeof stored) => [...list].sort((x, y) => `${x.targetLocale}${x.source}`.localeCompare(`${y.targetLocale}${y.source}`));
      expect(byId(exported)).toEqual(byId(stored));
      const stats = await memory.stats();
      expect(stats.schemaVersion).toBe(POSTGRES_MEMORY_SCHEMA_VERSION);
      expect(stats.target).not.toContain(c.env.PGPASSWORD);
      expect(stats.entries).toEqual([
        { sourceLocale: 'id', targetLocale: 'en', provider: 'deepl', origin: 'deepl', count: 2 },
        { sourceLocale: 'id', targetLocale: 'en', provider: 'human', origin: 'human', count: 1 },
        { sourceLocale: 'id', targetLocale: 'en', provider: 'human', origin: 'tmx:agency.tmx', count: 1 },
        { sourceLocale: 'id', targetLocale: 'ms', provider: 'deepl', origin: 'deepl', count: 1 },
      ]);
      expect(stats.tables.map((table) => table.name)).toEqual(['tm_claim', 'tm_entry', 'tm_schema_version']);
      for (const table of stats.tables) expect(table.bytes).toBeGreaterThan(0);
    });
  });

  describe('schema', () => {
    it('is created in an empty schema, recorded in tm_schema_version, and left alone when current', async () => {
      const schema = freshSchema();
      const first = await open(schema);
      expect(first.migration).toEqual({ from: 0, to: POSTGRES_MEMORY_SCHEMA_VERSION, applied: [1] });
      const again = await open(schema);
      expect(again.migration).toEqual({ from: POSTGRES_MEMORY_SCHEMA_VERSION, to: POSTGRES_MEMORY_SCHEMA_VERSION, applied: [] });
      const versions = await inspect(schema, (client) => client.query('SELECT version FROM tm_schema_version ORDER BY version'));
      expect(versions.rows).toEqual([{ version: 1 }]);
    });

    it('is created once when several runners open an empty database at the same moment', async () => {
      const schema = freshSchema();
      const memories = await Promise.all([open(schema), open(schema), open(schema)]);
      expect(memories.map((memory) => memory.migration.applied.length).sort()).toEqual([0, 0, 1]);
    });

    it('refuses a newer schema with a clear message, and leaves it unchanged', async () => {
      const schema = freshSchema();
      const memory = await open(schema);
      await memory.putMany([entry('Tetap ada.', 'Still there.')]);
      await inspect(schema, (client) => client.query(`INSERT INTO tm_schema_version (version, description) VALUES (99, 'from the future')`));
      for (const options of [{}, { migrate: false }]) {
        const refused = (await open(schema, options).catch((error: unknown) => error)) as PostgresSchemaError;
        expect(refused).toBeInstanceOf(PostgresSchemaError);
        expect(refused.code).toBe('MEMORY_NEWER_SCHEMA');
        expect(refused.message).toContain('schema version 99 is newer than this pipeline supports (1)');
        expect(refused.message).toContain(`postgres://tm:***@127.0.0.1:${c.port}/tm`);
        expect(refused.message).not.toContain(c.env.PGPASSWORD);
      }
      const rows = await inspect(schema, (client) => client.query('SELECT count(*)::int AS n FROM tm_entry'));
      expect(rows.rows).toEqual([{ n: 1 }]);
    });

    it('reports a wrong password as a refused login, without printing it', async () => {
      const url = c.url.replace(/:[^:@/]+@/, ':wrong-password-here@');
      const error = (await openPostgresMemory(url, { schema: freshSchema() }).catch((e: unknown) => e)) as MemoryUnavailableError;
      expect(error).toBeInstanceOf(MemoryUnavailableError);
      expect(error.code).toBe('MEMORY_LOGIN_FAILED');
      expect(error.message).not.toContain('wrong-password-here');
      expect(error.message).toMatch(/Check the role, password and database name/);
    });
  });

  // Last: it stops and restarts the cluster.
  describe('the database goes away mid-use', () => {
    it('rejects calls with MemoryUnavailableError while it is down; after a restart every committed entry is there', async () => {
      const schema = freshSchema();
      const memory = await open(schema, { connectTimeoutMs: 5_000 });
      const other = await open(schema, { connectTimeoutMs: 5_000 });
      const committed = Array.from({ length: 500 }, (_, index) => entry(`Tersimpan ${index}.`, `Stored ${index}.`));
      await memory.putMany(committed);
      await memory.claims.claim([key('Diklaim.')], 60_000);
      // A large write racing the crash: it commits entirely or not at all.
      const racing = Array.from({ length: 3000 }, (_, index) => entry(`Balapan ${index}.`, `Race ${index}.`));
      const racingPut = memory.putMany(racing).then(
        () => 'committed',
        (error: unknown) => error,
      );
      const waiting = other.claims.waitForChange(120_000);
      await c.kill();

      const outcome = await racingPut;
      const calls = [
        () => memory.getMany([key('Tersimpan 1.')]),
        () => memory.putMany([entry('Baru.', 'New.')]),
        () => memory.claims.claim([key('Lain.')], 60_000),
        () => memory.fuzzy({ sourceLocale: 'id', targetLocale: 'en', provider: 'human', source: 'Tersimpan 1.', minScore: 0.8 }),
      ];
      for (const call of calls) {
        const error = (await call().catch((e: unknown) => e)) as MemoryUnavailableError;
        expect(error).toBeInstanceOf(MemoryUnavailableError);
        expect(['MEMORY_UNREACHABLE', 'MEMORY_CONNECTION_LOST']).toContain(error.code);
        expect(error.message).toContain(`postgres://tm:***@127.0.0.1:${c.port}/tm`);
        expect(error.message).not.toContain(c.env.PGPASSWORD);
        expect(error.message).toMatch(/kept in the database/);
      }
      // A runner waiting for a change is woken (it looks again and sees the error) rather than left hanging.
      expect(await within(waiting, 20_000)).toBe('woken');

      await c.restart();
      const after = await other.getMany(committed.map((item) => key(item.source)));
      expect(after).toEqual(committed.map((item) => item.target));
      const raced = (await memory.getMany(racing.map((item) => key(item.source)))).filter((value) => value !== undefined).length;
      if (outcome === 'committed') expect(raced).toBe(racing.length);
      else {
        expect(outcome).toBeInstanceOf(MemoryUnavailableError);
        expect([0, racing.length]).toContain(raced); // never half a batch
      }
      // The claim made before the crash survived it too, and the memory works again (new connections).
      expect((await other.claims.claim([key('Diklaim.')], 60_000)).held).toHaveLength(1);
      await memory.putMany([entry('Setelah pulih.', 'After recovery.')]);
      expect(await other.getMany([key('Setelah pulih.')])).toEqual(['After recovery.']);
    });
  });
});
