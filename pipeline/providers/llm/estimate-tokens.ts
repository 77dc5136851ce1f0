/**
 * Token counts for `estimate()` (`translate --dry-run`), with a maintained tokenizer: gpt-tokenizer's
 * o200k_base (GPT-4o, GPT-4.1, o-series), imported on first use. Other models' tokenizers differ
 * (Llama, Qwen, Mistral count Indonesian at roughly 10–30 % more tokens), so the figure is an
 * estimate; the run reports what the server billed (`stats.tokens`).
 *
 * - Input: per message 4 tokens of chat framing plus its content, plus 3 for the reply's priming
 *   (OpenAI's published counting for its chat models), plus the `response_format` schema's JSON.
 * - Output: the JSON object of source segments × `OUTPUT_FACTOR`. The answer has the same shape
 *   with translations for values; English took 0.74× the o200k tokens of Indonesian on the
 *   article's first sentence (25 vs 34); targets with longer words may take more (not measured),
 *   so 1.1 keeps the estimate on the safe side for budgets. Retries are not foreseen.
 */
import type { ChatMessage } from './build-prompt.ts';

export const TOKENS_PER_MESSAGE = 4;
export const TOKENS_REPLY_PRIMING = 3;
export const OUTPUT_FACTOR = 1.1;

export type TokenCounter = (text: string) => number;

/** o200k_base's token counter (loads the encoding: a few MB, once per process). */
export async function loadTokenCounter(): Promise<TokenCounter> {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  return (text: string) => countTokens(text);
}

/** Input tokens of one request. `format` is the `response_format` sent, if any. */
export function promptTokens(messages: readonly ChatMessage[], count: TokenCounter, format?: unknown): number {
  let total = TOKENS_REPLY_PRIMING;
  for (const m of messages) total += TOKENS_PER_MESSAGE + count(m.content);
  if (format !== undefined && (format as { type?: string }).type === 'json_schema') total += count(JSON.stringify(format));
  return total;
}

/** Expected output tokens of a request whose last message (the segments' JSON object) is `segmentsJson`. */
export function expectedOutputTokens(segmentsJson: string, count: TokenCounter): number {
  return Math.ceil(count(segmentsJson) * OUTPUT_FACTOR);
}

/** Cost of `tokens` at per-million prices, in the prices' currency unit. */
export function tokenCost(tokens: { input: number; output: number }, pricing: { inputPerMillionTokens: number; outputPerMillionTokens: number }): number {
  return (tokens.input * pricing.inputPerMillionTokens + tokens.output * pricing.outputPerMillionTokens) / 1_000_000;
}
