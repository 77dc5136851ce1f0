/** A usage error: exit code 2, with the command's help pointer. */
export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value (`--config FILE` or `--config=FILE`). */
  values: readonly string[];
  /** Boolean flags. */
  booleans: readonly string[];
}

export interface ParsedArgs {
  values: Record<string, string>;
  flags: Set<string>;
  positionals: string[];
}

/** Parse `--flag`, `--flag value`, `--flag=value` and positionals; unknown flags are usage errors. */
export function parseArgs(argv: readonly string[], spec: FlagSpec, command: string): ParsedArgs {
  const parsed: ParsedArgs = { values: {}, flags: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      parsed.flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      parsed.positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (spec.values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value; see npm run ${command} -- --help`);
      parsed.values[name] = value;
    } else if (spec.booleans.includes(name) || name === 'help') {
      parsed.flags.add(name);
    } else {
      throw new UsageError(`unknown option --${name}; see npm run ${command} -- --help`);
    }
  }
  return parsed;
}
