import type { PlannedEntry } from '../merge/plan-locale.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';
import { isEmptyTranslation } from '../merge/empty-translation.ts';

/**
 * Translations the locale files already hold for their current sources, by normalized source:
 * reviewed text (`human`) and machine text from the engine that serves the target now (`machine`).
 * Consulted after the memory, so a fresh clone (no memory) does not pay again for a sentence that
 * is copied, duplicated or moved between articles of the record.
 */
export function recordedTranslations(entries: Iterable<PlannedEntry>, providerName: string): { human: Map<string, string>; machine: Map<string, string> } {
  const human = new Map<string, string>();
  const machine = new Map<string, string>();
  for (const entry of entries) {
    const { value, state } = entry;
    if (entry.need || value === undefined || !state || state.source !== entry.sourceHash || isEmptyTranslation(entry.segment.source, value)) continue;
    const text = normalizeSegment(entry.segment.source);
    if (state.status === 'reviewed') human.set(text, value);
    else if (state.status === 'machine' && state.origin === providerName) machine.set(text, value);
  }
  return { human, machine };
}
