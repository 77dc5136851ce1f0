/**
 * `npm run segment`: Indonesian sentence segmentation on stdin.
 *   --jsonl   lines of {"id","text"} in, lines of {"id","sentences":[...]} out, in order
 *   (default) plain text in, one sentence per line out
 * Exit codes: 0 ok, 2 usage or input error, 3 I/O failure.
 */
import '../pipeline/cli/fresh-build.ts'; // first: a stale build/ runs the sources instead
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { splitSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { parseArgs, UsageError } from '../pipeline/cli/parse-args.ts';

const USAGE = `Usage: npm run segment -- [--jsonl] [--config FILE]

Split Indonesian text on stdin into sentences (rules: pipeline/segmenter/rules/id.srx).

  --jsonl        read {"id": ..., "text": "..."} JSON lines, write {"id": ..., "sentences": [...]} lines
                 (without it: read plain text, print one sentence per line; blank lines end sentences)
  --config FILE  project config (accepted for symmetry with the other commands; segmentation needs none)
  -h, --help     show this help

Example: echo '{"id":"1","text":"Ia datang. Dia pergi."}' | npm run -s segment -- --jsonl
`;

function write(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve).once('error', reject);
  });
}

async function runJsonl(): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let out = '';
  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch (error) {
      process.stderr.write(`segment: stdin line ${lineNumber}: not valid JSON (${(error as Error).message}); each line must be {"id": ..., "text": "..."}\n`);
      return 2;
    }
    const text = (item as { text?: unknown } | null)?.text;
    if (typeof item !== 'object' || item === null || Array.isArray(item) || typeof text !== 'string') {
      process.stderr.write(`segment: stdin line ${lineNumber}: expected an object with a string "text", e.g. {"id": "a1", "text": "Ia datang."}\n`);
      return 2;
    }
    const { id } = item as { id?: unknown };
    out += JSON.stringify({ id, sentences: splitSentences(text) }) + '\n';
    if (out.length > 1 << 16) {
      await write(out);
      out = '';
    }
  }
  if (out) await write(out);
  return 0;
}

async function runPlain(): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  // One sentence per line: soft line breaks inside a sentence become spaces.
  const sentences = splitSentences(text).map((s) => s.replace(/\s*[\r\n]+\s*/g, ' '));
  if (sentences.length) await write(sentences.join('\n') + '\n');
  return 0;
}

async function main(): Promise<number> {
  let options;
  try {
    const args = parseArgs(process.argv.slice(2), { values: ['config'], booleans: ['jsonl'] }, 'segment');
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"; see npm run segment -- --help`);
    const config = args.values.config;
    if (config !== undefined && !existsSync(config)) throw new UsageError(`config file ${config} does not exist; pass an existing file or drop --config`);
    options = { jsonl: args.flags.has('jsonl'), help: args.flags.has('help') };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`segment: ${error.message}\n`);
    return 2;
  }
  if (options.help) {
    await write(USAGE);
    return 0;
  }
  return options.jsonl ? runJsonl() : runPlain();
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`segment: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
