/**
 * `npm run demo:llm`: the repository's articles translated into English by the `llm` provider
 * through the LLM emulator (test/llm-emulator), with the project glossary (glossary.csv) and a
 * house style guide (examples/llm-demo/). It runs the real `translate` command twice against the
 * emulator and prints which glossary lines were sent, where they show in the English bundle, the
 * tokens and cost, and that the second run sent nothing. Writes only under .cache/llm-demo/.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLlmEmulator } from '../test/llm-emulator/index.ts';
import { acquireLock } from '../pipeline/cli/workspace-lock.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = path.join(ROOT, 'examples/llm-demo/translate.config.yaml');
const OUT = path.join(ROOT, '.cache/llm-demo');

const HELP = `Usage: npm run demo:llm -- [--keep]

Translate the repository's articles into English with the llm provider against the local LLM
emulator (no network, no key of yours), with glossary.csv and examples/llm-demo/style-guide.md.
Runs translate twice (the second run pays for nothing) and shows the glossary applied.
Output: .cache/llm-demo/ (locale files, bundles, memory); the repository's files are untouched.

Options:
  --keep      keep .cache/llm-demo/ from an earlier demo (default: start afresh)
  -h, --help  show this help
`;

interface Summary {
  locales: Record<string, { translated: number; requests: number; failed: number; tokens?: { input: number; output: number } }>;
  exitCode: number;
}

function runTranslate(env: NodeJS.ProcessEnv): Promise<{ status: number; summary?: Summary }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'build/translate.js'), '--config', CONFIG, '--json'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  return new Promise((resolve) =>
    child.on('close', (status) => {
      let summary: Summary | undefined;
      try {
        summary = JSON.parse(stdout) as Summary;
      } catch {
        summary = undefined;
      }
      resolve({ status: status ?? 1, summary });
    }),
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  // One demo at a time: a second one would delete the first one's files mid-run.
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  let release: () => void;
  try {
    release = acquireLock(`${OUT}.lock`, 'demo:llm');
  } catch (error) {
    console.error((error as Error).message);
    return 3;
  }
  if (!values.keep) fs.rmSync(OUT, { recursive: true, force: true });
  const emulator = await startLlmEmulator();
  try {
    // The emulator's own key and address: nothing of the user's environment is sent anywhere.
    const env = { ...process.env, OPENAI_BASE_URL: emulator.url, OPENAI_API_KEY: emulator.apiKey };
    console.log(`LLM emulator listening at ${emulator.url}\n\n— First run: translate with the llm provider —`);
    const first = await runTranslate(env);
    const en = first.summary?.locales.en;
    if (first.status !== 0 || !en) {
      console.log(`translate exited ${first.status}; see the messages above.`);
      return first.status || 1;
    }
    const sent = new Map<string, string>();
    for (const record of emulator.chatRequests()) for (const [source, target] of record.glossary) sent.set(source, target);
    const bundles = path.join(OUT, 'dist/en');
    const english = fs.existsSync(bundles) ? fs.readdirSync(bundles).filter((f) => f.endsWith('.md')).map((f) => fs.readFileSync(path.join(bundles, f), 'utf8')).join('\n') : '';
    console.log(`\n${en.translated} segments translated in ${en.requests} requests; ${en.tokens?.input ?? 0} input + ${en.tokens?.output ?? 0} output tokens (emulator's count); ${en.failed} given up on.`);
    console.log(`\nGlossary lines sent with the requests (only terms that occur in each request's segments):`);
    for (const [source, target] of sent) {
      const found = english.includes(target) ? 'found in the English bundle' : 'NOT found in the English bundle';
      console.log(`  ${source} → ${target}: ${found}${source === target ? ' (kept as written)' : ''}`);
    }
    console.log(`\nEnglish bundles: ${path.relative(ROOT, bundles)}/; locale files for review: ${path.relative(ROOT, path.join(OUT, 'locales/en'))}/`);
    console.log(`\n— Second run: everything is in the memory and the locale files —`);
    const before = emulator.chatRequests().length;
    const second = await runTranslate(env);
    const again = emulator.chatRequests().length - before;
    console.log(`\nSecond run: ${again} requests sent to the model (exit ${second.status}).`);
    return second.status;
  } finally {
    await emulator.close();
    release();
  }
}

process.exitCode = await main();
