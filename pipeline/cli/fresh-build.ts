/**
 * Imported first by every command. When the command runs from the compiled output (`build/`,
 * written by `npm run build`, which `npm ci` runs) and a source under `pipeline/` or `scripts/` is
 * newer than that build, the build is stale: the same command runs from the sources instead
 * (through tsx, in a child process with the same arguments and streams), so an edit is never
 * silently ignored. From the sources (tests, `tsx scripts/…`) it does nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `npm run build` writes this file last; its time is the build's. */
export const BUILD_STAMP = '.built';

// Bundled, this module lives in a chunk directly under build/.
const here = path.dirname(fileURLToPath(import.meta.url));
if (path.basename(here) === 'build' && import.meta.url.endsWith('.js')) {
  const root = path.dirname(here);
  const newest = newestSource(root);
  if (newest > stampTime(here)) {
    const script = path.join(root, 'scripts', path.basename(process.argv[1] ?? '').replace(/\.js$/, '.ts'));
    process.stderr.write('note: build/ is older than the sources; running the sources (`npm run build` makes commands start faster again).\n');
    const loader = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
    // The same Node flags (package.json's scripts set the young generation's size).
    // The sources' time identifies the code that runs (run/output-version.ts): edited code that changes output is applied.
    const env = { ...process.env, TRANSLATE_SOURCES_VERSION: String(newest) };
    const child = spawnSync(process.execPath, [...process.execArgv, '--import', loader, script, ...process.argv.slice(2)], { stdio: 'inherit', env });
    process.exit(child.status ?? 1);
  }
}

function stampTime(build: string): number {
  try {
    return fs.statSync(path.join(build, BUILD_STAMP)).mtimeMs;
  } catch {
    return -1;
  }
}

/** Newest modification time (ms) of the command sources: TypeScript files and segmentation rules. */
function newestSource(root: string): number {
  let newest = 0;
  for (const folder of ['pipeline', 'scripts']) {
    const dir = path.join(root, folder);
    if (!fs.existsSync(dir)) continue; // build/ shipped without its sources: nothing to compare with
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|srx)$/.test(entry.name)) continue;
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  return newest;
}
