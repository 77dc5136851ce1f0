/**
 * `translate.config.yaml` as one schema: the top-level keys, and per target `provider`,
 * `requireReview`, `publishStale` plus that provider's own options (its schema in
 * `providers/`, selected by `provider`). Every object is strict: an unknown key is a problem, not a
 * provider option. `configProblems` adds the checks a schema cannot express (locales, folders).
 */
import path from 'node:path';
import * as z from 'zod';
import { PROVIDER_CONFIG, PROVIDER_NAMES } from '../providers/registry.ts';
import type { SchemaProblem } from './schema-problems.ts';
import { isPostgresUrl } from '../store/memory-url.ts';

const nonEmptyPath = (what: string) => z.string().min(1, `must not be empty: ${what}`);

/** One target: `provider` selects which options schema applies. */
export const targetSchema = z.discriminatedUnion(
  'provider',
  PROVIDER_NAMES.map((name) =>
    PROVIDER_CONFIG[name].options.extend({
      provider: z.literal(name),
      /** Machine output must be reviewed before publication (check severity of `unreviewed`). */
      requireReview: z.boolean().optional(),
      /** Publish a bundle live even when a reviewed entry is stale. */
      publishStale: z.boolean().optional(),
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

export const configSchema = z.strictObject({
  sourceLocale: z.string().min(1).optional(),
  source: nonEmptyPath('a glob of the articles, e.g. source/**/*.md').optional(),
  locales: nonEmptyPath('a folder for the locale files, e.g. locales').optional(),
  output: nonEmptyPath('a folder for the bundles, e.g. dist').optional(),
  /** The SQLite file of the translation memory, or a `postgres://` URL of a shared one (`store/open-memory.ts`). */
  cache: nonEmptyPath('a file for the translation memory, e.g. .cache/memory.sqlite, or a postgres:// URL of a shared one').optional(),
  fields: z.array(z.string().min(1)).optional(),
  /** The project glossary: a CSV file (`glossary/read-glossary.ts`), relative to the config file. */
  glossary: nonEmptyPath('a CSV file of terms, e.g. glossary.csv').optional(),
  targets: z.record(z.string(), targetSchema, {
    error: (iss) => `${iss.input === undefined ? 'missing: it must be' : 'must be'} a map of locale → { provider: ${PROVIDER_NAMES.join(' | ')}, … }`,
  }),
});

export type RawConfig = z.infer<typeof configSchema>;

export const DEFAULTS = {
  sourceLocale: 'id',
  source: 'source/**/*.md',
  locales: 'locales',
  output: 'dist',
  cache: '.cache/memory.sqlite',
  fields: ['title', 'description', 'summary'],
} as const;

/** Keys of a target that are the pipeline's, not the provider's. */
export const TARGET_KEYS = ['provider', 'requireReview', 'publishStale'] as const;

/**
 * What the schema cannot say: BCP 47 locales, no target in the source locale, at least one target,
 * provider checks that need the locale, and output folders that would clobber the project, the
 * sources or each other. Runs on the raw value (whatever parts of it have the right type), so one
 * load reports every problem.
 */
export function configProblems(raw: Record<string, unknown>, root: string, file?: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const sourceLocale = typeof raw.sourceLocale === 'string' ? raw.sourceLocale : raw.sourceLocale === undefined ? DEFAULTS.sourceLocale : undefined;
  if (sourceLocale !== undefined && sourceLocale !== '' && !isLocale(sourceLocale)) problems.push({ path: ['sourceLocale'], message: `"${sourceLocale}" is not a BCP 47 locale` });

  const targets = raw.targets;
  if (targets !== null && typeof targets === 'object' && !Array.isArray(targets)) {
    const entries = Object.entries(targets as Record<string, unknown>);
    if (entries.length === 0) problems.push({ path: ['targets'], message: 'list at least one target locale, e.g. en: { provider: deepl }' });
    for (const [locale, target] of entries) {
      if (!isLocale(locale)) problems.push({ path: ['targets', locale], message: `"${locale}" is not a BCP 47 locale` });
      else if (sourceLocale !== undefined && isLocale(sourceLocale) && canonical(locale) === canonical(sourceLocale))
        problems.push({ path: ['targets', locale], message: `a target cannot be the source locale (sourceLocale: ${sourceLocale})` });
      const problem = targetProblem(target, locale, root);
      if (problem) problems.push({ path: ['targets', locale], message: problem });
    }
  }

  problems.push(...folderProblems(raw, root, file));
  return problems;
}

/** The provider's own locale-dependent check, when the target's options are otherwise valid. */
function targetProblem(target: unknown, locale: string, configDir: string): string | undefined {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) return undefined;
  const { provider, ...rest } = target as Record<string, unknown>;
  const spec = typeof provider === 'string' ? PROVIDER_CONFIG[provider] : undefined;
  if (!spec?.checkTarget || !isLocale(locale)) return undefined;
  const options = providerOptions(rest);
  return spec.options.safeParse(options).success ? spec.checkTarget(options, locale, configDir) : undefined;
}

/** A target's keys minus the pipeline's own: what its provider receives. */
export function providerOptions(target: Record<string, unknown>): Record<string, unknown> {
  const options = { ...target };
  for (const key of TARGET_KEYS) delete options[key];
  return options;
}

/**
 * `locales`, `output` and `cache` must not be the project root, the source folder, or each other;
 * nor where the run would read its own output as articles or overwrite files it does not own:
 * `locales` and `output` not inside the folders the `source` glob reads nor inside each other;
 * `cache` (a file the memory recovery may move aside) not inside those folders, `locales` or
 * `output`, and not the config file itself.
 */
function folderProblems(raw: Record<string, unknown>, root: string, file?: string): SchemaProblem[] {
  const pathOf = (key: 'source' | 'locales' | 'output' | 'cache'): string | undefined => {
    const value = raw[key] === undefined ? DEFAULTS[key] : raw[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const source = pathOf('source');
  const sourceDir = source === undefined ? undefined : path.resolve(root, globBase(source));
  const shown = (resolved: string): string => path.relative(root, resolved) || '.';
  const problems: SchemaProblem[] = [];
  const seen: Array<{ key: string; resolved: string; refused: boolean }> = [];
  for (const key of ['locales', 'output', 'cache'] as const) {
    const value = pathOf(key);
    // A shared memory's URL is no path: nothing of the workspace can clash with it.
    if (value === undefined || (key === 'cache' && isPostgresUrl(value))) continue;
    const resolved = path.resolve(root, value);
    const given = raw[key] === undefined ? ` (the default "${value}")` : '';
    const own = `use a folder of its own, e.g. ${key}: ${DEFAULTS[key]}`;
    // Inside the source folder; when that is the project root (`source: '**/*.md'`), where the
    // glob reads (the cache file's folder, or the folder itself; `*.md` reads no subfolder).
    const readByGlob =
      source !== undefined &&
      sourceDir !== undefined &&
      (sourceDir !== root ? isInside(resolved, sourceDir) : globReaches(source, root, key === 'cache' ? path.dirname(resolved) : resolved));
    // A folder refused already (the root, the source folder) is not reported again as a container.
    const container = seen.find((other) => other.key !== 'cache' && !other.refused && isInside(resolved, other.resolved));
    const count = problems.length;
    if (resolved === root) problems.push({ path: [key], message: `"${value}"${given} resolves to the project root (the config file's folder); ${own}` });
    else if (resolved === sourceDir) problems.push({ path: [key], message: `"${value}"${given} resolves to the source folder ${shown(sourceDir)} (of source: ${source}); ${own}` });
    else if (key === 'cache' && file !== undefined && resolved === path.resolve(file))
      problems.push({ path: [key], message: `"${value}"${given} is the config file itself: the translation memory would replace it; use a file of its own, e.g. cache: ${DEFAULTS.cache}` });
    else {
      const clash = seen.find((other) => other.resolved === resolved);
      if (clash) problems.push({ path: [key], message: `"${value}"${given} is the same folder as ${clash.key}; give ${key} and ${clash.key} different paths` });
      else if (readByGlob) {
        const why = key === 'cache' ? 'the translation memory would sit among the articles (and could replace one)' : 'its files would be read back as articles and translated again on every run';
        const where = sourceDir === root ? `the project root, which source: ${source} reads` : `the source folder ${shown(sourceDir!)} (of source: ${source})`;
        const fix = sourceDir === root ? `give source a folder of its own (e.g. source: ${DEFAULTS.source})` : own;
        problems.push({ path: [key], message: `"${value}"${given} is inside ${where}: ${why}; ${fix}` });
      } else if (container) {
        const why = key === 'cache' ? `the translation memory would sit among the files the pipeline writes there (and could replace one)` : `the files of one would be taken for the other's`;
        problems.push({ path: [key], message: `"${value}"${given} is inside ${container.key} (${shown(container.resolved)}): ${why}; give ${key} a path outside ${container.key}` });
      }
    }
    // `locales` inside `output` is found when `output` comes after: check the other way round too.
    if (key === 'output' && problems.length === count) {
      const locales = seen.find((other) => other.key === 'locales');
      if (locales && !locales.refused && isInside(locales.resolved, resolved))
        problems.push({ path: ['locales'], message: `"${pathOf('locales')}" is inside output (${shown(resolved)}): the files of one would be taken for the other's; give locales a path outside output` });
    }
    seen.push({ key, resolved, refused: problems.length > count });
  }
  return problems;
}

/** `child` is strictly inside the folder `parent` (both absolute). */
function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
}

/**
 * Whether the glob (relative to `root`) can match a file in the folder `dir` or below it, as
 * fast-glob reads it (no `dot` option: `*` and `**` never enter a folder whose name starts with
 * a dot). Conservative: a segment with wildcards is taken to match any visible folder name, so
 * `source/*.md` does not reach `source/out` but `*\/*.md` reaches `dist`.
 */
export function globReaches(glob: string, root: string, dir: string): boolean {
  const relative = path.relative(root, dir);
  if (path.isAbsolute(relative)) return false;
  const folders = relative === '' ? [] : relative.split(path.sep);
  const parts = glob.replace(/^(\.\/)+/, '').split('/').filter((part) => part !== '.' && part !== '');
  for (let i = 0; i < folders.length; i++) {
    const part = parts[i];
    if (part === '**') return !folders.slice(i).some((folder) => folder.startsWith('.'));
    if (i >= parts.length - 1) return false; // the glob names its files before reaching `dir`
    if (!/[*?[\]{}!()@+]/.test(part)) {
      if (part !== folders[i]) return false;
    } else if (folders[i].startsWith('.')) return false;
  }
  return true;
}

export function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

function canonical(locale: string): string {
  return Intl.getCanonicalLocales(locale)[0];
}

/** The static folder prefix of a glob: `source/**\/*.md` → `source`. */
export function globBase(glob: string): string {
  const parts = glob.split('/');
  const stop = parts.findIndex((part) => /[*?[\]{}!]/.test(part));
  return parts.slice(0, stop === -1 ? parts.length - 1 : stop).join('/') || '.';
}
