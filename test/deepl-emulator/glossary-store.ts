import { randomUUID } from 'node:crypto';

/**
 * The emulator's glossaries. One store serves both APIs: a v3 (multilingual) glossary holds
 * several dictionaries; a v2 glossary is one with exactly one dictionary.
 */
export interface EmulatedDictionary {
  sourceLang: string;
  targetLang: string;
  entries: Map<string, string>;
}

export interface EmulatedGlossary {
  id: string;
  name: string;
  creationTime: string;
  dictionaries: EmulatedDictionary[];
}

export class GlossaryInputError extends Error {}

/** Parse DeepL glossary entries (`tsv` or simple `csv`), rejecting duplicates and empty terms. */
export function parseEntries(text: string, format: string): Map<string, string> {
  if (format !== 'tsv' && format !== 'csv') throw new GlossaryInputError(`Unsupported entries_format '${format}'`);
  const entries = new Map<string, string>();
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (line.trim().length === 0) continue;
    const cells = format === 'tsv' ? line.split('\t') : line.split(',').slice(0, 2);
    if (cells.length !== 2) throw new GlossaryInputError(`Invalid glossary entry '${line}'`);
    const [source, target] = cells.map((c) => c.trim());
    if (!source || !target) throw new GlossaryInputError(`Invalid glossary entry '${line}'`);
    if (entries.has(source)) throw new GlossaryInputError(`Duplicate source term '${source}'`);
    entries.set(source, target);
  }
  if (entries.size === 0) throw new GlossaryInputError('Glossary entries must not be empty');
  return entries;
}

export function toTsv(entries: Map<string, string>): string {
  return [...entries].map(([s, t]) => `${s}\t${t}`).join('\n');
}

export function dictionaryInfo(d: EmulatedDictionary) {
  return { source_lang: d.sourceLang, target_lang: d.targetLang, entry_count: d.entries.size };
}

export function v3Info(g: EmulatedGlossary) {
  return { glossary_id: g.id, name: g.name, creation_time: g.creationTime, dictionaries: g.dictionaries.map(dictionaryInfo) };
}

export function v2Info(g: EmulatedGlossary) {
  const d = g.dictionaries[0];
  return {
    glossary_id: g.id,
    name: g.name,
    ready: true,
    source_lang: d.sourceLang,
    target_lang: d.targetLang,
    creation_time: g.creationTime,
    entry_count: d.entries.size,
  };
}

export class GlossaryStore {
  readonly glossaries = new Map<string, EmulatedGlossary>();

  create(name: string, dictionaries: EmulatedDictionary[]): EmulatedGlossary {
    if (!name) throw new GlossaryInputError("Missing or invalid argument: 'name'");
    if (dictionaries.length === 0) throw new GlossaryInputError("Missing or invalid argument: 'dictionaries'");
    const glossary: EmulatedGlossary = { id: randomUUID(), name, creationTime: new Date().toISOString(), dictionaries };
    this.glossaries.set(glossary.id, glossary);
    return glossary;
  }

  get(id: string): EmulatedGlossary | undefined {
    return this.glossaries.get(id);
  }

  delete(id: string): boolean {
    return this.glossaries.delete(id);
  }

  /** The dictionary a translation from `source` to `target` uses (regional variants ignored). */
  dictionaryFor(id: string, source: string, target: string): EmulatedDictionary | undefined {
    const base = (code: string) => code.split('-')[0].toLowerCase();
    return this.get(id)?.dictionaries.find((d) => base(d.sourceLang) === base(source) && base(d.targetLang) === base(target));
  }

  /** Replace (or add) the dictionary for the pair of `dict`. */
  putDictionary(id: string, dict: EmulatedDictionary): void {
    const g = this.get(id);
    if (!g) return;
    const i = g.dictionaries.findIndex((d) => d.sourceLang === dict.sourceLang && d.targetLang === dict.targetLang);
    if (i >= 0) g.dictionaries[i] = dict;
    else g.dictionaries.push(dict);
  }
}
