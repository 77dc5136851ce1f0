/**
 * What the pipeline knows about each provider without loading it: the names a target may use and
 * how their output is treated. A module of its own so that `--help` can list providers and the
 * planner can judge a state file's `origin` without loading the registry (its option schemas load
 * zod) or any client.
 */
export interface ProviderTraits {
  /** Its machine output may be published (pseudo-localization never is). */
  publishable: boolean;
  /** Its output only stands in until a real engine serves the target, which then replaces it. */
  standIn: boolean;
  /** How people name it in messages. */
  displayName: string;
  /** How to give it valid credentials, for the message after an auth failure (none: needs none). */
  credentials?: string;
}

export const PROVIDER_TRAITS: Readonly<Record<string, ProviderTraits>> = {
  deepl: { publishable: true, standIn: false, displayName: 'DeepL', credentials: 'Set DEEPL_AUTH_KEY to a valid DeepL API key' },
  apertium: { publishable: true, standIn: false, displayName: 'Apertium' },
  llm: { publishable: true, standIn: false, displayName: 'LLM', credentials: 'Set OPENAI_API_KEY to a valid key for the server (and OPENAI_BASE_URL, or the target\'s baseUrl, for a server other than OpenAI)' },
  pseudo: { publishable: false, standIn: true, displayName: 'pseudo' },
  // The source unchanged, for round trips: publishable, replaced once a real engine serves the target.
  identity: { publishable: true, standIn: true, displayName: 'identity' },
};

/** The providers a target may name. */
export const PROVIDER_NAMES: readonly string[] = Object.keys(PROVIDER_TRAITS);
