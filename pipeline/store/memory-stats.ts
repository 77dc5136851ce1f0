/**
 * What `npm run tm -- stats` reports about a translation memory, whichever store holds it: entries
 * per locale pair, provider and origin, and the space the memory takes (PostgreSQL: each table and
 * its indexes; SQLite: the file and its write-ahead log). Pure functions over the stores' own
 * statistics (`PostgresMemory.stats`, `SqliteMemory.stats`), and the human-readable form.
 */
import { formatCount } from '../util/format-count.ts';
import type { PostgresMemoryStats } from './postgres-memory.ts';
import type { SqliteMemoryStats } from './sqlite-memory.ts';

/** One group of entries: a locale pair, the provider that keys them and their origin (the provider unless stored otherwise). */
export interface MemoryStatsRow {
  sourceLocale: string;
  targetLocale: string;
  provider: string;
  origin: string;
  count: number;
}

/** `tm stats --json`. Sizes in bytes. */
export interface MemoryStats {
  store: 'postgres' | 'sqlite';
  /** The memory as shown to people: the URL with its password masked, or the SQLite file. */
  memory: string;
  /** The schema version the memory has (0: none yet). */
  schemaVersion: number;
  /** All entries. */
  total: number;
  /** Entries per locale pair, most first. */
  pairs: Array<{ sourceLocale: string; targetLocale: string; count: number }>;
  /** Entries per locale pair, provider and origin, most first. */
  entries: MemoryStatsRow[];
  /** The whole size: every table with its indexes, or the file with its write-ahead log. */
  bytes: number;
  /** Where the bytes are: PostgreSQL tables (`bytes` = table with TOAST + indexes), or SQLite files. */
  parts: Array<{ name: string; bytes: number; tableBytes?: number; indexBytes?: number }>;
  /** PostgreSQL only: claims held now (`live`) and left by runners that stopped (`expired`). */
  claims?: { live: number; expired: number };
  /** Said when the memory does not exist yet (no file, no schema), with the command that creates it. */
  note?: string;
}

/** The report of a PostgreSQL memory (`memory` is `stats.target`, already masked). */
export function postgresMemoryStats(stats: PostgresMemoryStats): MemoryStats {
  const parts = stats.tables.map((table) => ({ name: table.name, bytes: table.bytes, tableBytes: table.tableBytes, indexBytes: table.indexBytes }));
  return {
    store: 'postgres',
    memory: stats.target,
    schemaVersion: stats.schemaVersion,
    ...totals(stats.entries),
    bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
    parts,
    claims: stats.claims,
  };
}

/** The report of a SQLite memory; `memory` names the file for people (e.g. relative to the working folder). */
export function sqliteMemoryStats(stats: SqliteMemoryStats, memory: string): MemoryStats {
  return {
    store: 'sqlite',
    memory,
    schemaVersion: stats.schemaVersion,
    ...totals(stats.entries),
    bytes: stats.files.reduce((sum, file) => sum + file.bytes, 0),
    parts: stats.files.map((file) => ({ name: file.name, bytes: file.bytes })),
  };
}

/** The report of a memory that does not exist yet: nothing in it, and `note` says how it comes to be. */
export function emptyMemoryStats(store: MemoryStats['store'], memory: string, note: string): MemoryStats {
  return { store, memory, schemaVersion: 0, total: 0, pairs: [], entries: [], bytes: 0, parts: [], note };
}

function totals(rows: MemoryStatsRow[]): Pick<MemoryStats, 'total' | 'pairs' | 'entries'> {
  const pairs = new Map<string, { sourceLocale: string; targetLocale: string; count: number }>();
  for (const row of rows) {
    const id = `${row.sourceLocale}\u0000${row.targetLocale}`;
    const pair = pairs.get(id) ?? { sourceLocale: row.sourceLocale, targetLocale: row.targetLocale, count: 0 };
    pair.count += row.count;
    pairs.set(id, pair);
  }
  return {
    total: rows.reduce((sum, row) => sum + row.count, 0),
    pairs: [...pairs.values()].sort((a, b) => b.count - a.count || a.sourceLocale.localeCompare(b.sourceLocale) || a.targetLocale.localeCompare(b.targetLocale)),
    entries: rows.map((row) => ({ ...row })),
  };
}

/** `1536` → `1.5 kB`, `5_400_000` → `5.1 MB` (powers of 1,024, as `pg_size_pretty` and `du -h`). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * The report for people: a heading line (memory, store, schema, entries, size), a line per locale
 * pair with its providers and origins below, the sizes and (PostgreSQL) the claims.
 */
export function formatMemoryStats(stats: MemoryStats): string {
  const kind = stats.store === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const lines = [`${stats.memory} (${kind}, schema version ${stats.schemaVersion}): ${formatCount(stats.total)} ${stats.total === 1 ? 'entry' : 'entries'}, ${formatBytes(stats.bytes)}`];
  if (stats.note) lines.push(`  ${stats.note}`);
  const width = Math.max(8, ...stats.entries.map((row) => row.provider.length));
  for (const pair of stats.pairs) {
    lines.push(`  ${pair.sourceLocale} → ${pair.targetLocale}: ${formatCount(pair.count)}`);
    for (const row of stats.entries.filter((r) => r.sourceLocale === pair.sourceLocale && r.targetLocale === pair.targetLocale)) {
      lines.push(`    ${row.provider.padEnd(width)}  ${formatCount(row.count).padStart(9)}${row.origin === row.provider ? '' : `  origin ${row.origin}`}`);
    }
  }
  if (stats.parts.length > 0) {
    const parts = stats.parts.map((part) =>
      part.tableBytes === undefined ? `${part.name} ${formatBytes(part.bytes)}` : `${part.name} ${formatBytes(part.bytes)} (table ${formatBytes(part.tableBytes)}, indexes ${formatBytes(part.indexBytes ?? 0)})`,
    );
    lines.push(`  size: ${parts.join('; ')}`);
  }
  if (stats.claims) lines.push(`  claims: ${formatCount(stats.claims.live)} held now, ${formatCount(stats.claims.expired)} expired (left by stopped runners; taken over when needed)`);
  return `${lines.join('\n')}\n`;
}
