import { hasControlCharacters } from './control-characters.ts';

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
