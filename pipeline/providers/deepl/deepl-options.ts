import { DEFAULT_CONTEXT_CHARS } from './plan-requests.ts';
import { ProviderError, type ProviderOptions } from '../../provider.ts';
import { deeplTargetCode, supportsFormality, DEEPL_TARGETS } from './target-code.ts';

export type ContextStrategy = 'sentence' | 'paragraph';
export type Formality = 'default' | 'more' | 'less' | 'prefer_more' | 'prefer_less';

/** The DeepL provider's options (from `targets.<lng>` in the config), validated. */
export interface DeepLOptions {
  /** API base URL; `DEEPL_SERVER_URL` wins when set. */
  serverUrl?: string;
  /** Parallel requests (default 2). */
  concurrency: number;
  /**
   * `sentence` (default): each sentence is a text, its paragraph goes as `context` (free).
   * `paragraph`: a paragraph's sentences travel as one text wrapped in `<s>` tags, split back.
   */
  contextStrategy: ContextStrategy;
  /** Neighbouring paragraphs share a request while their joined context stays within this (0: one per paragraph). */
  contextChars: number;
  /** Explicit DeepL target code, e.g. `EN-GB` (default from the locale: en → EN-US, pt → PT-BR, zh → ZH-HANS). */
  targetCode?: string;
  /** Target locale, when known at creation: lets config errors surface before any work. */
  locale?: string;
  formality?: Formality;
  /** Indonesian term → target term. */
  glossary: Record<string, string>;
  /** Words sent as atoms, restored verbatim. */
  doNotTranslate: string[];
  /** deepl-node's own retries per request (default 5) and per-attempt timeout in ms (default 10000). */
  maxRetries: number;
  minTimeout: number;
  /** This provider's retries after deepl-node gives up on a 429, 5xx or connection failure (default 4). */
  retries: number;
  /** Base and cap of this provider's exponential backoff, in ms (defaults 1000 and 30000). */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

const FORMALITIES = ['default', 'more', 'less', 'prefer_more', 'prefer_less'];

function fail(message: string): never {
  throw new ProviderError('config', `DeepL provider: ${message}`);
}

function positiveInt(raw: ProviderOptions, key: string, fallback: number, min = 0): number {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(`option '${key}' must be an integer ≥ ${min}, got ${JSON.stringify(value)}.`);
  return value;
}

function stringMap(raw: ProviderOptions, key: string): Record<string, string> {
  const value = raw[key];
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`option '${key}' must be a map of Indonesian term → target term.`);
  const out: Record<string, string> = {};
  for (const [source, target] of Object.entries(value as Record<string, unknown>)) {
    if (typeof target !== 'string' || source.trim() === '' || target.trim() === '' || /[\u0000-\u001f\u0080-\u009f\u2028\u2029]/.test(source + target))
      fail(`option '${key}': entry ${JSON.stringify(source)} must map a non-empty term to a non-empty string without control characters.`);
    out[source.trim()] = target.trim();
  }
  return out;
}

/** Check the target code and formality for `locale`; returns the DeepL code. */
export function resolveTarget(options: DeepLOptions, locale: string): string {
  const code = deeplTargetCode(locale, options.targetCode);
  if (!code) fail(`DeepL cannot translate into '${options.targetCode ?? locale}'. Set 'targetCode' to one of ${DEEPL_TARGETS.join(', ')}, or use another provider for this target.`);
  const formality = options.formality;
  if ((formality === 'more' || formality === 'less') && !supportsFormality(code))
    fail(`DeepL does not support formality for ${code}. Remove 'formality' from this target, or use 'prefer_${formality}' (applied only where supported).`);
  return code;
}

export function parseDeepLOptions(raw: ProviderOptions): DeepLOptions {
  const strategy = raw.contextStrategy ?? 'sentence';
  if (strategy !== 'sentence' && strategy !== 'paragraph') fail(`option 'contextStrategy' must be 'sentence' or 'paragraph', got ${JSON.stringify(strategy)}.`);
  const formality = raw.formality;
  if (formality !== undefined && !FORMALITIES.includes(formality as string)) fail(`option 'formality' must be one of ${FORMALITIES.join(', ')}, got ${JSON.stringify(formality)}.`);
  for (const key of ['targetCode', 'locale', 'serverUrl'] as const)
    if (raw[key] !== undefined && typeof raw[key] !== 'string') fail(`option '${key}' must be a string.`);
  const dnt = raw.doNotTranslate ?? [];
  if (!Array.isArray(dnt) || dnt.some((w) => typeof w !== 'string' || w.trim() === '')) fail(`option 'doNotTranslate' must be a list of non-empty words.`);
  const options: DeepLOptions = {
    serverUrl: raw.serverUrl as string | undefined,
    concurrency: positiveInt(raw, 'concurrency', 2, 1),
    contextStrategy: strategy,
    contextChars: positiveInt(raw, 'contextChars', DEFAULT_CONTEXT_CHARS),
    targetCode: raw.targetCode as string | undefined,
    locale: raw.locale as string | undefined,
    formality: formality as Formality | undefined,
    glossary: stringMap(raw, 'glossary'),
    doNotTranslate: [...new Set((dnt as string[]).map((w) => w.trim()))],
    maxRetries: positiveInt(raw, 'maxRetries', 5),
    minTimeout: positiveInt(raw, 'minTimeout', 10_000, 1),
    retries: positiveInt(raw, 'retries', 4),
    retryDelayMs: positiveInt(raw, 'retryDelayMs', 1000),
    maxRetryDelayMs: positiveInt(raw, 'maxRetryDelayMs', 30_000),
  };
  if (options.targetCode !== undefined || options.locale !== undefined) resolveTarget(options, options.locale ?? options.targetCode ?? '');
  return options;
}
