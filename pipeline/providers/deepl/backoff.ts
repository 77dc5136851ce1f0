/**
 * This provider's retries, on top of deepl-node's: exponential backoff with jitter, and a gate
 * shared by all workers so a 429 slows the whole run down instead of each worker hammering on.
 */
export interface BackoffPolicy {
  retries: number;
  baseMs: number;
  maxMs: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(exp * (0.5 + random() / 2));
}

export class RateGate {
  private until = 0;

  /** Hold every worker for at least `ms` from now. */
  pause(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms);
  }

  /** Resolve when the gate is open. */
  async wait(): Promise<void> {
    for (let left = this.until - Date.now(); left > 0; left = this.until - Date.now()) await sleep(left);
  }
}
