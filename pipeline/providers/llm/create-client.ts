/**
 * The official `openai` client (v6), imported on first use (the pipeline starts without loading
 * it), built from the target's options and the environment. The key is read here and handed only
 * to the client; the client's own retries are off (`maxRetries: 0`) so that this provider sees,
 * counts and paces every HTTP attempt, and its logging is off.
 */
import { ProviderError, type ProviderContext, type ProviderStats } from '../../provider.ts';

export type OpenAiModule = typeof import('openai');
export type OpenAiClient = InstanceType<OpenAiModule['OpenAI']>;

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export const MISSING_KEY_MESSAGE =
  'The llm provider needs an API key: set OPENAI_API_KEY in the environment (export OPENAI_API_KEY=…). ' +
  'For a server other than OpenAI set OPENAI_BASE_URL (or the target\'s baseUrl) too, e.g. http://localhost:11434/v1 for Ollama; ' +
  'a local server that checks no key accepts any value. Or run with `--provider pseudo` to try the pipeline without a model.';

export async function loadOpenAi(): Promise<OpenAiModule> {
  const mod = (await import('openai')) as OpenAiModule & { default?: unknown };
  return mod;
}

/** The API key from the environment; ProviderError('auth') without one (before any request). */
export function readApiKey(context: ProviderContext, stats?: ProviderStats): string {
  const key = context.env.OPENAI_API_KEY?.trim();
  if (!key) throw new ProviderError('auth', MISSING_KEY_MESSAGE, { stats });
  return key;
}

/** The base URL: the target's `baseUrl`, else env `OPENAI_BASE_URL`, else OpenAI's. */
export function baseUrlOf(context: ProviderContext, optionUrl: string | undefined): string {
  return optionUrl || context.env.OPENAI_BASE_URL?.trim() || OPENAI_DEFAULT_BASE_URL;
}

/** Host (and port) of a base URL, for messages: never its path, query or credentials. */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'the configured server';
  }
}

export interface ClientSettings {
  baseUrl: string;
  timeoutMs: number;
}

export function createClient(openai: OpenAiModule, key: string, settings: ClientSettings): OpenAiClient {
  return new openai.OpenAI({
    apiKey: key,
    baseURL: settings.baseUrl,
    maxRetries: 0,
    timeout: settings.timeoutMs,
    logLevel: 'off',
    // Nothing from the process environment beyond what the context gave.
    organization: null,
    project: null,
  });
}
