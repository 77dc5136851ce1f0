/** How bad a problem is: `error` fails CI (exit 1), `warning` is reported and allowed. */
export type Severity = 'error' | 'warning';

/** One problem, as data: what `check --json` prints (file relative to the config's folder). */
export interface Diagnostic {
  rule: string;
  severity: Severity;
  locale: string;
  file: string;
  /** 1-based line in `file` (the key's line in a locale file; 1 for file-level problems). */
  line: number;
  /** The resource key, or null for a problem with the whole file. */
  key: string | null;
  message: string;
}

/** What a per-translation rule finds; the caller adds the place (locale, file, line, key). */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
}

/** Shorten a text for a message: first `max` characters, one line. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Sort by file, then line, then rule: stable, diff-friendly output. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
