/**
 * Headless Chromium for the review page's browser tests, and the review server as a child process.
 *
 * The browser is the system's Chromium (Debian's `chromium`, installed by `.ci/install-chromium.sh`)
 * driven by playwright-core, which downloads no browser of its own. Where no Chromium is found,
 * `hasChromium` is false and the suites skip with `CHROMIUM_MISSING` as their message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { cliArgs, cliEnv, type Workspace } from './workspace.ts';

/** Names of a Chromium executable on PATH, in order of preference. */
const EXECUTABLE_NAMES = ['chromium', 'chromium-browser'];

/**
 * The Chromium executable: `CHROMIUM_PATH` when set (and it exists), else the first of
 * `chromium` / `chromium-browser` on PATH (Debian installs /usr/bin/chromium); undefined if none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of EXECUTABLE_NAMES) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export const CHROMIUM_PATH = findChromium();
/** True when a Chromium executable was found; browser suites use `describe.skipIf(!hasChromium)`. */
export const hasChromium = CHROMIUM_PATH !== undefined;
/** Printed by a suite that skips for want of a browser: names the fix. */
export const CHROMIUM_MISSING =
  'browser tests skipped: no Chromium found (install it with `bash .ci/install-chromium.sh`, i.e. `apt-get install --no-install-recommends chromium`, or set CHROMIUM_PATH to a Chromium executable)';

/**
 * Launch the system Chromium headless. `--no-sandbox` because CI runs as root, where Chromium's
 * sandbox refuses to start. Throws when no Chromium was found (check `hasChromium` first).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error(CHROMIUM_MISSING);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

export interface ReviewServer {
  /** The address announced by the server, e.g. `http://127.0.0.1:41234/` (with the trailing slash). */
  url: string;
  /** `http://HOST:PORT`: the value of a same-origin `Origin` header. */
  origin: string;
  /** Everything the server wrote to stderr so far (warnings, errors). */
  stderr(): string;
  /** Stop it as a user would (SIGINT, i.e. Ctrl-C); SIGKILL after `graceMs`. Resolves with its exit code (null if killed). */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Start `review serve --port 0 --config <ws>/translate.config.yaml` for a workspace, from the
 * sources (tsx's loader, as `Workspace.cli` runs commands), and wait for its first stdout line
 * `listening http://HOST:PORT/`. Rejects (and kills the child) if the child exits first or no such
 * line comes within `timeoutMs`; the message carries the child's stdout and stderr.
 */
export function startReviewServer(ws: Workspace, extraArgs: string[] = [], timeoutMs = 20_000): Promise<ReviewServer> {
  const args = cliArgs('review', ['serve', '--port', '0', '--config', path.join(ws.dir, 'translate.config.yaml'), ...extraArgs]);
  const child = spawn(process.execPath, args, { cwd: ws.dir, env: cliEnv({}) });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise<ReviewServer>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(new Error(`review serve ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`printed no "listening http://HOST:PORT/" line within ${timeoutMs} ms`), timeoutMs);
    const early = (code: number | null) => fail(`exited (code ${code}) before listening`);
    child.once('exit', early);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const first = stdout.slice(0, newline).trim();
      const match = /^listening (http:\/\/[^\s/]+\/)$/.exec(first);
      if (!match) return fail(`first stdout line is not "listening http://HOST:PORT/": ${JSON.stringify(first)}`);
      clearTimeout(timer);
      child.off('exit', early);
      child.stdout.removeAllListeners('data');
      child.stdout.resume(); // keep draining: a full pipe would block the server
      resolve(serverHandle(child, match[1], exited, () => stderr));
    });
  });
}

function serverHandle(child: ChildProcessWithoutNullStreams, url: string, exited: Promise<number | null>, stderr: () => string): ReviewServer {
  return {
    url,
    origin: new URL(url).origin,
    stderr,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
