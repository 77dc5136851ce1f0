import { ProviderError, type ProviderContext, type ProviderStats } from '../../provider.ts';

/**
 * deepl-node, imported on first use (the pipeline starts without loading it), and a client
 * built from the environment. The key is read here and only handed to deepl-node.
 */
export type DeepLModule = typeof import('deepl-node');
export type DeepLClient = InstanceType<DeepLModule['DeepLClient']>;

export const MISSING_KEY_MESSAGE =
  'DeepL needs an API key: set DEEPL_AUTH_KEY in the environment (export DEEPL_AUTH_KEY=… ; ' +
  'keys are at https://www.deepl.com/your-account/keys), or run with `--provider pseudo` to try the pipeline without DeepL.';

export async function loadDeepL(): Promise<DeepLModule> {
  const mod = (await import('deepl-node')) as DeepLModule & { default?: DeepLModule };
  return mod.default ?? mod;
}

export function readAuthKey(context: ProviderContext, stats?: ProviderStats): string {
  const key = context.env.DEEPL_AUTH_KEY?.trim();
  if (!key) throw new ProviderError('auth', MISSING_KEY_MESSAGE, { stats });
  return key;
}

export interface ClientSettings {
  serverUrl?: string;
  maxRetries: number;
  minTimeout: number;
}

export function serverUrlOf(context: ProviderContext, optionUrl: string | undefined): string | undefined {
  const fromEnv = context.env.DEEPL_SERVER_URL?.trim();
  return fromEnv || optionUrl || undefined;
}

export function createClient(deepl: DeepLModule, key: string, settings: ClientSettings): DeepLClient {
  return new deepl.DeepLClient(key, {
    serverUrl: settings.serverUrl,
    maxRetries: settings.maxRetries,
    minTimeout: settings.minTimeout,
    sendPlatformInfo: false,
    appInfo: { appName: 'jfid-translate', appVersion: '0.1.0' },
  });
}
