/**
 * PostgreSQL URLs of a shared translation memory: recognise one, and show it without its secret.
 * A password is never printed: messages name the database as `postgres://user:***@host:port/db`.
 * Pure functions.
 */

/** The libpq variables a connection falls back to when the URL leaves a part out (or there is no URL). */
export interface PgEnvironment {
  PGHOST?: string;
  PGPORT?: string;
  PGUSER?: string;
  PGDATABASE?: string;
  PGPASSWORD?: string;
  /** The operating-system user: libpq's default role name. */
  USER?: string;
}

/** True for `postgres://…` and `postgresql://…` (any letter case): the `cache` value of a shared memory. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(value.trim());
}

/** What replaces a password in every message. */
export const MASK = '***';

/**
 * The user-info part as written (`scheme://USER:PASSWORD@…`, up to the last `@`), read without a
 * URL parser: a password holding an unencoded `/`, `?` or `#` makes a parser end the host early and
 * take the password for a path, a query or a fragment, which would then be printed unmasked.
 */
function rawUserInfo(url: string): { scheme: string; user: string; password?: string; rest: string } | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)@(.*)$/is.exec(url.trim());
  if (!m || !m[2].includes(':')) return m ? { scheme: m[1], user: m[2], rest: m[3] } : undefined;
  const colon = m[2].indexOf(':');
  return { scheme: m[1], user: m[2].slice(0, colon), password: m[2].slice(colon + 1), rest: m[3] };
}

/**
 * Why `url` cannot be used as written, or undefined: a password with an unencoded `/`, `?`, `#` or
 * `@` (the URL would name another host). The message never repeats the password.
 */
export function postgresUrlProblem(url: string): string | undefined {
  const raw = rawUserInfo(url);
  if (raw?.password !== undefined && /[/?#@]/.test(raw.password)) {
    return `the password in the URL holds "/", "?", "#" or "@", which end the user part of a URL: percent-encode them (/ as %2F, ? as %3F, # as %23, @ as %40), or give the password in PGPASSWORD`;
  }
  return undefined;
}

/**
 * The URL with its password (in the user-info part and in a `password=` query parameter) replaced by
 * `***`. A URL that cannot be parsed is shown only up to its host part with everything before `@`
 * masked, so that a malformed URL never leaks what it holds.
 */
export function maskPostgresUrl(url: string): string {
  const raw = rawUserInfo(url);
  if (raw?.password !== undefined && postgresUrlProblem(url)) return `${raw.scheme}${raw.user}:${MASK}@${raw.rest.replace(/([?&]password=)[^&#]*/gi, `$1${MASK}`)}`;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    const at = url.lastIndexOf('@');
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
    return at >= 0 ? `${scheme}${MASK}${url.slice(at).replace(/([?&]password=)[^&#]*/gi, `$1${MASK}`)}` : url.replace(/([?&]password=)[^&#]*/gi, `$1${MASK}`);
  }
  if (parsed.password) parsed.password = MASK;
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', MASK);
  // URL encodes `*` in the user-info part as-is, but the query as %2A: show the mask literally.
  return parsed.toString().replace(/%2A%2A%2A/g, MASK);
}

/**
 * The database a connection reaches, for messages: the masked URL, or (without a URL) the libpq
 * variables as a URL (`postgres://PGUSER@PGHOST:PGPORT/PGDATABASE`, a `PGPASSWORD` shown as `***`).
 */
export function describePostgresTarget(url: string | undefined, env: PgEnvironment = process.env): string {
  if (url) return maskPostgresUrl(url);
  const user = env.PGUSER ?? env.USER ?? 'postgres';
  const auth = env.PGPASSWORD ? `${user}:${MASK}` : user;
  return `postgres://${auth}@${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}/${env.PGDATABASE ?? user} (from the PG* environment variables)`;
}

/**
 * `text` with every occurrence of the connection's password (from the URL or `PGPASSWORD`) replaced
 * by `***`: for error messages of the driver or the server, which should never contain it, but a
 * message built from user input might.
 */
export function scrubPassword(text: string, url: string | undefined, env: PgEnvironment = process.env): string {
  const secrets = new Set<string>();
  if (url) {
    const raw = rawUserInfo(url)?.password;
    if (raw) {
      secrets.add(raw);
      try {
        secrets.add(decodeURIComponent(raw));
      } catch {
        // not percent-encoded: the raw form is enough
      }
    }
    try {
      const parsed = new URL(url.trim());
      if (parsed.password) {
        secrets.add(parsed.password);
        secrets.add(decodeURIComponent(parsed.password));
      }
      const query = parsed.searchParams.get('password');
      if (query) secrets.add(query);
    } catch {
      // A malformed URL: hide everything between the scheme and the last @.
      const at = url.lastIndexOf('@');
      const start = url.indexOf('://');
      if (at > start && start >= 0) secrets.add(url.slice(start + 3, at));
    }
  }
  if (!url && env.PGPASSWORD) secrets.add(env.PGPASSWORD);
  let out = text;
  for (const secret of [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK);
  return out;
}
