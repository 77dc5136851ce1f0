import { randomBytes, timingSafeEqual } from 'node:crypto';
import os from 'node:os';

/** The header every write request carries: the token the server embedded in its page. */
export const TOKEN_HEADER = 'X-Review-Token';

/**
 * What the review server trusts: its random token (32 bytes, base64url; never written anywhere
 * but the pages it serves) and the `Host` names it answers to. Writes need the token and an
 * `Origin` naming this server; every request needs a `Host` naming it, so a page of another site
 * whose name was pointed at this address (DNS rebinding) can neither read the token nor write.
 */
export interface ReviewSecurity {
  token: string;
  /** Called once the server listens (the port is known only then, `--port 0`). */
  bind(port: number): void;
  /** Whether a request's `Host` header names this server. */
  hostAllowed(host: string | undefined): boolean;
  /** Why a write request is refused (undefined: allowed): a missing or wrong token, or a foreign or missing `Origin`. */
  writeRefusal(headers: { host?: string; origin?: string; token?: string }): string | undefined;
}

/** Whether `host` (a name or address, IPv6 with or without brackets) only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare) || bare === '::ffff:127.0.0.1';
}

/**
 * The warning printed when the server listens where other machines can reach it (anything but
 * loopback), undefined for loopback.
 */
export function exposureWarning(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return `warning: the review server listens on ${host}, reachable from other machines: anyone who can reach it and open the page can edit the locale files. Use the default --host 127.0.0.1 unless you mean it.`;
}

/** `host:port` as it appears in a `Host` header (IPv6 in brackets). */
function hostPort(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '');
  return `${bare.includes(':') ? `[${bare}]` : bare}:${port}`.toLowerCase();
}

/**
 * The security of a server listening on `host`. Names it answers to: `host` itself; for loopback
 * also `localhost`, `127.0.0.1` and `[::1]`; for a wildcard address (`0.0.0.0`, `::`) also this
 * machine's interface addresses and host name.
 */
export function createSecurity(host: string): ReviewSecurity {
  const token = randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  let allowed = new Set<string>();
  const names = (): string[] => {
    const out = [host];
    if (isLoopbackHost(host) || host === '0.0.0.0' || host === '::') out.push('localhost', '127.0.0.1', '::1');
    if (host === '0.0.0.0' || host === '::') {
      out.push(os.hostname());
      for (const list of Object.values(os.networkInterfaces())) for (const info of list ?? []) out.push(info.address);
    }
    return out;
  };
  return {
    token,
    bind(port) {
      allowed = new Set(names().map((name) => hostPort(name, port)));
    },
    hostAllowed(value) {
      return value !== undefined && allowed.has(value.toLowerCase());
    },
    writeRefusal({ host: hostHeader, origin, token: given }) {
      if (given === undefined || given === '') return `missing ${TOKEN_HEADER} header: writes come from the review page only`;
      const actual = Buffer.from(given);
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return `wrong ${TOKEN_HEADER}: reload the page (the server was restarted?)`;
      if (origin === undefined || origin === '') return 'missing Origin header: writes come from the review page only';
      if (!this.hostAllowed(hostHeader) || origin.toLowerCase() !== `http://${(hostHeader as string).toLowerCase()}`) return `foreign Origin ${origin}: writes come from the review page only`;
      return undefined;
    },
  };
}
