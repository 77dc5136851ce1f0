/**
 * Request parameters as DeepL reads them: a form-encoded body (repeated keys such as `text`
 * become arrays), a JSON body, or the query string of a GET/DELETE.
 */
export type Params = Record<string, string | string[]>;

export function parseParams(contentType: string | undefined, body: string, query: URLSearchParams): Params {
  const params: Params = {};
  const add = (key: string, value: string) => {
    const prev = params[key];
    if (prev === undefined) params[key] = value;
    else params[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  };
  for (const [key, value] of query) add(key, value);
  if (body.length === 0) return params;
  if ((contentType ?? '').includes('application/json')) {
    const json: unknown = JSON.parse(body);
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('JSON body must be an object');
    for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
      if (Array.isArray(value))
        value.forEach((v, i) => {
          if (v !== null && typeof v === 'object') for (const [field, inner] of Object.entries(v)) add(`${key}[${i}].${field}`, String(inner));
          else add(key, String(v));
        });
      else if (typeof value === 'boolean') add(key, value ? '1' : '0');
      else if (value !== null && value !== undefined) add(key, String(value));
    }
    return params;
  }
  for (const [key, value] of new URLSearchParams(body)) add(key, value);
  return params;
}

/** All values of a parameter, in order. */
export function paramList(params: Params, key: string): string[] {
  const value = params[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The single value of a parameter (the last one if repeated). */
export function paramValue(params: Params, key: string): string | undefined {
  const list = paramList(params, key);
  return list.length === 0 ? undefined : list[list.length - 1];
}
