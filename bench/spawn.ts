/** Run a bench child process (`tsx FILE …`) from the repo root and parse its last JSON line. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildRunResult } from './run-child.ts';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function runTsx<T>(args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(line) as T);
      } catch (error) {
        reject(new Error(`${args.join(' ')} failed (${(error as Error).message}): ${err.slice(-2000)}`));
      }
    });
  });
}

export const runChild = (args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []) => runTsx<ChildRunResult>(args, env, nodeArgs);
