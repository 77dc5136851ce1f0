/**
 * The model's answer to one request, read as the protocol asks: ONE JSON object whose keys are
 * exactly the request's ids. A whole answer wrapped in one Markdown code fence (```json … ```) is
 * read as the JSON inside it; anything else around the object makes it "not JSON".
 */
export type ParsedAnswer =
  | {
      ok: true;
      /** id → value as answered (not yet checked to be a string). */
      values: Map<string, unknown>;
      /** Request ids the answer lacks. */
      missing: string[];
      /** Ids the answer has that the request did not. */
      extra: string[];
    }
  | { ok: false; reason: string };

const FENCE = /^```(?:json)?[ \t]*\r?\n([\s\S]*?)\r?\n?```$/i;

export function parseAnswer(content: string | null | undefined, ids: readonly string[]): ParsedAnswer {
  const text = (content ?? '').trim();
  if (text === '') return { ok: false, reason: 'the answer was empty' };
  const body = FENCE.exec(text)?.[1] ?? text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'the answer was not JSON' };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, reason: 'the answer was not a JSON object' };
  const values = new Map(Object.entries(data as Record<string, unknown>));
  const wanted = new Set(ids);
  return {
    ok: true,
    values,
    missing: ids.filter((id) => !values.has(id)),
    extra: [...values.keys()].filter((id) => !wanted.has(id)),
  };
}
