import * as z from 'zod';
import { DEFAULT_CONTEXT_CHARS } from './plan-requests.ts';
import { checkSchema, formatPath } from '../../config/schema-problems.ts';
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

const FORMALITIES = ['default', 'more', 'less', 'prefer_more', 'prefer_less'] as const;

const CONTROL = /[\u0000-\u001f\u0080-\u009f\u2028\u2029]/;
const integer = (min: number) => z.number().int().min(min);

/**
 * The options a config target with `provider: deepl` may set, and nothing else (the config loader
 * rejects unknown keys against this schema). Values are checked here; defaults are applied by
 * `parseDeepLOptions`. Documented in `README.md` beside this file.
 */
export const deeplOptionsSchema = z.strictObject({
  serverUrl: z.string().min(1).optional(),
  concurrency: integer(1).optional(),
  contextStrategy: z.enum(['sentence', 'paragraph']).optional(),
  contextChars: integer(0).optional(),
  targetCode: z.string().min(1).optional(),
  formality: z.enum(FORMALITIES).optional(),
  glossary: z
    .record(z.string(), z.string())
    .superRefine((map, ctx) => {
      for (const [source, target] of Object.entries(map))
        if (source.trim() === '' || target.trim() === '' || CONTROL.test(source + target))
          ctx.addIssue({ code: 'custom', path: [source], message: `entry ${JSON.stringify(source)} must map a non-empty Indonesian term to a non-empty target term without control characters` });
    })
    .optional(),
  doNotTranslate: z.array(z.string().refine((word) => word.trim() !== '', 'must be a non-empty word')).optional(),
  maxRetries: integer(0).optional(),
  minTimeout: integer(1).optional(),
  retries: integer(0).optional(),
  retryDelayMs: integer(0).optional(),
  maxRetryDelayMs: integer(0).optional(),
});

/**
 * What the factory receives: the target's options plus `locale`, added by the pipeline. Unknown
 * keys are ignored here (a target's options under `--provider deepl` may be another provider's).
 */
const contextOptionsSchema = z.object({ ...deeplOptionsSchema.shape, locale: z.string().optional() });

function fail(message: string): never {
  throw new ProviderError('config', `DeepL provider: ${message}`);
}

/** Check the target code and formality for `locale`; returns the DeepL code. */
export function resolveTarget(options: Pick<DeepLOptions, 'targetCode' | 'formality'>, locale: string): string {
  const code = deeplTargetCode(locale, options.targetCode);
  if (!code) fail(`DeepL cannot translate into '${options.targetCode ?? locale}'. Set 'targetCode' to one of ${DEEPL_TARGETS.join(', ')}, or use another provider for this target.`);
  const formality = options.formality;
  if ((formality === 'more' || formality === 'less') && !supportsFormality(code))
    fail(`DeepL does not support formality for ${code}. Remove 'formality' from this target, or use 'prefer_${formality}' (applied only where supported).`);
  return code;
}

/**
 * The config-time check of a target that depends on its locale (target code, formality), run by the
 * config loader in every command. `options` already passed `deeplOptionsSchema`.
 */
export function deeplTargetProblem(options: Record<string, unknown>, locale: string): string | undefined {
  try {
    resolveTarget(options as Pick<DeepLOptions, 'targetCode' | 'formality'>, locale);
    return undefined;
  } catch (error) {
    if (error instanceof ProviderError) return error.message.replace(/^DeepL provider: /, '');
    throw error;
  }
}

export function parseDeepLOptions(raw: ProviderOptions): DeepLOptions {
  const checked = checkSchema(contextOptionsSchema, raw);
  if (!checked.ok) fail(checked.problems.map((p) => `option '${formatPath(p.path)}' ${p.message}`).join('; ') + '.');
  const o = checked.value;
  const options: DeepLOptions = {
    serverUrl: o.serverUrl,
    concurrency: o.concurrency ?? 2,
    contextStrategy: o.contextStrategy ?? 'sentence',
    contextChars: o.contextChars ?? DEFAULT_CONTEXT_CHARS,
    targetCode: o.targetCode,
    locale: o.locale,
    formality: o.formality,
    glossary: Object.fromEntries(Object.entries(o.glossary ?? {}).map(([source, target]) => [source.trim(), target.trim()])),
    doNotTranslate: [...new Set((o.doNotTranslate ?? []).map((w) => w.trim()))],
    maxRetries: o.maxRetries ?? 5,
    minTimeout: o.minTimeout ?? 10_000,
    retries: o.retries ?? 4,
    retryDelayMs: o.retryDelayMs ?? 1000,
    maxRetryDelayMs: o.maxRetryDelayMs ?? 30_000,
  };
  if (options.targetCode !== undefined || options.locale !== undefined) resolveTarget(options, options.locale ?? options.targetCode ?? '');
  return options;
}
