/**
 * The model's answer to one request, read as the protocol asks: ONE JSON object whose keys are
 * exactly the request's ids, and nothing else: a code fence or prose around the object makes it
 * "not JSON" (the model did not follow the protocol, so its values are not trusted either).
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

export function parseAnswer(content: string | null | undefined, ids: readonly string[]): ParsedAnswer {
  const text = (content ?? '').trim();
  if (text === '') return { ok: false, reason: 'the answer was empty' };
  let data: unknown;
  try {
    data = JSON.parse(text);
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
