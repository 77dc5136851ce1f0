/**
 * `npm run segment`: Indonesian sentence segmentation on stdin.
 *   --jsonl   lines of {"id","text"} in, lines of {"id","sentences":[...]} out, in order
 *   (default) plain text in, one sentence per line out
 * Exit codes: 0 ok, 2 usage or input error, 3 I/O failure.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';

const USAGE = `Usage: npm run segment -- [--jsonl] [--config FILE]

Split Indonesian text on stdin into sentences (rules: pipeline/segmenter/rules/id.srx).

  --jsonl        read {"id": ..., "text": "..."} JSON lines, write {"id": ..., "sentences": [...]} lines
                 (without it: read plain text, print one sentence per line; blank lines end sentences)
  --config FILE  project config (accepted for symmetry with the other commands; segmentation needs none)
  -h, --help     show this help

Example: echo '{"id":"1","text":"Ia datang. Dia pergi."}' | npm run -s segment -- --jsonl
`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { jsonl: boolean; help: boolean } {
  const options = { jsonl: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--jsonl') options.jsonl = true;
    else if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg === '--config' || arg.startsWith('--config=')) {
      const file = arg === '--config' ? argv[++i] : arg.slice('--config='.length);
      if (!file) throw new UsageError('--config needs a file path, e.g. --config translate.config.yaml');
      if (!existsSync(file)) throw new UsageError(`config file ${file} does not exist; pass an existing file or drop --config`);
    } else throw new UsageError(`unknown argument ${arg}; see npm run segment -- --help`);
  }
  return options;
}

function sentencesOf(text: string): string[] {
  return segmentSentences(text).map(({ start, end }) => text.slice(start, end));
}

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
    out += JSON.stringify({ id, sentences: sentencesOf(text) }) + '\n';
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
  const sentences = sentencesOf(text).map((s) => s.replace(/\s*[\r\n]+\s*/g, ' '));
  if (sentences.length) await write(sentences.join('\n') + '\n');
  return 0;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
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
