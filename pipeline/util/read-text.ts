import fs from 'node:fs';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Read a file as UTF-8, refusing invalid bytes (a silently mangled article would be translated wrong). */
export function readUtf8(file: string): string {
  const bytes = fs.readFileSync(file);
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new Error('not valid UTF-8 (re-save the file as UTF-8)');
  }
}

/** Like readUtf8, but undefined when the file does not exist. */
export function readUtf8IfExists(file: string): string | undefined {
  try {
    return readUtf8(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
