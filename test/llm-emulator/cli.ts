/**
 * Run the LLM emulator by hand: `npx tsx test/llm-emulator/cli.ts [--port N] [--key K]
 * [--model M] [--max-context-tokens N] [--no-json-schema] [--faults FILE]`. `--faults` reads a
 * JSON `LlmFaults` (no predicates: `match` is a substring, pickers are `requests`, `fraction`,
 * `times`, `seed`). Prints the base URL and the
 * (emulator-only) key to use, one line per request (status, ids, tokens billed, faults), and the
 * totals on exit; serves until Ctrl-C (SIGINT) or SIGTERM, then closes cleanly (exit 0).
 * Bad arguments → a message on stderr and exit 2.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { LlmFaults } from './fault-plan.ts';
import type { LlmRequestRecord } from './request-log.ts';
import { startLlmEmulator } from './start-llm-emulator.ts';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npx tsx test/llm-emulator/cli.ts [--port N] [--key K] [--model M] [--max-context-tokens N] [--no-json-schema] [--faults FILE]\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) usage(`--${name} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

function describe(r: LlmRequestRecord): string {
  const parts = [`#${r.seq} ${r.method} ${r.path} ${r.status === 0 ? 'no response' : r.status}`];
  if (r.ids.length > 0) parts.push(`${r.ids.length} segment${r.ids.length === 1 ? '' : 's'}`);
  if (r.glossary.length > 0) parts.push(`${r.glossary.length} glossary line${r.glossary.length === 1 ? '' : 's'}`);
  if (r.usage) parts.push(`tokens ${r.usage.prompt_tokens} in + ${r.usage.completion_tokens} out`);
  if (r.fault) parts.push(`fault ${r.fault}`);
  if (r.answerFaults.length > 0) parts.push(`answer faults ${r.answerFaults.map((h) => `${h.id}:${h.mode}`).join(', ')}`);
  return parts.join(' · ');
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        key: { type: 'string' },
        model: { type: 'string' },
        'max-context-tokens': { type: 'string' },
        'no-json-schema': { type: 'boolean' },
        faults: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (values.help) {
    process.stdout.write('An OpenAI-compatible emulator for the llm provider (see test/llm-emulator/README.md).\n');
    usage('');
  }
  const port = integer('port', values.port as string | undefined, 0);
  if (port > 65535) usage('--port must be at most 65535');
  let faults: LlmFaults | undefined;
  if (values.faults !== undefined) {
    try {
      faults = JSON.parse(readFileSync(values.faults as string, 'utf8')) as LlmFaults;
    } catch (error) {
      usage(`--faults: cannot read ${values.faults as string} as JSON (${(error as Error).message})`);
    }
    if (faults === null || typeof faults !== 'object' || Array.isArray(faults)) usage('--faults: the file must hold one JSON object (LlmFaults)');
  }
  const emulator = await startLlmEmulator({
    faults,
    port,
    apiKey: values.key as string | undefined,
    model: values.model as string | undefined,
    maxContextTokens: values['max-context-tokens'] === undefined ? undefined : integer('max-context-tokens', values['max-context-tokens'] as string, 0),
    jsonSchema: values['no-json-schema'] ? false : undefined,
    onRequest: (record) => process.stdout.write(`${describe(record)}\n`),
  });
  process.stdout.write(`listening ${emulator.url}\n`);
  process.stdout.write(`OPENAI_BASE_URL=${emulator.url} OPENAI_API_KEY=${emulator.apiKey}   (model: ${emulator.model}; Ctrl-C to stop)\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const t = emulator.totals();
    process.stdout.write(
      `\n${signal}: ${t.requests} requests, ${t.billedRequests} billed, tokens ${t.promptTokens} in + ${t.completionTokens} out = ${t.totalTokens}\n`,
    );
    emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  process.stderr.write(`llm-emulator: ${code === 'EADDRINUSE' ? 'that port is already in use' : (error as Error).message}\n`);
  process.exit(code === 'EADDRINUSE' ? 2 : 1);
});
