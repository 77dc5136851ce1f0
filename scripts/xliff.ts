/**
 * `npm run xliff -- export|import`: hand a target's work to a translation agency as XLIFF and
 * take their translations back (issue 16).
 * Exit codes: 0 ok; 1 some units were refused or stale (import); 2 usage, config or a malformed
 * file; 3 I/O failure (a file cannot be written, a translate run holds the workspace).
 */
import '../pipeline/cli/fresh-build.ts'; // first: a stale build/ runs the sources instead
import { parseArgs, UsageError } from '../pipeline/cli/parse-args.ts';
import { runCommand } from '../pipeline/cli/run-command.ts';
// The rest loads after the flags are read: `--help` imports no parser, config schema or XML library.

const HELP = `Usage: npm run xliff -- export --locale LNG --out FILE [--version 2.1|1.2] [--only new,stale,machine,reviewed,all] [--config FILE] [--json]
       npm run xliff -- import FILE [--dry-run] [--config FILE] [--json]

  export   write one XLIFF file with the target's segments for a CAT tool (Trados, memoQ, OmegaT, Phrase)
  import   apply a translated XLIFF file to the locale files, as a reviewer's edits

npm run xliff -- export --help and npm run xliff -- import --help tell more.
`;

const EXPORT_HELP = `Usage: npm run xliff -- export --locale LNG --out FILE [--version 2.1|1.2] [--only LIST] [--config FILE] [--json]

Write the segments of every article for target LNG as one XLIFF file: one <file> per article
(original = its source path), one unit per segment (name/resname = its key), the inline markup as
XLIFF inline codes, the status as state, context, status and reviewer notes as notes, fuzzy memory
matches and machine suggestions as matches (2.1 mtc:match, 1.2 alt-trans).

  --locale LNG     the target locale (one of the config's targets)
  --out FILE       where to write the file (- : standard output); not inside the source, locales
                   or output folder, nor the config or memory file (exit 2). When no segment is
                   selected nothing is written (an XLIFF without units is not valid).
  --version V      2.1 (default) or 1.2 for older tools (Weblate, Translate Toolkit)
  --only LIST      which segments, comma-separated (default new,stale,machine: the work to do):
                     new       not translated yet, rejected by a reviewer, or holding stand-in
                               text (pseudo, identity: no translation) (no target)
                     stale     reviewed, but the source changed since (old target kept)
                     machine   machine translation (or of unknown origin), not reviewed
                     reviewed  reviewed translations (for a second opinion)
                     all       every segment
  --config FILE    default ./translate.config.yaml
  --json           a summary as one JSON object on standard output (not with --out -)

States: 2.1 segment@state initial (new, stale), translated (machine), reviewed;
1.2 target@state translated (machine), needs-review-translation (stale, unknown), signed-off (reviewed).

Example: npm run xliff -- export --locale en --out agency/en.xlf
`;

const IMPORT_HELP = `Usage: npm run xliff -- import FILE [--dry-run] [--config FILE] [--json]

Apply the translations of an XLIFF file (1.2 or 2.x, as exported by npm run xliff -- export and
edited in a CAT tool) to the target's locale files, as a reviewer's edits: a changed target is a
human translation, reviewed when the unit's state says so (2.x reviewed/final; 1.2 signed-off,
final or approved="yes"). Each unit's inline codes and markup are checked; units whose source no
longer matches the article are reported as stale and not applied; units whose state says not
translated (2.x initial or none, 1.2 new or needs-translation) are listed and not imported. A
reviewed entry is never overwritten when a reviewer changed or approved it since the export, or
when the file lost the export's record. Importing the same file again changes nothing.

  --dry-run        check and report only; write nothing
  --config FILE    default ./translate.config.yaml
  --json           the report as one JSON object on standard output

Exit codes: 0 all applied; 1 some units refused or stale (named with file, unit and line);
2 usage, config or malformed XLIFF (nothing written); 3 I/O failure or a run holds the workspace.
`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, { values: ['config', 'out', 'locale', 'version', 'only'], booleans: ['json', 'dry-run'] }, 'xliff');
  } catch (error) {
    process.stderr.write(`xliff: ${(error as Error).message}\n`);
    return 2;
  }
  const [action, ...rest] = args.positionals;
  if (args.flags.has('help')) {
    process.stdout.write(action === 'export' ? EXPORT_HELP : action === 'import' ? IMPORT_HELP : HELP);
    return 0;
  }
  const { describeFailure } = await import('../pipeline/cli/describe-failure.ts');
  try {
    if (action === 'export') return await exportCommand(args.values, args.flags, rest);
    if (action === 'import') return await importCommand(args.values, args.flags, rest);
    throw new UsageError(action === undefined ? 'expected export or import' : `unknown action "${action}": expected export or import`);
  } catch (error) {
    if (error instanceof UsageError && error.name === 'OutPathError') {
      process.stderr.write(`xliff: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`xliff: ${error.message}\n\n${action === 'export' ? EXPORT_HELP : action === 'import' ? IMPORT_HELP : HELP}`);
      return 2;
    }
    const { XmlFileError } = await import('../pipeline/exchange/parse-xml.ts');
    const { XliffExportError } = await import('../pipeline/exchange/xliff-export.ts');
    const { XliffImportError } = await import('../pipeline/exchange/xliff-import.ts');
    if (error instanceof XmlFileError || error instanceof XliffExportError || error instanceof XliffImportError) {
      process.stderr.write(`xliff: ${error.message}\n`);
      return 2;
    }
    const failure = describeFailure(error, { command: 'xliff', env: process.env });
    process.stderr.write(`${failure.message}\n`);
    return failure.exitCode;
  }
}

async function exportCommand(values: Record<string, string>, flags: Set<string>, extra: string[]): Promise<number> {
  if (extra.length > 0) throw new UsageError(`export takes no arguments (got ${extra.join(' ')})`);
  for (const flag of ['dry-run']) if (flags.has(flag)) throw new UsageError(`--${flag} is an import option`);
  if (!values.locale) throw new UsageError('export needs --locale LNG (the target to export)');
  if (!values.out) throw new UsageError('export needs --out FILE (- for standard output)');
  const version = values.version ?? '2.1';
  if (version !== '2.1' && version !== '1.2') throw new UsageError(`--version must be 2.1 or 1.2, got ${JSON.stringify(version)}`);
  const json = flags.has('json');
  if (json && values.out === '-') throw new UsageError('--json prints the summary on standard output; give --out a file');
  const { ONLY_CATEGORIES, DEFAULT_ONLY, checkTarget, exportXliff } = await import('../pipeline/exchange/xliff-export.ts');
  type Only = (typeof ONLY_CATEGORIES)[number];
  let only: readonly Only[] = DEFAULT_ONLY;
  if (values.only !== undefined) {
    const names = [...new Set(values.only.split(',').map((s) => s.trim()).filter(Boolean))];
    const unknown = names.filter((n) => n !== 'all' && !ONLY_CATEGORIES.includes(n as Only));
    if (names.length === 0 || unknown.length > 0) throw new UsageError(`--only takes ${[...ONLY_CATEGORIES, 'all'].join(', ')} (comma-separated), got ${JSON.stringify(values.only)}`);
    only = names.includes('all') ? ONLY_CATEGORIES : (names as Only[]);
  }
  const { loadConfig } = await import('../pipeline/config/load-config.ts');
  const config = loadConfig(values.config ?? 'translate.config.yaml');
  for (const warning of config.warnings) process.stderr.write(`warning: ${warning}\n`);
  checkTarget(config, values.locale);
  const { assertOutPath } = await import('../pipeline/exchange/out-path.ts');
  assertOutPath(config, values.out, process.cwd(), `agency/${values.locale}.xlf`);
  const started = performance.now();
  process.stderr.write(`exporting ${values.locale} (${only.join(', ')}) as XLIFF ${version}…\n`);
  const result = exportXliff(config, { locale: values.locale, version, only, warn: (message) => process.stderr.write(`warning: ${message}\n`) });
  if (result.units === 0) {
    // An XLIFF without <file> fails the OASIS schemas (and a 1.2 one names no target language): no file at all.
    process.stderr.write(`no units selected (${values.locale}: ${only.join(', ')}): nothing written${values.out === '-' ? '' : ` to ${values.out}`}; --only all exports every segment\n`);
    if (json) process.stdout.write(`${JSON.stringify({ file: values.out, locale: values.locale, version, only, articles: 0, units: 0, byStatus: result.byStatus, notMatched: 0, standIn: 0, written: false })}\n`);
    return 0;
  }
  if (values.out === '-') process.stdout.write(result.xml);
  else {
    // Through a temp file beside it and a rename: a killed export never leaves half a file for the agency.
    const fs = await import('node:fs');
    const { FileWriteError } = await import('../pipeline/util/write-file-atomic.ts');
    const temp = `${values.out}.${process.pid}.tmp`;
    try {
      fs.mkdirSync((await import('node:path')).dirname(values.out), { recursive: true });
      fs.writeFileSync(temp, result.xml);
      fs.renameSync(temp, values.out);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw new FileWriteError(values.out, error);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const counts = Object.entries(result.byStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const where = values.out === '-' ? 'standard output' : values.out;
  process.stderr.write(`${result.units} ${result.units === 1 ? 'unit' : 'units'} from ${result.articles} ${result.articles === 1 ? 'article' : 'articles'}${counts ? ` (${counts})` : ''} written to ${where} in ${seconds.toFixed(1)} s\n`);
  if (result.notMatched > 0) {
    process.stderr.write(`note: ${result.notMatched} ${result.notMatched === 1 ? 'translation has' : 'translations have'} markup that does not match the source's; sent without target, the text in a note\n`);
  }
  if (result.standIn > 0) {
    process.stderr.write(`note: ${result.standIn} ${result.standIn === 1 ? 'entry holds' : 'entries hold'} stand-in text (pseudo, identity), not a translation; sent as new work without target\n`);
  }
  if (json) {
    const summary = { file: values.out, locale: values.locale, version, only, articles: result.articles, units: result.units, byStatus: result.byStatus, notMatched: result.notMatched, standIn: result.standIn, written: true, bytes: Buffer.byteLength(result.xml) };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
  return 0;
}

async function importCommand(values: Record<string, string>, flags: Set<string>, extra: string[]): Promise<number> {
  if (extra.length !== 1) throw new UsageError(extra.length === 0 ? 'import needs the XLIFF FILE' : `import takes one FILE (got ${extra.join(' ')})`);
  for (const name of ['locale', 'out', 'version', 'only']) if (values[name] !== undefined) throw new UsageError(`--${name} is an export option`);
  const [file] = extra;
  const { loadConfig } = await import('../pipeline/config/load-config.ts');
  const config = loadConfig(values.config ?? 'translate.config.yaml');
  for (const warning of config.warnings) process.stderr.write(`warning: ${warning}\n`);
  const { importXliff } = await import('../pipeline/exchange/xliff-import.ts');
  const dryRun = flags.has('dry-run');
  const report = await importXliff(config, file, { dryRun, warn: (message) => process.stderr.write(`warning: ${message}\n`) });
  for (const stale of report.stale) process.stderr.write(`${report.file}:${stale.line}: unit ${stale.key} (${stale.article}): the article's source changed since the export; not applied (export again and translate the new sentence)\n`);
  for (const unit of report.untranslated.slice(0, 20)) process.stderr.write(`${report.file}:${unit.line}: unit ${unit.key} (${unit.article}): not imported: ${unit.reason}\n`);
  if (report.untranslated.length > 20) process.stderr.write(`… and ${report.untranslated.length - 20} more units not marked translated (--json lists them)\n`);
  for (const problem of report.problems) {
    const unit = problem.key ?? problem.unit;
    const where = [unit && `unit ${unit}`, problem.article && `(${problem.article})`].filter(Boolean).join(' ');
    process.stderr.write(`${report.file}:${problem.line}: ${where ? `${where}: ` : ''}${problem.message}\n`);
  }
  const saved = report.applied.filter((a) => a.action === 'saved');
  const approved = report.applied.length - saved.length;
  const reviewed = saved.filter((a) => a.status === 'reviewed').length;
  process.stderr.write(
    `${dryRun ? 'would save' : 'saved'} ${saved.length} ${saved.length === 1 ? 'translation' : 'translations'} in ${report.locale} (${reviewed} reviewed, ${saved.length - reviewed} unreviewed), ${dryRun ? 'would approve' : 'approved'} ${approved}; ${report.unchanged} unchanged, ${report.skipped} without target, ${report.untranslated.length} not marked translated, ${report.stale.length} stale, ${report.problems.length} refused\n`,
  );
  if (flags.has('json')) process.stdout.write(`${JSON.stringify({ ...report, dryRun })}\n`);
  return report.stale.length > 0 || report.problems.length > 0 ? 1 : 0;
}

runCommand('xliff', main);
