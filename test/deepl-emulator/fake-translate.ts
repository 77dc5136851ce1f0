import { DICTIONARY } from './dictionary.ts';

/**
 * The emulator's deterministic "machine translation", exported so tests can predict outputs.
 *
 * - Words found in the glossary (longest term first, case-sensitive, whole words) become the
 *   glossary's target term; other words found in `DICTIONARY` (case-insensitive) become its English
 *   word, keeping an initial capital; everything else is kept.
 * - With `tagHandling: 'xml'`, tags are kept as they are; XML entities (`&amp;`…) are kept.
 *   Like real MT, one tag pair per text may move: the first paired element preceded by a word
 *   in the same run swaps places with that word ("A B <g1>C</g1> D" → "A <g1>C</g1> B D").
 *   The pair stays within its sentence and its parent element.
 * - `dropTags` (a fault) removes every tag, as a broken MT response would.
 */
export interface FakeTranslateOptions {
  tagHandling?: string;
  glossary?: ReadonlyMap<string, string>;
  reorderTags?: boolean;
  dropTags?: boolean;
}

type Token = { kind: 'text'; value: string } | { kind: 'tag'; value: string; name: string; role: 'open' | 'close' | 'empty' };

const XML_TOKEN = /<(\/?)([A-Za-z_][\w.-]*)(?:\s[^<>]*?)?(\/?)>/g;
const WORD_OR_ENTITY = /&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);|[\p{L}\p{N}]+/gu;

function tokenizeXml(text: string, xml: boolean): Token[] {
  if (!xml) return [{ kind: 'text', value: text }];
  const tokens: Token[] = [];
  let last = 0;
  for (const match of text.matchAll(XML_TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) tokens.push({ kind: 'text', value: text.slice(last, index) });
    const role = match[1] ? 'close' : match[3] ? 'empty' : 'open';
    tokens.push({ kind: 'tag', value: match[0], name: match[2], role });
    last = index + match[0].length;
  }
  if (last < text.length) tokens.push({ kind: 'text', value: text.slice(last) });
  return tokens;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function translateRun(run: string, glossary: ReadonlyMap<string, string> | undefined): string {
  const protectedTerms: string[] = [];
  let text = run;
  if (glossary && glossary.size > 0) {
    const terms = [...glossary.keys()].sort((a, b) => b.length - a.length);
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
    text = text.replace(pattern, (term) => {
      protectedTerms.push(glossary.get(term) as string);
      return `\u0000${protectedTerms.length - 1}\u0000`;
    });
  }
  text = text.replace(WORD_OR_ENTITY, (word) => {
    if (word.startsWith('&')) return word;
    const translated = DICTIONARY[word.toLowerCase()];
    if (translated === undefined) return word;
    const capital = word[0] !== word[0].toLowerCase();
    return capital ? translated[0].toUpperCase() + translated.slice(1) : translated;
  });
  return text.replace(/\u0000(\d+)\u0000/g, (_, n: string) => protectedTerms[Number(n)]);
}

function closingIndex(tokens: Token[], openIndex: number): number {
  const open = tokens[openIndex];
  let depth = 0;
  for (let i = openIndex; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'tag' || t.name !== (open as { name: string }).name) continue;
    if (t.role === 'open') depth++;
    else if (t.role === 'close' && --depth === 0) return i;
  }
  return -1;
}

function moveOnePair(tokens: Token[]): Token[] {
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    if (t.kind !== 'tag' || t.role !== 'open' || prev.kind !== 'text') continue;
    const word = /(^|\s)([\p{L}\p{N}]+)(\s+)$/u.exec(prev.value);
    if (!word) continue;
    const close = closingIndex(tokens, i);
    if (close < 0) continue;
    const out = tokens.slice();
    out[i - 1] = { kind: 'text', value: prev.value.slice(0, word.index + word[1].length) };
    const next = out[close + 1];
    if (next && next.kind === 'text') out[close + 1] = { kind: 'text', value: ` ${word[2]}${next.value.startsWith(' ') ? '' : ' '}${next.value}` };
    else out.splice(close + 1, 0, { kind: 'text', value: ` ${word[2]}` });
    return out;
  }
  return tokens;
}

export function fakeTranslate(text: string, options: FakeTranslateOptions = {}): string {
  const xml = options.tagHandling === 'xml' || options.tagHandling === 'html';
  let tokens = tokenizeXml(text, xml).map((t): Token => (t.kind === 'text' ? { kind: 'text', value: translateRun(t.value, options.glossary) } : t));
  if (xml && options.reorderTags !== false) tokens = moveOnePair(tokens);
  if (options.dropTags) tokens = tokens.filter((t) => t.kind === 'text');
  return tokens.map((t) => t.value).join('');
}
