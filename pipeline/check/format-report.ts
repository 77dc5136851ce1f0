import type { Diagnostic } from './diagnostic.ts';
import type { CheckReport } from './run-check.ts';

/** Human output: problems grouped by file (`line  severity  rule  message`), then a summary. */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  let file: string | undefined;
  for (const p of report.problems) {
    if (p.file !== file) {
      if (file !== undefined) lines.push('');
      file = p.file;
      lines.push(p.file);
    }
    lines.push(`  ${String(p.line).padStart(4)}  ${p.severity.padEnd(7)}  ${p.rule.padEnd(16)}  ${p.key ? `${p.key}: ` : ''}${p.message}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(formatSummary(report));
  return `${lines.join('\n')}\n`;
}

export function formatSummary(report: CheckReport): string {
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

/** `check --json`: `{ ok, problems: [{ rule, severity, locale, file, line, key, message }] }`. */
export function formatJson(report: CheckReport): string {
  const problems = report.problems.map(({ rule, severity, locale, file, line, key, message }: Diagnostic) => ({ rule, severity, locale, file, line, key, message }));
  return `${JSON.stringify({ ok: report.ok, problems }, null, 2)}\n`;
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: one `::error`/`::warning` annotation per problem. */
export function formatGithub(report: CheckReport): string {
  const lines = report.problems.map((p) => {
    const title = `${p.rule}${p.key ? ` (${p.key})` : ''}`;
    return `::${p.severity} file=${escapeProperty(p.file)},line=${p.line},title=${escapeProperty(title)}::${escapeData(p.message)}`;
  });
  lines.push(formatSummary(report));
  return `${lines.join('\n')}\n`;
}
