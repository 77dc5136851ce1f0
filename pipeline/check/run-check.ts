import type { Config, TargetConfig } from '../config/load-config.ts';
import type { SentenceSplitter } from '../markdown/block-segments.ts';
import { articleId } from '../run/article.ts';
import { glossaryTermsFor } from '../glossary/glossary-terms.ts';
import { mergeTargetGlossary } from '../glossary/target-glossary.ts';
import type { Diagnostic } from './diagnostic.ts';
import { DiagnosticSorter, spillThreshold, type DiagnosticSorterOptions } from './spill-sort.ts';
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

/**
 * A check's report to be read once: `ok` and `count` are known before the problems are read;
 * `problems` yields them in report order (from temporary files when they were spilled). Read it
 * to its end or call `close` (safe twice) to remove the temporary files.
 */
export interface StreamedReport {
  ok: boolean;
  /** Number of problems. */
  count: number;
  problems: Iterable<Diagnostic>;
  close(): void;
}

/**
 * The rules' view of a target: its options, and its glossary — the target's own `glossary` and
 * `doNotTranslate` lists (errors when broken) minus the terms the project glossary names, and the
 * project glossary's terms for it (warnings, naming the glossary's file and line).
 */
export function targetContext(config: Config, target: TargetConfig, detectLanguage?: DetectLanguage): TargetContext {
  const glossary = target.options.glossary;
  const dnt = target.options.doNotTranslate;
  const own = {
    glossary: glossary && typeof glossary === 'object' && !Array.isArray(glossary) ? (Object.fromEntries(Object.entries(glossary).filter(([, v]) => typeof v === 'string')) as Record<string, string>) : {},
    doNotTranslate: Array.isArray(dnt) ? dnt.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map((t) => t.trim()) : [],
  };
  const terms = glossaryTermsFor(config.glossary, target.locale);
  const projectGlossary = config.glossary && terms.length > 0 ? { file: config.glossary.file, terms } : undefined;
  const merged = projectGlossary ? mergeTargetGlossary(terms, own) : undefined;
  return {
    locale: target.locale,
    sourceLocale: config.sourceLocale,
    requireReview: target.requireReview,
    pseudoTarget: target.provider === 'pseudo',
    // Without project terms, the target's own lists as they are.
    glossary: merged ? Object.fromEntries(Object.entries(own.glossary).filter(([term]) => merged.renderings[term] === own.glossary[term] && !terms.some((t) => t.source === term))) : own.glossary,
    doNotTranslate: merged ? merged.doNotTranslate : own.doNotTranslate,
    ...(projectGlossary ? { projectGlossary } : {}),
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
 * Holds at most a run of them (`spill-sort.ts`: the rest wait, sorted, in temporary files) when
 * given a finite `spillAt`.
 */
export class ReportBuilder {
  private readonly sorter: DiagnosticSorter;
  // One copy of each text (messages repeat per rule and target; results from worker threads arrive
  // as copies), for the diagnostics held: forgotten when they are spilled.
  private texts = new Map<string, string>();

  /** `spill`: see `DiagnosticSorterOptions` (default: hold everything). */
  constructor(spill: DiagnosticSorterOptions = { spillAt: Infinity }) {
    this.sorter = new DiagnosticSorter(spill);
  }

  add(part: ArticleCheck): void {
    for (const p of part.loaded) if (this.sorter.add(this.shared(p), false)) this.texts = new Map();
    for (const p of part.found) if (this.sorter.add(this.shared(p), true)) this.texts = new Map();
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

  /** The whole report in memory. */
  finish(): CheckReport {
    const ok = this.sorter.errors === 0;
    return { ok, problems: [...this.sorter.sorted()] };
  }

  /** The report to be read once, in order (see `StreamedReport`). */
  stream(): StreamedReport {
    const sorter = this.sorter;
    return { ok: sorter.errors === 0, count: sorter.count, problems: sorter.sorted(), close: () => sorter.close() };
  }

  /** Lets go of everything held and removes the temporary files (a check that failed). */
  close(): void {
    this.sorter.close();
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

/** Checks `plan.files` (e.g. on worker threads) and hands each article's result to `add`, in file order. */
export type CheckArticles = (plan: CheckPlan, add: (part: ArticleCheck) => void) => Promise<void>;

/**
 * `npm run check`: every problem of every target, sorted by file and line. Reads only.
 * Streams: each article is read, checked and dropped before the next, so memory holds the
 * diagnostics, not the workspace (all of them, for this whole report in memory; the environment's
 * `CHECK_SPILL_AT` makes it spill runs of that many to temporary files on the way, as
 * `streamCheckWith` does). `checkArticles` of `runCheckWith` (default: here, one by one) may check
 * the articles elsewhere; it must hand over one `ArticleCheck` per file, in order.
 */
export function runCheck(config: Config, options: CheckOptions, deps: CheckDeps): CheckReport {
  const report = new ReportBuilder({ spillAt: spillThreshold(process.env, Infinity) });
  try {
    const plan = startCheck(config, options, deps, report);
    for (const file of plan.files) report.add(checkArticle(config, plan.targets, file, deps.split, plan.contexts));
    endCheck(config, plan, report);
    return report.finish();
  } finally {
    report.close();
  }
}

/** The check with the articles' part run by `checkArticles` (e.g. on worker threads); same report as `runCheck`. */
export async function runCheckWith(config: Config, options: CheckOptions, deps: CheckDeps, checkArticles: CheckArticles): Promise<CheckReport> {
  return collectReport(await streamCheckWith(config, options, deps, checkArticles, { spillAt: spillThreshold(process.env, Infinity) }));
}

/**
 * `runCheckWith`'s report, to be read once in order, holding at most a run of diagnostics at a
 * time (`spill`, default: `CHECK_SPILL_AT` or `DEFAULT_SPILL_AT`; the rest wait in temporary
 * files). The caller reads `problems` to its end or calls `close`. Rejects with `checkArticles`'s
 * error or a temporary file's I/O error (the files are removed then).
 */
export async function streamCheckWith(config: Config, options: CheckOptions, deps: CheckDeps, checkArticles: CheckArticles, spill: DiagnosticSorterOptions = { spillAt: spillThreshold() }): Promise<StreamedReport> {
  const report = new ReportBuilder(spill);
  try {
    const plan = startCheck(config, options, deps, report);
    await checkArticles(plan, (part) => report.add(part));
    endCheck(config, plan, report);
    return report.stream();
  } catch (error) {
    report.close();
    throw error;
  }
}

/** A streamed report read whole into memory. */
export function collectReport(report: StreamedReport): CheckReport {
  try {
    return { ok: report.ok, problems: [...report.problems] };
  } finally {
    report.close();
  }
}

function startCheck(config: Config, options: CheckOptions, deps: CheckDeps, report: ReportBuilder): CheckPlan {
  const targets = checkedTargets(config, options.locales);
  const listed = listCheckedArticles(config);
  report.add({ loaded: listed.problems, found: [] });
  return { targets, contexts: targetContexts(config, deps.detectLanguage), files: listed.files };
}

function endCheck(config: Config, plan: CheckPlan, report: ReportBuilder): void {
  const articleIds = new Set(plan.files.map((file) => articleId(config, file)));
  const ns = loadNamespacePairs(config, plan.targets, articleIds);
  report.add({ loaded: ns.problems, found: ns.pairs.flatMap((pair) => checkPair(pair, plan.contexts)) });
  report.add({ loaded: finalProblems(config, plan.targets, plan.files.length, new Set([...articleIds, ...ns.namespaces]), ns.removedArticles), found: [] });
}
