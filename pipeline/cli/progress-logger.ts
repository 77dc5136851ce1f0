import type { Logger } from '../run/translate-run.ts';

/** Human output on stderr; a progress line only on an interactive terminal outside CI. */
export function createLogger(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Logger {
  const live = Boolean(stream.isTTY) && !env.CI;
  let shown = false;
  const clear = () => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    info(message) {
      clear();
      stream.write(`${message}\n`);
    },
    warn(message) {
      clear();
      stream.write(`warning: ${message}\n`);
    },
    progress(done, total) {
      if (!live || total < 2) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} articles`);
      shown = done < total;
      if (!shown) stream.write('\n');
    },
  };
}
