/**
 * The emulator's own token count: its "bill". Deterministic and dependency-free, so tests can
 * predict it exactly; it is NOT the count a real model's tokenizer gives (a provider's estimate
 * from a real tokenizer will differ, as it does against a real server).
 *
 * - `countTokens(text)`: one token per run of letters/marks/digits (`[\p{L}\p{M}\p{N}]+`) and one
 *   per other non-space character (punctuation, symbols, each character of a tag or an entity).
 *   `'{"1":"Rumah <g1>besar</g1>."}'` is 18 tokens.
 * - Prompt tokens (`promptTokensOf`): for each message 3 tokens of overhead plus its content's
 *   count, plus 3 for priming the reply (the shape of OpenAI's published estimate). The role,
 *   the model name and `response_format` are not counted.
 * - Completion tokens: `countTokens` of the returned `message.content`.
 */
const TOKEN = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;

export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_REPLY_PRIMING = 3;

/** Number of emulator tokens in `text` (see the module comment). */
export function countTokens(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(TOKEN)) n++;
  return n;
}

/** Prompt tokens billed for these message contents (already flattened to text). */
export function promptTokensOf(contents: readonly string[]): number {
  return contents.reduce((sum, c) => sum + TOKENS_PER_MESSAGE + countTokens(c), 0) + TOKENS_REPLY_PRIMING;
}

/**
 * The longest prefix of `text` holding at most `max` tokens (what a server returns with
 * `finish_reason: 'length'` when `max_tokens` / `max_completion_tokens` is reached).
 */
export function truncateToTokens(text: string, max: number): string {
  if (max <= 0) return '';
  let n = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (++n === max) return text.slice(0, (match.index ?? 0) + match[0].length);
  }
  return text;
}
