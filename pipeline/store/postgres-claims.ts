/**
 * The claim protocol of the shared memory on PostgreSQL (`SegmentClaims`): a `tm_claim` row per
 * memory key about to be sent to a provider, with the runner and a lease expiry in server time (no
 * clock of a runner is trusted).
 *
 * - `claim`: one transaction. Keys with an entry are `answered`. The others are inserted with
 *   `INSERT … ON CONFLICT (key_hash) DO UPDATE … WHERE tm_claim.expires_at < now() OR it is ours
 *   RETURNING`: a free key, an expired claim (a crashed or stalled runner's) and our own claim are
 *   `granted`; a live claim of another runner is `held`. A second statement (a fresh snapshot) then
 *   moves granted keys whose entry was committed meanwhile (a runner storing it and deleting its
 *   claim between our two looks) to `answered`, and drops those claims: a key is never granted
 *   when its translation is already stored.
 * - `putMany` (in `postgres-memory.ts`) deletes the claims of the keys it stores, in the same
 *   transaction, and NOTIFYs; `release` deletes this runner's claims and NOTIFYs.
 * - `waitForChange` listens on a dedicated connection (LISTEN); a notification that arrived since
 *   this runner's last `claim` resolves it at once, so a put landing between a claim and the wait
 *   is never missed. Without a working LISTEN connection it falls back to polling (resolves after
 *   at most `POLL_MS`).
 *
 * What it guarantees: while a runner's lease is live, no other runner is granted the key; a runner
 * that stores a result before its lease runs out has been the only one to send it. A runner that
 * overruns its lease without renewing may be overtaken, and then both pay (at most once each).
 * Rows are locked in key order, so concurrent claims and puts do not deadlock.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { MemoryKey, SegmentClaims } from './translation-memory.ts';
import type { PostgresContext } from './postgres-connection.ts';
import { type HashedKey, hashKeys } from './postgres-keys.ts';

/** The longest a `waitForChange` waits without a LISTEN connection before the caller looks again (ms). */
export const POLL_MS = 500;

/** A runner identity: host, pid and a random part (two memories in one process are two runners). */
export function newRunnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export interface PostgresClaims extends SegmentClaims {
  /** End the LISTEN connection (the memory's `close` calls it). */
  close(): Promise<void>;
}

/** The claims of one runner on the memory of `context`. */
export function createPostgresClaims(context: PostgresContext, runner: string = newRunnerId()): PostgresClaims {
  let listener: pg.Client | undefined;
  let listening: Promise<boolean> | undefined;
  /** Notifications seen so far, and the count when `claim` last looked at the table. */
  let generation = 0;
  let seenAtClaim = 0;
  const waiters = new Set<() => void>();
  const wake = () => {
    generation++;
    for (const resolve of [...waiters]) resolve();
  };

  /** Start listening once; resolves false (poll) when the connection cannot be made or breaks. */
  const listen = (): Promise<boolean> => {
    if (listening) return listening;
    listening = (async () => {
      const client = new pg.Client(context.clientConfig);
      const broken = () => {
        // The connection broke: wake the waiters (they look again) and poll until the next attempt.
        if (listener === client) {
          listener = undefined;
          listening = undefined;
        }
        wake();
      };
      client.on('error', broken);
      client.on('end', broken);
      client.on('notification', (message) => {
        if (message.channel === context.channel && (message.payload ?? '') === context.payload) wake();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${context.channel}`);
        if (context.closed) {
          await client.end().catch(() => {});
          return false;
        }
        listener = client;
        return true;
      } catch {
        await client.end().catch(() => {});
        listening = undefined;
        return false;
      }
    })();
    return listening;
  };

  const claims: PostgresClaims = {
    runner,

    async claim(keys: MemoryKey[], leaseMs: number) {
      checkLease(leaseMs);
      const hashed = hashKeys(keys);
      if (hashed.unique.length === 0) return { granted: [], held: [], answered: [] };
      // Listen before looking, so that a change after this look wakes a later wait.
      await listen();
      seenAtClaim = generation;
      const unique = [...hashed.unique].sort((a, b) => Buffer.compare(a.hash, b.hash));
      const { granted, answered } = await context.transaction('claim', async (client) => {
        const inserted = await client.query<{ key_hash: Buffer }>(
          `INSERT INTO tm_claim (key_hash, provider, fingerprint, source_locale, target_locale, source, runner, expires_at)
           SELECT k.key_hash, k.provider, k.fingerprint, k.source_locale, k.target_locale, k.source, $7, now() + $8::double precision * interval '1 millisecond'
             FROM unnest($1::bytea[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                  WITH ORDINALITY AS k(key_hash, provider, fingerprint, source_locale, target_locale, source, n)
            WHERE NOT EXISTS (SELECT 1 FROM tm_entry e WHERE e.key_hash = k.key_hash)
            ORDER BY k.n
           ON CONFLICT (key_hash) DO UPDATE
              SET runner = EXCLUDED.runner, claimed_at = now(), expires_at = EXCLUDED.expires_at
            WHERE tm_claim.expires_at < now() OR tm_claim.runner = EXCLUDED.runner
           RETURNING key_hash`,
          [...columnsOf(unique), runner, leaseMs],
        );
        const grantedHashes = inserted.rows.map((row) => row.key_hash);
        // A fresh snapshot: entries committed since the first look are answered, not granted.
        const stored = await client.query<{ key_hash: Buffer }>('SELECT key_hash FROM tm_entry WHERE key_hash = ANY($1::bytea[])', [unique.map((key) => key.hash)]);
        const storedSet = new Set(stored.rows.map((row) => row.key_hash.toString('hex')));
        const late = grantedHashes.filter((hash) => storedSet.has(hash.toString('hex')));
        if (late.length > 0) await client.query('DELETE FROM tm_claim WHERE key_hash = ANY($1::bytea[]) AND runner = $2', [late, runner]);
        return { granted: new Set(grantedHashes.map((hash) => hash.toString('hex')).filter((hex) => !storedSet.has(hex))), answered: storedSet };
      });
      const result = { granted: [] as MemoryKey[], held: [] as MemoryKey[], answered: [] as MemoryKey[] };
      for (const [index, key] of keys.entries()) {
        const hex = hashed.byIndex[index].hex;
        (answered.has(hex) ? result.answered : granted.has(hex) ? result.granted : result.held).push(key);
      }
      return result;
    },

    async renew(keys: MemoryKey[], leaseMs: number) {
      checkLease(leaseMs);
      const { unique } = hashKeys(keys);
      if (unique.length === 0) return;
      await context.transaction('renew claims', (client) =>
        client.query(`UPDATE tm_claim SET expires_at = now() + $3::double precision * interval '1 millisecond' WHERE key_hash = ANY($1::bytea[]) AND runner = $2`, [
          sortedHashes(unique),
          runner,
          leaseMs,
        ]),
      );
    },

    async release(keys: MemoryKey[]) {
      const { unique } = hashKeys(keys);
      if (unique.length === 0 || context.closed) return;
      await context.transaction('release claims', async (client) => {
        const deleted = await client.query('DELETE FROM tm_claim WHERE key_hash = ANY($1::bytea[]) AND runner = $2', [sortedHashes(unique), runner]);
        if (deleted.rowCount) await client.query('SELECT pg_notify($1, $2)', [context.channel, context.payload]);
      });
    },

    async waitForChange(timeoutMs: number) {
      if (!(timeoutMs >= 0)) throw new RangeError(`waitForChange: timeoutMs must be a non-negative number, got ${timeoutMs}`);
      if (generation !== seenAtClaim) {
        seenAtClaim = generation;
        return;
      }
      const live = !context.closed && (await listen());
      const bound = live ? timeoutMs : Math.min(timeoutMs, POLL_MS);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, bound);
        waiters.add(done);
      });
      seenAtClaim = generation;
    },

    async close() {
      // `context.closed` is set first: a LISTEN connection still being made ends itself.
      const client = listener;
      listener = undefined;
      wake();
      if (client) await client.end().catch(() => {});
      else if (listening) await listening.catch(() => false);
    },
  };
  return claims;
}

function checkLease(leaseMs: number): void {
  if (!(Number.isFinite(leaseMs) && leaseMs > 0)) throw new RangeError(`claims: leaseMs must be a positive number of milliseconds, got ${leaseMs}`);
}

function sortedHashes(keys: readonly HashedKey[]): Buffer[] {
  return keys.map((key) => key.hash).sort(Buffer.compare);
}

/** The parallel arrays `unnest` takes, in the order of the INSERT's columns. */
function columnsOf(keys: readonly HashedKey[]): [Buffer[], string[], string[], string[], string[], string[]] {
  return [
    keys.map((key) => key.hash),
    keys.map((key) => key.key.provider),
    keys.map((key) => key.key.fingerprint),
    keys.map((key) => key.key.sourceLocale),
    keys.map((key) => key.key.targetLocale),
    keys.map((key) => key.key.source),
  ];
}
