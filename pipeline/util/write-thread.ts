/**
 * Writing many files off this thread: creating a file costs the kernel ~0.1 ms (inode allocation),
 * about a fifth of a cold run's main thread at 5 files per article. A `WriteQueue` hands each
 * write to one worker thread, which does exactly what `writeIfChanged` does (temp file + rename,
 * temp removed on failure) in call order, while this thread renders the next article. So a killed
 * run leaves each file whole, old or new, and the files on disk are always a prefix of the calls,
 * as when each file was written at once.
 */
import { Worker } from 'node:worker_threads';
import { FileWriteError, planWrite } from './write-file-atomic.ts';

/** A queue of ordered writes, open for one batch of work (see the module comment). */
export interface WriteQueue {
  /**
   * `writeIfChanged`'s contract with the write itself queued: whether the file changes is decided
   * now (from `known`, else a stat and, for equal sizes, a read) and returned at once; the folder
   * is made now. Throws the queue's failure if a queued write failed already.
   */
  write(file: string, content: string, known?: string | null): boolean;
  /** Run `step` in this thread after every write queued before it is done (e.g. to stat the files); not run after a failure. */
  after(step: () => void): void;
  /**
   * Resolves when every write is done and every `after` step ran; ends the thread. Rejects with
   * the first failure, a `FileWriteError` naming the file (its temp file removed); nothing queued
   * after it was written.
   */
  drain(): Promise<void>;
}

type Job = { file: string; temp: string; content: string } | { file: string; remove: true };
type Reply = { done: true } | { failed: { file: string; code: string; message: string } };

// CommonJS, evaluated as the worker's script: no module of ours to find from the sources or the bundle.
const WORKER = `
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');
let failed = false;
parentPort.on('message', (job) => {
  if (job === 'drain') return parentPort.postMessage({ done: true });
  if (failed) return;
  try {
    if (job.remove) fs.rmSync(job.file);
    else {
      try {
        fs.writeFileSync(job.temp, job.content);
      } catch (error) {
        if (error && error.code === 'ENOENT') {
          fs.mkdirSync(require('node:path').dirname(job.file), { recursive: true });
          fs.writeFileSync(job.temp, job.content);
        } else throw error;
      }
      fs.renameSync(job.temp, job.file);
    }
  } catch (error) {
    failed = true;
    if (!job.remove) try { fs.rmSync(job.temp, { force: true }); } catch {}
    parentPort.postMessage({ failed: { file: job.file, code: (error && error.code) || 'EIO', message: String(error && error.message) } });
  }
});
`;

/** A queue whose writes run on a worker thread of their own, started now. */
export function openWriteQueue(): WriteQueue {
  // A small young generation: the thread holds one file's text at a time (the default costs ~10 MB more peak memory).
  const worker = new Worker(WORKER, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
  let failure: FileWriteError | undefined;
  const steps: Array<() => void> = [];
  const replies = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: Reply) => {
      if ('failed' in reply) {
        const cause = Object.assign(new Error(reply.failed.message), { code: reply.failed.code });
        failure = new FileWriteError(reply.failed.file, cause);
        reject(failure);
      } else resolve();
    });
    worker.on('error', reject);
  });
  replies.catch(() => {}); // seen by `drain` (or `write`), never unhandled
  const post = (job: Job) => worker.postMessage(job);
  return {
    write(file, content, known) {
      if (failure) throw failure;
      const plan = planWrite(file, content, known);
      if (plan === 'none') return false;
      if (plan === 'remove') post({ file, remove: true });
      else post({ file, temp: `${file}.${process.pid}.tmp`, content });
      return true;
    },
    after(step) {
      steps.push(step);
    },
    async drain() {
      try {
        worker.postMessage('drain');
        await replies;
      } finally {
        await worker.terminate();
      }
      // Every write is done: the steps see the files as they were right after their writes (nothing else writes them).
      for (const step of steps) step();
    },
  };
}
