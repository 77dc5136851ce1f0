import { describe, expect, it } from 'vitest';
import { createLogger } from '../pipeline/cli/progress-logger.ts';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, write: (chunk: string) => chunks.push(chunk) } as unknown as NodeJS.WriteStream, chunks };
}

describe('progress and messages on stderr', () => {
  it('draws a bar on a terminal and clears it before a message', () => {
    const { stream, chunks } = fakeStream(true);
    const log = createLogger(stream, {});
    log.progress(50, 200);
    log.info('done');
    expect(chunks[0]).toBe(`\r[${'#'.repeat(8)}${'.'.repeat(22)}] 50/200 articles`);
    expect(chunks.slice(1)).toEqual(['\r\x1b[K', 'done\n']);
  });

  it('stays silent under CI and when not a terminal', () => {
    for (const [tty, env] of [[true, { CI: 'true' }], [false, {}]] as const) {
      const { stream, chunks } = fakeStream(tty);
      createLogger(stream, env).progress(50, 200);
      expect(chunks).toEqual([]);
    }
  });
});
