import type { CheckReport } from './run-check.ts';

/** Human output: problems grouped by file (`line  severity  rule  message`), then a summary. */
export function formatText(report: CheckReport): string {
  return [...textChunks(report)].join('');
}

/** `formatText` in pieces (one per problem), for writing a large report without building it whole. */
export function* textChunks(report: CheckReport): Generator<string> {
  let file: string | undefined;
  for (const p of report.problems) {
    let head = '';
    if (p.file !== file) {
      head = `${file !== undefined ? '\n' : ''}${p.file}\n`;
      file = p.file;
    }
    yield `${head}  ${String(p.line).padStart(4)}  ${p.severity.padEnd(7)}  ${p.rule.padEnd(16)}  ${p.key ? `${p.key}: ` : ''}${p.message}\n`;
  }
  yield `${report.problems.length > 0 ? '\n' : ''}${formatSummary(report)}\n`;
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
  return [...jsonChunks(report)].join('');
}

/** `formatJson` in pieces (one per problem): the same text as `JSON.stringify(…, null, 2)` of the whole report. */
export function* jsonChunks(report: CheckReport): Generator<string> {
  if (report.problems.length === 0) {
    yield `${JSON.stringify({ ok: report.ok, problems: [] }, null, 2)}\n`;
    return;
  }
  yield `{\n  "ok": ${JSON.stringify(report.ok)},\n  "problems": [\n`;
  for (let i = 0; i < report.problems.length; i++) {
    const { rule, severity, locale, file, line, key, message } = report.problems[i];
    const item = JSON.stringify({ rule, severity, locale, file, line, key, message }, null, 2).replace(/^/gm, '    ');
    yield i > 0 ? `,\n${item}` : item;
  }
  yield '\n  ]\n}\n';
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
