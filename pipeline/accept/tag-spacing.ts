import { tokenize, escapeText, type TaggedToken } from '../tagged-text.ts';
import { withoutNewControlCharacters } from '../util/control-characters.ts';

/** What a repair changed, for counts and notes. */
export type SpacingRepair = 'space-moved-out-of-tag' | 'space-restored-next-to-tag' | 'blank-line-joined' | 'control-characters-removed' | 'backslash-escaped';

/**
 * Whitespace at tag edges as the source has it (issue 12 item 1). Engines move spaces into paired
 * tags (`Please <g1>watch </g1>this`) or drop the space before one (`the<g1>Register</g1>`);
 * CommonMark's flanking rules then no longer read the delimiters as emphasis (`**watch **this`),
 * and link text glues to its neighbour. The repair is unambiguous, so it is made rather than
 * rejected:
 * - whitespace just inside a paired tag, where the source has none, moves just outside it;
 * - a space the source has just outside a tag (paired or atom) comes back where the translation
 *   put a letter or digit against the tag (never between two tags, never for scripts written
 *   without spaces);
 * - a blank line the source segment does not have (it would split the paragraph) becomes a space;
 * - control characters the source does not have (C0/C1, U+2028/2029, a lone CR; see
 *   `util/control-characters.ts`) are removed or become a space: never published raw;
 * - a backslash just before a tag (or at the end) is doubled, so it stays a backslash instead of
 *   escaping the markup that follows (`[prices\](url)` is no link).
 * Tags themselves are not checked here (see `verifyTags`); unknown ids are left alone.
 *
 * @param source the segment's tagged text, as sent
 * @param translation the provider's tagged text
 * @returns the repaired tagged text (escaped as tagged text is) and the repairs made
 */
export function repairTagSpacing(source: string, translation: string): { tagged: string; repairs: SpacingRepair[] } {
  const sourceTokens = tokenize(source);
  const want = spacingOf(sourceTokens);
  const sourceText = sourceTokens.map((t) => (t.type === 'text' ? t.value : '')).join('');
  const tokens = tokenize(translation).map((t) => ({ ...t }));
  const repairs: SpacingRepair[] = [];
  const textAt = (i: number): (TaggedToken & { type: 'text' }) | undefined => (tokens[i]?.type === 'text' ? (tokens[i] as TaggedToken & { type: 'text' }) : undefined);
  // Whitespace inside paired tags moves out.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'open' && want.get(t.id)?.insideStart === false) {
      const inner = textAt(i + 1);
      const lead = inner ? /^\s+/.exec(inner.value)?.[0] : undefined;
      if (inner && lead) {
        inner.value = inner.value.slice(lead.length);
        const before = textAt(i - 1);
        if (before) {
          if (!/\s$/.test(before.value)) before.value += ' ';
        } else if (i > 0) {
          tokens.splice(i, 0, { type: 'text', value: ' ' });
          i++;
        }
        repairs.push('space-moved-out-of-tag');
      }
    } else if (t.type === 'close' && want.get(t.id)?.insideEnd === false) {
      const inner = textAt(i - 1);
      const trail = inner ? /\s+$/.exec(inner.value)?.[0] : undefined;
      if (inner && trail) {
        inner.value = inner.value.slice(0, inner.value.length - trail.length);
        const after = textAt(i + 1);
        if (after) {
          if (!/^\s/.test(after.value)) after.value = ` ${after.value}`;
        } else if (i < tokens.length - 1) tokens.splice(i + 1, 0, { type: 'text', value: ' ' });
        repairs.push('space-moved-out-of-tag');
      }
    }
  }
  // Spaces the source has outside tags come back where a word now touches the tag.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'text') continue;
    const spacing = want.get(t.id);
    if (!spacing) continue;
    const leading = t.type === 'close' ? undefined : spacing.before;
    const trailing = t.type === 'open' ? undefined : spacing.after;
    const before = textAt(i - 1);
    if (leading && before && touchesWord(before.value.at(-1))) {
      before.value += ' ';
      repairs.push('space-restored-next-to-tag');
    }
    const after = textAt(i + 1);
    if (trailing && after && touchesWord(after.value[0])) {
      after.value = ` ${after.value}`;
      repairs.push('space-restored-next-to-tag');
    }
  }
  const sourceHasBlankLine = /\n[ \t]*\n/.test(source);
  for (const t of tokens) {
    if (t.type === 'text' && !sourceHasBlankLine && /\n[ \t]*\n/.test(t.value)) {
      t.value = t.value.replace(/[ \t]*\n[ \t]*\n\s*/g, ' ');
      repairs.push('blank-line-joined');
    }
  }
  tokens.forEach((t, i) => {
    if (t.type !== 'text') return;
    const cleaned = withoutNewControlCharacters(t.value, sourceText);
    if (cleaned !== t.value) {
      t.value = cleaned;
      repairs.push('control-characters-removed');
    }
    const next = tokens[i + 1];
    if ((!next || next.type !== 'text') && /(?:^|[^\\])(?:\\\\)*\\$/.test(t.value)) {
      t.value += '\\';
      repairs.push('backslash-escaped');
    }
  });
  if (repairs.length === 0) return { tagged: translation, repairs };
  const tagged = tokens.map((t) => (t.type === 'text' ? escapeText(t.value) : t.type === 'atom' ? `<${t.id}/>` : t.type === 'open' ? `<${t.id}>` : `</${t.id}>`)).join('');
  return { tagged, repairs };
}

interface TagSpacing {
  /** Whitespace (or the segment's edge) just before the tag (open or atom) in the source. */
  before?: boolean;
  /** Whitespace just after the tag (close or atom). */
  after?: boolean;
  /** The source's text starts right after the open tag with whitespace. */
  insideStart?: boolean;
  /** The source's text ends right before the close tag with whitespace. */
  insideEnd?: boolean;
}

function spacingOf(tokens: readonly TaggedToken[]): Map<string, TagSpacing> {
  const out = new Map<string, TagSpacing>();
  const text = (i: number) => (tokens[i]?.type === 'text' ? (tokens[i] as { value: string }).value : undefined);
  tokens.forEach((t, i) => {
    if (t.type === 'text') return;
    const entry = out.get(t.id) ?? {};
    const prev = text(i - 1);
    const next = text(i + 1);
    if (t.type === 'open' || t.type === 'atom') entry.before = prev !== undefined && /\s$/.test(prev);
    if (t.type === 'close' || t.type === 'atom') entry.after = next !== undefined && /^\s/.test(next);
    if (t.type === 'open') entry.insideStart = next === undefined ? undefined : /^\s/.test(next);
    if (t.type === 'close') entry.insideEnd = prev === undefined ? undefined : /\s$/.test(prev);
    out.set(t.id, entry);
  });
  return out;
}

/** A letter or digit of a script written with spaces between words. */
function touchesWord(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c) && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u.test(c);
}
