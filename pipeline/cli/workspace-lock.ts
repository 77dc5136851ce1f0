import fs from 'node:fs';
import path from 'node:path';

export class LockedError extends Error {}

/**
 * One run at a time per workspace: an exclusive lock file holding the owner's pid. A lock left by a
 * killed run (its pid is gone) is taken over.
 */
export function acquireLock(file: string): () => void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new LockedError(`another translate run (pid ${owner}) is working on this workspace; wait for it to finish (lock: ${file})`);
      }
      fs.rmSync(file, { force: true }); // left by a run that died
    }
  }
  throw new LockedError(`cannot take the lock ${file}; delete it if no translate run is active`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
