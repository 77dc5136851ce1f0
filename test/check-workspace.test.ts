import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { loadConfig, type TargetConfig } from '../pipeline/config/load-config.ts';
import { parseLocaleFile } from '../pipeline/locale/locale-file.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { createInMemoryMemory } from '../pipeline/store/in-memory-store.ts';
import { PROVIDERS } from '../pipeline/providers/registry.ts';
import { runTranslate } from '../pipeline/run/translate-run.ts';
import { runCheck } from '../pipeline/check/run-check.ts';
import { loadLanguageDetector } from '../pipeline/check/detect-language.ts';
import type { DetectLanguage } from '../pipeline/check/unit.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ARTICLE = path.join(ROOT, 'test/fixtures/check/article');
const SEED = 'putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara';
let detectLanguage: DetectLanguage;
const temps: string[] = [];
beforeAll(async () => {
  detectLanguage = await loadLanguageDetector();
});
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
  temps.push(dir);
  return dir;
}

/**
 * The repository's own content in a temp folder, English only: the reviewed English seed must be
 * spotless, while the shipped Malay machine output carries review warnings by design.
 */
/** The repository's article, English only; with its project glossary (`glossary.csv`) when `glossary`, else without the key. */
function seedWorkspace(options: { glossary?: boolean } = {}): string {
  const dir = tempDir();
  for (const entry of ['source', 'locales']) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  const config = parse(fs.readFileSync(path.join(ROOT, 'translate.config.yaml'), 'utf8')) as { targets: Record<string, unknown>; glossary?: string };
  config.targets = { en: config.targets.en };
  if (options.glossary && config.glossary) {
    // Only the columns of the targets kept (a column for a target the config lacks is a config error).
    const rows = parseCsv(fs.readFileSync(path.join(ROOT, config.glossary), 'utf8')) as string[][];
    const keep = rows[0].map((name, i) => (['id', 'en', 'note'].includes(name) ? i : -1)).filter((i) => i >= 0);
    fs.writeFileSync(path.join(dir, config.glossary), stringifyCsv(rows.map((row) => keep.map((i) => row[i]))));
  } else delete config.glossary;
  fs.writeFileSync(path.join(dir, 'translate.config.yaml'), stringify(config));
  fs.rmSync(path.join(dir, 'locales/ms'), { recursive: true, force: true });
  return dir;
}

async function translate(dir: string, provider: string, locales?: string[]): Promise<void> {
  const config = loadConfig(path.join(dir, 'translate.config.yaml'));
  const log = { info() {}, warn() {}, progress() {} };
  await runTranslate(config, { provider, locales }, {
    memory: createInMemoryMemory(),
    split: segmentSentences,
    log,
    async createProvider(name: string, target: TargetConfig) {
      const factory = await PROVIDERS[name]();
      return factory({ options: target.options, env: {}, cacheDir: path.join(dir, '.cache') });
    },
  });
}

/** The article fixture translated by `provider`, optionally with the reviewed English of en.json. */
async function articleWorkspace(provider: string, review: boolean): Promise<string> {
  const dir = tempDir();
  fs.cpSync(path.join(ARTICLE, 'source'), path.join(dir, 'source'), { recursive: true });
  fs.copyFileSync(path.join(ARTICLE, 'translate.config.yaml'), path.join(dir, 'translate.config.yaml'));
  await translate(dir, provider);
  if (review) {
    const english = JSON.parse(fs.readFileSync(path.join(ARTICLE, 'en.json'), 'utf8')) as Record<string, string>;
    const source = parseLocaleFile(read(dir, 'locales/id/harga-beras.yaml'));
    const reviewed = Object.fromEntries([...source.entries].map(([key, text]) => [key, english[text] ?? `(no fixture translation for: ${text})`]));
    fs.writeFileSync(path.join(dir, 'locales/en/harga-beras.yaml'), stringify(reviewed, { lineWidth: 0 }));
  }
  return dir;
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const write = (dir: string, file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);
const check = (dir: string) => runCheck(loadConfig(path.join(dir, 'translate.config.yaml')), {}, { split: segmentSentences, detectLanguage });
const lineOf = (dir: string, file: string, key: string) => parseLocaleFile(read(dir, file)).lines.get(key);
const snapshot = (dir: string) => {
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(files.map((e) => [path.join(e.parentPath, e.name), fs.statSync(path.join(e.parentPath, e.name)).mtimeMs]));
};

describe('the repository\'s own content', () => {
  it('passes, and the check writes nothing', () => {
    const dir = seedWorkspace();
    const before = snapshot(dir);
    const report = check(dir);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(snapshot(dir)).toEqual(before);
  });

  it('with its project glossary: still ok, the glossary only warns, naming its row', () => {
    const dir = seedWorkspace({ glossary: true });
    const report = check(dir);
    expect(report.ok).toBe(true);
    expect(report.problems.length).toBeGreaterThan(0);
    for (const p of report.problems) {
      expect(p).toMatchObject({ rule: 'glossary', severity: 'warning', locale: 'en', file: `locales/en/${SEED}.yaml` });
      expect(p.message).toMatch(/project glossary \(glossary\.csv:\d+\)/);
    }
  });

  it('deleting a key: missing, at the line of the key before it', () => {
    const dir = seedWorkspace();
    const file = `locales/en/${SEED}.yaml`;
    const text = read(dir, file);
    const titleLine = lineOf(dir, file, 'title');
    write(dir, file, text.replace(/^# id: Undangan tersebut[^\n]*\ns-5aaaaa6bac: [^\n]*\n/m, ''));
    const report = check(dir);
    expect(report.ok).toBe(false);
    const missing = report.problems.filter((p) => p.rule === 'missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ key: 's-5aaaaa6bac', file, locale: 'en', severity: 'error', line: lineOf(dir, file, 's-6b8c5de598') });
    expect(titleLine).toBe(4);
  });

  it('changing a source sentence: stale at the translation\'s line (the key survives the edit)', () => {
    const dir = seedWorkspace();
    const article = `source/${SEED}.md`;
    write(dir, article, read(dir, article).replace('pada April 2019.', 'pada April 2019 lalu.'));
    const report = check(dir);
    expect(report.problems.map((p) => [p.rule, p.key, p.line])).toEqual([['stale', 's-c650163704', lineOf(dir, `locales/en/${SEED}.yaml`, 's-c650163704')]]);
    expect(report.ok).toBe(false);
  });

  it('a key no longer in the source: orphaned (warning, still ok)', () => {
    const dir = seedWorkspace();
    const file = `locales/en/${SEED}.yaml`;
    // A sentence the record had (its key was given once) but the article no longer has.
    write(dir, `locales/id/${SEED}.yaml`, `${read(dir, `locales/id/${SEED}.yaml`)}s-0000000000: Kalimat lama.\n`);
    write(dir, file, `${read(dir, file)}s-0000000000: An old sentence.\n`);
    const report = check(dir);
    expect(report.problems.map((p) => [p.rule, p.severity, p.line])).toEqual([['orphaned', 'warning', lineOf(dir, file, 's-0000000000')]]);
    expect(report.ok).toBe(true);
  });
});

describe('an article run through the pipeline', () => {
  it('reviewed English passes; dropping a link fails with links at that line', async () => {
    const dir = await articleWorkspace('identity', true);
    expect(check(dir).problems).toEqual([]);
    const file = 'locales/en/harga-beras.yaml';
    const text = read(dir, file);
    write(dir, file, text.replace('[BPS data](https://www.bps.go.id/id/statistics-table)', 'BPS data'));
    const key = [...parseLocaleFile(read(dir, file)).entries].find(([, v]) => v.includes('BPS data'))?.[0] as string;
    const report = check(dir);
    expect(report.problems.map((p) => [p.rule, p.file, p.line, p.key])).toEqual([['links', file, lineOf(dir, file, key), key]]);
  });

  it('identity output: unreviewed (error: requireReview) and untranslated, nothing else', async () => {
    const dir = await articleWorkspace('identity', false);
    const rules = new Set(check(dir).problems.map((p) => p.rule));
    expect([...rules].sort()).toEqual(['unreviewed', 'untranslated']);
    expect(check(dir).problems.filter((p) => p.rule === 'unreviewed').every((p) => p.severity === 'error')).toBe(true);
  });

  it('unreviewed is a warning where the target does not require review; a reviewer\'s edit makes it reviewed', async () => {
    const dir = await articleWorkspace('identity', false);
    write(dir, 'translate.config.yaml', read(dir, 'translate.config.yaml').replace('requireReview: true', 'requireReview: false'));
    const file = 'locales/en/harga-beras.yaml';
    write(dir, file, read(dir, file).replace(/^title: .*$/m, 'title: Rice Prices Rise 3.5 Percent'));
    const problems = check(dir).problems;
    expect(problems.filter((p) => p.rule === 'unreviewed').every((p) => p.severity === 'warning')).toBe(true);
    expect(problems.filter((p) => p.key === 'title')).toEqual([]);
  });

  it('pseudo output in a published target: pseudo (error) per entry, no QA noise', async () => {
    const dir = await articleWorkspace('pseudo', false);
    const report = check(dir);
    expect([...new Set(report.problems.map((p) => p.rule))].sort()).toEqual(['pseudo', 'unreviewed']);
    expect(report.problems.find((p) => p.rule === 'pseudo')).toMatchObject({ severity: 'error', file: 'locales/en/harga-beras.yaml' });
  });

  it('pseudo output in a pseudo target passes every QA and status rule (near miss of pseudo)', async () => {
    const dir = await articleWorkspace('pseudo', false);
    write(dir, 'translate.config.yaml', read(dir, 'translate.config.yaml').replace('provider: deepl', 'provider: pseudo'));
    expect(check(dir).problems).toEqual([]);
  });

  it('a deleted article: its locale, state and source-record files are orphaned (errors naming the git rm)', async () => {
    const dir = await articleWorkspace('identity', true);
    // Another article stays (with none left, the check suspects a glob typo: see below).
    fs.copyFileSync(path.join(dir, 'source/harga-beras.md'), path.join(dir, 'source/lain.md'));
    await translate(dir, 'identity');
    const others = check(dir).problems;
    fs.rmSync(path.join(dir, 'source/harga-beras.md'));
    const files = ['locales/id/harga-beras.yaml', 'locales/en/harga-beras.yaml', 'locales/en/harga-beras.state.yaml'];
    const report = check(dir);
    expect(report.problems.filter((p) => p.file.includes('harga-beras')).map((p) => [p.rule, p.severity, p.file, p.line]).sort()).toEqual(files.map((file) => ['orphaned', 'error', file, 1]).sort());
    for (const problem of report.problems.filter((p) => p.rule === 'orphaned')) expect(problem.message).toContain(`\`git rm ${files.join(' ')}\``);
    for (const file of files) fs.rmSync(path.join(dir, file));
    expect(check(dir).problems).toEqual(others.filter((p) => !p.file.includes('harga-beras')));
  });

  it('no article left at all: one error suspecting the source glob, no git rm advice', async () => {
    const dir = await articleWorkspace('identity', true);
    fs.rmSync(path.join(dir, 'source/harga-beras.md'));
    const report = check(dir);
    expect(report.problems.map((p) => [p.rule, p.severity, p.file])).toEqual([['invalid-file', 'error', 'translate.config.yaml']]);
    expect(report.problems[0].message).toContain('matches no article');
  });
});

describe('npm run check (CLI)', () => {
  const cli = (dir: string, ...args: string[]) => spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'scripts/check.ts'), ...args], { cwd: dir, encoding: 'utf8' });

  it('exit 0 on clean content, 1 on errors with --json and --format github, 2 on usage errors', async () => {
    const dir = seedWorkspace();
    const clean = cli(dir);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('check: no problems.');
    const file = `locales/en/${SEED}.yaml`;
    write(dir, file, read(dir, file).replace('on Wednesday, Sept. 13, 2023.', 'on Wednesday.'));
    const json = cli(dir, '--json');
    expect(json.status).toBe(1);
    const parsed = JSON.parse(json.stdout) as { ok: boolean; problems: Array<{ rule: string; file: string; line: number }> };
    expect(parsed.ok).toBe(false);
    expect(parsed.problems).toEqual([expect.objectContaining({ rule: 'numbers', severity: 'error', locale: 'en', file, key: 's-5aaaaa6bac', line: lineOf(dir, file, 's-5aaaaa6bac') })]);
    const github = cli(dir, '--format', 'github');
    expect(github.status).toBe(1);
    expect(github.stdout).toMatch(new RegExp(`^::error file=${file.replace(/[.]/g, '\\.')},line=${lineOf(dir, file, 's-5aaaaa6bac')},title=numbers \\(s-5aaaaa6bac\\)::`, 'm'));
    const text = cli(dir);
    expect(text.stdout).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}\\n\\s+\\d+\\s+error\\s+numbers`, 'm'));
    expect(cli(dir, '--locale', 'fr').status).toBe(2);
    expect(cli(dir, '--bogus').status).toBe(2);
    expect(cli(dir, '--config', 'nope.yaml').status).toBe(2);
    expect(cli(dir, '--help').stdout).toContain('plural-forms');
  }, 60_000);
});
