import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { UsageError } from './parse-args.ts';

/**
 * `--locale a,b` → the target locales it names (undefined without the flag: every target).
 * An empty list (`--locale ,`, `--locale ''`) or a locale that is not a target is a usage error.
 */
export function parseLocaleFlag(value: string | undefined, config: Config, command: string): string[] | undefined {
  if (value === undefined) return undefined;
  const targets = config.targets.map((t) => t.locale);
  const locales = [...new Set(value.split(',').map((l) => l.trim()).filter(Boolean))];
  if (locales.length === 0) {
    throw new UsageError(`--locale needs at least one target locale, comma-separated, e.g. --locale ${targets.slice(0, 2).join(',')} (targets: ${targets.join(', ')}), or omit it for every target; see npm run ${command} -- --help`);
  }
  const unknown = locales.filter((l) => !targets.includes(l));
  if (unknown.length > 0) {
    throw new UsageError(`--locale ${unknown.join(',')} is not a target in ${path.relative(process.cwd(), config.file) || config.file} (targets: ${targets.join(', ')})`);
  }
  return locales;
}
