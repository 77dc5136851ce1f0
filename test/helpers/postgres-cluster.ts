/**
 * A throwaway PostgreSQL cluster for the shared translation memory's tests (issue 17).
 *
 * `startPostgres()` runs the system's PostgreSQL server binaries (Debian's `postgresql` package,
 * installed in CI by `.ci/install-postgresql.sh`): `initdb` into a fresh temporary folder, a server
 * on a free 127.0.0.1 port with its Unix socket in that folder (it never touches a packaged cluster
 * on 5432), password authentication (SCRAM-SHA-256) for generated passwords, and one database owned
 * by an ordinary (non-superuser) role, with the `pg_trgm` extension created by the superuser.
 *
 * PostgreSQL refuses to run as root, and CI runs as root: the cluster is then owned by the `postgres`
 * system user (created by the package) and its commands run through `runuser -u postgres --`.
 * As any other user, the cluster is the current user's.
 *
 * Where no cluster can be started for want of something (no server binaries, root without a
 * `postgres` user or `runuser`, a temp folder the `postgres` user cannot enter), it resolves to
 * `{ skip }` with a message naming what is missing and the fix; suites print it and skip. When
 * everything is there but the server fails, it rejects with the server's log: that is a bug to see.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** `postgres://tm:<password>@127.0.0.1:<port>/tm`: the ordinary role on the test database. */
  url: string;
  /** The same as the standard libpq variables, for a child process (`pg` reads them too). */
  env: { PGHOST: string; PGPORT: string; PGUSER: string; PGPASSWORD: string; PGDATABASE: string };
  /** The TCP port on 127.0.0.1. */
  port: number;
  /** The temporary folder holding the data directory (`data/`), the socket and the log; removed by `stop()`. */
  dir: string;
  /** The server's log so far (`<dir>/server.log`), for failure messages. */
  log(): string;
  /** Fast shutdown (clients disconnected, no recovery needed), then the temporary folder is removed. Idempotent. */
  stop(): Promise<void>;
  /** Immediate shutdown, as in a crash: every backend quits at once, clients see their connection end. `restart()` brings it back (crash recovery). */
  kill(): Promise<void>;
  /** Start the server again on the same port with the same data (after `kill()`, or a fast stop and start when running). */
  restart(): Promise<void>;
}

/** The fix printed with every skip. */
export const POSTGRES_INSTALL = 'apt-get install postgresql postgresql-contrib (or bash .ci/install-postgresql.sh)';

/** The role and database the tests use, and the cluster's superuser (kept internal). */
const APP_ROLE = 'tm';
const APP_DATABASE = 'tm';
const SUPERUSER = 'cluster_admin';

const STEP_TIMEOUT_MS = 60_000;

/** Run a command as the cluster's owner; resolves with stdout, rejects with stdout and stderr in the message. */
type RunAsOwner = (file: string, args: string[]) => Promise<string>;

/**
 * Start a throwaway cluster (see the module comment). Resolves to the cluster, or to `{ skip }` when a
 * prerequisite is missing; rejects when the prerequisites are there but initdb or the server fails.
 * Typically 1–3 s. Every started cluster must be `stop()`ped (an `afterAll`), else its server and
 * temporary folder stay behind.
 */
export async function startPostgres(): Promise<PostgresCluster | { skip: string }> {
  const bin = findServerBin();
  if (!bin) return { skip: `PostgreSQL tests skipped: no PostgreSQL server binaries (initdb, pg_ctl, postgres) found in /usr/lib/postgresql/*/bin or on PATH. Install them: ${POSTGRES_INSTALL}` };
  if (!fs.existsSync(path.join(shareDir(bin), 'extension/pg_trgm.control'))) {
    return { skip: `PostgreSQL tests skipped: the pg_trgm extension is not installed for ${bin}. Install it: ${POSTGRES_INSTALL}` };
  }
  const owner = await clusterOwner();
  if ('skip' in owner) return owner;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-pg-'));
  try {
    if (owner.uid !== undefined) {
      fs.chownSync(dir, owner.uid, owner.gid!);
      try {
        await owner.run('sh', ['-c', 'test -w "$1" && test -x "$1"', 'sh', dir]);
      } catch {
        fs.rmSync(dir, { recursive: true, force: true });
        return { skip: `PostgreSQL tests skipped: the postgres user cannot use ${dir} (a parent folder of TMPDIR is closed to it). Set TMPDIR to a folder it can enter, e.g. TMPDIR=/tmp` };
      }
    }
    const cluster = await initCluster(bin, dir, owner.run);
    return cluster;
  } catch (error) {
    // Nothing may stay behind: a half-started server would hold the port and the folder.
    await owner.run(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'immediate', '-w', 'stop']).catch(() => {});
    const log = readIfExists(path.join(dir, 'server.log'));
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`startPostgres failed: ${(error as Error).message}${log ? `\nserver log:\n${log}` : ''}`);
  }
}

async function initCluster(bin: string, dir: string, run: RunAsOwner): Promise<PostgresCluster> {
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const adminPassword = randomBytes(18).toString('base64url');
  const appPassword = randomBytes(18).toString('base64url');

  // initdb reads the superuser's password from a file (never from the command line, which `ps` shows).
  const pwfile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwfile, `${adminPassword}\n`, { mode: 0o600 });
  chownLike(pwfile, dir);
  await run(path.join(bin, 'initdb'), [
    '-D', data, '-U', SUPERUSER, `--pwfile=${pwfile}`, '--auth=scram-sha-256',
    // UTF-8 character classes, so that pg_trgm counts letters such as é as word characters.
    '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions',
  ]);
  fs.rmSync(pwfile);

  const port = await freePort();
  // Appended to postgresql.conf (owned by the cluster's owner; appending keeps the owner).
  fs.appendFileSync(path.join(data, 'postgresql.conf'), [
    '',
    '# startPostgres (test/helpers/postgres-cluster.ts): a throwaway cluster',
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    // No fsync: only an OS crash would lose data. synchronous_commit stays on: with it off, a kill()
    // loses the commits of the last few hundred ms, and the tests of "the database goes away" would lie.
    'fsync = off',
    'full_page_writes = off',
    '',
  ].join('\n'));

  const pgCtl = (args: string[]) => run(path.join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => pgCtl(['-l', logFile, '-w', '-t', '60', 'start']);
  await start();

  const admin = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password: adminPassword, database: 'postgres' });
  await admin.connect();
  try {
    // Identifiers are constants; the password goes through format() as a literal (DDL takes no parameters).
    const { rows } = await admin.query<{ sql: string }>('SELECT format($1::text, $2::text) AS sql', [`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD %L`, appPassword]);
    await admin.query(rows[0].sql);
    await admin.query(`CREATE DATABASE ${APP_DATABASE} OWNER ${APP_ROLE}`);
  } finally {
    await admin.end();
  }
  const adminDb = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password: adminPassword, database: APP_DATABASE });
  await adminDb.connect();
  try {
    await adminDb.query('CREATE EXTENSION pg_trgm');
  } finally {
    await adminDb.end();
  }

  let running = true;
  let removed = false;
  return {
    url: `postgres://${APP_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/${APP_DATABASE}`,
    env: { PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: APP_ROLE, PGPASSWORD: appPassword, PGDATABASE: APP_DATABASE },
    port,
    dir,
    log: () => readIfExists(logFile),
    async stop() {
      if (removed) return;
      if (running) await pgCtl(['-m', 'fast', '-w', '-t', '60', 'stop']);
      running = false;
      removed = true;
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      if (removed) throw new Error('kill() after stop(): the cluster is gone');
      if (running) await pgCtl(['-m', 'immediate', '-w', '-t', '60', 'stop']);
      running = false;
    },
    async restart() {
      if (removed) throw new Error('restart() after stop(): the cluster is gone');
      if (running) await pgCtl(['-m', 'fast', '-w', '-t', '60', 'stop']);
      running = false;
      await start();
      running = true;
    },
  };
}

/**
 * The folder of the newest server version's binaries: `/usr/lib/postgresql/<version>/bin` (Debian,
 * Ubuntu), else the folder of an `initdb` on PATH (other layouts); undefined when none has initdb,
 * pg_ctl and postgres.
 */
function findServerBin(): string | undefined {
  const complete = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((name) => isExecutable(path.join(dir, name)));
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian) ? fs.readdirSync(debian).sort((a, b) => parseFloat(b) - parseFloat(a)) : [];
  for (const version of versions) {
    const dir = path.join(debian, version, 'bin');
    if (complete(dir)) return dir;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    if (complete(dir)) return dir;
  }
  return undefined;
}

/** Where the server's extensions live: `<prefix>/share/postgresql[/<version>]`, asked of pg_config when it is there. */
function shareDir(bin: string): string {
  const version = path.basename(path.dirname(bin));
  const debian = `/usr/share/postgresql/${version}`;
  if (fs.existsSync(debian)) return debian;
  const prefix = path.dirname(bin);
  return fs.existsSync(path.join(prefix, 'share/postgresql')) ? path.join(prefix, 'share/postgresql') : path.join(prefix, 'share');
}

/** Who owns the cluster, and how to run its commands: the current user, or (as root) `postgres` through runuser. */
async function clusterOwner(): Promise<{ run: RunAsOwner; uid?: number; gid?: number } | { skip: string }> {
  const direct: RunAsOwner = (file, args) => exec(file, args);
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { run: direct };
  let ids: string;
  try {
    ids = await exec('id', ['-u', 'postgres']).then(async (uid) => `${uid.trim()}:${(await exec('id', ['-g', 'postgres'])).trim()}`);
  } catch {
    return { skip: 'PostgreSQL tests skipped: running as root, where PostgreSQL refuses to start, and there is no `postgres` system user to own the cluster (the postgresql package creates it). Install it: ' + POSTGRES_INSTALL + ', or run the tests as an ordinary user' };
  }
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find(isExecutable);
  if (!runuser) return { skip: 'PostgreSQL tests skipped: running as root and no `runuser` to run the server as the postgres user (apt-get install util-linux), or run the tests as an ordinary user' };
  const [uid, gid] = ids.split(':').map(Number);
  return { uid, gid, run: (file, args) => exec(runuser, ['-u', 'postgres', '--', file, ...args]) };
}

function exec(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // cwd: a folder every user can enter (the postgres user may not enter the repository's).
    execFile(file, args, { cwd: '/', timeout: STEP_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the kernel's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function chownLike(file: string, like: string): void {
  const { uid, gid } = fs.statSync(like);
  if (process.getuid?.() === 0) fs.chownSync(file, uid, gid);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
