import type { Diagnostic } from './diagnostic.ts';

/**
 * What the formatters read: the verdict and the problems in report order. `problems` may be an
 * array or a sequence read once (a `StreamedReport`'s): each `…Chunks` function reads it once,
 * front to back, and holds nothing per problem but the summary's counts.
 */
export interface ReportInput {
  ok: boolean;
  problems: Iterable<Diagnostic>;
}

/** Human output: problems grouped by file (`line  severity  rule  message`), then a summary. */
export function formatText(report: ReportInput): string {
  return [...textChunks(report)].join('');
}

/** `formatText` in pieces (one per problem), for writing a large report without building it whole. */
export function* textChunks(report: ReportInput): Generator<string> {
  const tally = new SummaryTally();
  let file: string | undefined;
  for (const p of report.problems) {
    tally.add(p);
    let head = '';
    if (p.file !== file) {
      head = `${file !== undefined ? '\n' : ''}${p.file}\n`;
      file = p.file;
    }
    yield `${head}  ${String(p.line).padStart(4)}  ${p.severity.padEnd(7)}  ${p.rule.padEnd(16)}  ${p.key ? `${p.key}: ` : ''}${p.message}\n`;
  }
  yield `${tally.total > 0 ? '\n' : ''}${tally.summary()}\n`;
}

/** The report's last line: errors, warnings, files and problems per rule, and the verdict. Reads `problems` once. */
export function formatSummary(report: Pick<ReportInput, 'problems'>): string {
  const tally = new SummaryTally();
  for (const p of report.problems) tally.add(p);
  return tally.summary();
}

/** The summary's counts, taken one problem at a time in report order (rules tied in count stay in order of first appearance). */
class SummaryTally {
  total = 0;
  private errors = 0;
  private readonly byRule = new Map<string, number>();
  private readonly files = new Set<string>();

  add(p: Diagnostic): void {
    this.total++;
    if (p.severity === 'error') this.errors++;
    this.byRule.set(p.rule, (this.byRule.get(p.rule) ?? 0) + 1);
    this.files.add(p.file);
  }

  summary(): string {
    if (this.total === 0) return 'check: no problems.';
    const { errors } = this;
    const warnings = this.total - errors;
    const files = this.files.size;
    const rules = [...this.byRule].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${n}`).join(', ');
    const verdict = errors > 0 ? 'not ready to publish' : 'ready (warnings only)';
    return `check: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${rules}): ${verdict}.`;
  }
}

/** `check --json`: `{ ok, problems: [{ rule, severity, locale, file, line, key, message }] }`. */
export function formatJson(report: ReportInput): string {
  return [...jsonChunks(report)].join('');
}

/** `formatJson` in pieces (one per problem): the same text as `JSON.stringify(…, null, 2)` of the whole report. */
export function* jsonChunks(report: ReportInput): Generator<string> {
  let first = true;
  for (const { rule, severity, locale, file, line, key, message } of report.problems) {
    const item = JSON.stringify({ rule, severity, locale, file, line, key, message }, null, 2).replace(/^/gm, '    ');
    yield first ? `{\n  "ok": ${JSON.stringify(report.ok)},\n  "problems": [\n${item}` : `,\n${item}`;
    first = false;
  }
  yield first ? `${JSON.stringify({ ok: report.ok, problems: [] }, null, 2)}\n` : '\n  ]\n}\n';
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: one `::error`/`::warning` annotation per problem. */
export function formatGithub(report: ReportInput): string {
  return [...githubChunks(report)].join('');
}

/** `formatGithub` in pieces (one line per problem, then the summary). */
export function* githubChunks(report: ReportInput): Generator<string> {
  const tally = new SummaryTally();
  for (const p of report.problems) {
    tally.add(p);
    const title = `${p.rule}${p.key ? ` (${p.key})` : ''}`;
    yield `::${p.severity} file=${escapeProperty(p.file)},line=${p.line},title=${escapeProperty(title)}::${escapeData(p.message)}\n`;
  }
  yield `${tally.summary()}\n`;
}
