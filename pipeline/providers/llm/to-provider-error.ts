import { ProviderError, type ProviderStats } from '../../provider.ts';
import { safeMessage, type LlmFailureKind } from './classify-error.ts';

/**
 * A run-stopping failure as a ProviderError that says what happened and how to fix it. `progress`
 * is e.g. "120 of 300 segments were translated and delivered"; `host` is the server's host only.
 * The server's own words are included (redacted) except after an auth failure, where OpenAI
 * quotes part of the key.
 */
export function toProviderError(kind: LlmFailureKind, error: unknown, secret: string | undefined, host: string, model: string, progress: string, stats?: ProviderStats): ProviderError {
  const detail = safeMessage(error, secret);
  switch (kind) {
    case 'auth':
      return new ProviderError(
        'auth',
        `The LLM server at ${host} refused the API key (${statusOf(error) ?? '401/403'}): ${progress}. Set OPENAI_API_KEY to a valid key for that server (export OPENAI_API_KEY=…), and OPENAI_BASE_URL (or the target's baseUrl) to the server's /v1 URL if it is not ${host}; or run with \`--provider pseudo\`.`,
        { stats },
      );
    case 'quota':
      return new ProviderError('quota', `The LLM account at ${host} is out of quota (429 insufficient_quota): ${progress}; nothing else was sent. Add credit or raise the limit, then rerun.`, { stats });
    case 'model-not-found':
      return new ProviderError('config', `The LLM server at ${host} does not know model '${model}' (404: ${detail}): ${progress}. Check the target's 'model' and 'baseUrl' (or OPENAI_BASE_URL).`, { stats });
    case 'bad-request':
    case 'schema-unsupported':
      return new ProviderError(
        'config',
        `The LLM server at ${host} refused the request itself (${statusOf(error) ?? 400}: ${detail}): ${progress}. This is not about the segments, every request would fail alike: check the target's 'model' ('${model}'), 'baseUrl' (or OPENAI_BASE_URL) and 'responseFormat' (json_object for a server without json_schema), then rerun.`,
        { stats },
      );
    case 'network':
    case 'timeout':
      return new ProviderError('network', `Cannot reach the LLM server at ${host} after retries (${detail}): ${progress}. Check the network, OPENAI_BASE_URL or the target's baseUrl and timeoutMs, then rerun.`, { stats });
    case 'rate':
      return new ProviderError('unavailable', `The LLM server at ${host} kept refusing requests (429 Too Many Requests) after retries: ${progress}. Rerun later or lower the target's 'concurrency'.`, { stats });
    case 'server':
      return new ProviderError('unavailable', `The LLM server at ${host} is unavailable after retries (${detail}): ${progress}. Rerun later.`, { stats });
    case 'aborted':
      return new ProviderError('unavailable', `LLM translation was cancelled: ${progress}.`, { stats });
    default:
      return new ProviderError('unavailable', `LLM request to ${host} failed (${detail}): ${progress}.`, { stats });
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
