/**
 * The commands as users run them: `npm run <command>` runs the compiled output in `build/` (written
 * by `npm run build`, which `npm ci` runs through `prepare`). Same behaviour as the sources, and a
 * build older than the sources never runs: the sources do, with a note.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, DEFAULT_CONFIG, SEED_ARTICLE } from './helpers/workspace.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = path.join(ROOT, 'build/.built');
const COMMANDS = ['translate', 'check', 'segment', 'review', 'xliff', 'tm'];

/** Run `npm run <command>` of this project (npm runs it in the project folder; `--config` points elsewhere). */
function npmRun(cwd: string, command: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync('npm', ['run', '--silent', '--prefix', ROOT, command, '--', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('commands run from the compiled output', () => {
  beforeAll(() => {
    // A fresh clone after `npm ci` has build/; a developer's tree may have a stale one.
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }, 120_000);

  it('every command answers --help from build/ without running the sources', () => {
    for (const command of COMMANDS) {
      const run = npmRun(ROOT, command, ['--help']);
      expect(run.status, command).toBe(0);
      expect(run.stdout + run.stderr, command).toMatch(/Usage: npm run/);
      expect(run.stderr, command).not.toContain('older than the sources');
    }
  });

  it('translate and check from build/ write the same files as from the sources', () => {
    const config = { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' }, ms: { provider: 'pseudo' } } };
    const compiled = createWorkspace({ 'source/a.md': SEED_ARTICLE }, config);
    const sources = createWorkspace({ 'source/a.md': SEED_ARTICLE }, config);
    const configFile = path.join(compiled.dir, 'translate.config.yaml');
    const built = npmRun(compiled.dir, 'translate', ['--json', '--config', configFile]);
    const fromSources = sources.cli('translate', ['--json']);
    expect(built.status).toBe(fromSources.status);
    const summary = (text: string) => ({ ...JSON.parse(text), filesWritten: undefined });
    expect(summary(built.stdout)).toEqual(summary(fromSources.stdout));
    for (const file of ['locales/en/a.yaml', 'locales/en/a.state.yaml', 'dist/en/a.md', 'dist/en/a.yaml', 'locales/id/a.yaml']) expect(compiled.read(file), file).toBe(sources.read(file));
    const check = npmRun(compiled.dir, 'check', ['--json', '--config', configFile]);
    expect(JSON.parse(check.stdout)).toEqual(JSON.parse(sources.cli('check', ['--json']).stdout));
  });

  it('translate from build/ with the article pool forced on (worker threads from the bundle) writes what the sources write without it', () => {
    const config = { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } };
    const files: Record<string, string> = { 'source/a.md': SEED_ARTICLE, 'source/empty.md': '', 'source/b.md': '---\ntitle: Cuaca\n---\n\nHujan turun. **Banjir** di [Jakarta](https://jfid.id).\n' };
    const compiled = createWorkspace(files, config);
    const sources = createWorkspace(files, config);
    const built = npmRun(compiled.dir, 'translate', ['--json', '--config', path.join(compiled.dir, 'translate.config.yaml')], { TRANSLATE_WORKERS: '2' });
    const fromSources = sources.cli('translate', ['--json'], { TRANSLATE_WORKERS: '0' });
    expect(built.stderr).not.toMatch(/Error/);
    expect(built.status).toBe(fromSources.status);
    expect(JSON.parse(built.stdout)).toEqual(JSON.parse(fromSources.stdout));
    const outputs = (dir: string) => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /^(locales|dist)\b/.test(path.relative(dir, e.parentPath))).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
    expect(outputs(compiled.dir)).toEqual(outputs(sources.dir));
    expect(outputs(compiled.dir).length).toBeGreaterThan(5);
    for (const file of outputs(compiled.dir)) expect(compiled.read(file), file).toBe(sources.read(file));
  });

  it('a build older than the sources is not run: the sources are, with a note', () => {
    const stamp = fs.statSync(STAMP);
    try {
      fs.utimesSync(STAMP, new Date(0), new Date(0));
      const run = npmRun(ROOT, 'segment', ['--help']);
      expect(run.status).toBe(0);
      expect(run.stderr).toContain('build/ is older than the sources');
      expect(run.stdout + run.stderr).toMatch(/Usage: npm run segment/);
    } finally {
      fs.utimesSync(STAMP, stamp.atime, stamp.mtime);
    }
  });
});
