import type { ProviderContext } from '../../provider.ts';
import { classifyError } from './classify-error.ts';
import { createClient, loadDeepL, readAuthKey, serverUrlOf } from './create-client.ts';
import { parseDeepLOptions } from './deepl-options.ts';
import { toProviderError } from './to-provider-error.ts';

export interface DeepLUsage {
  characterCount: number;
  characterLimit: number;
}

/** Characters used and allowed this billing period (`GET /v2/usage`), for `translate --dry-run`. */
export async function getDeepLUsage(context: ProviderContext): Promise<DeepLUsage> {
  const options = parseDeepLOptions(context.options);
  const key = readAuthKey(context);
  const deepl = await loadDeepL();
  const client = createClient(deepl, key, { serverUrl: serverUrlOf(context, options.serverUrl), maxRetries: options.maxRetries, minTimeout: options.minTimeout });
  try {
    const usage = await client.getUsage();
    return { characterCount: usage.character?.count ?? 0, characterLimit: usage.character?.limit ?? 0 };
  } catch (error) {
    throw toProviderError(classifyError(error, deepl), error, key, 'usage not read');
  }
}
