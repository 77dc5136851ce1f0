/**
 * A target's effective glossary: the project glossary's terms for it merged with the target's own
 * lists (`targets.<lng>.glossary` / `doNotTranslate`, DeepL's options before the project glossary
 * existed, still honoured). Where both name a term (compared case-insensitively, white space
 * collapsed) the project glossary wins; a different answer is a `conflict`, which the config load
 * reports once as a warning naming both places. Used by the DeepL provider and the check.
 */
import type { GlossaryTerm } from '../provider.ts';
import { glossaryLower } from './glossary-terms.ts';

export interface TargetGlossary {
  /** Source term → required rendering: the target's own entries not overridden, then the project's. */
  renderings: Record<string, string>;
  /** The target's own do-not-translate terms not named by the project glossary (matched as written). */
  doNotTranslate: string[];
  /** The project glossary's do-not-translate terms (matched case-insensitively). */
  projectDoNotTranslate: string[];
  /** Terms the target's own lists answer differently from the project glossary (dropped above). */
  conflicts: GlossaryConflict[];
}

export interface GlossaryConflict {
  /** The term as the target's list writes it. */
  term: string;
  /** `glossary` or `doNotTranslate`: the target option that names it. */
  option: 'glossary' | 'doNotTranslate';
  /** What the target's list says: a rendering, or undefined for do-not-translate. */
  own?: string;
  /** The project glossary's entry. */
  project: GlossaryTerm & { line?: number };
}

const keyOf = (term: string) => glossaryLower(term).trim().replace(/\s+/g, ' ');

/**
 * Merge `project` (the project glossary's terms for the target, `glossaryTermsFor`) with the
 * target's own `glossary` (source → rendering) and `doNotTranslate` lists. Without project terms
 * the result is the target's own lists unchanged (so DeepL's fingerprint and memory keys stay as
 * they were).
 */
export function mergeTargetGlossary(project: readonly (GlossaryTerm & { line?: number })[], own: { glossary?: Record<string, string>; doNotTranslate?: readonly string[] }): TargetGlossary {
  const byKey = new Map(project.map((t) => [keyOf(t.source), t]));
  const conflicts: GlossaryConflict[] = [];
  const renderings: Record<string, string> = {};
  for (const [term, rendering] of Object.entries(own.glossary ?? {})) {
    const entry = byKey.get(keyOf(term));
    if (!entry) {
      renderings[term] = rendering;
      continue;
    }
    const projectSays = entry.doNotTranslate ? entry.source : entry.target;
    if (projectSays === undefined || projectSays.trim() !== rendering.trim()) conflicts.push({ term, option: 'glossary', own: rendering, project: entry });
  }
  for (const term of project) if (!term.doNotTranslate && term.target !== undefined) renderings[term.source] = term.target;
  const doNotTranslate: string[] = [];
  for (const term of own.doNotTranslate ?? []) {
    const entry = byKey.get(keyOf(term));
    if (!entry) doNotTranslate.push(term);
    else if (!entry.doNotTranslate && entry.target !== term) conflicts.push({ term, option: 'doNotTranslate', project: entry });
  }
  return { renderings, doNotTranslate, projectDoNotTranslate: project.filter((t) => t.doNotTranslate).map((t) => t.source), conflicts };
}

/** A conflict as the config load's warning: both places, who wins, and the fix. */
export function describeConflict(conflict: GlossaryConflict, locale: string, glossaryFile: string): string {
  const where = `${glossaryFile}${conflict.project.line !== undefined ? `:${conflict.project.line}` : ''}`;
  const projectSays = conflict.project.doNotTranslate ? 'keeps it as it is (dnt)' : `renders it "${conflict.project.target}"`;
  const ownSays = conflict.option === 'glossary' ? `renders "${conflict.term}" as "${conflict.own}"` : `keeps "${conflict.term}" as it is`;
  return `targets.${locale}.${conflict.option} ${ownSays}, but the project glossary (${where}) ${projectSays}; the project glossary wins. Remove the entry from targets.${locale}.${conflict.option}, or change the glossary row.`;
}
