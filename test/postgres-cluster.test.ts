/**
 * The throwaway PostgreSQL cluster the shared memory's tests run against (test/helpers/postgres-cluster.ts):
 * it starts, an ordinary role reaches its database with a password and has pg_trgm, a crash (kill) is
 * seen by the client and survived by committed data, and stop leaves no process and no folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres } from './helpers/postgres-cluster.ts';

const started = await startPostgres();
const cluster = 'skip' in started ? undefined : started;
if (!cluster) console.warn(`[postgres-cluster] ${(started as { skip: string }).skip}`);

/** Process lines whose command line mentions the cluster's folder (the postmaster and its children). */
function processesOf(dir: string): string[] {
  const found = spawnSync('pgrep', ['-af', dir], { encoding: 'utf8' });
  return found.stdout.split('\n').filter((line) => line.trim() && !line.includes('pgrep'));
}

describe.skipIf(!cluster)('throwaway PostgreSQL cluster', () => {
  const c = cluster!;
  const errors: Error[] = [];
  const pool = cluster ? new pg.Pool({ connectionString: c.url, max: 4 }) : undefined!;
  // An idle pooled client whose server goes away emits 'error' on the pool: unhandled, it ends the process.
  pool?.on('error', (error) => errors.push(error));

  afterAll(async () => {
    await pool?.end().catch(() => {});
    await cluster?.stop();
  });

  it('connects with a password as an ordinary role that owns its database, with pg_trgm', async () => {
    const { rows } = await pool.query<{ user: string; db: string; superuser: boolean; owner: string }>(
      `SELECT current_user AS user, current_database() AS db, r.rolsuper AS superuser, pg_get_userbyid(d.datdba) AS owner
         FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`,
    );
    expect(rows[0]).toEqual({ user: 'tm', db: 'tm', superuser: false, owner: 'tm' });
    const ext = await pool.query("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'");
    expect(ext.rowCount).toBe(1);
    // Trigram similarity, with UTF-8 letters (é) counted as word characters, and a GIN trigram index the role may create.
    const sim = await pool.query<{ same: number; near: number }>('SELECT similarity($1, $1) AS same, similarity($1, $2) AS near', ['Kepala désa itu', 'Kepala desa itu']);
    expect(sim.rows[0].same).toBe(1);
    expect(sim.rows[0].near).toBeGreaterThan(0.3);
    expect(sim.rows[0].near).toBeLessThan(1);
    await pool.query('CREATE TABLE probe (id serial PRIMARY KEY, source text NOT NULL)');
    await pool.query('CREATE INDEX probe_trgm ON probe USING gin (source gin_trgm_ops)');
    await pool.query('INSERT INTO probe (source) VALUES ($1), ($2)', ['Presiden meresmikan jembatan baru di Medan.', 'Harga cabai naik menjelang Lebaran.']);
    const found = await pool.query<{ source: string }>('SELECT source FROM probe WHERE source % $1', ['Presiden meresmikan jembatan di Medan.']);
    expect(found.rows.map((r) => r.source)).toEqual(['Presiden meresmikan jembatan baru di Medan.']);
  });

  it('refuses a wrong password and takes the standard PG* variables', async () => {
    const wrong = new pg.Client({ connectionString: c.url.replace(/:[^:@/]+@/, ':not-the-password@') });
    await expect(wrong.connect()).rejects.toMatchObject({ code: '28P01' }); // invalid_password
    await wrong.end().catch(() => {});

    const saved = { ...process.env };
    Object.assign(process.env, c.env);
    try {
      const fromEnv = new pg.Client(); // pg reads PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
      await fromEnv.connect();
      const { rows } = await fromEnv.query('SELECT current_user AS user, inet_server_port() AS port');
      await fromEnv.end();
      expect(rows[0]).toEqual({ user: 'tm', port: c.port });
    } finally {
      for (const key of Object.keys(c.env)) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });

  it('kill: the client sees the database go away; restart: committed rows are still there', async () => {
    await pool.query('INSERT INTO probe (source) VALUES ($1)', ['Committed before the crash.']);
    const held = await pool.connect(); // a checked-out connection, as a runner in a transaction would hold
    held.on('error', (error) => errors.push(error));
    await c.kill();
    await expect(held.query('SELECT 1')).rejects.toThrow();
    held.release(true);
    await expect(pool.query('SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await c.restart();
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM probe WHERE source = $1', ['Committed before the crash.']);
    expect(rows[0].n).toBe('1');
    expect(c.log()).toMatch(/database system was interrupted|not properly shut down|automatic recovery/);
  });

  it('stop leaves no server process and no folder behind', async () => {
    expect(processesOf(c.dir).length).toBeGreaterThan(0); // the check can see a running cluster
    await pool.end();
    await c.stop();
    expect(processesOf(c.dir)).toEqual([]);
    expect(fs.existsSync(c.dir)).toBe(false);
    await c.stop(); // idempotent
  });
});
