/**
 * Issue 13: the check holds at most a run of diagnostics and spills sorted runs to temporary files
 * (pipeline/check/spill-sort.ts), merging them at the end. The merged report must be the former
 * in-memory report byte for byte (text, JSON, GitHub annotations), ties included, and the
 * temporary files must not outlive the report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compareDiagnostics } from '../pipeline/check/diagnostic.ts';
import { formatGithub, formatJson, formatText, githubChunks, jsonChunks, textChunks } from '../pipeline/check/format-report.ts';
import { mergeSorted } from '../pipeline/check/merge-sorted.ts';
import { ReportBuilder, type ArticleCheck, type CheckReport } from '../pipeline/check/run-check.ts';
import { DiagnosticSorter } from '../pipeline/check/spill-sort.ts';
import { ROOT } from './helpers/corpus.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-spill-test-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

// The report as the check built it before spilling: every reading problem, then every rule
// finding, in arrival order, sorted stably; formatted whole.
function referenceReport(parts: ArticleCheck[]): CheckReport {
  const problems = parts.flatMap((p) => p.loaded).concat(parts.flatMap((p) => p.found));
  problems.sort(compareDiagnostics);
  return { ok: !problems.some((p) => p.severity === 'error'), problems };
}
function referenceSummary(report: CheckReport): string {
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  if (report.problems.length === 0) return 'check: no problems.';
  const byRule = new Map<string, number>();
  for (const p of report.problems) byRule.set(p.rule, (byRule.get(p.rule) ?? 0) + 1);
  const files = new Set(report.problems.map((p) => p.file)).size;
  const rules = [...byRule].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${n}`).join(', ');
  const verdict = errors > 0 ? 'not ready to publish' : 'ready (warnings only)';
  return `check: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${rules}): ${verdict}.`;
}
function referenceText(report: CheckReport): string {
  let out = '';
  let file: string | undefined;
  for (const p of report.problems) {
    if (p.file !== file) {
      out += `${file !== undefined ? '\n' : ''}${p.file}\n`;
      file = p.file;
    }
    out += `  ${String(p.line).padStart(4)}  ${p.severity.padEnd(7)}  ${p.rule.padEnd(16)}  ${p.key ? `${p.key}: ` : ''}${p.message}\n`;
  }
  return `${out}${report.problems.length > 0 ? '\n' : ''}${referenceSummary(report)}\n`;
}
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
function referenceGithub(report: CheckReport): string {
  const lines = report.problems.map((p) => `::${p.severity} file=${escapeProperty(p.file)},line=${p.line},title=${escapeProperty(`${p.rule}${p.key ? ` (${p.key})` : ''}`)}::${escapeData(p.message)}`);
  lines.push(referenceSummary(report));
  return `${lines.join('\n')}\n`;
}

// Few files, lines and rules (many ties); messages tell apart diagnostics that tie, and carry
// what JSON lines must survive: newlines, quotes, non-ASCII, lone surrogates.
const diagnostic = fc.record({
  rule: fc.constantFrom('missing', 'stale', 'unreviewed', 'links'),
  severity: fc.constantFrom('error' as const, 'warning' as const),
  locale: fc.constantFrom('en', 'ms'),
  file: fc.constantFrom('locales/en/a.yaml', 'locales/en/b.yaml', 'locales/ms/a.yaml', 'source/ä.md'),
  line: fc.integer({ min: 1, max: 4 }),
  key: fc.option(fc.constantFrom('title', 's-0000000001', 'k:1,2'), { nil: null }),
  message: fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('a\nb "c" %\r', 'é 漢 😀')),
});
const article = fc.record({ loaded: fc.array(diagnostic, { maxLength: 3 }), found: fc.array(diagnostic, { maxLength: 8 }) });

/** The report of `parts` through a `ReportBuilder` that spills every `spillAt` diagnostics, streamed. */
function streamed(parts: ArticleCheck[], spillAt: number, dir: string) {
  const builder = new ReportBuilder({ spillAt, dir });
  for (const part of parts) builder.add(part);
  return builder.stream();
}

describe('spilled runs merged', () => {
  it('give the in-memory report byte for byte, in text, JSON and GitHub formats (random diagnostics with ties)', () => {
    const dir = tempDir();
    fc.assert(
      fc.property(fc.array(article, { maxLength: 12 }), fc.integer({ min: 1, max: 9 }), (parts, spillAt) => {
        const expected = referenceReport(parts);
        const text = referenceText(expected);
        const json = `${JSON.stringify(expected, null, 2)}\n`;
        const github = referenceGithub(expected);
        expect([...textChunks(streamed(parts, spillAt, dir))].join('')).toBe(text);
        expect([...jsonChunks(streamed(parts, spillAt, dir))].join('')).toBe(json);
        expect([...githubChunks(streamed(parts, spillAt, dir))].join('')).toBe(github);
        // Held whole (no spill), through the whole-string formatters.
        const whole = new ReportBuilder();
        for (const part of parts) whole.add(part);
        const report = whole.finish();
        expect(report).toEqual(expected);
        expect([formatText(report), formatJson(report), formatGithub(report)]).toEqual([text, json, github]);
        const stream = streamed(parts, spillAt, dir);
        expect([stream.ok, stream.count]).toEqual([expected.ok, expected.problems.length]);
        stream.close();
      }),
      { numRuns: 300 },
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('spill runs of the given size and close every file, read to the end, abandoned, or never read', () => {
    const dir = tempDir();
    const openFiles = () => (fs.existsSync('/proc/self/fd') ? fs.readdirSync('/proc/self/fd').length : 0);
    const before = openFiles();
    const fill = () => {
      const sorter = new DiagnosticSorter({ spillAt: 10, dir });
      for (let i = 0; i < 95; i++) sorter.add({ rule: 'r', severity: 'warning', locale: 'en', file: `f${i % 7}`, line: i % 3, key: null, message: String(i) }, i % 5 === 0);
      return sorter;
    };
    const whole = fill();
    expect(whole.spilled).toBe(9);
    expect([...whole.sorted()].map((d) => d.message)).toHaveLength(95);
    const abandoned = fill();
    const iterator = abandoned.sorted();
    iterator.next();
    iterator.return(undefined);
    fill().close();
    expect(openFiles()).toBe(before);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('merge stably: ties keep the order of their sources', () => {
    const tagged = (source: number, keys: number[]) => keys.map((key, i) => ({ key, tag: `${source}.${i}` }));
    const sources = [tagged(0, [1, 2, 2, 5]), tagged(1, [2, 3]), tagged(2, []), tagged(3, [1, 2, 9])];
    const merged = [...mergeSorted(sources, (a, b) => a.key - b.key)].map((x) => x.tag);
    expect(merged).toEqual(['0.0', '3.0', '0.1', '0.2', '1.0', '3.1', '1.1', '0.3', '3.2']);
  });
});

describe('npm run check with spilled runs (CLI)', () => {
  const run = (args: string, env: Record<string, string>) =>
    spawnSync('sh', ['-c', `"${path.join(ROOT, 'node_modules/.bin/tsx')}" "${path.join(ROOT, 'scripts/check.ts')}" ${args}`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRANSLATE_WORKERS: '0', ...env } });

  it('writes what it writes without spilling, exit code included, and leaves no file when the output pipe closes early', () => {
    const tmp = tempDir();
    for (const format of ['text', 'json', 'github']) {
      const held = run(`--format ${format}`, {});
      const spilled = run(`--format ${format}`, { CHECK_SPILL_AT: '1', TMPDIR: tmp });
      expect(held.stdout.length).toBeGreaterThan(0);
      expect(spilled.stdout).toBe(held.stdout);
      expect(spilled.status).toBe(held.status);
    }
    const head = run('--format github | head -c 40', { CHECK_SPILL_AT: '1', TMPDIR: tmp });
    expect(head.stdout).toHaveLength(40);
    // (tsx keeps its own cache there.)
    expect(fs.readdirSync(tmp).filter((name) => name.startsWith('check-spill'))).toEqual([]);
  }, 120_000);
});
