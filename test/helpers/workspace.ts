import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { validateConfig } from '../../pipeline/config/load-config.ts';
import { runTranslate, type RunOptions } from '../../pipeline/run/translate-run.ts';
import { createInMemoryMemory } from '../../pipeline/store/in-memory-store.ts';
import { openSqliteMemory } from '../../pipeline/store/sqlite-memory.ts';
import type { TranslationMemory } from '../../pipeline/store/translation-memory.ts';
import { segmentSentences } from '../../pipeline/segmenter/segment-sentences.ts';
import { PROVIDERS } from '../../pipeline/providers/registry.ts';
import type { Provider, ProviderFactory } from '../../pipeline/provider.ts';
import type { RunSummary } from '../../pipeline/run/summary.ts';
import { ROOT } from './corpus.ts';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface Workspace {
  dir: string;
  write(file: string, content: string | Buffer): void;
  read(file: string): string;
  exists(file: string): boolean;
  /** Run the pipeline in-process; every provider call is counted in `calls`. */
  translate(options?: RunOptions & { providers?: Record<string, ProviderFactory>; env?: NodeJS.ProcessEnv }): Promise<RunSummary>;
  /** Run a command of the CLI (`translate`, `review`, …) as a child process. */
  cli(command: string, args?: string[], env?: NodeJS.ProcessEnv): CliResult;
  /** Same, without blocking this process (needed when the child talks to a server in this process). */
  cliAsync(command: string, args?: string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  calls: Array<{ provider: string; target: string; texts: string[] }>;
  memory: TranslationMemory;
}

/** tsx's loader by absolute URL: the child runs in the workspace, where `tsx` does not resolve. */
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export const DEFAULT_CONFIG = {
  sourceLocale: 'id',
  source: 'source/**/*.md',
  locales: 'locales',
  output: 'dist',
  cache: '.cache/memory.sqlite',
  targets: { en: { provider: 'pseudo' } },
};

/** A temporary project folder with a config and the given files. */
export function createWorkspace(files: Record<string, string | Buffer> = {}, config: Record<string, unknown> = DEFAULT_CONFIG, options: { sqlite?: boolean } = {}): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jfid-ws-'));
  const write = (file: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };
  write('translate.config.yaml', stringify(config));
  for (const [file, content] of Object.entries(files)) write(file, content);
  const memory = options.sqlite ? openSqliteMemory(path.join(dir, '.cache/memory.sqlite')) : createInMemoryMemory();
  const calls: Workspace['calls'] = [];
  return {
    dir,
    calls,
    memory,
    write,
    read: (file) => fs.readFileSync(path.join(dir, file), 'utf8'),
    exists: (file) => fs.existsSync(path.join(dir, file)),
    async translate(runOptions = {}) {
      const cfg = validateConfig(configFromDisk(dir), path.join(dir, 'translate.config.yaml'));
      return runTranslate(cfg, runOptions, {
        memory,
        split: segmentSentences,
        log: { info() {}, warn() {}, progress() {} },
        async createProvider(name, target) {
          const factory = runOptions.providers?.[name] ?? (await PROVIDERS[name]());
          const provider = factory({ options: target.options, env: runOptions.env ?? {}, cacheDir: path.join(dir, '.cache') });
          return countingProvider(provider, target.locale, calls);
        },
      });
    },
    cli(command, args = [], env = {}) {
      const result = spawnSync(process.execPath, cliArgs(command, args), { cwd: dir, encoding: 'utf8', env: cliEnv(env) });
      return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
    },
    cliAsync(command, args = [], env = {}) {
      const child = spawn(process.execPath, cliArgs(command, args), { cwd: dir, env: cliEnv(env) });
      const out = { stdout: '', stderr: '' };
      child.stdout.on('data', (chunk) => (out.stdout += chunk));
      child.stderr.on('data', (chunk) => (out.stderr += chunk));
      return new Promise((resolve) => child.on('close', (status) => resolve({ status: status ?? -1, ...out })));
    },
  };
}

/** Node's arguments to run `scripts/<command>.ts` from the sources (tsx's loader), as `cli` does. */
export const cliArgs = (command: string, args: string[]) => ['--import', TSX_LOADER, path.join(ROOT, 'scripts', `${command}.ts`), ...args];
/** The environment of a CLI child: PATH, HOME and CI only, plus `env` (no key leaks in from the shell). */
export const cliEnv = (env: NodeJS.ProcessEnv) => ({ PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', ...env });

/** Tests may rewrite the config file; read it as the CLI would. */
function configFromDisk(dir: string): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(dir, 'translate.config.yaml'), 'utf8')) as Record<string, unknown>;
}

function countingProvider(provider: Provider, target: string, calls: Workspace['calls']): Provider {
  return {
    name: provider.name,
    publishable: provider.publishable,
    fingerprint: (pair) => provider.fingerprint(pair),
    segmentFingerprint: provider.segmentFingerprint && ((pair, source) => provider.segmentFingerprint!(pair, source)),
    close: provider.close && (() => provider.close!()),
    estimate: provider.estimate && ((job) => provider.estimate!(job)),
    budget: provider.budget,
    async translate(job, onResults) {
      calls.push({ provider: provider.name, target, texts: job.segments.map((s) => s.text) });
      return provider.translate(job, onResults);
    },
  };
}

/** The seed article of the repository, for realistic scenarios. */
export const SEED_ARTICLE = fs.readFileSync(path.join(ROOT, 'source/putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara.md'), 'utf8');
