/**
 * What a deepl-node failure means for the run. deepl-node errors are classes of the lazily
 * imported module, so the module is passed in. Messages are redacted: the auth key never
 * leaves this provider, and deepl-node errors are never attached as `cause` (their axios
 * details carry the request headers, Authorization included).
 */
export type FailureKind = 'auth' | 'quota' | 'rate' | 'server' | 'network' | 'not-found' | 'bad-request' | 'unknown';

export interface DeepLErrorClasses {
  AuthorizationError: abstract new (...args: never[]) => Error;
  QuotaExceededError: abstract new (...args: never[]) => Error;
  TooManyRequestsError: abstract new (...args: never[]) => Error;
  ConnectionError: abstract new (...args: never[]) => Error;
  GlossaryNotFoundError: abstract new (...args: never[]) => Error;
  DeepLError: abstract new (...args: never[]) => Error;
}

export function classifyError(error: unknown, deepl: DeepLErrorClasses): FailureKind {
  if (error instanceof deepl.AuthorizationError) return 'auth';
  if (error instanceof deepl.QuotaExceededError) return 'quota';
  if (error instanceof deepl.TooManyRequestsError) return 'rate';
  if (error instanceof deepl.ConnectionError) return 'network';
  if (error instanceof deepl.GlossaryNotFoundError) return 'not-found';
  if (error instanceof deepl.DeepLError) {
    const message = error.message;
    if (/^Service unavailable|^Unexpected status code: 5\d\d/.test(message)) return 'server';
    if (/^Not found/.test(message)) return 'not-found';
    if (/^Bad request|^Unexpected status code: 4\d\d/.test(message)) return 'bad-request';
  }
  return 'unknown';
}

/** The error's message with every occurrence of the secret replaced. */
export function redact(message: string, secret: string | undefined): string {
  if (!secret) return message;
  return message.split(secret).join('[redacted]');
}

export function safeMessage(error: unknown, secret: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message, secret);
}
