/**
 * Glossary lines as the `llm` protocol writes them in the messages before the segments:
 * `<source term> → <target term>` (U+2192 with one space either side), one per line. A leading
 * list bullet (`- `, `* `, `• `) is ignored. A do-not-translate term is a line whose target equals
 * its source (`jfid → jfid`). Later lines win over earlier ones for the same source term. A line
 * ending with `:` is a heading (`Glossary (source → target):`), not an entry.
 */
const LINE = /^\s*(?:[-*•]\s+)?(.+?) \u2192 (.+?)\s*$/;

/** Source term → target term, from every line of `texts` that is a glossary line. */
export function parseGlossaryLines(texts: readonly string[]): Map<string, string> {
  const glossary = new Map<string, string>();
  for (const text of texts) {
    for (const line of text.split(/\r?\n/)) {
      const match = LINE.exec(line);
      if (match && !match[2].endsWith(':')) glossary.set(match[1].trim(), match[2].trim());
    }
  }
  return glossary;
}
