/**
 * Packing texts into DeepL requests: at most 50 texts and 128 KiB of request body each, and, as
 * `context` is one value per request, only texts sharing a context together.
 */
export const MAX_TEXTS_PER_REQUEST = 50;
export const MAX_REQUEST_BYTES = 128 * 1024;
/** Room kept for the other form fields (target_lang, glossary_id, tag options…). */
export const RESERVED_BYTES = 4 * 1024;
/** A context larger than this is left out (a paragraph that long gains nothing from it). */
export const MAX_CONTEXT_BYTES = 32 * 1024;

export interface Unit<T> {
  text: string;
  context?: string;
  item: T;
}

export interface Batch<T> {
  context?: string;
  units: Unit<T>[];
}

/** Size of `name=value&` in a form-encoded body. */
export function formFieldBytes(name: string, value: string): number {
  return new URLSearchParams([[name, value]]).toString().length + 1;
}

export interface PlanLimits {
  maxTexts: number;
  maxBytes: number;
  /**
   * Neighbouring paragraphs may share one request, their contexts joined, while the joined context
   * stays within this many characters (0: one request per context). Context is not billed, so
   * this only saves requests (and the 429s and latency that come with them).
   */
  contextChars: number;
}

export const DEFAULT_CONTEXT_CHARS = 2000;

const DEFAULT_LIMITS: PlanLimits = { maxTexts: MAX_TEXTS_PER_REQUEST, maxBytes: MAX_REQUEST_BYTES - RESERVED_BYTES, contextChars: DEFAULT_CONTEXT_CHARS };

/**
 * Group units by context (in order of first appearance), then fill requests greedily up to the
 * limits, letting neighbouring context groups share a request (contexts joined, in order) while
 * the joined context stays within `contextChars`. A unit too large on its own still gets its own
 * request (DeepL will refuse it with 413, and that unit alone fails).
 */
export function planBatches<T>(units: readonly Unit<T>[], limits: PlanLimits = DEFAULT_LIMITS): Batch<T>[] {
  return mergeNeighbours(perContext(units, limits), limits);
}

function perContext<T>(units: readonly Unit<T>[], limits: PlanLimits): Batch<T>[] {
  const groups = new Map<string, Unit<T>[]>();
  for (const unit of units) {
    const context = unit.context !== undefined && formFieldBytes('context', unit.context) <= MAX_CONTEXT_BYTES ? unit.context : undefined;
    const key = context === undefined ? '\u0000none' : context;
    const group = groups.get(key) ?? [];
    group.push({ ...unit, context });
    groups.set(key, group);
  }
  const batches: Batch<T>[] = [];
  for (const group of groups.values()) {
    const context = group[0].context;
    const base = context === undefined ? 0 : formFieldBytes('context', context);
    let current: Batch<T> | undefined;
    let bytes = 0;
    for (const unit of group) {
      const size = formFieldBytes('text', unit.text);
      if (!current || current.units.length >= limits.maxTexts || bytes + size > limits.maxBytes) {
        current = { context, units: [] };
        batches.push(current);
        bytes = base;
      }
      current.units.push(unit);
      bytes += size;
    }
  }
  return batches;
}

/** Join consecutive requests whose contexts together stay small; context-free requests join any. */
function mergeNeighbours<T>(batches: Batch<T>[], limits: PlanLimits): Batch<T>[] {
  if (limits.contextChars <= 0) return batches;
  const merged: Batch<T>[] = [];
  const size = (batch: Batch<T>) => batch.units.reduce((n, unit) => n + formFieldBytes('text', unit.text), batch.context === undefined ? 0 : formFieldBytes('context', batch.context));
  for (const batch of batches) {
    const last = merged[merged.length - 1];
    const contexts = [last?.context, batch.context].filter((c): c is string => c !== undefined && c !== '');
    const context = contexts.length > 0 ? contexts.join('\n\n') : undefined;
    const fits =
      last !== undefined &&
      last.units.length + batch.units.length <= limits.maxTexts &&
      (contexts.length < 2 || (context as string).length <= limits.contextChars) &&
      size({ context, units: [...last.units, ...batch.units] }) <= limits.maxBytes;
    if (fits) merged[merged.length - 1] = { context, units: [...last.units, ...batch.units] };
    else merged.push(batch);
  }
  return merged;
}
