import fs from 'node:fs';
import path from 'node:path';

/**
 * Write `content` to `file` only when it differs from what is there, through a temp file and a
 * rename so a killed run never leaves a half-written file. Empty content removes the file.
 * Returns whether the file changed. A caller that has just read the file passes its text as
 * `known` (undefined: read it here; null: known not to exist) so it is not read twice.
 */
export function writeIfChanged(file: string, content: string, known?: string | null): boolean {
  let current: string | undefined;
  if (known !== undefined) current = known ?? undefined;
  else {
    try {
      current = fs.readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
  }
  if (content === '') {
    if (current === undefined) return false;
    fs.rmSync(file);
    return true;
  }
  if (current === content) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, file);
  return true;
}
