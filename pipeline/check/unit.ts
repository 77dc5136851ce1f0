import type { SegmentState } from '../locale/segment-state.ts';
import type { ProjectTerm } from '../glossary/glossary-terms.ts';

/** Everything a per-translation rule may look at: pure data. */
export interface TranslationUnit {
  key: string;
  /** The source text (Indonesian markdown or a site string). */
  source: string;
  /** The translation as a reviewer left it in the locale file. */
  target: string;
  /** The pipeline's record for this key (article resources only). */
  state?: SegmentState;
  /** Placeholders the translation may leave out (`{{count}}` in a `_one` plural form). */
  optionalPlaceholders?: string[];
  /** The article's link reference definitions (normalised label → URL), for resolving `[text][label]` (rule `links`). */
  definitions?: ReadonlyMap<string, string>;
}

/** Language identification, injected (the CLI loads `eld`; tests may pass a fake). */
export type DetectLanguage = (text: string) => { language: string; reliable: boolean };

/** The target a unit belongs to, with the options that rules read. */
export interface TargetContext {
  locale: string;
  sourceLocale: string;
  /** Machine output must be reviewed (`unreviewed` is an error, not a warning). */
  requireReview: boolean;
  /** The target's configured provider is `pseudo`: a test locale, not published. */
  pseudoTarget: boolean;
  /** Source term → required target term (target option `glossary`; terms the project glossary names are left to it). */
  glossary: Record<string, string>;
  /** Terms that must stay as they are (target option `doNotTranslate`; likewise). */
  doNotTranslate: string[];
  /** The project glossary's terms for this target (`glossary:` in the config), with the file they come from. */
  projectGlossary?: { file: string; terms: ProjectTerm[] };
  detectLanguage?: DetectLanguage;
}

/** Pseudo-localized text (see providers/pseudo.ts): bracketed in ⟦…⟧. */
export function isPseudoText(text: string): boolean {
  return /^\s*⟦[\s\S]*⟧\s*$/.test(text) || /⟦[^⟧]*~+⟧/.test(text);
}

/** Base language subtag: `en-US` → `en`. */
export function baseLanguage(locale: string): string {
  return locale.split(/[-_]/)[0].toLowerCase();
}
