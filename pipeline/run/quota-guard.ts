import type { RunSummary } from './summary.ts';

export interface Usage {
  characterCount: number;
  characterLimit: number;
}

/** Characters a plan would send to the providers that bill (those with a known quota). */
export function plannedCharacters(plan: RunSummary, locales: readonly string[]): number {
  return locales.reduce((n, locale) => n + (plan.locales[locale]?.pending.characters ?? 0), 0);
}

/** Attach the account's usage to every locale it covers, for the dry-run report. */
export function attachQuota(summary: RunSummary, locales: readonly string[], usage: Usage): void {
  for (const locale of locales) {
    const figures = summary.locales[locale];
    if (figures) figures.quota = { used: usage.characterCount, limit: usage.characterLimit };
  }
}

/** Why a run must not start: its estimate exceeds what is left of the quota (undefined: it fits). */
export function quotaRefusal(estimate: number, usage: Usage): string | undefined {
  if (usage.characterLimit <= 0) return undefined; // no limit reported
  const remaining = Math.max(0, usage.characterLimit - usage.characterCount);
  if (estimate <= remaining) return undefined;
  const n = (value: number) => value.toLocaleString('en-US');
  return `This run would send ${n(estimate)} characters to DeepL, but only ${n(remaining)} of ${n(usage.characterLimit)} remain in the quota. Nothing was sent. Rerun with --allow-partial to translate what fits (the rest waits for the next run), or after the quota resets.`;
}

/**
 * Why a run must not start: some target's estimated cost (`--dry-run` plan, `LocaleSummary.estimate`)
 * exceeds its `budget` (same currency unit as its `pricing`). Undefined: every target fits.
 */
export function budgetRefusal(plan: RunSummary): string | undefined {
  const over = Object.entries(plan.locales).filter(([, l]) => l.budget !== undefined && (l.estimate?.cost ?? 0) > l.budget);
  if (over.length === 0) return undefined;
  const each = over.map(([locale, l]) => `${locale} (${l.provider}) would cost about ${(l.estimate?.cost ?? 0).toPrecision(3)} for ${l.pending.segments} segments, over its budget of ${l.budget}`);
  return `${each.join('; ')}. Nothing was sent. Raise targets.<locale>.budget, translate fewer articles (--locale, or fewer sources), or rerun with --allow-partial to go ahead anyway.`;
}
