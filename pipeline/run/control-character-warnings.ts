import { findControlCharacters } from '../util/control-characters.ts';
import type { RunError } from './summary.ts';

/**
 * One warning per source line holding C0/C1 control characters (scraped mojibake): they are
 * escaped in every YAML file the run writes and dropped from bundle front matter, but the article
 * itself should be fixed.
 */
export function controlCharacterWarnings(file: string, text: string): RunError[] {
  const byLine = new Map<number, string[]>();
  for (const { line, codePoint } of findControlCharacters(text)) byLine.set(line, [...(byLine.get(line) ?? []), codePoint]);
  return [...byLine].map(([line, codePoints]) => ({
    file,
    line,
    code: 'control-characters',
    message: `${file}:${line}: control character${codePoints.length > 1 ? 's' : ''} ${[...new Set(codePoints)].join(', ')} (mojibake from scraping?); escaped in the YAML files written, but fix the article: delete ${codePoints.length > 1 ? 'them' : 'it'} or put the intended character back.`,
  }));
}
