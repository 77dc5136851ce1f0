/**
 * The floors, each in its own process like the pipeline runs:
 * `tsx bench/floor-child.ts --root DIR --kind hash|parse`. Lists `source/**\/*.md` with fast-glob
 * (as the pipeline does), then reads and SHA-256-hashes every file (`hash`), or reads and parses
 * every file with the pipeline's own markdown parser (`parse`). Prints one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import fg from 'fast-glob';
import { parseMarkdown } from '../pipeline/markdown/parse-markdown.ts';

export interface FloorResult {
  kind: 'hash' | 'parse';
  files: number;
  ms: number;
  maxRssMB: number;
  /** Keeps the work observable (hash prefix or node count). */
  check: string;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : argv[i + 1];
  };
  const root = arg('root');
  const kind = arg('kind');
  if (!root || (kind !== 'hash' && kind !== 'parse')) throw new Error('usage: floor-child.ts --root DIR --kind hash|parse');
  const start = performance.now();
  const files = (await fg('source/**/*.md', { cwd: root, onlyFiles: true, ignore: ['**/node_modules/**'] })).sort();
  let check = '';
  if (kind === 'hash') {
    const all = createHash('sha256');
    for (const file of files) all.update(createHash('sha256').update(fs.readFileSync(path.join(root, file), 'utf8')).digest());
    check = all.digest('hex').slice(0, 12);
  } else {
    let nodes = 0;
    for (const file of files) nodes += parseMarkdown(fs.readFileSync(path.join(root, file), 'utf8')).tree.children.length;
    check = String(nodes);
  }
  const ms = performance.now() - start;
  const result: FloorResult = { kind, files: files.length, ms, maxRssMB: process.resourceUsage().maxRSS / 1024, check };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`floor-child: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 3;
});
