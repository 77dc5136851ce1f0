/**
 * The messages of one chat request (the `llm` protocol, relied on by outside checks):
 *
 * 1. system: what to do (language pair, tags, figures, the JSON answer), then the target's own
 *    `instructions`;
 * 2. system, if configured: the house style guide;
 * 3. system, if any applies: the glossary entries whose source term occurs in this request,
 *    one `<source term> → <target term>` per line (no other line of any message has ` → `);
 * 4. user, if any: the context (the segments' paragraphs), and on a retry why the previous
 *    answer for the segment was refused;
 * 5. user, always LAST: one JSON object mapping the request's segment ids ("1", "2", …) to
 *    tagged source text.
 *
 * Pure. `PROMPT_VERSION` is part of the provider's fingerprint: change it when the wording changes
 * what a model answers.
 */
import type { GlossaryTerm } from '../../provider.ts';
import { glossaryLines } from './select-glossary.ts';

export const PROMPT_VERSION = 'llm-prompt-2';

/** A chat message as the Chat Completions API takes it (text content only). */
export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface PromptInput {
  sourceLocale: string;
  targetLocale: string;
  /** Request id ("1", "2", …) → tagged source text, in order. */
  segments: ReadonlyArray<{ id: string; text: string }>;
  /** Distinct context paragraphs of the request, in order. */
  context: readonly string[];
  /** Distinct titles of the articles the segments come from. */
  titles?: readonly string[];
  /** Glossary entries for this request (already selected). */
  glossary: readonly GlossaryTerm[];
  instructions?: string;
  styleGuide?: string;
  /** Why the previous answer for this (single) segment was refused. */
  retryReason?: string;
}

const displayNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** `Indonesian (id)`: the English name of a BCP 47 locale, with its tag. */
export function languageName(locale: string): string {
  let name: string | undefined;
  try {
    name = displayNames.of(locale);
  } catch {
    name = undefined;
  }
  return name && name !== locale ? `${name} (${locale})` : locale;
}

export function baseInstructions(sourceLocale: string, targetLocale: string): string {
  const source = languageName(sourceLocale);
  const target = languageName(targetLocale);
  return [
    `You are a professional news translator. Translate from ${source} to ${target}.`,
    `The last user message is one JSON object that maps segment ids to source segments. Answer with ONE JSON object with exactly the same ids (none added, none left out), each mapped to the ${target} translation of that segment alone, and nothing else: no commentary, no explanation, no code fence.`,
    'Segments are tagged text. Keep every tag exactly as it is: paired tags such as <g1>…</g1> around the translation of the words they enclose, atoms such as <x1/> unchanged (they stand for names, links or code that must not change). Keep the entities &amp; &lt; &gt; as they are.',
    `Keep every number, amount, date and time with the same value, written as ${target} writes it.`,
    'Translate each segment on its own: do not merge segments, split them or move text between them, and never leave a sentence untranslated. A segment that is only a name, a number or a link stays as it is.',
    'Use the glossary renderings given below when a term occurs. The context is for understanding only: do not translate it.',
  ].join('\n');
}

/** The request's messages, the JSON object of segments last. */
export function buildMessages(input: PromptInput): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const instructions = baseInstructions(input.sourceLocale, input.targetLocale);
  messages.push({
    role: 'system',
    content: input.instructions ? `${instructions}\n\nInstructions for this target:\n${input.instructions}` : instructions,
  });
  if (input.styleGuide?.trim()) messages.push({ role: 'system', content: `House style guide (follow it):\n\n${input.styleGuide.trim()}` });
  if (input.glossary.length > 0)
    messages.push({ role: 'system', content: `Glossary: each line gives a source term, an arrow, and its required ${languageName(input.targetLocale)} rendering.\n${glossaryLines(input.glossary)}` });
  const notes: string[] = [];
  if (input.titles && input.titles.length > 0) notes.push(`${input.titles.length === 1 ? 'Article title' : 'Article titles'} (context; do not translate it): ${input.titles.join(' | ')}`);
  if (input.context.length > 0) notes.push(`Context (the paragraphs these segments come from; do not translate it):\n\n${input.context.join('\n\n')}`);
  if (input.retryReason)
    notes.push(`A previous answer for this segment was refused: ${input.retryReason}. Translate it again, following every rule above.`);
  if (notes.length > 0) messages.push({ role: 'user', content: notes.join('\n\n') });
  messages.push({ role: 'user', content: segmentsObject(input.segments) });
  return messages;
}

/** `{"1":"…","2":"…"}`: the last user message. */
export function segmentsObject(segments: ReadonlyArray<{ id: string; text: string }>): string {
  return JSON.stringify(Object.fromEntries(segments.map((s) => [s.id, s.text])));
}

/**
 * The `response_format` of a request: a strict JSON schema requiring exactly the request's ids
 * (each a string), or plain JSON mode for servers without schemas.
 */
export function responseFormat(kind: 'json_schema' | 'json_object', ids: readonly string[]):
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } } {
  if (kind === 'json_object') return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: 'translations',
      strict: true,
      schema: {
        type: 'object',
        properties: Object.fromEntries(ids.map((id) => [id, { type: 'string' }])),
        required: [...ids],
        additionalProperties: false,
      },
    },
  };
}
