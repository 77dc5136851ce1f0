import os from 'node:os';
/** The generic worker pool (pipeline/run/task-pool.ts): named tasks, results in input order, errors, the thread decision. */
import { afterAll, describe, expect, it } from 'vitest';
import { openTaskPool, workerModuleUrl, workerThreads, WORKERS_ENV } from '../pipeline/run/task-pool.ts';

describe('task pool', () => {
  const pool = openTaskPool(workerModuleUrl('./fixtures/workers/sample-tasks.ts', import.meta.url), 2);
  afterAll(() => pool.close());

  it('runs a named task of the worker module, Maps crossing threads', async () => {
    expect(await pool.run('double', { n: 21 })).toEqual({ n: 42, tags: new Map([['n', 21]]) });
  });

  it('map gives results in input order even when later inputs finish first', async () => {
    const inputs = [40, 1, 30, 2, 20, 3].map((ms, n) => ({ n, ms }));
    expect(await pool.map('later', inputs)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("a task that throws rejects with the worker's message; the pool keeps working", async () => {
    await expect(pool.run('fail', { message: 'bad input x' })).rejects.toThrow('bad input x');
    expect(await pool.run('double', { n: 1 })).toMatchObject({ n: 2 });
  });
});

describe('workerModuleUrl', () => {
  it('names the source file from the sources and build/<basename>.js from the bundle', () => {
    expect(workerModuleUrl('./x/article-worker.ts', 'file:///p/pipeline/run/a.ts').href).toBe('file:///p/pipeline/run/x/article-worker.ts');
    expect(workerModuleUrl('./x/article-worker.ts', 'file:///p/build/chunk-AB.js').href).toBe('file:///p/build/article-worker.js');
  });
});

describe('workerThreads', () => {
  it(`${WORKERS_ENV} decides when set: 0 never, N always`, () => {
    expect(workerThreads(10_000, { minItems: 1, env: { [WORKERS_ENV]: '0' } })).toBe(0);
    expect(workerThreads(10, { minItems: 1000, env: { [WORKERS_ENV]: '2' } })).toBe(2);
    // Never more than the inputs, nor more than twice the cores (TRANSLATE_WORKERS=999 thrashed).
    expect(workerThreads(1, { minItems: 1000, env: { [WORKERS_ENV]: '3' } })).toBe(1);
    expect(workerThreads(10_000, { minItems: 1, env: { [WORKERS_ENV]: '999' } })).toBe(2 * os.availableParallelism());
  });

  it('without it: no pool for few items, never more threads than items', () => {
    expect(workerThreads(5, { minItems: 50, env: {} })).toBe(0);
    expect(workerThreads(0, { minItems: 0, env: {} })).toBe(0);
    expect(workerThreads(1, { minItems: 1, threads: 8, env: {} })).toBeLessThanOrEqual(1);
  });
});
