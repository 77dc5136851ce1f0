/**
 * The known failure modes of an LLM's answer, injected per segment. Every one is a 200 answer
 * that is billed like a good one.
 *
 * Whole-answer modes (the request's answer is spoiled if ANY of its segments triggers them):
 * - `notJson`: plain lines `Sure! Here are the translations:\n1: …\n2: …` (not parseable JSON).
 * - `codeFence`: the JSON object inside a ```json … ``` fence.
 * - `proseWrapped`: prose before and after the fenced JSON object.
 *
 * Per-segment modes (only the triggering segment's value changes):
 * - `missingId`: the id is left out.
 * - `extraId`: an id that was not asked for follows it (the next free integer when all ids are
 *   integers, else `<id>-extra`), holding a copy of its translation.
 * - `untranslated`: the value is the source text, unchanged.
 * - `commentary`: the translation prefixed with `prefix` (default `Here is the translation: `).
 * - `merge`: the value is its own translation, a space, and the NEXT segment's translation; the
 *   next id is missing. The last segment of a request merges into the previous one instead
 *   (the previous value gets its text appended and its own id is missing). Never triggers in a
 *   request of one segment.
 * - `tagsLost`: every `<…>` tag removed (double spaces collapsed).
 * - `tagsAltered`: every tag's number raised by one (`<g1>…</g1>` → `<g2>…</g2>`, `<x1/>` → `<x2/>`);
 *   a value without tags gets ` <x1/>` appended.
 * - `figureChanged`: the first figure (not inside a tag) changed: with a separator it is dropped
 *   (`3,5` → `35`, `1.200` → `1200`), else it is raised by one (`2024` → `2025`); a value without
 *   figures gets ` 1` appended.
 * - `truncated`: only the first two words of the translation (tags dropped).
 * - `repeated`: the translation repeated `repeat` times (default 6), joined by spaces.
 *
 * Triggers: `ids` (segment ids) and/or `match` (a substring, a RegExp or a predicate on the
 * SOURCE text); a segment is hit when any trigger matches, every segment when none is given.
 * `times`: a segment (by its source text) is hit only the first N times this fault sees it, so
 * a retry can succeed (default: always). The first fault of the list that hits a segment applies.
 */
export type AnswerFaultMode =
  | 'notJson'
  | 'codeFence'
  | 'proseWrapped'
  | 'missingId'
  | 'extraId'
  | 'untranslated'
  | 'commentary'
  | 'merge'
  | 'tagsLost'
  | 'tagsAltered'
  | 'figureChanged'
  | 'truncated'
  | 'repeated';

export interface AnswerFault {
  mode: AnswerFaultMode;
  ids?: string[];
  match?: string | RegExp | ((source: string, id: string) => boolean);
  times?: number;
  /** `commentary` only. */
  prefix?: string;
  /** `repeated` only. */
  repeat?: number;
}

/** Which segment got which failure mode. */
export interface AnswerFaultHit {
  id: string;
  mode: AnswerFaultMode;
}

const WHOLE_ANSWER: ReadonlySet<AnswerFaultMode> = new Set(['notJson', 'codeFence', 'proseWrapped']);
const TAG = /<(\/?)([A-Za-z_]+)(\d*)(\s*\/?)>/g;
const FIGURE = /(?<![\p{N}#])\d+(?:[.,]\d+)*/u;

function triggers(fault: AnswerFault, id: string, source: string): boolean {
  if (fault.ids === undefined && fault.match === undefined) return true;
  if (fault.ids?.includes(id)) return true;
  const m = fault.match;
  if (m === undefined) return false;
  if (typeof m === 'string') return source.includes(m);
  if (m instanceof RegExp) {
    m.lastIndex = 0;
    return m.test(source);
  }
  return m(source, id);
}

/** Replace the text outside tags with `f(text)` (keeps tags where they are). */
function outsideTags(value: string, f: (text: string) => string): string {
  return value
    .split(/(<[^<>]*>)/)
    .map((part, i) => (i % 2 === 1 ? part : f(part)))
    .join('');
}

export function loseTags(value: string): string {
  return value.replace(/<[^<>]*>/g, '').replace(/ {2,}/g, ' ').replace(/ ([.,;:!?])/g, '$1').trim();
}

export function alterTags(value: string): string {
  let changed = false;
  const out = value.replace(TAG, (_tag, slash: string, name: string, num: string, end: string) => {
    changed = true;
    return `<${slash}${name}${num === '' ? '1' : Number(num) + 1}${end}>`;
  });
  return changed ? out : `${value} <x1/>`;
}

export function changeFigure(value: string): string {
  let done = false;
  const out = outsideTags(value, (text) => {
    if (done) return text;
    return text.replace(FIGURE, (figure) => {
      done = true;
      return /[.,]/.test(figure) ? figure.replace(/[.,]/g, '') : String(BigInt(figure) + 1n);
    });
  });
  return done ? out : `${value} 1`;
}

export function truncate(value: string): string {
  return [...loseTags(value).matchAll(/[\p{L}\p{N}]+/gu)].slice(0, 2).map((m) => m[0]).join(' ');
}

/** The answer's JSON text, keys in the given order. */
export function jsonObjectText(entries: ReadonlyArray<readonly [string, string]>): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}

export interface AnswerResult {
  /** The assistant message content. */
  content: string;
  hits: AnswerFaultHit[];
}

/**
 * Build the assistant's content for `segments` (id → source, in request order): each value
 * translated by `translate`, then the failure modes of `faults` applied. `seen` keeps, per fault
 * and source text, how often that fault hit it (for `times`); it is updated.
 */
export function buildAnswer(
  segments: Readonly<Record<string, string>>,
  translate: (source: string) => string,
  faults: readonly AnswerFault[],
  seen: Map<string, number>,
): AnswerResult {
  const ids = Object.keys(segments);
  const hits: AnswerFaultHit[] = [];
  const modeOf = (id: string): AnswerFault | undefined => {
    const source = segments[id];
    for (let f = 0; f < faults.length; f++) {
      const fault = faults[f];
      if (fault.mode === 'merge' && ids.length < 2) continue;
      if (!triggers(fault, id, source)) continue;
      const key = `${f}\u0000${source}`;
      const n = seen.get(key) ?? 0;
      if (fault.times !== undefined && n >= fault.times) continue;
      seen.set(key, n + 1);
      hits.push({ id, mode: fault.mode });
      return fault;
    }
    return undefined;
  };

  const translations = new Map(ids.map((id) => [id, translate(segments[id])]));
  const out: Array<[string, string]> = [];
  const used = new Set(ids);
  let whole: AnswerFaultMode | undefined;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const value = translations.get(id) as string;
    const fault = modeOf(id);
    if (!fault) {
      out.push([id, value]);
      continue;
    }
    switch (fault.mode) {
      case 'missingId':
        break;
      case 'extraId': {
        out.push([id, value]);
        let extra = ids.every((x) => /^\d+$/.test(x)) ? String(Math.max(...ids.map(Number)) + 1) : `${id}-extra`;
        while (used.has(extra)) extra = /^\d+$/.test(extra) ? String(Number(extra) + 1) : `${extra}-extra`;
        used.add(extra);
        out.push([extra, value]);
        break;
      }
      case 'untranslated':
        out.push([id, segments[id]]);
        break;
      case 'commentary':
        out.push([id, `${fault.prefix ?? 'Here is the translation: '}${value}`]);
        break;
      case 'merge':
        if (i + 1 < ids.length) {
          out.push([id, `${value} ${translations.get(ids[i + 1])}`]);
          i++;
        } else {
          const previous = out[out.length - 1];
          if (previous) previous[1] = `${previous[1]} ${value}`;
          else out.push([id, value]);
        }
        break;
      case 'tagsLost':
        out.push([id, loseTags(value)]);
        break;
      case 'tagsAltered':
        out.push([id, alterTags(value)]);
        break;
      case 'figureChanged':
        out.push([id, changeFigure(value)]);
        break;
      case 'truncated':
        out.push([id, truncate(value)]);
        break;
      case 'repeated':
        out.push([id, Array.from({ length: fault.repeat ?? 6 }, () => value).join(' ')]);
        break;
      default:
        if (WHOLE_ANSWER.has(fault.mode)) whole ??= fault.mode;
        out.push([id, value]);
    }
  }

  const json = jsonObjectText(out);
  let content = json;
  if (whole === 'notJson') content = `Sure! Here are the translations:\n${out.map(([k, v]) => `${k}: ${v}`).join('\n')}`;
  else if (whole === 'codeFence') content = `\`\`\`json\n${json}\n\`\`\``;
  else if (whole === 'proseWrapped') content = `Here is the JSON object you asked for:\n\n\`\`\`json\n${json}\n\`\`\`\n\nLet me know if you need anything else.`;
  return { content, hits };
}
