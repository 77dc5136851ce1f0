/**
 * `npm run check`: the CI gate for missing, stale and broken translations. Reads only.
 * Exit codes: 0 ready (warnings allowed); 1 problems at error severity; 2 usage or config error;
 * 3 I/O failure (a file that cannot be read).
 */
import '../pipeline/cli/fresh-build.ts'; // first: a stale build/ runs the sources instead
import { once } from 'node:events';
import { parseArgs, UsageError } from '../pipeline/cli/parse-args.ts';
import { runCommand } from '../pipeline/cli/run-command.ts';
import { RULES } from '../pipeline/check/rule-info.ts';
// Everything else loads after the arguments are read (`import()`: separate chunks in build/), so
// `--help` and usage errors print without loading the config schema, the parser or the rules.

const HELP = `Usage: npm run check -- [options]

Check every target's locale files against the Indonesian sources: missing, stale and orphaned
keys, broken files and plural forms, unreviewed or pseudo text, and QA of each translation
(placeholders, markup, links, figures, URLs, glossary, untranslated text, length, punctuation).
Reads only; needs no API key.

Options:
  --config FILE        config file (default ./translate.config.yaml)
  --locale a,b         only these target locales
  --json               { ok, problems: [{ rule, severity, locale, file, line, key, message }] } on stdout
  --format FORMAT      text (default), json, or github (GitHub Actions annotations)
  -h, --help           show this help

Rules:
${Object.entries(RULES).map(([id, r]) => `  ${id.padEnd(18)} ${r.severity.padEnd(8)} ${r.description}`).join('\n')}

Exit codes: 0 ready to publish (warnings allowed), 1 problems at error severity, 2 usage/config error,
3 I/O failure.
`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, { values: ['config', 'locale', 'format'], booleans: ['json'] }, 'check');
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"; see npm run check -- --help`);
  } catch (error) {
    process.stderr.write(`check: ${(error as Error).message}\n`);
    return 2;
  }
  if (args.flags.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const format = args.flags.has('json') ? 'json' : (args.values.format ?? 'text');
  if (!['text', 'json', 'github'].includes(format)) {
    process.stderr.write(`check: --format ${format} is unknown (use text, json or github)\n`);
    return 2;
  }
  const { loadConfig, ConfigError } = await import('../pipeline/config/load-config.ts');
  let config;
  try {
    config = loadConfig(args.values.config ?? 'translate.config.yaml');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  for (const warning of config.warnings) process.stderr.write(`${config.file}: warning: ${warning}\n`);
  const { parseLocaleFlag } = await import('../pipeline/cli/locale-flag.ts');
  let locales: string[] | undefined;
  try {
    locales = parseLocaleFlag(args.values.locale, config, 'check');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`check: ${error.message}\n`);
    return 2;
  }
  const targets = config.targets.filter((t) => !locales || locales.includes(t.locale));
  const [{ baseLanguage }, { streamCheckInParallel }, { githubChunks, jsonChunks, textChunks }] = await Promise.all([
    import('../pipeline/check/unit.ts'),
    import('../pipeline/check/parallel-check.ts'),
    import('../pipeline/check/format-report.ts'),
  ]);
  // Language identification only where a target can be told from Indonesian (its database is read on the first question).
  const detect = targets.some((t) => !['id', 'ms'].includes(baseLanguage(t.locale)));
  // Diagnostics beyond a run wait, sorted, in temporary files (removed when the report is written or closed).
  const report = await streamCheckInParallel(config, { locales }, { detect });
  try {
    // Written in pieces of about a megabyte: a large report is never one string.
    const chunks = format === 'json' ? jsonChunks(report) : format === 'github' ? githubChunks(report) : textChunks(report);
    let piece = '';
    for (const chunk of chunks) {
      piece += chunk;
      if (piece.length < 1 << 20) continue;
      if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
      piece = '';
    }
    process.stdout.write(piece);
  } finally {
    report.close();
  }
  return report.ok ? 0 : 1;
}

runCommand('check', main);
