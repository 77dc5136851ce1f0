/**
 * What the check's rules are (id, group, severity, description): data only, so that `--help` can
 * list them without loading the rules themselves (`rules.ts`).
 */
import type { Severity } from './diagnostic.ts';

export type RuleGroup = 'structure' | 'status' | 'qa';

export interface RuleInfo {
  group: RuleGroup;
  /** Default severity; `unreviewed` depends on the target's `requireReview`. */
  severity: Severity | 'error if requireReview, else warning' | 'error for a whole file, warning for a key' | "error for a target's own list, warning for the project glossary";
  description: string;
}

/** Every rule the check knows, keyed by id (shown by `--help`, documented in the reply to CI). */
export const RULES: Record<string, RuleInfo> = {
  missing: { group: 'structure', severity: 'error', description: 'a source segment or site string has no translation in a target' },
  stale: { group: 'structure', severity: 'error', description: 'the source changed since the translation was written or reviewed' },
  orphaned: { group: 'structure', severity: 'error for a whole file, warning for a key', description: 'a locale, state or source-record file whose article left the source (error: git rm it), or a key no longer in the source (warning)' },
  'invalid-file': { group: 'structure', severity: 'error', description: 'YAML syntax, duplicate keys, non-string values, a bad state file or an unreadable article' },
  'plural-forms': { group: 'structure', severity: 'error', description: 'a pluralised key lacks a form the target language needs, or has one it cannot use' },
  'control-characters': { group: 'structure', severity: 'error', description: 'raw C0/C1 control characters: an error in a locale file (YAML forbids them), a warning in an article' },
  'unknown-key': { group: 'structure', severity: 'error', description: 'a key the article never had (a reviewer\'s typo): its text is kept but not published' },
  structure: { group: 'structure', severity: 'error', description: 'a translation that would break the published markdown: markup lost, added, emptied or re-nested, a new block, unbalanced inline HTML, front matter that no longer parses' },
  empty: { group: 'structure', severity: 'error', description: 'a translation left empty for a source that is not (the sentence would vanish from the article)' },
  unreviewed: { group: 'status', severity: 'error if requireReview, else warning', description: 'machine output nobody reviewed (or a rejected one still in place)' },
  pseudo: { group: 'status', severity: 'error', description: 'pseudo-localized text in a publishable target' },
  'unknown-words': { group: 'status', severity: 'warning', description: 'machine text in which the engine left many words (≥ 20%) unknown, e.g. Apertium' },
  placeholders: { group: 'qa', severity: 'error', description: 'i18next {{…}}, $t(…), printf or MDX {…} placeholders differ' },
  'inline-markup': { group: 'qa', severity: 'error', description: 'HTML/JSX tags or emphasis markers differ' },
  links: { group: 'qa', severity: 'error', description: 'markdown links or images differ (their destinations; references resolved through the article\'s definitions)' },
  'inline-code': { group: 'qa', severity: 'error', description: 'inline code changed' },
  urls: { group: 'qa', severity: 'error', description: 'a bare URL or e-mail address changed or missing' },
  numbers: { group: 'qa', severity: 'error', description: 'a figure, amount, date or time dropped or changed (compared after locale normalisation)' },
  glossary: { group: 'qa', severity: "error for a target's own list, warning for the project glossary", description: 'a glossary term not translated as the target\'s glossary (targets.<lng>.glossary) or the project glossary (glossary: CSV, named with its line) says' },
  'do-not-translate': { group: 'qa', severity: "error for a target's own list, warning for the project glossary", description: 'a do-not-translate term (targets.<lng>.doNotTranslate, or a dnt row of the project glossary) not kept verbatim' },
  untranslated: { group: 'qa', severity: 'error', description: 'the translation equals the source for real prose' },
  'source-language': { group: 'qa', severity: 'error', description: 'the translation reads as Indonesian (language identification by eld)' },
  'length-ratio': { group: 'qa', severity: 'warning', description: 'length far outside the norm for the language pair' },
  whitespace: { group: 'qa', severity: 'warning', description: 'leading/trailing whitespace differs from the source' },
  punctuation: { group: 'qa', severity: 'warning', description: 'final ? ! . … : differs from the source' },
  'doubled-words': { group: 'qa', severity: 'warning', description: 'a word repeated ("the the") that the source does not repeat' },
};
