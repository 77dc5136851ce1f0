import { errorResponse, type Handler, type HandlerResponse } from './emulator-state.ts';
import {
  dictionaryInfo,
  GlossaryInputError,
  parseEntries,
  toTsv,
  v2Info,
  v3Info,
  type EmulatedDictionary,
} from './glossary-store.ts';
import { paramValue, type Params } from './parse-body.ts';

/**
 * Glossary endpoints, v2 (one language pair) and v3 (multilingual), in the paths and shapes
 * deepl-node's `Translator` and `DeepLClient` use.
 */
const notFound = () => errorResponse(404, 'Glossary not found');

function guard(fn: () => HandlerResponse): HandlerResponse {
  try {
    return fn();
  } catch (error) {
    if (error instanceof GlossaryInputError) return errorResponse(400, error.message);
    throw error;
  }
}

function required(params: Params, key: string): string {
  const value = paramValue(params, key);
  if (!value) throw new GlossaryInputError(`Missing or invalid argument: '${key}'`);
  return value;
}

function dictionary(params: Params, prefix: string): EmulatedDictionary {
  return {
    sourceLang: required(params, `${prefix}source_lang`).toLowerCase(),
    targetLang: required(params, `${prefix}target_lang`).toLowerCase(),
    entries: parseEntries(required(params, `${prefix}entries`), paramValue(params, `${prefix}entries_format`) ?? 'tsv'),
  };
}

/** `dictionaries[i].*` form fields, in index order. */
function dictionaries(params: Params): EmulatedDictionary[] {
  const indexes = new Set<number>();
  for (const key of Object.keys(params)) {
    const m = /^dictionaries\[(\d+)\]\./.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes].sort((a, b) => a - b).map((i) => dictionary(params, `dictionaries[${i}].`));
}

// v2
export const createGlossaryV2: Handler = (req, state) =>
  guard(() => {
    const g = state.glossaries.create(required(req.params, 'name'), [dictionary(req.params, '')]);
    return { status: 201, body: v2Info(g) };
  });

export const listGlossariesV2: Handler = (_req, state) => ({
  status: 200,
  body: { glossaries: [...state.glossaries.glossaries.values()].filter((g) => g.dictionaries.length === 1).map(v2Info) },
});

export const getGlossaryV2: Handler = (req, state) => {
  const g = state.glossaries.get(req.match[1]);
  return g && g.dictionaries.length === 1 ? { status: 200, body: v2Info(g) } : notFound();
};

export const getGlossaryEntriesV2: Handler = (req, state) => {
  const g = state.glossaries.get(req.match[1]);
  if (!g || g.dictionaries.length !== 1) return notFound();
  return { status: 200, body: toTsv(g.dictionaries[0].entries), contentType: 'text/tab-separated-values' };
};

export const deleteGlossary: Handler = (req, state) => (state.glossaries.delete(req.match[1]) ? { status: 204 } : notFound());

// v3
export const createGlossaryV3: Handler = (req, state) =>
  guard(() => ({ status: 201, body: v3Info(state.glossaries.create(required(req.params, 'name'), dictionaries(req.params))) }));

export const listGlossariesV3: Handler = (_req, state) => ({
  status: 200,
  body: { glossaries: [...state.glossaries.glossaries.values()].map(v3Info) },
});

export const getGlossaryV3: Handler = (req, state) => {
  const g = state.glossaries.get(req.match[1]);
  return g ? { status: 200, body: v3Info(g) } : notFound();
};

export const getGlossaryEntriesV3: Handler = (req, state) =>
  guard(() => {
    const source = required(req.params, 'source_lang');
    const target = required(req.params, 'target_lang');
    const d = state.glossaries.dictionaryFor(req.match[1], source, target);
    if (!d) return notFound();
    return {
      status: 200,
      body: { dictionaries: [{ source_lang: d.sourceLang, target_lang: d.targetLang, entries: toTsv(d.entries), entries_format: 'tsv' }] },
    };
  });

export const deleteDictionaryV3: Handler = (req, state) =>
  guard(() => {
    const g = state.glossaries.get(req.match[1]);
    const d = state.glossaries.dictionaryFor(req.match[1], required(req.params, 'source_lang'), required(req.params, 'target_lang'));
    if (!g || !d) return notFound();
    g.dictionaries = g.dictionaries.filter((x) => x !== d);
    return { status: 204 };
  });

export const putDictionaryV3: Handler = (req, state) =>
  guard(() => {
    if (!state.glossaries.get(req.match[1])) return notFound();
    const d = dictionary(req.params, '');
    state.glossaries.putDictionary(req.match[1], d);
    return { status: 200, body: dictionaryInfo(d) };
  });

export const patchGlossaryV3: Handler = (req, state) =>
  guard(() => {
    const g = state.glossaries.get(req.match[1]);
    if (!g) return notFound();
    const name = paramValue(req.params, 'name');
    if (name) g.name = name;
    for (const d of dictionaries(req.params)) {
      const existing = state.glossaries.dictionaryFor(g.id, d.sourceLang, d.targetLang);
      if (existing) for (const [s, t] of d.entries) existing.entries.set(s, t);
      else g.dictionaries.push(d);
    }
    return { status: 200, body: v3Info(g) };
  });
