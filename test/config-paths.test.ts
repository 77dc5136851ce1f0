/**
 * Where `cache`, `locales` and `output` may point. A `cache` on an article or on the config file
 * used to have that file renamed aside as a "damaged memory" and replaced by a SQLite database,
 * even in a dry run; `output` inside the source folder had every run translate its own bundles.
 * Each is now a config error (exit 2, before any work) naming the key and the path, and the files
 * are left byte for byte.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../pipeline/config/load-config.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';

const FILE = path.join(os.tmpdir(), 'jfid-config-paths', 'translate.config.yaml');
const ARTICLE = '# Judul berita\n\nKalimat pertama. Kalimat kedua.\n';

function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    validateConfig(raw, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return expect.unreachable('the config must be rejected');
}

describe('config: containment of cache, locales and output', () => {
  it.each([
    [{ cache: 'source/a.md' }, /^cache: "source\/a\.md" is inside the source folder source \(of source: source\/\*\*\/\*\.md\): the translation memory would sit among the articles/],
    [{ cache: 'source/.cache/memory.sqlite' }, /^cache: "source\/\.cache\/memory\.sqlite" is inside the source folder source/],
    [{ cache: 'translate.config.yaml' }, /^cache: "translate\.config\.yaml" is the config file itself/],
    [{ cache: './translate.config.yaml' }, /^cache: "\.\/translate\.config\.yaml" is the config file itself/],
    [{ cache: 'locales/memory.sqlite' }, /^cache: "locales\/memory\.sqlite" is inside locales \(locales\)/],
    [{ cache: 'dist/en/memory.sqlite' }, /^cache: "dist\/en\/memory\.sqlite" is inside output \(dist\)/],
    [{ output: 'source/out' }, /^output: "source\/out" is inside the source folder source .*read back as articles/],
    [{ locales: 'source/locales' }, /^locales: "source\/locales" is inside the source folder source/],
    [{ source: 'source/*.md', output: 'source/out' }, /^output: "source\/out" is inside the source folder source/],
    [{ output: 'locales/dist' }, /^output: "locales\/dist" is inside locales \(locales\)/],
    [{ locales: 'dist/locales' }, /^locales: "dist\/locales" is inside output \(dist\)/],
  ])('%j is refused', (paths, message) => {
    expect(problemsOf({ ...DEFAULT_CONFIG, ...paths })).toEqual([expect.stringMatching(message)]);
  });

  it("source: '**/*.md' reads the whole project: locales and output are refused with the advice to narrow the glob", () => {
    const problems = problemsOf({ ...DEFAULT_CONFIG, source: '**/*.md' });
    expect(problems).toEqual([
      expect.stringMatching(/^locales: "locales" is inside the project root, which source: \*\*\/\*\.md reads: .*give source a folder of its own \(e\.g\. source: source\/\*\*\/\*\.md\)$/),
      expect.stringMatching(/^output: "dist" is inside the project root, which source: \*\*\/\*\.md reads/),
    ]);
    // The default cache, in a dot folder the glob does not enter, is not a problem there.
    expect(problems.some((p) => p.startsWith('cache'))).toBe(false);
  });

  it('what the glob cannot read is allowed', () => {
    const load = (paths: Record<string, unknown>) => () => validateConfig({ ...DEFAULT_CONFIG, ...paths }, FILE);
    expect(load({ source: '*.md' })).not.toThrow(); // articles at the root, not in subfolders
    expect(load({ source: '**/*.md', locales: '.locales', output: '.dist' })).not.toThrow();
    expect(load({ source: 'news/**/*.md', locales: 'i18n', output: 'public/translated', cache: 'tmp/tm.sqlite' })).not.toThrow();
    expect(load({ cache: 'memory.sqlite' })).not.toThrow();
  });
});

describe('translate with a cache or output path that would clobber a file', () => {
  const bytesOf = (dir: string, file: string) => fs.readFileSync(path.join(dir, file));
  const listing = (dir: string) => fs.readdirSync(dir, { recursive: true }).map(String).sort();

  for (const dryRun of [true, false]) {
    const flags = dryRun ? ['--dry-run'] : [];
    it(`cache on an article${dryRun ? ', --dry-run' : ''}: exit 2 naming the path, the article untouched`, () => {
      const ws = createWorkspace({ 'source/a.md': ARTICLE }, { ...DEFAULT_CONFIG, cache: 'source/a.md', targets: { en: { provider: 'identity' } } });
      const before = bytesOf(ws.dir, 'source/a.md');
      const files = listing(ws.dir);
      const run = ws.cli('translate', flags);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('cache: "source/a.md" is inside the source folder source');
      expect(run.stderr).not.toContain('damaged');
      expect(bytesOf(ws.dir, 'source/a.md').equals(before)).toBe(true);
      expect(listing(ws.dir)).toEqual(files);
    });
  }

  it('cache on the config file: exit 2 naming the path, the config untouched', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, { ...DEFAULT_CONFIG, cache: 'translate.config.yaml', targets: { en: { provider: 'identity' } } });
    const before = bytesOf(ws.dir, 'translate.config.yaml');
    const run = ws.cli('translate', ['--dry-run']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cache: "translate.config.yaml" is the config file itself');
    expect(bytesOf(ws.dir, 'translate.config.yaml').equals(before)).toBe(true);
    expect(fs.readdirSync(ws.dir).sort()).toEqual(['source', 'translate.config.yaml']);
  });

  it('cache inside locales: exit 2 naming the path, the locale file untouched', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE, 'locales/en/a.yaml': 's-0000000000: Reviewed.\n' }, { ...DEFAULT_CONFIG, cache: 'locales/en/a.yaml' });
    const before = bytesOf(ws.dir, 'locales/en/a.yaml');
    const run = ws.cli('translate');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cache: "locales/en/a.yaml" is inside locales (locales)');
    expect(bytesOf(ws.dir, 'locales/en/a.yaml').equals(before)).toBe(true);
  });

  it('output inside the source folder: exit 2 naming the path, nothing written', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, { ...DEFAULT_CONFIG, output: 'source/out' });
    const files = listing(ws.dir);
    const run = ws.cli('translate');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('output: "source/out" is inside the source folder source');
    expect(listing(ws.dir)).toEqual(files);
  });
});
