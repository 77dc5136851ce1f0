import type { AnswerFaultHit } from './answer-faults.ts';

/** Token usage in OpenAI's shape. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export type RequestFault =
  | 'slow'
  | 'clientGone'
  | 'noResponse'
  | 'rateLimit'
  | 'serverError'
  | 'forbidden'
  | 'badRequest'
  | 'noResponseAfterBilling'
  | 'contextLength'
  | 'jsonSchemaUnsupported';

/**
 * What the emulator records of every request, in arrival order. The API key is never recorded
 * (only whether it was accepted).
 */
export interface LlmRequestRecord {
  /** 1-based, every path counted. */
  seq: number;
  method: string;
  path: string;
  /** Final status; 0 when the socket was destroyed without a response. */
  status: number;
  authorized: boolean;
  model?: string;
  /** `response_format.type` as sent. */
  responseFormat?: string;
  /** The messages, content flattened to text. */
  messages: Array<{ role: string; content: string }>;
  /** Segment ids of the last user message, in order. */
  ids: string[];
  /** id → source text of the last user message. */
  segments: Record<string, string>;
  /** Glossary lines found in the earlier messages, as [source, target]. */
  glossary: Array<[string, string]>;
  /** Prompt tokens counted (also for requests not billed); 0 if not a chat request. */
  promptTokens: number;
  /** Usage billed: set only for 200 answers and `noResponseAfterBilling`. */
  usage?: Usage;
  /** The injected or automatic fault that decided the answer, if any. */
  fault?: RequestFault;
  /** Per-segment answer failure modes applied (200 answers only). */
  answerFaults: AnswerFaultHit[];
  finishReason?: 'stop' | 'length';
}

/** Running totals, kept apart from the log (tests check they agree). */
export interface LlmTotals {
  /** Chat-completion requests received (any status). */
  requests: number;
  /** Requests that were billed (200s, plus `noResponseAfterBilling`). */
  billedRequests: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export const emptyTotals = (): LlmTotals => ({ requests: 0, billedRequests: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 });

/** Totals recomputed from a log (what `totals()` must equal). */
export function totalsOf(log: readonly LlmRequestRecord[]): LlmTotals {
  const totals = emptyTotals();
  for (const r of log) {
    if (r.method !== 'POST' || !/(?:^|\/)chat\/completions$/.test(r.path)) continue;
    totals.requests++;
    if (!r.usage) continue;
    totals.billedRequests++;
    totals.promptTokens += r.usage.prompt_tokens;
    totals.completionTokens += r.usage.completion_tokens;
    totals.totalTokens += r.usage.total_tokens;
  }
  return totals;
}

/**
 * How many times each source text was billed (sent in a request that was billed), from a log:
 * the count behind "each segment is paid for once". Texts of unbilled requests are not counted.
 */
export function billedSourceCounts(log: readonly LlmRequestRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of log) {
    if (!r.usage) continue;
    for (const text of Object.values(r.segments)) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return counts;
}
