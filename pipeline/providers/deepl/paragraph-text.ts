/**
 * The `paragraph` context strategy: a paragraph's sentences travel as one DeepL text, each
 * wrapped in `<s>…</s>` (a splitting tag), and are split back from the translation.
 * A paragraph of one sentence needs no wrapper.
 */
export const SENTENCE_TAG = 's';

export function wrapParagraph(sentences: readonly string[]): string {
  if (sentences.length === 1) return sentences[0];
  return sentences.map((s) => `<${SENTENCE_TAG}>${s}</${SENTENCE_TAG}>`).join(' ');
}

/** The translated sentences, or undefined when the wrappers did not survive intact. */
export function splitParagraph(translated: string, count: number): string[] | undefined {
  if (count === 1) return [translated];
  const parts: string[] = [];
  const rest = translated.replace(/<s>([\s\S]*?)<\/s>/g, (_, inner: string) => {
    parts.push(inner);
    return '';
  });
  if (parts.length !== count || rest.trim() !== '' || parts.some((p) => /<\/?s>/.test(p))) return undefined;
  return parts;
}
