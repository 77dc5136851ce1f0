/**
 * `npm run review -- approve|reject <lng> <article> [key…]`: record a reviewer's decision.
 * Exit codes: 0 ok; 1 the locale file is broken; 2 usage error (unknown locale, article or key);
 * 3 I/O failure (e.g. a translate run holds the workspace).
 */
import '../pipeline/cli/fresh-build.ts'; // first: a stale build/ runs the sources instead
import { parseArgs, UsageError } from '../pipeline/cli/parse-args.ts';
import { runCommand } from '../pipeline/cli/run-command.ts';
import { acquireLock } from '../pipeline/cli/workspace-lock.ts';
import type { ReviewAction } from '../pipeline/review/apply-review.ts';
// The rest loads after the flags are read: `--help` imports no parser, config schema or SQLite.

const HELP = `Usage: npm run review -- <approve|reject> <lng> <article> [key…] [--config FILE]

  approve   mark the current translation(s) reviewed: kept as they are, never overwritten;
            resolves stale entries (the source changed since the last review)
  reject    send the translation(s) back: the next \`npm run translate\` asks the provider again

<article> is the article's name as in locales/<lng>/ (e.g. putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara).
Without keys, the decision applies to every entry of the article.

Example: npm run review -- approve en putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara s-c650163704
`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, { values: ['config'], booleans: [] }, 'review');
  } catch (error) {
    process.stderr.write(`review: ${(error as Error).message}\n`);
    return 2;
  }
  if (args.flags.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const [action, locale, article, ...keys] = args.positionals;
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
        const { openSqliteMemory } = await import('../pipeline/store/sqlite-memory.ts');
        const memory = openSqliteMemory(config.cache, { onCorrupt: (warning) => process.stderr.write(`warning: ${warning}\n`) });
        memory.putMany(result.remembered);
        memory.close();
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

runCommand('review', main);
