import fs from 'node:fs';
import path from 'node:path';
import { parseDocument, isMap } from 'yaml';
import { configSchema, configProblems, providerOptions, globBase, DEFAULTS } from './config-schema.ts';
import { checkSchema, formatPath } from './schema-problems.ts';
import { isPostgresUrl } from '../store/memory-url.ts';
import { GlossaryError, readGlossary, type ProjectGlossary } from '../glossary/read-glossary.ts';
import { glossaryTermsFor } from '../glossary/glossary-terms.ts';
import { describeConflict, mergeTargetGlossary } from '../glossary/target-glossary.ts';

export interface TargetConfig {
  locale: string;
  provider: string;
  /** Machine output must be reviewed before publication (check severity of `unreviewed`). */
  requireReview: boolean;
  /** Publish a bundle live even when a reviewed entry is stale (its source changed since review). */
  publishStale: boolean;
  /** Every other key of the target, checked against the provider's options schema: passed to the provider. */
  options: Record<string, unknown>;
}

export interface Config {
  /** Absolute path of the config file; relative paths below resolve against its folder. */
  file: string;
  root: string;
  sourceLocale: string;
  /** Glob of source articles, relative to `root`. */
  source: string;
  /** The folder the glob's articles are named relative to (the glob's static prefix). */
  sourceDir: string;
  locales: string;
  output: string;
  /**
   * The SQLite file of the translation memory (absolute). When `cache` is a URL (`memoryUrl`), the
   * file is not used: this path is `<config folder>/.cache/memory.sqlite`, and the workspace's own
   * files named after it (the lock `${cache}.lock`, the run manifest beside it) live in `.cache/`.
   */
  cache: string;
  /** `cache` as written when it is a `postgres://` URL: the shared memory (`store/open-memory.ts`; `TRANSLATE_MEMORY_URL` wins). */
  memoryUrl?: string;
  /** Front-matter fields that are translated. */
  fields: string[];
  targets: TargetConfig[];
  /**
   * The project glossary (`glossary:`), read and validated at load; absent without the key. Its
   * content is part of the config, so an edit invalidates the run manifest like any config change.
   */
  glossary?: ProjectGlossary;
  /** Problems that do not stop a command (e.g. a target's own glossary contradicting the project's): each command prints them once. */
  warnings: string[];
}

/** A config problem: exit code 2, before any work. `problems` are `path: message` lines. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid config\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(file: string): Config {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError(absolute, [`cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'}); pass --config FILE`]);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new ConfigError(absolute, doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`));
  if (!isMap(doc.contents)) throw new ConfigError(absolute, ['the config must be a YAML map']);
  return validateConfig(doc.toJS() as Record<string, unknown>, absolute);
}

/**
 * Check `raw` against the config schema (`config-schema.ts`) and the rules it cannot express; collect
 * every problem with its config path, then fail once (changesets-style).
 */
export function validateConfig(raw: Record<string, unknown>, file: string): Config {
  const root = path.dirname(file);
  const checked = checkSchema(configSchema, raw);
  const problems = [...(checked.ok ? [] : checked.problems), ...configProblems(raw, root, file)];
  if (!checked.ok || problems.length > 0) throw new ConfigError(file, problems.map((p) => `${formatPath(p.path)}: ${p.message}`));
  const config = checked.value;
  const source = config.source ?? DEFAULTS.source;
  let glossary: ProjectGlossary | undefined;
  if (config.glossary !== undefined) {
    try {
      glossary = readGlossary(path.resolve(root, config.glossary), config.glossary, Object.keys(config.targets));
    } catch (error) {
      if (!(error instanceof GlossaryError)) throw error;
      throw new ConfigError(file, error.problems.map((p) => `glossary: ${p}`));
    }
  }
  const targets: TargetConfig[] = Object.entries(config.targets).map(([locale, target]) => ({
    locale,
    provider: target.provider as string,
    requireReview: target.requireReview === true,
    publishStale: target.publishStale === true,
    // The target as written, minus the pipeline's keys (providers apply their own defaults).
    options: providerOptions((raw.targets as Record<string, Record<string, unknown>>)[locale]),
  }));
  return {
    file,
    root,
    sourceLocale: config.sourceLocale ?? DEFAULTS.sourceLocale,
    source,
    sourceDir: globBase(source),
    locales: path.resolve(root, config.locales ?? DEFAULTS.locales),
    output: path.resolve(root, config.output ?? DEFAULTS.output),
    ...memoryLocation(root, config.cache),
    fields: config.fields ?? [...DEFAULTS.fields],
    targets,
    ...(glossary ? { glossary } : {}),
    warnings: glossary ? glossaryWarnings(glossary, targets) : [],
  };
}

/** The SQLite file, or the URL of a shared memory with the workspace files in `<root>/.cache/`. */
function memoryLocation(root: string, cache: string | undefined): { cache: string; memoryUrl?: string } {
  if (cache !== undefined && isPostgresUrl(cache)) return { cache: path.resolve(root, DEFAULTS.cache), memoryUrl: cache.trim() };
  return { cache: path.resolve(root, cache ?? DEFAULTS.cache) };
}

/** Each target's own glossary entries that the project glossary answers differently, once each. */
function glossaryWarnings(glossary: ProjectGlossary, targets: readonly TargetConfig[]): string[] {
  const ignored = glossary.ignoredColumns.map((c) => `${glossary.file}:${c.line}: column "${c.name}" is not read: this config has no ${c.name} target (add one to use it, or ignore this if another config uses the column).`);
  return ignored.concat(targets.flatMap((target) => {
    const own = target.options.glossary;
    const dnt = target.options.doNotTranslate;
    const merged = mergeTargetGlossary(glossaryTermsFor(glossary, target.locale), {
      glossary: own !== null && typeof own === 'object' && !Array.isArray(own) ? (own as Record<string, string>) : undefined,
      doNotTranslate: Array.isArray(dnt) ? (dnt as string[]) : undefined,
    });
    return merged.conflicts.map((conflict) => describeConflict(conflict, target.locale, glossary.file));
  }));
}
