/**
 * `npm run tm -- <subcommand>`: the translation memory as an exchange format.
 *   export --out FILE.tmx [--locale a,b]   the record's translations as TMX 1.4b
 *   import FILE.tmx [--origin NAME]         a TMX into the memory, as human translations
 *   migrate                                 create or migrate the memory's schema
 *   stats                                   entries per locale pair, provider and origin; size
 *   push [--from FILE.sqlite]               seed the shared (PostgreSQL) memory from a SQLite cache
 * Subcommands live in one table (`SUBCOMMANDS`): each has its flags, its help and its runner.
 * Exit codes: 0 ok; 2 usage, config or malformed file (FILE:LINE:COL); 3 I/O failure, memory or
 * workspace lock (a translate run holds it).
 */
import '../pipeline/cli/fresh-build.ts'; // first: a stale build/ runs the sources instead
import { parseArgs, UsageError, type ParsedArgs } from '../pipeline/cli/parse-args.ts';
import { runCommand } from '../pipeline/cli/run-command.ts';
// The rest loads when a subcommand runs: `--help` imports no parser, config schema or SQLite.

interface Subcommand {
  /** The overview's line: the subcommand's synopsis and what it does. */
  summary: [synopsis: string, does: string];
  /** `npm run tm -- NAME --help`. */
  help: string;
  values: string[];
  booleans: string[];
  run(args: ParsedArgs): Promise<number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  export: {
    summary: ['export --out FILE.tmx [--locale a,b]', 'the translations of the record as a TMX 1.4b memory'],
    help: `Usage: npm run tm -- export --out FILE.tmx [--locale a,b] [--config FILE] [--json]

Writes the workspace's translations (source articles, locale and state files) as TMX 1.4b for
CAT tools (Trados, memoQ, OmegaT, Phrase): one <tu> per distinct source sentence, a <tuv> per
language, inline markup as level-2 codes (<bpt>/<ept>/<ph> holding the markdown), and per target
<prop type="x-status"> reviewed | machine | unknown and <prop type="x-origin">.
Missing, rejected and stale entries and stand-in output (pseudo, identity) are left out.

  --out FILE.tmx   where to write (- for stdout); not inside the source, locales or output folder,
                   nor the config or memory file (exit 2). With nothing to export the file is
                   an empty (valid) TMX.
  --locale a,b     only these targets (default: every target)
  --json           print a summary object on stdout (units, per-locale counts, skipped)
`,
    values: ['config', 'out', 'locale'],
    booleans: ['json'],
    run: runExport,
  },
  import: {
    summary: ['import FILE.tmx [--origin NAME]', 'a TMX into the translation memory as human translations'],
    help: `Usage: npm run tm -- import FILE.tmx [--origin NAME] [--dry-run] [--overwrite] [--config FILE] [--json]

Loads a TMX (1.1–1.4b, level 1 or 2, any tool) into the translation memory (the config's cache) as
human translations, so the next \`npm run translate\` reuses exact matches (no provider call) and
notes near ones as \`# fuzzy N%:\` suggestions. Languages map to the config's locales
(en-US → en, in → id); inline codes keep their content (the original markup).
Left out and counted: units without the source language or without any target, empty segments,
other languages, and variants marked x-status machine/unknown (our own export's unreviewed text).
Repeated units: identical ones count once; conflicting ones: the later wins (reported with lines);
variants of one unit for the same language (en-US and en-GB) that differ are reported too.
An entry the memory holds with another translation is kept (reported as kept): the memory's
reviewed text wins over an imported file, unless --overwrite.
All or nothing: a malformed file stops with FILE:LINE:COL and exit 2, nothing stored.

  --origin NAME    the entries' origin in the memory (default tmx:<file name>)
  --dry-run        read and count, store nothing
  --overwrite      replace entries the memory holds with another translation
  --json           print the import report on stdout
`,
    values: ['config', 'origin'],
    booleans: ['json', 'dry-run', 'overwrite'],
    run: runImport,
  },
  migrate: {
    summary: ['migrate', "create or migrate the memory's schema (idempotent)"],
    help: `Usage: npm run tm -- migrate [--config FILE] [--json]

Creates the schema of the translation memory, or brings it to this pipeline's version; a second
run does nothing. The memory is TRANSLATE_MEMORY_URL, else the config's \`cache\`:
  a postgres:// URL  the shared memory: tables, the pg_trgm extension (created when missing and the
                     role may; else an administrator runs CREATE EXTENSION pg_trgm) and the version
                     table tm_schema_version, under a lock (several runners may start at once)
  a file             the SQLite memory, which migrates itself whenever it is opened; this opens it
A schema newer than this pipeline knows is refused and left unchanged (exit 2: update the
pipeline). The database unreachable or refusing the login: exit 3, the URL shown with its
password masked. Credentials come from the URL or the PG* variables (PGHOST, PGPORT, PGUSER,
PGPASSWORD, PGDATABASE); the password is never printed.

  --json           print {store, memory, from, to, applied} on stdout
`,
    values: ['config'],
    booleans: ['json'],
    run: async (args) => (await import('../pipeline/cli/tm-memory-commands.ts')).runMigrate(args),
  },
  stats: {
    summary: ['stats', 'entries per locale pair, provider and origin; the size'],
    help: `Usage: npm run tm -- stats [--config FILE] [--json]

Counts the translation memory's entries per locale pair, and within a pair per provider and
origin (e.g. tmx:agency.tmx for an import), and its size: for the shared memory (PostgreSQL) each
table with its indexes apart, and the claims runners hold now or left behind; for the SQLite
memory the file and its write-ahead log. Changes nothing in a shared memory (a database without
the schema yet says so: npm run tm -- migrate creates it); a SQLite file is migrated when opened.

  --json           print the figures as one object on stdout: store, memory (the URL with its
                   password masked, or the file), schemaVersion, total, pairs, entries
                   [{sourceLocale, targetLocale, provider, origin, count}], bytes, parts, claims
`,
    values: ['config'],
    booleans: ['json'],
    run: async (args) => (await import('../pipeline/cli/tm-memory-commands.ts')).runStats(args),
  },
  push: {
    summary: ['push [--from FILE.sqlite]', 'seed the shared memory (PostgreSQL) from a SQLite cache'],
    help: `Usage: npm run tm -- push [--from FILE.sqlite] [--overwrite] [--config FILE] [--json]

Copies every entry of a desk's SQLite memory into the shared memory (TRANSLATE_MEMORY_URL, else
the config's \`cache: postgres://…\`), so that other desks and CI runners reuse what it paid for.
In batches, each one transaction: an interrupted push keeps what it wrote, and a rerun adds only
the rest. Idempotent: an entry the shared memory holds with the same translation is unchanged
(nothing written; a second push adds 0); one it holds with another translation is kept as it is
there and counted, unless --overwrite. The schema is created when missing. Progress goes to
stderr every second for memories of more than 2,000 entries.

  --from FILE      the SQLite memory to copy (default: the config's SQLite file,
                   .cache/memory.sqlite beside the config when cache is a URL)
  --overwrite      replace translations the shared memory holds with this file's
  --json           print {from, to, read, added, unchanged, kept, overwritten, seconds} on stdout
`,
    values: ['config', 'from'],
    booleans: ['json', 'overwrite'],
    run: async (args) => (await import('../pipeline/cli/tm-memory-commands.ts')).runPush(args),
  },
};

const HELP = `Usage: npm run tm -- <subcommand> [options]   (npm run tm -- <subcommand> --help for its options)

${Object.values(SUBCOMMANDS)
  .map(({ summary: [synopsis, does] }) => `  ${synopsis.padEnd(40)}${does}`)
  .join('\n')}

Every subcommand takes --config FILE (default ./translate.config.yaml) and --json.
`;

async function main(argv: string[]): Promise<number> {
  const name = argv.find((arg) => !arg.startsWith('-'));
  const sub = name === undefined ? undefined : SUBCOMMANDS[name];
  if (!sub) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(HELP);
      return 0;
    }
    process.stderr.write(`tm: ${name === undefined ? 'expected a subcommand' : `unknown subcommand ${name}`}\n\n${HELP}`);
    return 2;
  }
  let args: ParsedArgs;
  try {
    args = parseArgs(argv.slice(argv.indexOf(name as string) + 1).concat(argv.slice(0, argv.indexOf(name as string))), { values: sub.values, booleans: sub.booleans }, `tm -- ${name}`);
  } catch (error) {
    process.stderr.write(`tm ${name}: ${(error as Error).message}\n`);
    return 2;
  }
  if (args.flags.has('help')) {
    process.stdout.write(sub.help);
    return 0;
  }
  try {
    return await sub.run(args);
  } catch (error) {
    return fail(error);
  }
}

/** Exit code and message of an error reaching a subcommand's top: a malformed file is a usage error (2). */
async function fail(error: unknown): Promise<number> {
  const { XmlFileError } = await import('../pipeline/exchange/parse-xml.ts');
  if (error instanceof XmlFileError) {
    // Only a well-formedness error is one xmllint reports too (not an entity declaration or an encoding we refuse).
    process.stderr.write(`tm: ${error.message}\nNothing was imported; fix the file${error.syntax ? ' (xmllint --noout FILE shows the same)' : ''} and rerun.\n`);
    return 2;
  }
  const { describeFailure } = await import('../pipeline/cli/describe-failure.ts');
  const failure = describeFailure(error, { command: 'tm', env: process.env });
  process.stderr.write(`${failure.message}\n`);
  return failure.exitCode;
}

async function runExport(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`export takes no arguments (got ${args.positionals.join(' ')}); see npm run tm -- export --help`);
  const out = args.values.out;
  if (!out) throw new UsageError('export needs --out FILE.tmx; see npm run tm -- export --help');
  const { loadConfig } = await import('../pipeline/config/load-config.ts');
  const { parseLocaleFlag } = await import('../pipeline/cli/locale-flag.ts');
  const { exportTm } = await import('../pipeline/exchange/tm-export.ts');
  const config = loadConfig(args.values.config ?? 'translate.config.yaml');
  const locales = parseLocaleFlag(args.values.locale, config, 'tm');
  const { assertOutPath } = await import('../pipeline/exchange/out-path.ts');
  assertOutPath(config, out, process.cwd(), 'memory-export.tmx');
  const result = exportTm(config, { locales, warn: (message) => process.stderr.write(`warning: ${message}\n`) });
  if (out === '-') process.stdout.write(result.xml);
  else {
    const { writeIfChanged } = await import('../pipeline/util/write-file-atomic.ts');
    writeIfChanged(out, result.xml);
  }
  const { xml: _xml, ...summary } = result;
  const perLocale = Object.entries(result.locales)
    .map(([locale, counts]) => `${locale}: ${counts.reviewed} reviewed, ${counts.machine} machine, ${counts.unknown} unknown`)
    .join('; ');
  const skipped = Object.entries(result.skipped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  process.stderr.write(
    `${result.units} ${result.units === 1 ? 'unit' : 'units'} written to ${out === '-' ? 'stdout' : out} (${perLocale || 'no targets'})` +
      `${skipped ? `; left out: ${skipped}` : ''}${result.alternatives ? `; ${result.alternatives} other translations of exported sentences left out` : ''}\n`,
  );
  // Unlike an XLIFF without units, a TMX with an empty <body/> is valid (the DTD allows no tu) and
  // imports as nothing: it is written, so the file always says what the record holds now.
  if (result.units === 0) process.stderr.write(`note: no translation to export${locales ? ` for ${locales.join(', ')}` : ''}: the file is an empty memory (valid TMX, no <tu>)\n`);
  if (args.flags.has('json') && out !== '-') process.stdout.write(`${JSON.stringify({ file: out, written: true, ...summary })}\n`);
  return 0;
}

async function runImport(args: ParsedArgs): Promise<number> {
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) throw new UsageError(`import takes one TMX file (got ${args.positionals.length}); see npm run tm -- import --help`);
  if (args.values.origin !== undefined && args.values.origin.trim() === '') throw new UsageError('--origin needs a name, e.g. --origin agency-2019');
  const { loadConfig } = await import('../pipeline/config/load-config.ts');
  const { acquireLock } = await import('../pipeline/cli/workspace-lock.ts');
  const { importTmx } = await import('../pipeline/exchange/tm-import.ts');
  const { openMemory } = await import('../pipeline/store/open-memory.ts');
  const config = loadConfig(args.values.config ?? 'translate.config.yaml');
  const dryRun = args.flags.has('dry-run');
  // The same lock as translate and review: the memory changes under no run.
  const release = dryRun ? () => {} : acquireLock(`${config.cache}.lock`, 'tm');
  let report;
  try {
    // The config's memory (a shared one when cache or TRANSLATE_MEMORY_URL is a postgres:// URL); a
    // dry run creates no SQLite file and moves no damaged one.
    const memory = await openMemory(config, { dryRun, onCorrupt: (warning) => process.stderr.write(`warning: ${warning}\n`) });
    try {
      report = await importTmx(config, file, memory, { origin: args.values.origin, dryRun, overwrite: args.flags.has('overwrite') });
    } finally {
      await memory.close();
    }
  } finally {
    release();
  }
  const stored = report.added + report.updated;
  const skipped = [
    report.skipped.noSource && `${report.skipped.noSource} without ${config.sourceLocale}`,
    report.skipped.noTarget && `${report.skipped.noTarget} without a target language`,
    report.skipped.machine && `${report.skipped.machine} machine`,
    report.skipped.unreviewed && `${report.skipped.unreviewed} unreviewed`,
    report.skipped.empty && `${report.skipped.empty} empty`,
    ...Object.entries(report.skipped.otherLanguages).map(([lang, n]) => `${n} ${lang}`),
  ].filter(Boolean);
  for (const conflict of report.conflicts) {
    const used = conflict.kept === conflict.lines[conflict.lines.length - 1] ? `the last (line ${conflict.kept})` : `line ${conflict.kept}`;
    const what = conflict.locale === config.sourceLocale ? `${conflict.locale} variants of one unit ("${conflict.source}" and others)` : `${conflict.locale} translations of "${conflict.source}"`;
    process.stderr.write(`warning: ${file}:${conflict.lines.join(',')}: ${what} differ; ${used} was kept\n`);
  }
  const perLocale = Object.entries(report.locales)
    .map(([locale, n]) => `${locale} ${n}`)
    .join(', ');
  process.stderr.write(
    `${report.units} units read from ${file} (${perLocale}): ${dryRun ? 'would store' : 'stored'} ${stored} (${report.added} new, ${report.updated} changed), ${report.unchanged} already in the memory` +
      `${report.kept ? `, ${report.kept} kept (the memory holds another translation; --overwrite replaces it)` : ''}` +
      `${report.duplicates ? `, ${report.duplicates} duplicates` : ''}${report.conflicts.length ? `, ${report.conflicts.length} conflicting` : ''}` +
      `${skipped.length ? `; left out: ${skipped.join(', ')}` : ''}; origin ${report.origin}\n`,
  );
  if (args.flags.has('json')) process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

runCommand('tm', main);
