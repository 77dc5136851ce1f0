/**
 * The operations of `npm run tm` on the memory itself (issue 17): `migrate` (create or migrate the
 * schema), `stats` (entries per locale pair, provider and origin; size) and `push` (seed the shared
 * PostgreSQL memory from a SQLite cache). Each runner takes the parsed arguments, writes its report
 * (stderr for people, one JSON object on stdout with --json) and returns the exit code.
 *
 * The memory is the config's: `TRANSLATE_MEMORY_URL` wins, else a `cache: postgres://…` URL (the
 * shared memory), else the SQLite file (`store/open-memory.ts` decides). A URL is only ever shown
 * with its password masked, in reports and in errors.
 * Exit codes: 0 ok; 2 usage or config error, or a schema newer than this pipeline; 3 the database
 * unreachable, login refused or lost (the message names the masked URL and the fix), file errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Config, loadConfig } from '../config/load-config.ts';
import { formatCount } from '../util/format-count.ts';
import { isPostgresUrl, scrubPassword } from '../store/memory-url.ts';
import { sharedMemoryUrl } from '../store/open-memory.ts';
import { type MemoryStats, emptyMemoryStats, formatMemoryStats, postgresMemoryStats, sqliteMemoryStats } from '../store/memory-stats.ts';
import { UsageError, type ParsedArgs } from './parse-args.ts';

/** The flags every memory operation takes. */
interface Common {
  config: Config;
  /** The shared memory's URL (never printed as is), or undefined for the SQLite file. */
  url: string | undefined;
  json: boolean;
}

function common(args: ParsedArgs, name: string): Common {
  if (args.positionals.length > 0) throw new UsageError(`${name} takes no arguments (got ${args.positionals.join(' ')}); see npm run tm -- ${name} --help`);
  const config = loadConfig(args.values.config ?? 'translate.config.yaml');
  return { config, url: sharedMemoryUrl(config), json: args.flags.has('json') };
}

/** A path for messages: relative to the working folder when inside it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * Run `work`; a schema newer than this pipeline (either store) is exit 2 with its message (the fix
 * is updating the pipeline, not the database); any other error is rethrown with the URL's password
 * scrubbed from its message (the stores already mask it; this is the last guard).
 */
async function guarded(command: string, url: string | undefined, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && url) error.message = scrubPassword(error.message, url);
    if ((error as { code?: unknown } | null)?.code === 'MEMORY_NEWER_SCHEMA') {
      process.stderr.write(`tm ${command}: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

/** `tm migrate`: create or bring the schema to this pipeline's version; idempotent. */
export async function runMigrate(args: ParsedArgs): Promise<number> {
  const { config, url, json } = common(args, 'migrate');
  return guarded('migrate', url, async () => {
    let report: { store: 'postgres' | 'sqlite'; memory: string; from: number; to: number; applied: number[]; note?: string };
    if (url) {
      const { openPostgresMemory } = await import('../store/postgres-memory.ts');
      const memory = await openPostgresMemory(url, { migrate: true, poolSize: 1 });
      await memory.close();
      report = { store: 'postgres', memory: memory.target, ...memory.migration };
    } else {
      const { openSqliteMemory } = await import('../store/sqlite-memory.ts');
      const memory = openSqliteMemory(config.cache);
      await memory.close();
      const { from, to } = memory.migration;
      report = {
        store: 'sqlite',
        memory: shown(config.cache),
        from,
        to,
        applied: from === to ? [] : [to],
        note: 'the SQLite memory migrates itself whenever it is opened (translate does it too); this opened it',
      };
    }
    const what =
      report.from === report.to
        ? `schema version ${report.to} is current; nothing to do`
        : report.from === 0
          ? `schema version ${report.to} created`
          : `schema migrated from version ${report.from} to ${report.to}`;
    process.stderr.write(`${report.memory}: ${what}${report.store === 'sqlite' ? ` (${report.note})` : ''}\n`);
    if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  });
}

/** `tm stats`: entries per locale pair, provider and origin, and the size; changes nothing in a PostgreSQL memory. */
export async function runStats(args: ParsedArgs): Promise<number> {
  const { config, url, json } = common(args, 'stats');
  return guarded('stats', url, async () => {
    let stats: MemoryStats;
    if (url) {
      const { openPostgresMemory } = await import('../store/postgres-memory.ts');
      // Read only: no schema is created by asking for statistics (a newer one is still refused).
      const memory = await openPostgresMemory(url, { migrate: false, poolSize: 1 });
      try {
        stats =
          memory.migration.to === 0
            ? emptyMemoryStats('postgres', memory.target, 'no translation memory in this database yet: npm run tm -- migrate creates it (translate and push do too)')
            : postgresMemoryStats(await memory.stats());
      } finally {
        await memory.close();
      }
    } else if (!fs.existsSync(config.cache)) {
      stats = emptyMemoryStats('sqlite', shown(config.cache), 'no memory file yet: the first npm run translate creates it');
    } else {
      const { openSqliteMemory } = await import('../store/sqlite-memory.ts');
      const memory = openSqliteMemory(config.cache);
      try {
        stats = sqliteMemoryStats(await memory.stats(), shown(config.cache));
      } finally {
        await memory.close();
      }
    }
    if (json) process.stdout.write(`${JSON.stringify(stats)}\n`);
    else process.stdout.write(formatMemoryStats(stats));
    return 0;
  });
}

/** Entries per look-up and write in `tm push`. */
const PUSH_BATCH = 2_000;
/** Progress lines at most this often (ms), for memories of more than one batch. */
const PROGRESS_EVERY_MS = 1_000;

/** `tm push`: copy a SQLite memory into the shared one, idempotently (`exchange/tm-push.ts`). */
export async function runPush(args: ParsedArgs): Promise<number> {
  const { config, url, json } = common(args, 'push');
  if (!url) {
    throw new UsageError(
      `push needs a shared memory to copy into: set \`cache: postgres://user@host:5432/db\` in ${shown(config.file)} or TRANSLATE_MEMORY_URL (see "A shared memory for several desks" in the README)`,
    );
  }
  const fromFlag = args.values.from;
  if (fromFlag !== undefined && isPostgresUrl(fromFlag)) throw new UsageError('--from names a SQLite memory file (e.g. .cache/memory.sqlite); push copies from it into the shared memory');
  const from = fromFlag === undefined ? config.cache : path.resolve(fromFlag);
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) {
    throw new UsageError(`no SQLite memory at ${shown(from)}: ${fromFlag === undefined ? 'the config has none yet; name one with --from FILE.sqlite' : 'check --from'}`);
  }
  return guarded('push', url, async () => {
    const { openSqliteMemory } = await import('../store/sqlite-memory.ts');
    const { openPostgresMemory } = await import('../store/postgres-memory.ts');
    const { pushMemory } = await import('../exchange/tm-push.ts');
    const source = openSqliteMemory(from);
    try {
      const total = (await source.stats()).entries.reduce((sum, row) => sum + row.count, 0);
      const target = await openPostgresMemory(url, { poolSize: 1 });
      const started = Date.now();
      let lastProgress = started;
      try {
        const counts = await pushMemory(source.entries(PUSH_BATCH), target, {
          batchSize: PUSH_BATCH,
          overwrite: args.flags.has('overwrite'),
          onBatch(progress) {
            const now = Date.now();
            if (total <= PUSH_BATCH || (now - lastProgress < PROGRESS_EVERY_MS && progress.read < total)) return;
            lastProgress = now;
            process.stderr.write(`push: ${formatCount(progress.read)} of ${formatCount(total)} entries (${Math.floor((progress.read / total) * 100)}%): ${formatCount(progress.added)} added, ${formatCount(progress.unchanged)} unchanged, ${formatCount(progress.kept + progress.overwritten)} different\n`);
          },
        });
        const seconds = (Date.now() - started) / 1000;
        const different = args.flags.has('overwrite')
          ? `${formatCount(counts.overwritten)} overwritten (the shared memory held another translation)`
          : counts.kept > 0
            ? `${formatCount(counts.kept)} kept (the shared memory holds another translation of them; --overwrite replaces it)`
            : '0 kept';
        process.stderr.write(
          `Pushed ${formatCount(counts.read)} entries from ${shown(from)} to ${target.target}: ${formatCount(counts.added)} added, ${formatCount(counts.unchanged)} unchanged, ${different} (${seconds.toFixed(1)} s)\n`,
        );
        if (json) process.stdout.write(`${JSON.stringify({ from: shown(from), to: target.target, ...counts, seconds })}\n`);
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
    return 0;
  });
}
