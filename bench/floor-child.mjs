/**
 * The floors, each a fresh plain `node` process (no tsx, no pipeline code), timed from outside
 * like the commands they are compared with:
 *
 *   node bench/floor-child.mjs --root DIR --kind hash    read + SHA-256 every source file
 *                                                         (source/**\/*.md) and every file under locales/
 *   node bench/floor-child.mjs --root DIR --kind parse   read every source file and parse it with
 *                                                         remark-parse + remark-gfm + remark-frontmatter
 *                                                         (unified; micromark underneath), as the pipeline does
 *
 * Files are listed with fast-glob, as the pipeline lists them. Prints one JSON line:
 * { kind, files, bytes, ms (in-process, after module loading), maxRssMB, check }.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import fg from 'fast-glob';

const argv = process.argv.slice(2);
const arg = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv[i + 1];
};
const root = arg('root');
const kind = arg('kind');
if (!root || (kind !== 'hash' && kind !== 'parse')) {
  process.stderr.write('usage: node bench/floor-child.mjs --root DIR --kind hash|parse\n');
  process.exit(2);
}

let parse;
if (kind === 'parse') {
  const [{ unified }, { default: remarkParse }, { default: remarkGfm }, { default: remarkFrontmatter }] = await Promise.all([
    import('unified'),
    import('remark-parse'),
    import('remark-gfm'),
    import('remark-frontmatter'),
  ]);
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
  parse = (text) => processor.parse(text);
}

const start = performance.now();
const patterns = kind === 'hash' ? ['source/**/*.md', 'locales/**'] : ['source/**/*.md'];
const files = (await fg(patterns, { cwd: root, onlyFiles: true, dot: true, ignore: ['**/node_modules/**'] })).sort();
let bytes = 0;
let check;
if (kind === 'hash') {
  const all = createHash('sha256');
  for (const file of files) {
    const data = fs.readFileSync(path.join(root, file));
    bytes += data.length;
    all.update(createHash('sha256').update(data).digest());
  }
  check = all.digest('hex').slice(0, 12);
} else {
  let nodes = 0;
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    bytes += Buffer.byteLength(text);
    nodes += parse(text).children.length;
  }
  check = String(nodes);
}
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ kind, files: files.length, bytes, ms, maxRssMB: process.resourceUsage().maxRSS / 1024, check })}\n`);
