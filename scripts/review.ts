/**
 * `npm run review -- approve|reject <lng> <article> [key…]`: record a reviewer's decision;
 * `serve`: the review page; `report`: the HTML report.
 * Exit codes: 0 ok; 1 the locale file is broken; 2 usage error (unknown locale, article or key, a
 * bad --port or --host); 3 I/O failure (e.g. a translate run holds the workspace, the port is in use).
 */
import '../pipeline/cli/fresh-build.ts'; // first: a stale build/ runs the sources instead
import { parseArgs, UsageError } from '../pipeline/cli/parse-args.ts';
import { runCommand } from '../pipeline/cli/run-command.ts';
import { acquireLock } from '../pipeline/cli/workspace-lock.ts';
import type { ReviewAction } from '../pipeline/review/apply-review.ts';
// The rest loads after the flags are read: `--help` imports no parser, config schema or SQLite.

const HELP = `Usage: npm run review -- approve|reject <lng> <article> [key…] [--config FILE]
       npm run review -- serve [--port N] [--host H] [--config FILE]
       npm run review -- report --out FILE.html [--locale a,b] [--since GIT_REF] [--config FILE]

  approve   mark the current translation(s) reviewed: kept as they are, never overwritten;
            resolves stale entries (the source changed since the last review)
  reject    send the translation(s) back: the next \`npm run translate\` asks the provider again
  serve [--port N] [--host H]
            start the review page (default http://127.0.0.1:<free port>/; first line on stdout:
            listening http://HOST:PORT/); edit, save, approve and reject in the browser. Ctrl-C stops it.
            --port: 0 to 65535 in decimal (0: a free port); a port in use exits 3.
            --host: default 127.0.0.1; any other address warns (other machines can reach the page)
  report --out FILE.html [--locale a,b] [--since GIT_REF]
            write one self-contained HTML page: per article and target, source and translation
            side by side, status, stale diffs; --since: only segments changed since that commit

<article> is the article's name as in locales/<lng>/ (e.g. putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara).
Without keys, the decision applies to every entry of the article.

Example: npm run review -- approve en putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara s-c650163704
`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, { values: ['config', 'out', 'locale', 'since', 'port', 'host'], booleans: [] }, 'review');
  } catch (error) {
    process.stderr.write(`review: ${(error as Error).message}\n`);
    return 2;
  }
  if (args.flags.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const [action, locale, article, ...keys] = args.positionals;
  if (action === 'serve') return serve(args.values, args.positionals.slice(1));
  if (action === 'report') return report(args.values, args.positionals.slice(1));
  if ((action !== 'approve' && action !== 'reject') || !locale || !article) {
    process.stderr.write(`review: expected approve|reject <lng> <article> [key…]\n\n${HELP}`);
    return 2;
  }
  const { describeFailure } = await import('../pipeline/cli/describe-failure.ts');
  try {
    const { loadConfig } = await import('../pipeline/config/load-config.ts');
    const { applyReview } = await import('../pipeline/review/apply-review.ts');
    const { segmentSentences } = await import('../pipeline/segmenter/segment-sentences.ts');
    const config = loadConfig(args.values.config ?? 'translate.config.yaml');
    if (action === 'reject' && keys.length === 0) throw new UsageError('reject needs the keys to send back (rejecting a whole article is rarely meant)');
    // The same lock as translate: a review must not interleave with a run writing the same files.
    const release = acquireLock(`${config.cache}.lock`, 'review');
    let result;
    try {
      result = applyReview(config, action as ReviewAction, locale, article, keys, segmentSentences);
      if (result.remembered.length > 0) {
        // The memory is a cache: a damaged file is moved aside and rebuilt, with a warning.
        const { openMemory } = await import('../pipeline/store/open-memory.ts');
        const memory = await openMemory(config, { onCorrupt: (warning) => process.stderr.write(`warning: ${warning}\n`) });
        try {
          await memory.putMany(result.remembered);
        } finally {
          await memory.close();
        }
      }
    } finally {
      release();
    }
    const verb = action === 'approve' ? 'approved' : 'rejected (retranslated by the next `npm run translate`)';
    process.stderr.write(`${result.changed.length} ${result.changed.length === 1 ? 'entry' : 'entries'} ${verb} in ${result.localeFile}\n`);
    return 0;
  } catch (error) {
    const failure = describeFailure(error, { command: 'review', env: process.env });
    process.stderr.write(`${failure.message}\n`);
    return failure.exitCode;
  }
}

/** `report --out FILE.html [--locale a,b] [--since REF]` (pipeline/review/write-report.ts); exit codes as above. */
async function report(values: Record<string, string>, extra: string[]): Promise<number> {
  const { describeFailure } = await import('../pipeline/cli/describe-failure.ts');
  try {
    if (extra.length > 0) throw new UsageError(`report takes no arguments (got ${extra.join(' ')}); see npm run review -- --help`);
    if (!values.out) throw new UsageError('report needs --out FILE.html; see npm run review -- --help');
    const { loadConfig } = await import('../pipeline/config/load-config.ts');
    const { parseLocaleFlag } = await import('../pipeline/cli/locale-flag.ts');
    const { writeReport } = await import('../pipeline/review/write-report.ts');
    const config = loadConfig(values.config ?? 'translate.config.yaml');
    const result = await writeReport(config, { out: values.out, locales: parseLocaleFlag(values.locale, config, 'review'), since: values.since });
    process.stderr.write(`${result.rows} ${result.rows === 1 ? 'segment' : 'segments'} in ${result.sections} article × target ${result.sections === 1 ? 'section' : 'sections'} written to ${values.out}\n`);
    return 0;
  } catch (error) {
    const failure = describeFailure(error, { command: 'review', env: process.env });
    process.stderr.write(`${failure.message}\n`);
    return failure.exitCode;
  }
}

/** `serve`: the review server until SIGINT/SIGTERM (exit 0), or a start-up failure (its exit code). */
async function serve(values: Record<string, string>, extra: string[]): Promise<number> {
  if (extra.length > 0) {
    process.stderr.write(`review: serve takes no arguments (got ${extra.join(' ')}); see npm run review -- --help\n`);
    return 2;
  }
  const port = values.port === undefined ? 0 : /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`review: --port must be a whole number from 0 to 65535 in decimal (0: a free port), got ${JSON.stringify(values.port)}\n`);
    return 2;
  }
  if (values.host !== undefined && values.host.trim() === '') {
    process.stderr.write('review: --host needs a name or address (default 127.0.0.1)\n');
    return 2;
  }
  const { describeFailure } = await import('../pipeline/cli/describe-failure.ts');
  let server;
  try {
    const { loadConfig } = await import('../pipeline/config/load-config.ts');
    const { segmentSentences } = await import('../pipeline/segmenter/segment-sentences.ts');
    const { startReviewServer } = await import('../pipeline/review/server/start-server.ts');
    const config = loadConfig(values.config ?? 'translate.config.yaml');
    server = await startReviewServer(config, { host: values.host, port, split: segmentSentences, warn: (message) => process.stderr.write(`${message}\n`) });
  } catch (error) {
    const { ListenError } = await import('../pipeline/review/server/listen-error.ts');
    if (error instanceof ListenError) {
      process.stderr.write(`review: ${error.message}\n`);
      return error.exitCode;
    }
    const failure = describeFailure(error, { command: 'review', env: process.env });
    process.stderr.write(`${failure.message}\n`);
    return failure.exitCode;
  }
  process.stdout.write(`listening ${server.url}\n`);
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write('review server stopped\n');
  return 0;
}

runCommand('review', main);
