import type { Config, TargetConfig } from '../config/load-config.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { articleId } from '../run/article.ts';
import { compareDiagnostics, type Diagnostic } from './diagnostic.ts';
import { checkResource } from './check-resource.ts';
import { checkedTargets, finalProblems, listCheckedArticles, loadArticlePairs, loadNamespacePairs, type ResourcePair } from './load-workspace.ts';
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

/** Each target's rule context, by locale. */
export function targetContexts(config: Config, detectLanguage?: DetectLanguage): Map<string, TargetContext> {
  return new Map(config.targets.map((t) => [t.locale, targetContext(config, t, detectLanguage)]));
}

/** The problems of one resource pair: `checkResource`, then rule `structure` for an article. */
export function checkPair(pair: ResourcePair, contexts: ReadonlyMap<string, TargetContext>): Diagnostic[] {
  const found = checkResource(pair.source, pair.resource, contexts.get(pair.target.locale) as TargetContext);
  if (!pair.article || !pair.resource.exists) return found;
  // A key whose markup a QA rule already names ("missing link …") needs no second error.
  const named = new Set(found.filter((p) => MARKUP_RULES.has(p.rule)).map((p) => p.key));
  found.push(...checkStructure(pair.article, pair.resource, pair.target.locale).filter((p) => !named.has(p.key)));
  return found;
}

/**
 * One article checked against every target: `loaded` are the problems found while reading its
 * files (they sort before `found` on ties, as reading came first), `found` those of its pairs.
 */
export interface ArticleCheck {
  loaded: Diagnostic[];
  found: Diagnostic[];
}

/** Read one article with its locale files, check every pair, and let go of everything but the diagnostics. */
export function checkArticle(config: Config, targets: TargetConfig[], file: string, split: SentenceSplitter, contexts: ReadonlyMap<string, TargetContext>): ArticleCheck {
  const part = loadArticlePairs(config, targets, file, split);
  return { loaded: part.problems, found: part.pairs.flatMap((pair) => checkPair(pair, contexts)) };
}

/**
 * Collects the check's diagnostics as they stream in and puts them in report order: by file,
 * line and rule; ties in the order they were found, reading problems before rule findings.
 */
export class ReportBuilder {
  private readonly loaded: Diagnostic[] = [];
  private readonly found: Diagnostic[] = [];
  // One copy of each text (messages repeat per rule and target; results from worker threads arrive as copies).
  private readonly texts = new Map<string, string>();

  add(part: ArticleCheck): void {
    for (const p of part.loaded) this.loaded.push(this.shared(p));
    for (const p of part.found) this.found.push(this.shared(p));
  }

  private shared(p: Diagnostic): Diagnostic {
    return { rule: this.text(p.rule), severity: p.severity, locale: this.text(p.locale), file: this.text(p.file), line: p.line, key: p.key, message: this.text(p.message) };
  }

  private text(value: string): string {
    const known = this.texts.get(value);
    if (known !== undefined) return known;
    if (this.texts.size < 100_000) this.texts.set(value, value);
    return value;
  }

  finish(): CheckReport {
    const problems = this.loaded.concat(this.found);
    problems.sort(compareDiagnostics);
    return { ok: !problems.some((p) => p.severity === 'error'), problems };
  }
}

/**
 * The articles' part of a check, one article at a time in path order; `checkArticles` lets a
 * caller run that part elsewhere (worker threads) and hand back each article's result in order.
 */
export interface CheckPlan {
  targets: TargetConfig[];
  contexts: Map<string, TargetContext>;
  /** The articles to check, in path order (relative to the config's folder). */
  files: string[];
}

/**
 * `npm run check`: every problem of every target, sorted by file and line. Reads only.
 * Streams: each article is read, checked and dropped before the next, so memory holds the
 * diagnostics, not the workspace. `checkArticles` (default: here, one by one) may check the
 * articles elsewhere; it must yield one `ArticleCheck` per file, in order.
 */
export function runCheck(config: Config, options: CheckOptions, deps: CheckDeps): CheckReport {
  const report = new ReportBuilder();
  const plan = startCheck(config, options, deps, report);
  for (const file of plan.files) report.add(checkArticle(config, plan.targets, file, deps.split, plan.contexts));
  return endCheck(config, plan, report);
}

/** The check with the articles' part run by `checkArticles` (e.g. on worker threads); same report as `runCheck`. */
export async function runCheckWith(config: Config, options: CheckOptions, deps: CheckDeps, checkArticles: (plan: CheckPlan, add: (part: ArticleCheck) => void) => Promise<void>): Promise<CheckReport> {
  const report = new ReportBuilder();
  const plan = startCheck(config, options, deps, report);
  await checkArticles(plan, (part) => report.add(part));
  return endCheck(config, plan, report);
}

function startCheck(config: Config, options: CheckOptions, deps: CheckDeps, report: ReportBuilder): CheckPlan {
  const targets = checkedTargets(config, options.locales);
  const listed = listCheckedArticles(config);
  report.add({ loaded: listed.problems, found: [] });
  return { targets, contexts: targetContexts(config, deps.detectLanguage), files: listed.files };
}

function endCheck(config: Config, plan: CheckPlan, report: ReportBuilder): CheckReport {
  const articleIds = new Set(plan.files.map((file) => articleId(config, file)));
  const ns = loadNamespacePairs(config, plan.targets, articleIds);
  report.add({ loaded: ns.problems, found: ns.pairs.flatMap((pair) => checkPair(pair, plan.contexts)) });
  report.add({ loaded: finalProblems(config, plan.targets, plan.files.length, new Set([...articleIds, ...ns.namespaces]), ns.removedArticles), found: [] });
  return report.finish();
}
