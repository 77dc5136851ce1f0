/**
 * What a failure of the `openai` client means for the run. The client's error classes belong to
 * the lazily imported module, so the module is passed in. Messages leave this provider redacted
 * (`safeMessage`): the key, and anything shaped like an OpenAI key, never appear in them, and the
 * client's errors are never attached as `cause`.
 */
export type LlmFailureKind =
  | 'auth' // 401, 403
  | 'quota' // 429 insufficient_quota: the account is out of credit, retrying will not help
  | 'rate' // 429 rate limit: retried after retry-after
  | 'server' // 5xx (and 408, 409): retried with backoff
  | 'network' // connection refused, reset or dropped: retried with backoff
  | 'timeout' // no answer within timeoutMs: retried with backoff
  | 'context-length' // 400 context_length_exceeded: the batch is split
  | 'schema-unsupported' // 400 on response_format json_schema: fall back to json_object
  | 'model-not-found' // 404: wrong model or base URL
  | 'bad-request' // other 400/422 (and other 4xx): a bad parameter or field, not the segments: stops the run as a config error
  | 'aborted' // the job's signal
  | 'unknown';

/** The classes of `openai` this module needs (`typeof import('openai')` has them). */
export interface OpenAiErrorClasses {
  APIError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

interface ApiErrorFields {
  status?: number;
  code?: string | null;
  param?: string | null;
  type?: string;
  message: string;
  headers?: Headers;
}

export function classifyError(error: unknown, openai: OpenAiErrorClasses): LlmFailureKind {
  if (error instanceof openai.APIUserAbortError) return 'aborted';
  if (error instanceof openai.APIConnectionTimeoutError) return 'timeout';
  if (error instanceof openai.APIConnectionError) return 'network';
  if (!(error instanceof openai.APIError)) return 'unknown';
  const e = error as unknown as ApiErrorFields;
  const status = e.status ?? 0;
  const code = e.code ?? '';
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return code === 'insufficient_quota' ? 'quota' : 'rate';
  if (status >= 500 || status === 408 || status === 409) return 'server';
  if (status === 404) return 'model-not-found';
  if (status === 400 || status === 413 || status === 422) {
    if (code === 'context_length_exceeded' || status === 413 || /maximum context length|context length|too many tokens|prompt is too long/i.test(e.message))
      return 'context-length';
    if (e.param === 'response_format' || /response_format|json_schema/i.test(e.message)) return 'schema-unsupported';
  }
  return 'bad-request';
}

/**
 * How long a 429 or 503 asks to wait, in ms: `retry-after-ms` (OpenAI's), else `retry-after` in
 * seconds or as an HTTP date; undefined without either.
 */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const headers = (error as { headers?: Headers } | null)?.headers;
  if (!headers || typeof headers.get !== 'function') return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0 && /^\s*[\d.]+\s*$/.test(value)) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const KEY_LIKE = /\b(?:sk|pk|rk)-[A-Za-z0-9_*.-]{6,}/g;

/** `message` with every occurrence of `secret` and anything shaped like an API key replaced. */
export function redact(message: string, secret: string | undefined): string {
  const plain = secret ? message.split(secret).join('[redacted]') : message;
  return plain.replace(KEY_LIKE, '[redacted]');
}

/** An error's message, redacted, on one line. */
export function safeMessage(error: unknown, secret: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message, secret).replace(/\s+/g, ' ').trim();
}
