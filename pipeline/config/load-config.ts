import fs from 'node:fs';
import path from 'node:path';
import { parseDocument, isMap } from 'yaml';
import { PROVIDER_NAMES } from '../providers/registry.ts';

export interface TargetConfig {
  locale: string;
  provider: string;
  /** Machine output must be reviewed before publication (check severity of `unreviewed`). */
  requireReview: boolean;
  /** Publish a bundle live even when a reviewed entry is stale (its source changed since review). */
  publishStale: boolean;
  /** Every other key of the target: passed to the provider. */
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
  cache: string;
  /** Front-matter fields that are translated. */
  fields: string[];
  targets: TargetConfig[];
}

/** A config problem: exit code 2, before any work. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid config\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const KNOWN_KEYS = new Set(['sourceLocale', 'source', 'locales', 'output', 'cache', 'fields', 'targets']);

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

/** Collect every problem with its config path, then fail once (changesets-style). */
export function validateConfig(raw: Record<string, unknown>, file: string): Config {
  const problems: string[] = [];
  const root = path.dirname(file);
  for (const key of Object.keys(raw)) if (!KNOWN_KEYS.has(key)) problems.push(`${key}: unknown key (known: ${[...KNOWN_KEYS].join(', ')})`);
  const str = (key: string, fallback: string) => {
    const value = raw[key] ?? fallback;
    if (typeof value !== 'string' || value === '') problems.push(`${key}: must be a non-empty string`);
    return String(value);
  };
  const sourceLocale = str('sourceLocale', 'id');
  if (!isLocale(sourceLocale)) problems.push(`sourceLocale: "${sourceLocale}" is not a BCP 47 locale`);
  const source = str('source', 'source/**/*.md');
  const fields = raw.fields ?? ['title', 'description', 'summary'];
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) problems.push('fields: must be a list of front-matter field names');
  const targets: TargetConfig[] = [];
  const rawTargets = raw.targets;
  if (rawTargets === undefined || rawTargets === null || typeof rawTargets !== 'object' || Array.isArray(rawTargets)) {
    problems.push('targets: must be a map of locale → { provider: deepl | apertium | pseudo | identity, … }');
  } else {
    for (const [locale, value] of Object.entries(rawTargets as Record<string, unknown>)) {
      const where = `targets.${locale}`;
      if (!isLocale(locale)) problems.push(`${where}: "${locale}" is not a BCP 47 locale`);
      if (locale === sourceLocale) problems.push(`${where}: a target cannot be the source locale`);
      const options = value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : null;
      if (!options) {
        problems.push(`${where}: must be a map with at least "provider"`);
        continue;
      }
      const provider = options.provider;
      if (typeof provider !== 'string' || !PROVIDER_NAMES.includes(provider)) {
        problems.push(`${where}.provider: "${String(provider)}" is not a provider (use one of: ${PROVIDER_NAMES.join(', ')})`);
      }
      const requireReview = options.requireReview ?? false;
      if (typeof requireReview !== 'boolean') problems.push(`${where}.requireReview: must be true or false`);
      const publishStale = options.publishStale ?? false;
      if (typeof publishStale !== 'boolean') problems.push(`${where}.publishStale: must be true or false`);
      delete options.provider;
      delete options.requireReview;
      delete options.publishStale;
      targets.push({ locale, provider: String(provider), requireReview: requireReview === true, publishStale: publishStale === true, options });
    }
    if (targets.length === 0) problems.push('targets: list at least one target locale');
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return {
    file,
    root,
    sourceLocale,
    source,
    sourceDir: globBase(source),
    locales: path.resolve(root, str('locales', 'locales')),
    output: path.resolve(root, str('output', 'dist')),
    cache: path.resolve(root, str('cache', '.cache/memory.sqlite')),
    fields: fields as string[],
    targets,
  };
}

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** The static folder prefix of a glob: `source/**\/*.md` → `source`. */
function globBase(glob: string): string {
  const parts = glob.split('/');
  const stop = parts.findIndex((part) => /[*?[\]{}!]/.test(part));
  return parts.slice(0, stop === -1 ? parts.length - 1 : stop).join('/') || '.';
}
