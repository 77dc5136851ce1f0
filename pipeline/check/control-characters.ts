import { findControlCharacters } from '../util/control-characters.ts';
import type { Diagnostic, Severity } from './diagnostic.ts';

/**
 * Rule `control-characters`: raw C0/C1 control characters in a file, one diagnostic per line. In a
 * locale file it is an error (YAML forbids them raw: Hugo and PyYAML refuse the file); in an article
 * a warning (translate escapes them in what it writes, but the text is mojibake to fix).
 */
export function controlCharacterProblems(file: string, locale: string, text: string, severity: Severity): Diagnostic[] {
  const byLine = new Map<number, Set<string>>();
  for (const { line, codePoint } of findControlCharacters(text)) byLine.set(line, (byLine.get(line) ?? new Set()).add(codePoint));
  const fix = severity === 'error' ? 'delete it, or write it escaped in a double-quoted value ("\\x9D")' : 'delete it from the article, or put the intended character back';
  return [...byLine].map(([line, codePoints]) => ({
    rule: 'control-characters',
    severity,
    locale,
    file,
    line,
    key: null,
    message: `raw control character ${[...codePoints].join(', ')}: ${fix}.`,
  }));
}
