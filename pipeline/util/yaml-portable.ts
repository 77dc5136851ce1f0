import { stringify } from 'yaml';
import { escapeControlCharacters, hasControlCharacters } from './control-characters.ts';

/**
 * Plain scalars that YAML 1.1 readers (PyYAML, Ruby's Psych behind Jekyll, older go-yaml) take for
 * something other than a string although YAML 1.2's core schema, which the `yaml` package writes,
 * leaves them strings: booleans `y`/`yes`/`on`/`off`…, sexagesimal and underscored numbers,
 * binary/octal forms, dates and timestamps, the merge key. Source: the YAML 1.1 type repository
 * (yaml.org/type: bool, int, float, timestamp, merge, value).
 */
const YAML_11_NON_STRING = [
  /^(?:[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|=)$/,
  /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?)$/,
  /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$/,
];

/**
 * Whether a string value must be written double-quoted for every YAML reader to read it back as
 * this very string: it holds control characters (escaped only in double quotes) or a tab, or a
 * YAML 1.1 reader would take its plain form for a boolean, number, date or null.
 */
export function needsDoubleQuotes(value: string): boolean {
  // A tab in a plain scalar is valid YAML 1.2, but PyYAML refuses it ("cannot start any token").
  return hasControlCharacters(value) || value.includes('\t') || YAML_11_NON_STRING.some((pattern) => pattern.test(value));
}

/** How a value node is written in a YAML text (its first character tells). */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

/** The style of a value node from its source text (`range` of the `yaml` package); collections and empty nodes count as plain. */
export function scalarStyleOf(nodeText: string): ScalarStyle {
  const first = nodeText[0];
  return first === "'" ? 'single' : first === '"' ? 'double' : first === '|' || first === '>' ? 'block' : 'plain';
}

/** A double-quoted scalar every reader takes back as `value` (JSON escapes C0; YAML needs DEL, C1, U+2028/9 escaped too). */
export function doubleQuoted(value: string): string {
  return escapeControlCharacters(JSON.stringify(value));
}

/**
 * Whether `value` may be written as a plain scalar after `key: ` and be read back as this very
 * string by YAML 1.2 readers (the `yaml` package writes it plain itself) and by YAML 1.1 readers
 * (not a boolean, null, number or date there; no tab or control character; one line).
 */
export function isPortablePlain(value: string): boolean {
  if (value === '' || /[\r\n]/.test(value) || needsDoubleQuotes(value)) return false;
  return stringify({ k: value }, { lineWidth: 0, minContentWidth: 0 }) === `k: ${value}\n`;
}

/**
 * The YAML text that writes `value` where a value node stood, in the node's own style when that
 * style can hold it on one line, so a reviewer's diff shows only the words:
 * - plain stays plain when `isPortablePlain`, else double-quoted;
 * - single-quoted stays single-quoted unless the value holds a line break, tab or control character;
 * - double-quoted stays double-quoted;
 * - a block scalar (`|`, `>`, any indicators) becomes double-quoted (one line, line breaks as
 *   `\n`); a comment on its header line is kept after it.
 *
 * `nodeText` is the node's source text as the `yaml` package ranges it, without the line break
 * that ends a block scalar (the caller keeps that break). `flow`: the node sits in a flow
 * collection (`{title: …}`), where a plain scalar cannot hold `,[]{}`: a plain node is replaced by
 * a double-quoted one. The result is one line, without line break; the caller writes it in place
 * of `nodeText`.
 */
export function scalarInPlaceOf(nodeText: string, value: string, options: { flow?: boolean } = {}): string {
  switch (scalarStyleOf(nodeText)) {
    case 'single':
      return /[\r\n\t]/.test(value) || hasControlCharacters(value) ? doubleQuoted(value) : `'${value.replace(/'/g, "''")}'`;
    case 'double':
      return doubleQuoted(value);
    case 'block': {
      // The header line: indicators, then an optional comment (which must follow whitespace).
      const comment = /^[|>][0-9+-]*([ \t]+#[^\r\n]*)?/.exec(nodeText)?.[1] ?? '';
      return doubleQuoted(value) + comment;
    }
    default:
      return !options.flow && isPortablePlain(value) ? value : doubleQuoted(value);
  }
}
