import { createPrng } from '../deepl-emulator/prng.ts';
import type { AnswerFault } from './answer-faults.ts';
import type { ChatRequestView } from './chat-request.ts';

/** What a fault predicate sees of a chat request (never the API key). */
export interface FaultTarget {
  /** The request's sequence number in the emulator's log (1-based, every path counted). */
  seq: number;
  request: ChatRequestView;
}

/**
 * Which chat-completion requests a request fault hits. Pickers (a request is hit when ANY matches):
 * `requests` (log sequence numbers), `when` (a predicate), `fraction` (seeded PRNG: same seed and
 * request order, same faults). With no picker every request is a candidate. `times` caps how many
 * requests the fault hits in all (default unlimited): `{ times: 1 }` = the next request only.
 */
export interface FaultSpec {
  requests?: number[];
  when?: (target: FaultTarget) => boolean;
  fraction?: number;
  times?: number;
}

export interface LlmFaults {
  /** PRNG seed for `fraction` pickers (default 1). */
  seed?: number;
  /** Answer after `ms` milliseconds (then goes on to the other checks); client gone meanwhile → nothing billed. */
  slow?: FaultSpec & { ms: number };
  /** The socket is destroyed without a response, before any billing. */
  noResponse?: FaultSpec;
  /**
   * 429 `rate_limit_exceeded` with `retry-after: <retryAfterSeconds>` (default 1), `x-ratelimit-*`
   * headers and, when `retryAfterMs` is set, `retry-after-ms` (which the `openai` client prefers).
   */
  rateLimit?: FaultSpec & { retryAfterSeconds?: number; retryAfterMs?: number };
  /** 5xx (default 503) in OpenAI's `server_error` shape. */
  serverError?: FaultSpec & { status?: 500 | 502 | 503 };
  /**
   * 400 (default) or 422 `invalid_request_error` with `message` (default: an unknown parameter) and
   * `param`: the server refusing the request itself (a bad parameter or field), not a segment.
   */
  badRequest?: FaultSpec & { status?: 400 | 422; message?: string; param?: string };
  /** 403 `permission_denied` even with the right key. */
  forbidden?: FaultSpec;
  /** Translated and BILLED, then the socket is destroyed: a retry pays twice (opt-in). */
  noResponseAfterBilling?: FaultSpec;
  /** Per-segment failure modes of the answer (200s that bill); see `answer-faults.ts`. */
  answers?: AnswerFault[];
}

export type RequestFaultKind = 'slow' | 'noResponse' | 'rateLimit' | 'serverError' | 'forbidden' | 'badRequest' | 'noResponseAfterBilling';

/** The live state of one `LlmFaults` value: how often each fault fired, and the PRNG. */
export class FaultPlan {
  readonly faults: LlmFaults;
  private readonly random: () => number;
  private readonly fired = new Map<RequestFaultKind, number>();

  constructor(faults: LlmFaults = {}) {
    this.faults = faults;
    this.random = createPrng(faults.seed ?? 1);
  }

  /** Whether fault `kind` hits this request; counts it toward `times` when it does. */
  picks(kind: RequestFaultKind, target: FaultTarget): boolean {
    const spec = this.faults[kind];
    if (!spec) return false;
    const fired = this.fired.get(kind) ?? 0;
    if (spec.times !== undefined && fired >= spec.times) return false;
    const hasPicker = spec.requests !== undefined || spec.when !== undefined || spec.fraction !== undefined;
    let hit = !hasPicker;
    if (!hit && spec.requests?.includes(target.seq)) hit = true;
    if (!hit && spec.when?.(target)) hit = true;
    if (!hit && spec.fraction !== undefined && this.random() < spec.fraction) hit = true;
    if (hit) this.fired.set(kind, fired + 1);
    return hit;
  }
}
