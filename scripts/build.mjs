// `npm run build` (run by `npm ci` through `prepare`): bundle each command with esbuild into
// build/<command>.js. One bundle per command, with shared chunks and lazily imported modules as
// separate files, starts several times faster than hundreds of ES modules resolved one by one
// (micromark alone is over a hundred files): module resolution was half of a no-op run.
// Type checking stays with `tsc --noEmit` (npm test).
import fs from 'node:fs';
import { build } from 'esbuild';

const COMMANDS = ['translate', 'check', 'segment', 'review', 'xliff', 'tm'];
const WORKERS = ['pipeline/run/task-pool-worker.ts', 'pipeline/run/article-worker.ts', 'pipeline/check/check-worker.ts'];

// Written beside build/ and swapped in at the end: a command started meanwhile finds a whole build.
const next = 'build.next';
fs.rmSync(next, { recursive: true, force: true });
await build({
  // Worker modules of task pools (pipeline/run/task-pool.ts) too: build/<name>.js beside the chunks that start them.
  entryPoints: [...COMMANDS.map((name) => `scripts/${name}.ts`), ...WORKERS],
  outdir: next,
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native addon, and the DeepL client (loaded only when a DeepL target has work): left to Node.
  // tinypool (pipeline/run/task-pool.ts) starts its workers from its own files, found beside its module.
  external: ['better-sqlite3', 'deepl-node', 'tinypool'],
  // CommonJS dependencies bundled into ES modules still call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
// Files the code reads at run time, beside the chunks that read them (new URL('./rules/…', import.meta.url)).
fs.cpSync('pipeline/segmenter/rules', `${next}/rules`, { recursive: true });
// Last: its time is the build's (pipeline/cli/fresh-build.ts compares the sources with it).
fs.writeFileSync(`${next}/.built`, `${new Date().toISOString()}\n`);
fs.rmSync('build', { recursive: true, force: true });
fs.renameSync(next, 'build');
