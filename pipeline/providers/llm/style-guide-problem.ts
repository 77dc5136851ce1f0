import fs from 'node:fs';
import path from 'node:path';
import type { ProviderOptions } from '../../provider.ts';

/**
 * The config-time check of an llm target (every command, `PROVIDER_CONFIG.llm.checkTarget`): its
 * `styleGuide` must be a readable file, relative to the config file's folder. Returns the problem
 * with its fix, or undefined. `options` already passed the llm options schema.
 */
export function styleGuideProblem(options: ProviderOptions, _locale: string, configDir: string): string | undefined {
  const guide = options.styleGuide;
  if (typeof guide !== 'string') return undefined;
  const full = path.resolve(configDir, guide);
  try {
    if (fs.statSync(full).isFile()) return undefined;
    return `styleGuide '${guide}' is not a file (${full}); name a markdown file, relative to the config file's folder`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `styleGuide '${guide}' cannot be read (${full}: ${code ?? (error as Error).message}); name a markdown file, relative to the config file's folder, or remove the option`;
  }
}
