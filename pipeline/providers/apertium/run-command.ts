/**
 * One call of the `apertium` command line: a whole batch on stdin, the translation on stdout.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProviderError } from '../../provider.ts';
import { installCommand } from './pair.ts';

export interface CommandCall {
  command: string;
  pair: string;
  /** `-f` format. */
  format: string;
  /** `-d` data directory (pairs not installed system-wide). */
  dataDir?: string;
  input: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * The batch goes in as a file: the `apertium` script hands `/dev/stdin` to its deformatter, which
 * cannot open it when stdin is a socket (as Node's child-process pipes are).
 */
export async function runApertium(call: CommandCall): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'apertium-batch-'));
  try {
    const file = join(dir, 'batch.html');
    await writeFile(file, call.input, 'utf8');
    return await spawnApertium(call, file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnApertium(call: CommandCall, file: string): Promise<string> {
  const args = [...(call.dataDir ? ['-d', call.dataDir] : []), '-f', call.format, call.pair, file];
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout ends the whole pipeline the script starts.
    // APERTIUM_TRANSFUSE=no: the classic deformatter, as apertium-apy uses. Transfuse (tf-extract,
    // installed by some setups) cannot read stdin from a socket and aborts with exit status 0.
    const child = spawn(call.command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, APERTIUM_TRANSFUSE: 'no' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const finish = (error: unknown, value?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      if (error !== undefined) reject(error);
      else resolve(value ?? '');
    };
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      kill();
      finish(
        new ProviderError(
          'network',
          `Apertium (${call.command} ${call.pair}) did not answer within ${call.timeoutMs} ms; raise the target's timeoutMs or lower its batchSize.`,
        ),
      );
    }, call.timeoutMs);
    const onAbort = () => {
      kill();
      finish(call.signal?.reason ?? new Error('aborted'));
    };
    if (call.signal?.aborted) return onAbort();
    call.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        finish(
          new ProviderError(
            'unavailable',
            `Apertium is not installed: command "${call.command}" not found. Install the engine and the ${call.pair} pair:\n${installCommand(call.pair)}`,
            { cause: error },
          ),
        );
      } else finish(new ProviderError('unavailable', `Cannot run ${call.command}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, sig) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      const stdout = Buffer.concat(out).toString('utf8');
      // The script's pipeline can fail with status 0: an empty answer to a non-empty batch is a failure.
      if (code === 0 && (stdout.trim() !== '' || call.input.trim() === '')) return finish(undefined, stdout);
      if (/Mode \S+ does not exist|does not exist/i.test(stderr)) {
        return finish(
          new ProviderError(
            'unavailable',
            `The Apertium pair ${call.pair} is not installed (${stderr.split('\n')[0]}). Install it:\n${installCommand(call.pair)}`,
          ),
        );
      }
      finish(
        new ProviderError(
          'unavailable',
          `${call.command} ${args.join(' ')} failed (${code === null ? `signal ${sig}` : code === 0 ? 'no output' : `exit ${code}`})${stderr ? `: ${stderr.slice(0, 500)}` : ''}`,
        ),
      );
    });
  });
}
