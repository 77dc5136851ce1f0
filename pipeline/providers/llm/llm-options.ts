import * as z from 'zod';
import { checkSchema, formatPath } from '../../config/schema-problems.ts';
import { ProviderError, type ProviderOptions } from '../../provider.ts';

export type ResponseFormat = 'json_schema' | 'json_object';

/** Prices per million tokens, in the currency unit the target's `budget` uses. */
export interface LlmPricing {
  inputPerMillionTokens: number;
  outputPerMillionTokens: number;
}

/** The `llm` provider's options (from `targets.<lng>` in the config), validated, defaults applied. */
export interface LlmOptions {
  /** Model name as the server knows it (`gpt-4o-mini`, `llama3.1:8b`, an Azure deployment name). */
  model: string;
  /** API base URL including `/v1`; else env `OPENAI_BASE_URL`, else OpenAI's. */
  baseUrl?: string;
  /** Extra instructions for this target, appended to the provider's own. */
  instructions?: string;
  /** Markdown file with the house style, relative to the config file's folder. */
  styleGuide?: string;
  pricing?: LlmPricing;
  /** Most this target may spend in one run (pricing's currency unit). */
  budget?: number;
  /** Segments per request (default 20). */
  batchSegments: number;
  /** Estimated source tokens per request (default 2000; characters / 3, see `plan-batches.ts`). */
  batchTokens: number;
  /** Parallel requests (default 2). */
  concurrency: number;
  /** Retries of a 429, 5xx, timeout or dropped connection (default 4). */
  retries: number;
  /** Base and cap of the exponential backoff, in ms (defaults 1000 and 30000). */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Per-request timeout in ms (default 120000). */
  timeoutMs: number;
  /** Sampling temperature (default 0). */
  temperature: number;
  /** `json_schema` (default; falls back to `json_object` once the server refuses it) or `json_object`. */
  responseFormat: ResponseFormat;
  /** Target locale, when known at creation. */
  locale?: string;
}

/**
 * A `budget` is compared with an estimated cost, which only `pricing` gives: without it the budget
 * would be silently ignored, so it is a config error (exit 2 at config load, in every command).
 */
const BUDGET_NEEDS_PRICING = {
  message: 'budget needs pricing to estimate a cost; add pricing: { inputPerMillionTokens, outputPerMillionTokens }',
  path: ['budget'],
};
function budgetHasPricing(o: { budget?: number; pricing?: unknown }): boolean {
  return o.budget === undefined || o.pricing !== undefined;
}

const integer = (min: number) => z.number().int().min(min);
const money = z.number().min(0);

/**
 * The options a config target with `provider: llm` may set, and nothing else (the config loader
 * rejects unknown keys against this schema). Defaults are applied by `parseLlmOptions`. This module
 * loads neither the `openai` client nor the tokenizer, so config checks stay cheap.
 */
export const llmOptionsSchema = z.strictObject({
  model: z.string().trim().min(1),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  instructions: z.string().optional(),
  styleGuide: z.string().min(1).optional(),
  pricing: z.strictObject({ inputPerMillionTokens: money, outputPerMillionTokens: money }).optional(),
  budget: money.optional(),
  batchSegments: integer(1).optional(),
  batchTokens: integer(1).optional(),
  concurrency: integer(1).optional(),
  retries: integer(0).optional(),
  retryDelayMs: integer(0).optional(),
  maxRetryDelayMs: integer(0).optional(),
  timeoutMs: integer(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  responseFormat: z.enum(['json_schema', 'json_object']).optional(),
}).refine(budgetHasPricing, BUDGET_NEEDS_PRICING);

/** What the factory receives: the target's options plus `locale`; keys of other providers are ignored. */
const contextOptionsSchema = z.object({ ...llmOptionsSchema.shape, locale: z.string().optional() }).refine(budgetHasPricing, BUDGET_NEEDS_PRICING);

export const DEFAULT_BATCH_SEGMENTS = 20;
export const DEFAULT_BATCH_TOKENS = 2000;

/** Validate and complete the options; throws ProviderError('config') naming each bad option. */
export function parseLlmOptions(raw: ProviderOptions): LlmOptions {
  const checked = checkSchema(contextOptionsSchema, raw);
  if (!checked.ok)
    throw new ProviderError('config', `LLM provider: ${checked.problems.map((p) => `option '${formatPath(p.path)}' ${p.message}`).join('; ')}.`);
  const o = checked.value;
  return {
    model: o.model,
    baseUrl: o.baseUrl,
    instructions: o.instructions?.trim() || undefined,
    styleGuide: o.styleGuide,
    pricing: o.pricing,
    budget: o.budget,
    batchSegments: o.batchSegments ?? DEFAULT_BATCH_SEGMENTS,
    batchTokens: o.batchTokens ?? DEFAULT_BATCH_TOKENS,
    concurrency: o.concurrency ?? 2,
    retries: o.retries ?? 4,
    retryDelayMs: o.retryDelayMs ?? 1000,
    maxRetryDelayMs: o.maxRetryDelayMs ?? 30_000,
    timeoutMs: o.timeoutMs ?? 120_000,
    temperature: o.temperature ?? 0,
    responseFormat: o.responseFormat ?? 'json_schema',
    locale: o.locale,
  };
}
