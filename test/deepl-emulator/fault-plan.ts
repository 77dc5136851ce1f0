import { createPrng } from './prng.ts';

/**
 * Which requests fail, and how. A spec picks requests among those the faults apply to (by
 * default `/v2/translate` only): the `first` N of them, every `every`-th, and/or a `fraction`
 * drawn from the seeded PRNG (the same seed and request order give the same faults).
 */
export interface FaultSpec {
  first?: number;
  every?: number;
  fraction?: number;
}

export interface DeepLFaults {
  /** PRNG seed for `fraction` specs (default 1). */
  seed?: number;
  /** Paths the faults apply to (default `['/v2/translate']`); quota always applies to translate. */
  paths?: string[];
  /** 429 for the picked requests. */
  tooManyRequests?: FaultSpec;
  /** 429 beyond `requests` per sliding `perMs` window. */
  rateLimit?: { requests: number; perMs: number };
  /** 5xx (default 503) for the picked requests, answered before any billing. */
  serverError?: FaultSpec & { status?: number };
  /** The socket is destroyed without a response, before any billing. */
  noResponse?: FaultSpec;
  /**
   * The request is processed and BILLED, then the socket is destroyed. Models the one failure a
   * client cannot make exactly-once (DeepL has no idempotency key): a retry bills again.
   */
  noResponseAfterBilling?: FaultSpec;
  /** Answer after a delay (picked by the spec; all requests if no spec field is set). */
  slow?: FaultSpec & { ms: number };
  /** 456 once the billed total would exceed this many characters (a request is all or nothing). */
  quotaCharacters?: number;
  /** Texts containing `match` (all texts if omitted) come back without their tags, `times` times (default always). */
  dropTags?: { match?: string; times?: number };
}

export type FaultKind = 'tooManyRequests' | 'serverError' | 'noResponse' | 'noResponseAfterBilling' | 'slow';

export class FaultPlan {
  readonly faults: DeepLFaults;
  private readonly random: () => number;
  private readonly seen = new Map<FaultKind, number>();
  private readonly recent: number[] = [];
  private dropTagsLeft: number;

  constructor(faults: DeepLFaults = {}) {
    this.faults = faults;
    this.random = createPrng(faults.seed ?? 1);
    this.dropTagsLeft = faults.dropTags?.times ?? Number.POSITIVE_INFINITY;
  }

  appliesTo(path: string): boolean {
    return (this.faults.paths ?? ['/v2/translate']).includes(path);
  }

  /** Whether the fault `kind` hits this request (call once per request and kind). */
  picks(kind: FaultKind): boolean {
    const spec = this.faults[kind];
    if (!spec) return false;
    const n = (this.seen.get(kind) ?? 0) + 1;
    this.seen.set(kind, n);
    const hasPicker = spec.first !== undefined || spec.every !== undefined || spec.fraction !== undefined;
    if (!hasPicker) return kind === 'slow';
    if (spec.first !== undefined && n <= spec.first) return true;
    if (spec.every !== undefined && spec.every > 0 && n % spec.every === 0) return true;
    if (spec.fraction !== undefined && this.random() < spec.fraction) return true;
    return false;
  }

  /** Sliding-window rate limit: true when this request is over the limit. */
  overRate(now: number): boolean {
    const limit = this.faults.rateLimit;
    if (!limit) return false;
    while (this.recent.length > 0 && now - this.recent[0] >= limit.perMs) this.recent.shift();
    if (this.recent.length >= limit.requests) return true;
    this.recent.push(now);
    return false;
  }

  /** Whether this text's tags should be dropped (consumes one of `dropTags.times`). */
  dropsTagsOf(text: string): boolean {
    const spec = this.faults.dropTags;
    if (!spec || this.dropTagsLeft <= 0) return false;
    if (spec.match !== undefined && !text.includes(spec.match)) return false;
    this.dropTagsLeft--;
    return true;
  }
}
