/**
 * Start an apertium-apy server on a free loopback port (tests, benchmarks) and stop it after.
 *
 * On Debian, `apt-get install apertium-apy` installs the `apertium-apy` command (a Python/Tornado
 * program, module `apertium_apy`): `apertium-apy -p PORT /usr/share/apertium/modes`, where the
 * folder holds the installed pairs' `.mode` files. It binds every interface; we talk to it
 * over 127.0.0.1 only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface ApertiumServer {
  /** e.g. `http://127.0.0.1:43117` */
  url: string;
  port: number;
  /** What the server printed (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export const DEFAULT_MODES_DIR = '/usr/share/apertium/modes';

/** Whether the apertium-apy command is installed. */
export function hasApertiumApy(command = 'apertium-apy'): boolean {
  const probe = spawnSync(command, ['--help'], { stdio: 'ignore', timeout: 15_000 });
  return probe.error === undefined && probe.status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      // Its own process group: the server and the translation pipelines it started.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

export interface StartOptions {
  command?: string;
  modesDir?: string;
  /** A pair that must answer before the server counts as ready (its pipeline warms up). */
  warmPair?: string;
  timeoutMs?: number;
}

export async function startApertiumServer(options: StartOptions = {}): Promise<ApertiumServer> {
  const command = options.command ?? 'apertium-apy';
  const timeoutMs = options.timeoutMs ?? 30_000;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let output = '';
    const child = spawn(command, ['-p', String(port), '-j', '1', options.modesDir ?? DEFAULT_MODES_DIR], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    let exited = false;
    child.on('exit', () => (exited = true));
    const spawnError = new Promise<Error>((resolve) => child.on('error', resolve));
    const server: ApertiumServer = { url, port, log: () => output, stop: () => stopChild(child) };
    const deadline = Date.now() + timeoutMs;
    try {
      while (Date.now() < deadline) {
        const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(r, 200, undefined))]);
        if (failed) throw new Error(`Cannot start ${command}: ${failed.message}. Install it: apt-get install apertium-apy`);
        if (exited) throw new Error(`${command} exited while starting on port ${port}:\n${output.slice(-2000)}`);
        try {
          const response = await fetch(`${url}/listPairs`, { signal: AbortSignal.timeout(2000) });
          if (response.ok) {
            if (options.warmPair) {
              const [from, to] = options.warmPair.split('-');
              await fetch(`${url}/translate?langpair=${from}%7C${to}&q=ya`, { signal: AbortSignal.timeout(timeoutMs) });
            }
            return server;
          }
        } catch {
          // not listening yet
        }
      }
      throw new Error(`${command} did not answer on ${url} within ${timeoutMs} ms:\n${output.slice(-2000)}`);
    } catch (error) {
      await server.stop();
      lastError = error;
      // A port taken between probe and bind: try another one.
      if (!/Address already in use/i.test(output)) break;
    }
  }
  throw lastError;
}
