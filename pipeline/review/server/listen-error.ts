/**
 * Why the review server could not listen, in words, with the command's exit code:
 * - 3 (the machine's state, as a workspace lock held by a run): the port is taken by another
 *   process (`EADDRINUSE`), a privileged port (`EACCES`); the same command works once that
 *   changes, or with another `--port`;
 * - 2 (usage: the `--host` value is wrong): a name that does not resolve (`ENOTFOUND`, or
 *   `EAI_AGAIN`, what an offline resolver answers: a name of this machine resolves from its hosts
 *   file), an address that is not one of this machine's (`EADDRNOTAVAIL`), or no address at all.
 */
export class ListenError extends Error {
  constructor(
    message: string,
    /** 2 usage (a bad `--host`), 3 the machine's state (port in use, permission). */
    readonly exitCode: 2 | 3,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

/** The ListenError for a `listen()` (or its host look-up) failure on `host:port`; `error` is Node's errno error. */
export function listenError(error: unknown, host: string, port: number): ListenError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'EADDRINUSE':
      return new ListenError(`port ${port} is already in use on ${host} (another server, or another review serve?): stop it, or pick another port with --port N (--port 0: a free one)`, 3);
    case 'EACCES':
      return new ListenError(`cannot listen on ${host}:${port}: permission denied (ports below 1024 need privileges): pick a port from 1024 up, or --port 0 for a free one`, 3);
    case 'EAI_AGAIN':
    case 'ENOTFOUND':
      return new ListenError(`cannot listen on ${host}: the name does not resolve to an address (${code}); give a name or address of this machine, such as 127.0.0.1`, 2);
    case 'EADDRNOTAVAIL':
      return new ListenError(`cannot listen on ${host}: that address is not one of this machine's (${code}); give one of its addresses, 127.0.0.1, or 0.0.0.0 for all`, 2);
    default:
      return new ListenError(`cannot listen on ${host}:${port}: ${detail}`, code === 'EINVAL' || code === 'EAFNOSUPPORT' || code === 'ERR_INVALID_ARG_VALUE' ? 2 : 3);
  }
}
