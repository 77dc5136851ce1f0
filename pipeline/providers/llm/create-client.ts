/**
 * The official `openai` client (v6), imported on first use (the pipeline starts without loading
 * it), built from the target's options and the environment. The key is read here and handed only
 * to the client; the client's own retries are off (`maxRetries: 0`) so that this provider sees,
 * counts and paces every HTTP attempt, and its logging is off.
 */
import { ProviderError, type ProviderContext, type ProviderStats } from '../../provider.ts';
import { redact } from './classify-error.ts';

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

/**
 * The base URL: the target's `baseUrl`, else env `OPENAI_BASE_URL`, else OpenAI's. Checked here,
 * when the provider is created: a value that is not an http(s) URL throws ProviderError('config')
 * naming where it came from and what to write (the value is shown redacted of the API key and
 * anything key-shaped), instead of every request failing later as if the server were down.
 */
export function baseUrlOf(context: ProviderContext, optionUrl: string | undefined): string {
  const fromOption = optionUrl?.trim();
  const fromEnv = context.env.OPENAI_BASE_URL?.trim();
  const url = fromOption || fromEnv || OPENAI_DEFAULT_BASE_URL;
  if (!isHttpUrl(url)) {
    const name = fromOption ? "The target's baseUrl" : 'OPENAI_BASE_URL';
    const shown = JSON.stringify(redact(url, context.env.OPENAI_API_KEY?.trim()).slice(0, 200));
    throw new ProviderError(
      'config',
      `${name} is not a URL: ${shown}; set it to the server's base URL with /v1, e.g. http://127.0.0.1:11434/v1 (Ollama) or https://api.openai.com/v1.`,
    );
  }
  return url;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    return false;
  }
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
