/**
 * zod issues → problems a person can act on: the path of each (`targets.en.requireReveiw`), what is
 * wrong with the value found, and for an unknown key or an invalid choice the nearest known one
 * ("did you mean requireReview?"). Shared by the config loader and the providers' own option checks.
 */
import type * as z from 'zod';

export interface SchemaProblem {
  /** Keys from the root of the checked value, e.g. `['targets', 'en', 'mode']`. */
  path: string[];
  message: string;
}

/** Validate `data`; the parsed value, or every problem found. */
export function checkSchema<T>(schema: z.ZodType<T>, data: unknown): { ok: true; value: T } | { ok: false; problems: SchemaProblem[] } {
  const result = schema.safeParse(data, { error: () => DEFAULT_MESSAGE });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.flatMap((issue) => describeIssue(schema, data, issue)) };
}

/** `targets.en.mode`; `(root)` for the value itself. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

/** Marks an issue without a message of the schema's own (which then wins over ours). */
const DEFAULT_MESSAGE = '\u0000default';

function describeIssue(schema: z.ZodType, data: unknown, issue: z.core.$ZodIssue): SchemaProblem[] {
  const path = issue.path.map(String);
  const value = valueAt(data, path);
  const own = issue.message !== DEFAULT_MESSAGE && issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_union';
  if (own) return [{ path, message: issue.code === 'invalid_format' ? `${issue.message}, got ${show(value)}` : issue.message }];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schema, data, path);
      return issue.keys.map((key) => {
        const suggestion = nearest(key, known);
        const hint = suggestion ? `did you mean "${suggestion}"?` : `known keys: ${known.join(', ') || '(none)'}`;
        return { path: [...path, key], message: `unknown key (${hint})` };
      });
    }
    case 'invalid_union': {
      const choices = 'options' in issue && Array.isArray(issue.options) ? (issue.options as unknown[]).map(String) : [];
      const what = 'discriminator' in issue && typeof issue.discriminator === 'string' ? issue.discriminator : 'value';
      if (choices.length === 0) return [{ path, message: issue.message }];
      if (value === undefined) return [{ path, message: `missing (use one of: ${choices.join(', ')})` }];
      return [{ path, message: `${show(value)} is not a ${what} (${didYouMean(value, choices)}use one of: ${choices.join(', ')})` }];
    }
    case 'invalid_value': {
      const choices = issue.values.map((v) => String(v));
      return [{ path, message: `must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got ${show(value)}${suffix(didYouMean(value, choices))}` }];
    }
    case 'invalid_type': {
      if (value === undefined) return [{ path, message: `missing (${noun(issue.expected)})` }];
      return [{ path, message: `must be ${noun(issue.expected)}, got ${show(value)}` }];
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string' && min === 1) return [{ path, message: 'must not be empty' }];
      if (issue.origin === 'array' || issue.origin === 'set') return [{ path, message: `must have at least ${min} item${min === 1 ? '' : 's'}` }];
      return [{ path, message: `must be ${issue.inclusive ? '≥' : '>'} ${min}, got ${show(value)}` }];
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      return [{ path, message: `must be ${issue.inclusive ? '≤' : '<'} ${max}, got ${show(value)}` }];
    }
    default:
      return [{ path, message: `is not valid (${issue.code}), got ${show(value)}` }];
  }
}

function suffix(hint: string): string {
  return hint ? ` (${hint.trim().replace(/[;,]$/, '')})` : '';
}

function didYouMean(value: unknown, choices: readonly string[]): string {
  const suggestion = typeof value === 'string' ? nearest(value, choices) : undefined;
  return suggestion ? `did you mean "${suggestion}"? ` : '';
}

function noun(expected: string): string {
  const nouns: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    object: 'a map',
    record: 'a map',
    array: 'a list',
    never: 'absent',
  };
  return nouns[expected] ?? expected;
}

/** A value as it would read in the config file. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType; options?: z.ZodType[]; discriminator?: string; values?: unknown[] };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The keys an object schema at `path` accepts (for a discriminated union: the branch the data selects). */
function knownKeys(schema: z.ZodType, data: unknown, path: readonly string[]): string[] {
  const object = schemaAt(schema, data, path);
  return object ? Object.keys(defOf(object).shape ?? {}) : [];
}

function schemaAt(schema: z.ZodType, data: unknown, path: readonly string[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  let value = data;
  for (let i = 0; ; i++) {
    current = unwrap(current, value);
    if (!current || i === path.length) return current;
    const def = defOf(current);
    const key = path[i];
    if (def.type === 'object') current = def.shape?.[key];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else return undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
}

/** Through optional/default/pipe wrappers, and a discriminated union to the branch `value` selects. */
function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  while (current) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'union' && def.discriminator && def.options) {
      const selected = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[def.discriminator] : undefined;
      return def.options.find((option) => {
        const literal = defOf(option).shape?.[def.discriminator!];
        return literal !== undefined && (defOf(literal).values ?? []).includes(selected);
      });
    } else return current;
  }
  return undefined;
}

/** The known name closest to `input` by edit distance (case-insensitive), if close enough to be a typo. */
export function nearest(input: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase()) + (input === candidate ? 0 : input.toLowerCase() === candidate.toLowerCase() ? 0.5 : 0);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(input.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}
