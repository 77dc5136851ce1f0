/**
 * The config is validated by one schema at load time, in every command: unknown keys (also inside a
 * target, against the provider's own options), wrong types, invalid choices and empty paths are
 * errors with their config path and, for a typo, the nearest known name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, loadConfig, validateConfig, type Config } from '../pipeline/config/load-config.ts';
import { editDistance, nearest } from '../pipeline/config/schema-problems.ts';
import { parseLocaleFlag } from '../pipeline/cli/locale-flag.ts';
import { UsageError } from '../pipeline/cli/parse-args.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { PROVIDERS, PROVIDER_CONFIG } from '../pipeline/providers/registry.ts';
import { PROVIDER_NAMES } from '../pipeline/providers/provider-names.ts';

const FILE = path.join(os.tmpdir(), 'jfid-config-test', 'translate.config.yaml');

/** The problems of a config that must not load. */
function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    validateConfig(raw, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(FILE);
    return (error as ConfigError).problems;
  }
  return expect.unreachable('the config must be rejected');
}

const withTarget = (locale: string, target: Record<string, unknown>) => ({ ...DEFAULT_CONFIG, targets: { [locale]: target } });

describe('provider names', () => {
  it('the list --help shows (loaded without the registry) names exactly the registered providers', () => {
    expect(Object.keys(PROVIDERS).sort()).toEqual([...PROVIDER_NAMES].sort());
    expect(Object.keys(PROVIDER_CONFIG).sort()).toEqual([...PROVIDER_NAMES].sort());
  });
});

describe('config schema: unknown keys are errors with a suggestion', () => {
  it.each([
    ['en', { provider: 'deepl', requireReveiw: true }, 'targets.en.requireReveiw', 'requireReview'],
    ['en', { provider: 'deepl', targetcode: 'EN-GB' }, 'targets.en.targetcode', 'targetCode'],
    ['en', { provider: 'deepl', doNotTranslat: ['jfid'] }, 'targets.en.doNotTranslat', 'doNotTranslate'],
    ['ms', { provider: 'apertium', moed: 'server' }, 'targets.ms.moed', 'mode'],
    ['en', { provider: 'pseudo', publishStail: true }, 'targets.en.publishStail', 'publishStale'],
    ['en', { provider: 'llm', model: 'gpt-4o-mini', styleGuid: 'style.md' }, 'targets.en.styleGuid', 'styleGuide'],
    ['en', { provider: 'llm', model: 'gpt-4o-mini', batchSegmnets: 5 }, 'targets.en.batchSegmnets', 'batchSegments'],
  ])('%s %j → %s (did you mean %s)', (locale, target, where, suggestion) => {
    const problems = problemsOf(withTarget(locale, target));
    expect(problems).toEqual([`${where}: unknown key (did you mean "${suggestion}"?)`]);
  });

  it('requireReveiw: true no longer turns the review gate off silently', () => {
    expect(() => validateConfig(withTarget('en', { provider: 'deepl', requireReveiw: true }), FILE)).toThrow(ConfigError);
  });

  it('an option of another provider is unknown for this one', () => {
    expect(problemsOf(withTarget('ms', { provider: 'apertium', formality: 'more' }))).toEqual([expect.stringMatching(/^targets\.ms\.formality: unknown key/)]);
    expect(problemsOf(withTarget('en', { provider: 'pseudo', mode: 'command' }))).toEqual([expect.stringMatching(/^targets\.en\.mode: unknown key/)]);
    // `locale` is the pipeline's, added when a provider is created; a config cannot set it.
    expect(problemsOf(withTarget('en', { provider: 'deepl', locale: 'de' }))).toEqual([expect.stringMatching(/^targets\.en\.locale: unknown key/)]);
  });

  it('top-level keys: a typo gets the nearest key, an unrelated key the list of known ones', () => {
    const problems = problemsOf({ ...DEFAULT_CONFIG, outptu: 'dist', frobnicate: 1 });
    expect(problems).toContain('outptu: unknown key (did you mean "output"?)');
    expect(problems).toContain('frobnicate: unknown key (known keys: sourceLocale, source, locales, output, cache, fields, glossary, targets)');
  });
});

describe('config schema: types, choices and empty paths', () => {
  it('an unknown provider suggests the nearest one', () => {
    expect(problemsOf(withTarget('en', { provider: 'depl' }))).toEqual([
      'targets.en.provider: "depl" is not a provider (did you mean "deepl"? use one of: deepl, apertium, llm, pseudo, identity)',
    ]);
    expect(problemsOf(withTarget('en', {}))).toEqual(['targets.en.provider: missing (use one of: deepl, apertium, llm, pseudo, identity)']);
  });

  it('wrong types and invalid choices name the path, the expectation and the value found', () => {
    const problems = problemsOf({
      ...DEFAULT_CONFIG,
      fields: 'title',
      targets: {
        en: { provider: 'deepl', requireReview: 'yes', concurrency: '2', contextStrategy: 'document', formality: 'formall' },
        ms: { provider: 'apertium', mode: 'sever', batchSize: 0 },
        de: null,
      },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'fields: must be a list, got "title"',
        'targets.en.requireReview: must be true or false, got "yes"',
        'targets.en.concurrency: must be a number, got "2"',
        'targets.en.contextStrategy: must be one of "sentence", "paragraph", got "document"',
        'targets.en.formality: must be one of "default", "more", "less", "prefer_more", "prefer_less", got "formall"',
        'targets.ms.mode: must be one of "command", "server", got "sever" (did you mean "server"?)',
        'targets.ms.batchSize: must be ≥ 1, got 0',
        'targets.de: must be a map, got an empty value (null)',
      ]),
    );
  });

  it.each(['output', 'locales', 'cache', 'source'])('%s: "" is an error, not the project root', (key) => {
    expect(problemsOf({ ...DEFAULT_CONFIG, [key]: '' })).toEqual([expect.stringMatching(new RegExp(`^${key}: must not be empty`))]);
  });

  it('locales, output and cache must not be the project root, the source folder or each other', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, output: '.' })).toEqual([expect.stringMatching(/^output: "\." resolves to the project root/)]);
    expect(problemsOf({ ...DEFAULT_CONFIG, locales: './' })).toEqual([expect.stringMatching(/^locales: "\.\/" resolves to the project root/)]);
    expect(problemsOf({ ...DEFAULT_CONFIG, output: 'source/' })).toEqual([expect.stringMatching(/^output: "source\/" resolves to the source folder source/)]);
    expect(problemsOf({ ...DEFAULT_CONFIG, locales: 'out', output: 'out' })).toEqual(['output: "out" is the same folder as locales; give output and locales different paths']);
    expect(problemsOf({ ...DEFAULT_CONFIG, output: 'dist', cache: './dist' })).toEqual(['cache: "./dist" is the same folder as output; give cache and output different paths']);
    // A default counts too: `output: locales` collides with the default `locales`.
    const { locales: _omit, ...withoutLocales } = DEFAULT_CONFIG;
    expect(problemsOf({ ...withoutLocales, output: 'locales' })).toEqual(['output: "locales" is the same folder as locales; give output and locales different paths']);
  });

  it('keeps the semantic checks: BCP 47 locales, no target in the source locale, at least one target, DeepL formality per target', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, sourceLocale: 'not a locale' })).toEqual(['sourceLocale: "not a locale" is not a BCP 47 locale']);
    expect(problemsOf(withTarget('id', { provider: 'pseudo' }))).toEqual(['targets.id: a target cannot be the source locale (sourceLocale: id)']);
    expect(problemsOf({ ...DEFAULT_CONFIG, targets: {} })).toEqual(['targets: list at least one target locale, e.g. en: { provider: deepl }']);
    expect(problemsOf(withTarget('en', { provider: 'deepl', formality: 'more' }))).toEqual([expect.stringMatching(/^targets\.en: DeepL does not support formality for EN-US/)]);
    expect(problemsOf(withTarget('tlh', { provider: 'deepl' }))).toEqual([expect.stringMatching(/^targets\.tlh: DeepL cannot translate into 'tlh'/)]);
    expect(() => validateConfig(withTarget('de', { provider: 'deepl', formality: 'more' }), FILE)).not.toThrow();
  });

  it('collects every problem of a file in one error naming the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-config-'));
    const file = path.join(dir, 'translate.config.yaml');
    fs.writeFileSync(file, stringify({ ...DEFAULT_CONFIG, output: '', targets: { en: { provider: 'deepl', requireReveiw: true }, ms: { provider: 'apertium', moed: 'server' } } }));
    let error: ConfigError | undefined;
    try {
      loadConfig(file);
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.file).toBe(file);
    expect(error!.problems).toHaveLength(3);
    expect(error!.message).toContain(`${file}: invalid config`);
    expect(error!.message).toContain('  - targets.ms.moed: unknown key (did you mean "mode"?)');
  });
});

describe('config schema: everything documented still loads', () => {
  it('a config with every DeepL and Apertium option and every target key', () => {
    const deepl = {
      provider: 'deepl',
      requireReview: true,
      publishStale: true,
      serverUrl: 'http://127.0.0.1:3000',
      concurrency: 4,
      contextStrategy: 'paragraph',
      contextChars: 0,
      targetCode: 'EN-GB',
      formality: 'prefer_less',
      glossary: { 'Dewan Perwakilan Rakyat': 'House of Representatives' },
      doNotTranslate: ['jfid', 'Kompas'],
      maxRetries: 1,
      minTimeout: 500,
      retries: 2,
      retryDelayMs: 10,
      maxRetryDelayMs: 100,
    };
    const apertium = { provider: 'apertium', mode: 'server', pair: 'ind-zlm', command: 'apertium', dataDir: '/usr/share/apertium', url: 'http://127.0.0.1:2737', batchSize: 50, batchBytes: 4000, concurrency: 2, timeoutMs: 30000 };
    const config: Config = validateConfig(
      {
        sourceLocale: 'id',
        source: 'articles/**/*.{md,mdx}',
        locales: 'i18n',
        output: 'public/translations',
        cache: '.cache/tm.sqlite',
        fields: ['title', 'summary'],
        targets: { en: deepl, de: { provider: 'deepl', formality: 'more' }, ms: apertium, fr: { provider: 'pseudo' }, 'id-ID': { provider: 'identity' } },
      },
      FILE,
    );
    const { provider: _p, requireReview: _r, publishStale: _s, ...deeplOptions } = deepl;
    expect(config.targets[0]).toEqual({ locale: 'en', provider: 'deepl', requireReview: true, publishStale: true, options: deeplOptions });
    const { provider: _a, ...apertiumOptions } = apertium;
    expect(config.targets.find((t) => t.locale === 'ms')).toEqual({ locale: 'ms', provider: 'apertium', requireReview: false, publishStale: false, options: apertiumOptions });
    expect(config.targets.map((t) => t.provider)).toEqual(['deepl', 'deepl', 'apertium', 'pseudo', 'identity']);
    expect(config.output).toBe(path.join(path.dirname(FILE), 'public/translations'));
  });

  it('the repository config and the defaults load', () => {
    expect(loadConfig(fileURLToPath(new URL('../translate.config.yaml', import.meta.url))).targets.map((t) => t.locale)).toEqual(['en', 'ms']);
    const config = validateConfig({ targets: { en: { provider: 'pseudo' } } }, FILE);
    expect(config).toMatchObject({ sourceLocale: 'id', source: 'source/**/*.md', sourceDir: 'source', fields: ['title', 'description', 'summary'] });
  });
});

describe('did you mean: edit distance', () => {
  it('counts an adjacent swap as one edit and ignores case', () => {
    expect(editDistance('moed', 'mode')).toBe(1);
    expect(editDistance('requirereveiw', 'requirereview')).toBe(1);
    expect(nearest('targetcode', ['targetCode', 'formality'])).toBe('targetCode');
    expect(nearest('depl', ['deepl', 'apertium', 'pseudo', 'identity'])).toBe('deepl');
    expect(nearest('frobnicate', ['mode', 'url'])).toBeUndefined();
  });
});

describe('--locale', () => {
  const config = validateConfig({ ...DEFAULT_CONFIG, targets: { en: { provider: 'pseudo' }, ms: { provider: 'pseudo' } } }, FILE);

  it('an empty list is a usage error that says what to pass', () => {
    for (const value of [',', '', ' , ']) {
      expect(() => parseLocaleFlag(value, config, 'translate')).toThrow(UsageError);
      expect(() => parseLocaleFlag(value, config, 'translate')).toThrow(/--locale needs at least one target locale.*e\.g\. --locale en,ms/);
    }
  });

  it('names the targets; absent means every target', () => {
    expect(parseLocaleFlag(' ms , en,', config, 'check')).toEqual(['ms', 'en']);
    expect(parseLocaleFlag(undefined, config, 'check')).toBeUndefined();
    expect(() => parseLocaleFlag('fr', config, 'check')).toThrow(/--locale fr is not a target/);
  });
});

describe('every command: a config error is exit 2 before any work, with the path and the suggestion', () => {
  const TYPO = { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl', requireReveiw: true }, ms: { provider: 'apertium', moed: 'server' } } };
  const expectConfigError = (run: { status: number; stderr: string }) => {
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('translate.config.yaml: invalid config');
    expect(run.stderr).toContain('targets.en.requireReveiw: unknown key (did you mean "requireReview"?)');
    expect(run.stderr).toContain('targets.ms.moed: unknown key (did you mean "mode"?)');
  };

  it('translate', () => {
    const ws = createWorkspace({ 'source/a.md': '# Judul\n\nSatu kalimat.\n' }, TYPO);
    expectConfigError(ws.cli('translate'));
    expect(ws.exists('locales')).toBe(false);
    expect(ws.exists('.cache')).toBe(false);
  });

  it('check', () => {
    const ws = createWorkspace({}, TYPO);
    expectConfigError(ws.cli('check'));
  });

  it('review', () => {
    const ws = createWorkspace({}, TYPO);
    expectConfigError(ws.cli('review', ['approve', 'en', 'a']));
  });

  it('translate: output "" is exit 2, not the project root', () => {
    const ws = createWorkspace({ 'source/a.md': '# Judul\n\nSatu kalimat.\n' }, { ...DEFAULT_CONFIG, output: '' });
    const run = ws.cli('translate');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('output: must not be empty');
    expect(ws.exists('en')).toBe(false);
  });

  it('bench: a --config it is given is checked like every command\'s', () => {
    const ws = createWorkspace({}, TYPO);
    expectConfigError(ws.cli('bench', ['--config', 'translate.config.yaml']));
  });

  it('translate --provider: the override must be able to serve each target (exit 2 before any work)', () => {
    const ws = createWorkspace({ 'source/a.md': '# Judul\n\nSatu kalimat.\n' }, { ...DEFAULT_CONFIG, targets: { tlh: { provider: 'pseudo' } } });
    const run = ws.cli('translate', ['--provider', 'deepl']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--provider deepl cannot serve target tlh: DeepL cannot translate into 'tlh'");
    expect(ws.exists('locales')).toBe(false);
  });

  it('translate and check: --locale , (an empty list) is a usage error (exit 2)', () => {
    const ws = createWorkspace({ 'source/a.md': '# Judul\n\nSatu kalimat.\n' });
    for (const [command, value] of [['translate', ','], ['translate', ''], ['check', ',']] as const) {
      const run = ws.cli(command, ['--locale', value]);
      expect(run.status, `${command} --locale '${value}'`).toBe(2);
      expect(run.stderr).toContain('--locale needs at least one target locale');
    }
    expect(ws.exists('locales')).toBe(false);
  });
});
