/**
 * `eld`'s n-gram database (`eld/small`), read compactly. Importing the package's database module
 * evaluates a 1.6 MB object literal into 81,000 small objects: ~0.4 s and ~150 MB of resident
 * memory before the first detection, most of the check's start-up on a small workspace. This
 * reads the same file as text into typed arrays (~3 MB) and serves it to `eld`'s own detector
 * through a read-only view, so detection runs eld's unchanged code on unchanged data
 * (test/eld-ngrams.test.ts compares both databases entry by entry and detections on corpora).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The database as eld's `setNgrams` takes it: `ngrams[ngram]` is `{ [languageIndex]: score }`. */
export interface NgramsData {
  type: string;
  languages: Record<number, string>;
  isSubset: boolean;
  ngrams: Record<string, Record<number, number>>;
}

/** The folder of the installed `eld` package (found as Node finds packages: node_modules upwards). */
export function eldFolder(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', 'eld');
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('the eld package is not installed (npm ci)');
  }
}

/** Thrown when the database file is not in the form this reader knows (a new eld version): callers fall back to importing it. */
export class NgramsFormatError extends Error {}

/**
 * Parse the text of eld's `src/ngrams/<size>.js` (`export const ngramsData = {type:'S60',
 * languages:{0:'am',…},isSubset:false,ngrams:{'ngram':{lang:score,…},bare:{…},…}}`).
 *
 * @throws NgramsFormatError when the text departs from that form
 */
export function parseNgramsModule(text: string): NgramsData {
  let at = 0;
  const fail = (what: string): never => {
    throw new NgramsFormatError(`eld n-gram database: ${what} at offset ${at}`);
  };
  const expect = (token: string) => {
    if (!text.startsWith(token, at)) fail(`expected ${JSON.stringify(token)}`);
    at += token.length;
  };
  const seek = (token: string) => {
    const found = text.indexOf(token, at);
    if (found === -1) fail(`no ${JSON.stringify(token)}`);
    at = found + token.length;
  };
  // Keys are a few characters long: scan them by hand (an indexOf for a backslash would run far ahead).
  const quoted = (): string => {
    expect("'");
    let out = '';
    let from = at;
    for (; at < text.length; at++) {
      const c = text.charCodeAt(at);
      if (c === 39) {
        out += text.slice(from, at);
        at++;
        return out;
      }
      if (c === 92) {
        const next = text[at + 1];
        if (next !== "'" && next !== '\\') fail(`unknown escape \\${next}`);
        out += text.slice(from, at) + next;
        at++;
        from = at + 1;
      }
    }
    return fail('unterminated string');
  };
  const integer = (): number => {
    const start = at;
    while (text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
    if (at === start) fail('expected a number');
    return Number(text.slice(start, at));
  };
  seek('ngramsData = {type:');
  const type = quoted();
  expect(',languages:{');
  const languages: Record<number, string> = {};
  while (text[at] !== '}') {
    const index = integer();
    expect(':');
    languages[index] = quoted();
    if (text[at] === ',') at++;
  }
  at++;
  let isSubset = false;
  if (text.startsWith(',isSubset:', at)) {
    at += ',isSubset:'.length;
    if (text.startsWith('false', at)) at += 5;
    else if (text.startsWith('true', at)) (at += 4), (isSubset = true);
    else fail('expected a boolean');
  }
  expect(',ngrams:{');
  // Keys go into one array of UTF-16 code units, entries into byte arrays: no object per n-gram.
  const table = new NgramTable(text.length);
  const digits = (): number => {
    let value = 0;
    const start = at;
    for (let c = text.charCodeAt(at); c >= 48 && c <= 57; c = text.charCodeAt(++at)) value = value * 10 + (c - 48);
    if (at === start || value > 255) fail('expected a number below 256');
    return value;
  };
  while (text.charCodeAt(at) !== 125 /* } */) {
    table.beginKey();
    if (text.charCodeAt(at) === 39 /* ' */) {
      for (at++; ; at++) {
        if (at >= text.length) fail('unterminated string');
        let c = text.charCodeAt(at);
        if (c === 39) break;
        if (c === 92 /* \ */) {
          c = text.charCodeAt(++at);
          if (c !== 39 && c !== 92) fail(`unknown escape \\${text[at]}`);
        }
        table.keyUnit(c);
      }
      at++;
    } else {
      // A bare key (`L_QL:{…}`): an identifier or a number.
      for (let c = text.charCodeAt(at); c !== 58 /* : */; c = text.charCodeAt(++at)) {
        if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36)) fail('expected a key');
        table.keyUnit(c);
      }
    }
    expect(':{');
    while (text.charCodeAt(at) !== 125) {
      const lang = digits();
      expect(':');
      table.score(lang, digits());
      if (text.charCodeAt(at) === 44 /* , */) at++;
    }
    at++;
    table.endKey();
    if (text.charCodeAt(at) === 44) at++;
  }
  expect('}}');
  return { type, languages, isSubset, ngrams: table.view() };
}

/**
 * The n-grams in typed arrays: key code units end to end, each key's (language, score) pairs,
 * and an open-addressing hash index over the keys (FNV-1a of the code units).
 */
class NgramTable {
  // Sized from the text (every key and entry takes several characters of it), so nothing grows.
  private readonly units: Uint16Array;
  private readonly keyStarts: Uint32Array;
  private readonly entryStarts: Uint32Array;
  private readonly langs: Uint8Array;
  private readonly scores: Uint8Array;
  private unitCount = 0;
  private keyCount = 0;
  private entryCount = 0;

  constructor(textLength: number) {
    this.units = new Uint16Array(textLength);
    this.keyStarts = new Uint32Array(Math.ceil(textLength / 6) + 2);
    this.entryStarts = new Uint32Array(Math.ceil(textLength / 6) + 2);
    this.langs = new Uint8Array(Math.ceil(textLength / 4) + 1);
    this.scores = new Uint8Array(Math.ceil(textLength / 4) + 1);
  }

  beginKey(): void {}

  keyUnit(unit: number): void {
    this.units[this.unitCount++] = unit;
  }

  score(lang: number, score: number): void {
    this.langs[this.entryCount] = lang;
    this.scores[this.entryCount++] = score;
  }

  endKey(): void {
    this.keyCount++;
    this.keyStarts[this.keyCount] = this.unitCount;
    this.entryStarts[this.keyCount] = this.entryCount;
  }

  /** The read-only view eld reads: `ngrams[key]` is a frozen `{ lang: score }` object or undefined. */
  view(): Record<string, Record<number, number>> {
    const count = this.keyCount;
    const units = this.units.slice(0, this.unitCount);
    const keyStarts = this.keyStarts.slice(0, count + 1);
    const entryStarts = this.entryStarts.slice(0, count + 1);
    const langs = this.langs.slice(0, this.entryCount);
    const scores = this.scores.slice(0, this.entryCount);
    let size = 1;
    while (size < count * 2) size *= 2;
    const mask = size - 1;
    const slots = new Int32Array(size).fill(-1);
    for (let i = 0; i < count; i++) {
      let h = 0x811c9dc5;
      for (let k = keyStarts[i]; k < keyStarts[i + 1]; k++) h = Math.imul(h ^ units[k], 0x01000193);
      let slot = h & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = i;
    }
    const find = (key: string): number => {
      let h = 0x811c9dc5;
      for (let k = 0; k < key.length; k++) h = Math.imul(h ^ key.charCodeAt(k), 0x01000193);
      for (let slot = h & mask, i = slots[slot]; i !== -1; slot = (slot + 1) & mask, i = slots[slot]) {
        const from = keyStarts[i];
        if (keyStarts[i + 1] - from !== key.length) continue;
        let k = 0;
        while (k < key.length && units[from + k] === key.charCodeAt(k)) k++;
        if (k === key.length) return i;
      }
      return -1;
    };
    // Each entry is made on first use and kept (a text's n-grams recur across texts).
    const made: Array<Record<number, number> | undefined> = new Array(count);
    const entry = (i: number) => {
      let out = made[i];
      if (out) return out;
      out = {};
      for (let j = entryStarts[i]; j < entryStarts[i + 1]; j++) out[langs[j]] = scores[j];
      made[i] = Object.freeze(out);
      return out;
    };
    const keyAt = (i: number) => String.fromCharCode(...units.subarray(keyStarts[i], keyStarts[i + 1]));
    const lookup = (key: string | symbol) => (typeof key === 'string' ? find(key) : -1);
    return new Proxy({} as Record<string, Record<number, number>>, {
      get: (_, key) => {
        const i = lookup(key);
        return i === -1 ? undefined : entry(i);
      },
      has: (_, key) => lookup(key) !== -1,
      ownKeys: () => Array.from({ length: count }, (_, i) => keyAt(i)),
      getOwnPropertyDescriptor: (_, key) => {
        const i = lookup(key);
        return i === -1 ? undefined : { value: entry(i), enumerable: true, configurable: true, writable: false };
      },
    });
  }
}

/** eld's detector (its own `createEld`) loaded with `data`. */
export interface EldInstance {
  detect(text: string): { language: string; isReliable(): boolean };
}

/**
 * An eld detector over the compact `small` database: eld's code from the installed package, the
 * database read by `parseNgramsModule` on the first detection (a run that asks nothing never reads
 * it). Falls back to importing `eld/small` when the database file has a form this reader does not
 * know.
 */
export async function loadCompactEld(folder: string = eldFolder()): Promise<EldInstance> {
  let text: string;
  try {
    text = fs.readFileSync(path.join(folder, 'src/ngrams/small.js'), 'utf8');
    parseNgramsModule(text.slice(0, text.indexOf(',ngrams:{')) + ',ngrams:{}}');
  } catch {
    return (await import('eld/small')).eld as EldInstance;
  }
  const detector = (await import(/* @vite-ignore */ pathToFileURL(path.join(folder, 'src/languageDetector.js')).href)) as { createEld(): { instance: EldInstance; loadData(data: NgramsData): string } };
  let loaded: EldInstance | undefined;
  return {
    detect(input) {
      if (!loaded) {
        const { instance, loadData } = detector.createEld();
        loadData(parseNgramsModule(text));
        text = '';
        loaded = instance;
      }
      return loaded.detect(input);
    },
  };
}
