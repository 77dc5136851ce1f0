import type { Config, TargetConfig } from '../config/load-config.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { compareDiagnostics, type Diagnostic } from './diagnostic.ts';
import { checkResource } from './check-resource.ts';
import { loadWorkspace } from './load-workspace.ts';
import { checkStructure } from './structure-rule.ts';
import type { DetectLanguage, TargetContext } from './unit.ts';

/** Rules that already name the markup a translation lost or changed. */
const MARKUP_RULES = new Set(['inline-markup', 'links', 'inline-code', 'placeholders', 'urls']);

export interface CheckOptions {
  /** Subset of target locales. */
  locales?: string[];
}

export interface CheckDeps {
  split: SentenceSplitter;
  /** Language identification for `untranslated`/`source-language`; without it those rules rely on text equality only. */
  detectLanguage?: DetectLanguage;
}

export interface CheckReport {
  ok: boolean;
  problems: Diagnostic[];
}

export function targetContext(config: Config, target: TargetConfig, detectLanguage?: DetectLanguage): TargetContext {
  const glossary = target.options.glossary;
  const dnt = target.options.doNotTranslate;
  return {
    locale: target.locale,
    sourceLocale: config.sourceLocale,
    requireReview: target.requireReview,
    pseudoTarget: target.provider === 'pseudo',
    glossary: glossary && typeof glossary === 'object' && !Array.isArray(glossary) ? Object.fromEntries(Object.entries(glossary).filter(([, v]) => typeof v === 'string')) as Record<string, string> : {},
    doNotTranslate: Array.isArray(dnt) ? dnt.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map((t) => t.trim()) : [],
    detectLanguage,
  };
}

/** `npm run check`: every problem of every target, sorted by file and line. Reads only. */
export function runCheck(config: Config, options: CheckOptions, deps: CheckDeps): CheckReport {
  const workspace = loadWorkspace(config, { locales: options.locales, split: deps.split });
  const contexts = new Map(config.targets.map((t) => [t.locale, targetContext(config, t, deps.detectLanguage)]));
  const problems = [...workspace.problems];
  for (const pair of workspace.pairs) {
    const found = checkResource(pair.source, pair.resource, contexts.get(pair.target.locale) as TargetContext);
    problems.push(...found);
    if (!pair.article || !pair.resource.exists) continue;
    // A key whose markup a QA rule already names ("missing link …") needs no second error.
    const named = new Set(found.filter((p) => MARKUP_RULES.has(p.rule)).map((p) => p.key));
    problems.push(...checkStructure(pair.article, pair.resource, pair.target.locale).filter((p) => !named.has(p.key)));
  }
  problems.sort(compareDiagnostics);
  return { ok: !problems.some((p) => p.severity === 'error'), problems };
}
