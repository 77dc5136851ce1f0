import { ProviderError, type ProviderStats } from '../../provider.ts';
import { safeMessage, type FailureKind } from './classify-error.ts';

/**
 * A run-stopping failure as a ProviderError whose message says what happened and how to fix it.
 * `progress` is e.g. "120 of 300 segments were translated and delivered".
 */
export function toProviderError(kind: FailureKind, error: unknown, secret: string | undefined, progress: string, stats?: ProviderStats): ProviderError {
  const detail = safeMessage(error, secret);
  switch (kind) {
    case 'auth':
      return new ProviderError(
        'auth',
        `DeepL rejected the API key (403): ${progress}. Check DEEPL_AUTH_KEY (free-plan keys end in ':fx'; keys are at https://www.deepl.com/your-account/keys), or run with \`--provider pseudo\`.`,
        { stats },
      );
    case 'quota':
      return new ProviderError('quota', `DeepL quota exceeded (456): ${progress}; nothing else was sent. Rerun after the quota resets, or raise the limit of your DeepL plan.`, { stats });
    case 'network':
      return new ProviderError('network', `Cannot reach DeepL after retries (${detail}): ${progress}. Check the network or DEEPL_SERVER_URL, then rerun.`, { stats });
    case 'rate':
      return new ProviderError('unavailable', `DeepL kept refusing requests (429 Too Many Requests) after retries: ${progress}. Rerun later or lower the target's 'concurrency'.`, { stats });
    case 'server':
      return new ProviderError('unavailable', `DeepL is unavailable after retries (${detail}): ${progress}. Rerun later.`, { stats });
    default:
      return new ProviderError('unavailable', `DeepL request failed (${detail}): ${progress}.`, { stats });
  }
}
