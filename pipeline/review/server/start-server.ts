import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from '../../config/load-config.ts';
import type { SentenceSplitter } from '../../markdown/block-segments.ts';
import { createReviewApp } from './app.ts';
import { createSecurity, exposureWarning } from './security.ts';
import { listenError } from './listen-error.ts';

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
 * listens. A host other than loopback gets `exposureWarning`'s message through `warn`, once the
 * server listens (never for a server that did not start).
 *
 * @throws ListenError (listen-error.ts: port in use, a host that is not this machine's…) as the
 *   promise's rejection
 */
export function startReviewServer(config: Config, options: { host?: string; port?: number; split: SentenceSplitter; warn: (message: string) => void }): Promise<RunningReviewServer> {
  const host = options.host ?? '127.0.0.1';
  const security = createSecurity(host);
  const app = createReviewApp(config, { security, split: options.split, warn: options.warn });
  const port = options.port ?? 0;
  return new Promise((resolve, reject) => {
    let server: ReturnType<typeof serve>;
    try {
      server = serve({ fetch: app.fetch, hostname: host, port });
    } catch (error) {
      reject(listenError(error, host, port));
      return;
    }
    server.once('error', (error) => reject(listenError(error, host, port)));
    server.once('listening', () => {
      const warning = exposureWarning(host);
      if (warning) options.warn(warning);
      const bound = (server.address() as AddressInfo).port;
      security.bind(bound);
      const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${bound}/`,
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
