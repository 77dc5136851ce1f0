import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive, processCommandLine, processStartTime } from '../util/process-alive.ts';

export class LockedError extends Error {}

/**
 * What the lock file holds (JSON): enough to tell the run that wrote it from an unrelated process
 * that later got the same pid, or from a lock copied from another machine.
 */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** The process's start time (`/proc/<pid>/stat`), when the system shows it. */
  processStart?: string;
  /** `translate`, `review`… */
  command: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
}

/** Read a lock file: JSON from this version, or a bare pid from older ones. */
export function readLockOwner(text: string): Partial<LockOwner> | undefined {
  try {
    const data = JSON.parse(text) as unknown;
    if (typeof data === 'number') return { pid: data };
    if (data && typeof data === 'object' && Number.isInteger((data as LockOwner).pid)) return data as LockOwner;
  } catch {
    // not JSON: an older lock holds the bare pid
  }
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && String(pid) === text.trim() ? { pid } : undefined;
}

/** Commands of this pipeline that take the lock, as they show in a process's command line. */
const OUR_SCRIPTS = /scripts[\\/](translate|review)\.ts|\b(translate|review)\b/;

type Verdict = { kind: 'active' } | { kind: 'stale' } | { kind: 'foreign'; why: string };

/** Whether the lock's owner is a live run of this pipeline, gone, or something else holding the file. */
function judge(owner: Partial<LockOwner>): Verdict {
  const pid = owner.pid as number;
  if (owner.hostname !== undefined && owner.hostname !== os.hostname()) {
    return { kind: 'foreign', why: `it was taken on another machine (${owner.hostname}, pid ${pid}): copied along with the workspace, or a run there on a shared disk` };
  }
  if (pid === process.pid) return { kind: 'stale' }; // ours from an earlier acquire in this process, never released
  if (!isProcessAlive(pid)) return { kind: 'stale' };
  const started = processStartTime(pid);
  if (owner.processStart !== undefined && started !== undefined) {
    // Same pid, another start time: the run that wrote the lock is gone and the pid was reused.
    return started === owner.processStart ? { kind: 'active' } : { kind: 'stale' };
  }
  const commandLine = processCommandLine(pid);
  if (owner.command === undefined && commandLine !== undefined && !OUR_SCRIPTS.test(commandLine)) {
    return { kind: 'foreign', why: `it names pid ${pid}, which is alive but is not a translate run (${commandLine.slice(0, 80)})` };
  }
  return { kind: 'active' };
}

/**
 * One run at a time per workspace: an exclusive lock file naming its owner (pid, host, process
 * start time, command). A lock left by a run that died (its pid is gone, or now belongs to a
 * process started later) is taken over; a lock whose owner is alive but is not a run of this
 * pipeline (copied from another machine, or a reused pid in a lock of an older version) is
 * refused with the file to remove.
 */
export function acquireLock(file: string, command = 'translate'): () => void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const me: LockOwner = { pid: process.pid, hostname: os.hostname(), processStart: processStartTime(process.pid), command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (readError) {
        if ((readError as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
        throw readError;
      }
      const owner = readLockOwner(text);
      if (owner) {
        const verdict = judge(owner);
        const what = owner.command && owner.command !== 'translate' ? `${owner.command} run` : 'translate run';
        if (verdict.kind === 'active') {
          throw new LockedError(`another ${what} (pid ${owner.pid}) is working on this workspace; wait for it to finish (lock: ${file})`);
        }
        if (verdict.kind === 'foreign') {
          throw new LockedError(`the workspace lock ${file} is held, but ${verdict.why}. If no translate or review run is active on this workspace, remove the lock (rm "${file}") and rerun.`);
        }
      } else if (Date.now() - fs.statSync(file).mtimeMs < 2_000) {
        // Empty or half-written: another run may be writing it right now.
        throw new LockedError(`another run is taking the workspace lock ${file}; wait for it, or remove the file if no translate or review run is active`);
      }
      fs.rmSync(file, { force: true }); // left by a run that died
    }
  }
  throw new LockedError(`cannot take the lock ${file}; remove it (rm "${file}") if no translate or review run is active`);
}
