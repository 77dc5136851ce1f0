import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from '../../config/load-config.ts';
import type { SentenceSplitter } from '../../markdown/block-segments.ts';
import { createReviewApp } from './app.ts';
import { createSecurity, exposureWarning } from './security.ts';

export interface RunningReviewServer {
  /** `http://HOST:PORT/` (IPv6 hosts in brackets). */
  url: string;
  /** The write token embedded in the pages (tests use it; never printed by the CLI). */
  token: string;
  /** Stop listening and close open connections. */
  close(): Promise<void>;
}

/**
 * Start the review server for a workspace on `host:port` (`port` 0: a free one). Resolves once it
 * listens. A host other than loopback gets `exposureWarning`'s message through `warn`.
 *
 * @throws the listen error (e.g. EADDRINUSE) as the promise's rejection
 */
export function startReviewServer(config: Config, options: { host?: string; port?: number; split: SentenceSplitter; warn: (message: string) => void }): Promise<RunningReviewServer> {
  const host = options.host ?? '127.0.0.1';
  const security = createSecurity(host);
  const app = createReviewApp(config, { security, split: options.split, warn: options.warn });
  const warning = exposureWarning(host);
  if (warning) options.warn(warning);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 });
    server.once('error', reject);
    server.once('listening', () => {
      const port = (server.address() as AddressInfo).port;
      security.bind(port);
      const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}/`,
        token: security.token,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}
