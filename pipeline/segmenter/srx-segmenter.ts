/**
 * SRX engine: compiles an ordered rule list into a function that finds break offsets.
 *
 * SRX semantics: at a position, the first rule whose `before` matches the text ending there and
 * whose `after` matches the text starting there decides; no match means no break. Rather than
 * trying every rule at every character, we
 *   1. find candidate positions by scanning the text once per break rule for `before(?=after)`
 *      (only break rules can produce a break), then
 *   2. decide each candidate by testing the rules in order, each compiled as a zero-width sticky
 *      regex `(?<=before)(?=after)`. Consecutive rules with the same verdict are merged into one
 *      alternation: the first of them to match gives the same verdict as any of them.
 * Candidates are a small fraction of positions, so this is linear in practice.
 */
import type { SrxRule } from './srx.ts';

/** Returns the offsets (UTF-16) where the text breaks, ascending, excluding 0 and text.length. */
export type BreakFinder = (text: string) => number[];

export class SrxRuleError extends Error {
  override name = 'SrxRuleError';
}

function compile(source: string, flags: string, rule: SrxRule, index: number): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SrxRuleError(
      `SRX rule ${index + 1} (break="${rule.break ? 'yes' : 'no'}") is not a valid JavaScript regex: ${message}`,
    );
  }
}

function zeroWidth(rule: SrxRule): string {
  return (rule.before ? `(?<=${rule.before})` : '') + (rule.after ? `(?=${rule.after})` : '');
}

/**
 * How to scan for a break rule's positions. V8 skips fast to a literal first character or a
 * small class, so `before(?=after)` is best when `before` starts with one (`[.?!]`, `\n`).
 * Otherwise (lookbehind, `\b`, a letter class) it would try `before` at every character; then
 * a zero-width scan that tests `after` first (usually a cheap `\s`) is several times faster.
 */
function scannerSource(rule: SrxRule): string {
  const lookahead = rule.after ? `(?=${rule.after})` : '';
  const literalStart = /^(?:\\[nrt.?!()[\]]|[^\\([.^$|?*+{]|\[[^\]\\]*(?:\\[^p][^\]\\]*)*\])/.test(rule.before);
  if (!rule.before || literalStart) return `(?:${rule.before})${lookahead}`;
  return `${lookahead}(?<=${rule.before})`;
}

export function compileSrxRules(rules: readonly SrxRule[]): BreakFinder {
  // Step 2 deciders: runs of same-verdict rules, in order.
  const deciders: { break: boolean; test: RegExp }[] = [];
  for (let i = 0; i < rules.length; ) {
    let j = i;
    while (j < rules.length && rules[j].break === rules[i].break) j++;
    const run = rules.slice(i, j);
    run.forEach((rule, k) => compile(zeroWidth(rule), 'u', rule, i + k)); // name the bad rule
    const source = run.map((rule) => `(?:${zeroWidth(rule) || '(?:)'})`).join('|');
    deciders.push({ break: rules[i].break, test: compile(source, 'uy', rules[i], i) });
    i = j;
  }
  // Step 1 scanners: one per break rule.
  const scanners = rules.flatMap((rule, index) => (rule.break ? [compile(scannerSource(rule), 'gu', rule, index)] : []));

  const decide = (text: string, position: number): boolean => {
    for (const decider of deciders) {
      decider.test.lastIndex = position;
      if (decider.test.test(text)) return decider.break;
    }
    return false;
  };

  return (text) => {
    const candidates: number[] = [];
    for (const scanner of scanners) {
      scanner.lastIndex = 0;
      let match: RegExpExecArray | null;
      while ((match = scanner.exec(text)) !== null) {
        const end = match.index + match[0].length;
        if (match[0].length === 0) scanner.lastIndex++; // empty `before`: step on
        if (end > 0 && end < text.length) candidates.push(end);
      }
    }
    if (scanners.length > 1) candidates.sort((a, b) => a - b);
    const breaks: number[] = [];
    let previous = -1;
    for (const position of candidates) {
      if (position === previous) continue; // found by two scanners
      previous = position;
      if (decide(text, position)) breaks.push(position);
    }
    return breaks;
  };
}
