/**
 * `npm run translate`: Indonesian articles → locale files (reviewed in pull requests) → bundles.
 * Exit codes: 0 ok; 1 bad input or work left undone; 2 usage or config error; 3 provider or I/O failure.
 */
import '../pipeline/cli/fresh-build.ts'; // first: a stale build/ runs the sources instead
import path from 'node:path';
import type { TargetConfig } from '../pipeline/config/load-config.ts';
import { parseArgs, UsageError } from '../pipeline/cli/parse-args.ts';
import { runCommand } from '../pipeline/cli/run-command.ts';
import { acquireLock } from '../pipeline/cli/workspace-lock.ts';
import { createLogger } from '../pipeline/cli/progress-logger.ts';
import { PROVIDER_NAMES } from '../pipeline/providers/provider-names.ts';
import type { Usage } from '../pipeline/run/quota-guard.ts';
// Everything else is imported where it is first needed: `--help` and a no-op rerun load no
// markdown parser, no SQLite driver and no provider client (the bundle keeps them in lazy chunks).

const HELP = `Usage: npm run translate -- [options]

Split the Indonesian articles (config "source") into sentence segments, translate only what is new
(translation memory first, then the target's provider), write locales/<lng>/<article>.yaml for
reviewers and the publication bundles dist/<lng>/<article>.md and .yaml.

Options:
  --config FILE      config file (default ./translate.config.yaml)
  --locale a,b       only these target locales
  --provider NAME    use this provider for every target in this run (${PROVIDER_NAMES.join(', ')})
  --dry-run          plan and cost only: segments and characters that would be billed, tokens and
                     cost estimated for llm targets; calls no provider, writes nothing
  --analysis         with --dry-run: the leverage report per target (segments, words, characters
                     as context match (101%), 100%, fuzzy 95–99/85–94/75–84/50–74%, repetitions,
                     no match), over every article, counted against the memory and the locale files
  --allow-partial    start even when the estimate exceeds the DeepL quota or a target's budget
  --json             one JSON summary object on stdout (human output stays on stderr)
  -h, --help         show this help

Environment: DEEPL_AUTH_KEY (DeepL API key), DEEPL_SERVER_URL (another DeepL-compatible server),
OPENAI_API_KEY (llm targets), OPENAI_BASE_URL (an OpenAI-compatible server: Azure, Ollama, vLLM…).
Exit codes: 0 ok, 1 bad input or work left undone, 2 usage/config error, 3 provider or I/O failure.
`;

async function main(argv: string[]): Promise<number> {
  const log = createLogger();
  let args;
  try {
    args = parseArgs(argv, { values: ['config', 'locale', 'provider'], booleans: ['dry-run', 'json', 'allow-partial', 'analysis'] }, 'translate');
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"; see npm run translate -- --help`);
    if (args.flags.has('analysis') && !args.flags.has('dry-run') && !args.flags.has('help')) throw new UsageError('--analysis needs --dry-run (the analysis plans, it translates nothing)');
  } catch (error) {
    log.info(`translate: ${(error as Error).message}`);
    return 2;
  }
  if (args.flags.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const { loadConfig, ConfigError } = await import('../pipeline/config/load-config.ts');
  const { parseLocaleFlag } = await import('../pipeline/cli/locale-flag.ts');
  let config;
  try {
    config = loadConfig(args.values.config ?? 'translate.config.yaml');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.info(error.message);
    return 2;
  }
  for (const warning of config.warnings) log.warn(`${config.file}: ${warning}`);
  let locales: string[] | undefined;
  try {
    locales = parseLocaleFlag(args.values.locale, config, 'translate');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    log.info(`translate: ${error.message}`);
    return 2;
  }
  const provider = args.values.provider;
  if (provider !== undefined && !PROVIDER_NAMES.includes(provider)) {
    log.info(`translate: --provider ${provider} is unknown (use one of: ${PROVIDER_NAMES.join(', ')})`);
    return 2;
  }
  const { PROVIDERS, overrideProblem } = await import('../pipeline/providers/registry.ts');
  // The config (provider options included) was checked when it was loaded; an override provider
  // still has to be able to serve each target (e.g. a locale DeepL cannot translate into, llm
  // without a model).
  for (const target of config.targets.filter((t) => provider !== undefined && (!locales || locales.includes(t.locale)))) {
    const problem = overrideProblem(provider!, target.options, target.locale, config.root);
    if (problem) {
      log.info(`translate: --provider ${provider} cannot serve target ${target.locale}: ${problem}`);
      return 2;
    }
  }
  // The project glossary was read with the config, once; each target's terms are taken once.
  const { glossaryTermsFor } = await import('../pipeline/glossary/glossary-terms.ts');
  const glossaries = new Map(config.targets.map((t) => [t.locale, glossaryTermsFor(config.glossary, t.locale)]));
  const providerContext = (target: TargetConfig) => ({
    options: { ...target.options, locale: target.locale },
    env: process.env,
    cacheDir: path.dirname(config.cache),
    glossary: glossaries.get(target.locale) ?? [],
    configDir: config.root,
  });
  const dryRun = args.flags.has('dry-run');
  let release = () => {};
  try {
    if (!dryRun) release = acquireLock(`${config.cache}.lock`, 'translate');
  } catch (error) {
    const { describeFailure } = await import('../pipeline/cli/describe-failure.ts');
    const failure = describeFailure(error, { command: 'translate', env: process.env });
    log.info(failure.message);
    return failure.exitCode; // another run holds the workspace
  }
  const { openMemory, describeMemory } = await import('../pipeline/store/open-memory.ts');
  // The memory is a cache: a damaged SQLite file is moved aside and rebuilt, with a warning. A dry
  // run writes and moves nothing: no memory yet → an empty one in process memory (none is created);
  // a damaged one stays where it is and an empty one stands in, with a warning. The SQLite file is
  // opened when first consulted (a run with nothing to look up never touches it); a shared memory
  // (a postgres:// URL) is connected to now.
  let rebuilt = false;
  let memory: Awaited<ReturnType<typeof openMemory>>;
  try {
    memory = await openMemory(config, {
      dryRun,
      onCorrupt: (warning) => {
        rebuilt = true;
        log.warn(warning);
      },
    });
  } catch (error) {
    release();
    const { describeFailure } = await import('../pipeline/cli/describe-failure.ts');
    const failure = describeFailure(error, { command: 'translate', env: process.env });
    log.info(failure.message);
    return failure.exitCode;
  }
  const { segmentSentences } = await import('../pipeline/segmenter/segment-sentences.ts');
  const { runTranslate } = await import('../pipeline/run/translate-run.ts');
  const { formatSummary } = await import('../pipeline/run/format-summary.ts');
  const { providerHint } = await import('../pipeline/run/provider-hint.ts');
  const { attachQuota, budgetRefusal, plannedCharacters, quotaRefusal } = await import('../pipeline/run/quota-guard.ts');
  const deps = {
    memory,
    split: segmentSentences,
    log,
    memoryRebuilt: () => rebuilt,
    async createProvider(name: string, target: TargetConfig) {
      const factory = await PROVIDERS[name]();
      return factory(providerContext(target));
    },
  };
  // Billing targets with a key: check the quota before sending (and report it in a dry run).
  const billed = config.targets.filter((t) => (provider ?? t.provider) === 'deepl' && (!locales || locales.includes(t.locale)));
  const checkQuota = billed.length > 0 && Boolean(process.env.DEEPL_AUTH_KEY) && (dryRun || !args.flags.has('allow-partial'));
  try {
    let usage: Usage | undefined;
    const readUsage = async () => (await import('../pipeline/providers/deepl/get-usage.ts')).getDeepLUsage(providerContext(billed[0]));
    if (checkQuota && dryRun) usage = await readUsage();
    // Targets with a spending limit (`budget`, e.g. an llm target with `pricing`): estimated before sending.
    const checkBudget = !dryRun && !args.flags.has('allow-partial') && config.targets.some((t) => (!locales || locales.includes(t.locale)) && t.options.budget !== undefined);
    if ((checkQuota && !dryRun) || checkBudget) {
      // Plan first (memory hits cost nothing); ask DeepL only when something would be billed.
      const plan = await runTranslate(config, { locales, provider, dryRun: true }, { ...deps, log: { ...log, progress() {} } });
      const estimate = plannedCharacters(plan, billed.map((t) => t.locale));
      const refusal = budgetRefusal(plan) ?? (checkQuota && estimate > 0 ? quotaRefusal(estimate, await readUsage()) : undefined);
      if (refusal) {
        log.info(`translate: ${refusal}`);
        // The plan, with the refusal as its error, for machines reading --json.
        if (args.flags.has('json')) process.stdout.write(`${JSON.stringify({ ...plan, exitCode: 3, errors: [...plan.errors, { file: path.relative(config.root, config.file), code: 'refused-to-start', message: refusal }] }, null, 2)}\n`);
        return 3;
      }
    }
    const summary = await runTranslate(config, { locales, provider, dryRun, analysis: args.flags.has('analysis') }, deps);
    if (usage && dryRun) attachQuota(summary, billed.map((t) => t.locale), usage);
    // A plan over a target's budget: the real run will refuse to start; say so now.
    const overBudget = dryRun ? budgetRefusal(summary) : undefined;
    if (overBudget) summary.warnings.push({ file: path.relative(config.root, config.file), code: 'over-budget', message: `the real run would refuse to start: ${overBudget}` });
    log.info(formatSummary(summary));
    const hint = providerHint(summary);
    if (hint) log.info(hint);
    if (args.flags.has('json')) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return summary.exitCode;
  } catch (error) {
    // Provider, write (read-only folder, full disk) or unexpected failures: one message, no stack.
    const { describeFailure } = await import('../pipeline/cli/describe-failure.ts');
    const failure = describeFailure(error, { command: 'translate', memory: describeMemory(config), env: process.env });
    log.info(failure.message);
    return failure.exitCode;
  } finally {
    await memory.close();
    release();
  }
}

runCommand('translate', main);
