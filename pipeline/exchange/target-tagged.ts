/**
 * A translation in markdown form back in the tagged form of its source segment: the inverse of
 * `taggedToMarkdown` (markdown/splice.ts), for exchange formats (XLIFF, TMX) whose targets carry
 * the source's inline codes. Pure.
 */
import type { Segment, TagMarkup } from '../segment.ts';
import { escapeText, tokenize, verifyTags } from '../tagged-text.ts';

/** How many markup placements the search may try before giving up on a value (pathological inputs). */
const SEARCH_BUDGET = 20_000;

interface Placement {
  at: number;
  length: number;
  token: string;
}

/**
 * `value` (a translation in markdown form) written with the tag ids of `segment`: every tag of the
 * source placed exactly once, paired tags nested, no pair emptied that held text in the source
 * (`verifyTags`), the text between them escaped as in tagged text.
 * Guaranteed: `taggedToMarkdown(segment, result) === value`.
 *
 * The markup strings behind the tags (`segment.tags`) are looked for in `value`; where the same
 * markup could be several tags (two `**…**` pairs), the source's order decides, and the search
 * backtracks when a choice leaves a tag unplaced. Offsets are UTF-16.
 *
 * Returns undefined when no placement uses every tag of the source (a value whose markup differs
 * from the source's: a reviewer dropped a link), or when the search exceeds its budget.
 */
export function taggedTarget(segment: Pick<Segment, 'tagged' | 'tags'>, value: string): string | undefined {
  const order: string[] = [];
  for (const token of tokenize(segment.tagged)) if (token.type === 'open' || token.type === 'atom') order.push(token.id);
  const markup = (id: string): TagMarkup | undefined => segment.tags[id];
  if (order.some((id) => markup(id) === undefined)) return undefined;
  if (order.length === 0) return escapeText(value);

  const used = new Set<string>();
  const stack: string[] = [];
  const placements: Placement[] = [];
  let budget = SEARCH_BUDGET;
  const render = (): string => {
    let out = '';
    let cursor = 0;
    for (const placement of placements) {
      out += escapeText(value.slice(cursor, placement.at)) + placement.token;
      cursor = placement.at + placement.length;
    }
    return out + escapeText(value.slice(cursor));
  };

  /** Markup that may start at `at` in the current state, longest first (source order among equals). */
  const candidates = (at: number): Array<{ id: string; kind: 'open' | 'close' | 'atom'; text: string }> => {
    const found: Array<{ id: string; kind: 'open' | 'close' | 'atom'; text: string }> = [];
    const top = stack[stack.length - 1];
    if (top !== undefined) {
      const close = (markup(top) as { close: string }).close;
      if (value.startsWith(close, at)) found.push({ id: top, kind: 'close', text: close });
    }
    const tried = new Set<string>();
    for (const id of order) {
      if (used.has(id)) continue;
      const m = markup(id) as TagMarkup;
      // Tags with the same markup are interchangeable here: only the first unused one is tried.
      const signature = JSON.stringify(m);
      if (tried.has(signature)) continue;
      tried.add(signature);
      const text = 'atom' in m ? m.atom : m.open;
      if (value.startsWith(text, at)) found.push({ id, kind: 'atom' in m ? 'atom' : 'open', text });
    }
    return found.sort((a, b) => b.text.length - a.text.length);
  };

  const search = (at: number): boolean => {
    if (--budget < 0) return false;
    // The rest is text; the placement must also keep every pair the source filled non-empty.
    if (used.size === order.length && stack.length === 0) return verifyTags(segment.tagged, render()).length === 0;
    for (let i = at; i <= value.length; i++) {
      for (const candidate of candidates(i)) {
        const token = candidate.kind === 'atom' ? `<${candidate.id}/>` : candidate.kind === 'open' ? `<${candidate.id}>` : `</${candidate.id}>`;
        placements.push({ at: i, length: candidate.text.length, token });
        if (candidate.kind === 'open') stack.push(candidate.id);
        if (candidate.kind === 'close') stack.pop();
        else used.add(candidate.id);
        // An empty markup string placed where it is must not be placed there again forever.
        if (search(candidate.text.length === 0 ? i : i + candidate.text.length)) return true;
        if (candidate.kind === 'close') stack.push(candidate.id);
        else used.delete(candidate.id);
        if (candidate.kind === 'open') stack.pop();
        placements.pop();
        if (budget < 0) return false;
      }
    }
    return false;
  };

  return search(0) ? render() : undefined;
}
