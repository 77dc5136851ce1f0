/**
 * `translate.config.yaml` as one schema: the top-level keys, and per target `provider`,
 * `requireReview`, `publishStale` plus that provider's own options (its schema in
 * `providers/`, selected by `provider`). Every object is strict: an unknown key is a problem, not a
 * provider option. `configProblems` adds the checks a schema cannot express (locales, folders).
 */
import path from 'node:path';
import { z } from 'zod';
import { PROVIDER_CONFIG, PROVIDER_NAMES } from '../providers/registry.ts';
import type { SchemaProblem } from './schema-problems.ts';

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
  cache: nonEmptyPath('a file for the translation memory, e.g. .cache/memory.sqlite').optional(),
  fields: z.array(z.string().min(1)).optional(),
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
export function configProblems(raw: Record<string, unknown>, root: string): SchemaProblem[] {
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
      const problem = targetProblem(target, locale);
      if (problem) problems.push({ path: ['targets', locale], message: problem });
    }
  }

  problems.push(...folderProblems(raw, root));
  return problems;
}

/** The provider's own locale-dependent check, when the target's options are otherwise valid. */
function targetProblem(target: unknown, locale: string): string | undefined {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) return undefined;
  const { provider, ...rest } = target as Record<string, unknown>;
  const spec = typeof provider === 'string' ? PROVIDER_CONFIG[provider] : undefined;
  if (!spec?.checkTarget || !isLocale(locale)) return undefined;
  const options = providerOptions(rest);
  return spec.options.safeParse(options).success ? spec.checkTarget(options, locale) : undefined;
}

/** A target's keys minus the pipeline's own: what its provider receives. */
export function providerOptions(target: Record<string, unknown>): Record<string, unknown> {
  const options = { ...target };
  for (const key of TARGET_KEYS) delete options[key];
  return options;
}

/** `locales`, `output` and `cache` must not be the project root, the source folder, or each other. */
function folderProblems(raw: Record<string, unknown>, root: string): SchemaProblem[] {
  const pathOf = (key: 'source' | 'locales' | 'output' | 'cache'): string | undefined => {
    const value = raw[key] === undefined ? DEFAULTS[key] : raw[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const source = pathOf('source');
  const sourceDir = source === undefined ? undefined : path.resolve(root, globBase(source));
  const problems: SchemaProblem[] = [];
  const seen: Array<{ key: string; resolved: string }> = [];
  for (const key of ['locales', 'output', 'cache'] as const) {
    const value = pathOf(key);
    if (value === undefined) continue;
    const resolved = path.resolve(root, value);
    const given = raw[key] === undefined ? ` (the default "${value}")` : '';
    if (resolved === root) problems.push({ path: [key], message: `"${value}"${given} resolves to the project root (the config file's folder); use a folder of its own, e.g. ${key}: ${DEFAULTS[key]}` });
    else if (resolved === sourceDir) problems.push({ path: [key], message: `"${value}"${given} resolves to the source folder ${path.relative(root, sourceDir) || '.'} (of source: ${source}); use a folder of its own, e.g. ${key}: ${DEFAULTS[key]}` });
    else {
      const clash = seen.find((other) => other.resolved === resolved);
      if (clash) problems.push({ path: [key], message: `"${value}"${given} is the same folder as ${clash.key}; give ${key} and ${clash.key} different paths` });
    }
    seen.push({ key, resolved });
  }
  return problems;
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
