import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { RunError } from './summary.ts';

/** No article matches the config's `source` glob: nothing is translated and nothing unpublished. */
export function noSourcesError(config: Config): RunError {
  const configFile = path.relative(config.root, config.file) || config.file;
  return {
    file: configFile,
    code: 'no-sources',
    message: `"source: ${config.source}" in ${configFile} matches no article (is ${config.sourceDir}/ there, and is the glob right?). Nothing was translated, and nothing was unpublished.`,
  };
}
