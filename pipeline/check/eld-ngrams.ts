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
  const keys: string[] = [];
  const starts: number[] = [0];
  const langs: number[] = [];
  const scores: number[] = [];
  // A key is quoted, or bare where it is a valid identifier or number (`L_QL:{…}`).
  const key = (): string => {
    if (text[at] === "'") return quoted();
    const end = text.indexOf(':', at);
    const bare = text.slice(at, end);
    if (end === -1 || !/^[\w$]+$/.test(bare)) fail('expected a key');
    at = end;
    return bare;
  };
  while (text[at] !== '}') {
    keys.push(key());
    expect(':{');
    while (text[at] !== '}') {
      langs.push(integer());
      expect(':');
      scores.push(integer());
      if (text[at] === ',') at++;
    }
    at++;
    starts.push(langs.length);
    if (text[at] === ',') at++;
  }
  expect('}}');
  return { type, languages, isSubset, ngrams: ngramView(keys, Uint32Array.from(starts), Uint8Array.from(langs), Uint8Array.from(scores)) };
}

/**
 * A read-only object over the compact table that answers `ngrams[key]` with a frozen
 * `{ lang: score }` object (or undefined), which is all eld's `calculateScores` does with it.
 */
function ngramView(keys: readonly string[], starts: Uint32Array, langs: Uint8Array, scores: Uint8Array): Record<string, Record<number, number>> {
  const index = new Map<string, number>();
  keys.forEach((key, i) => index.set(key, i));
  // Each entry is made on first use and kept (a text's n-grams recur across texts).
  const made: Array<Record<number, number> | undefined> = new Array(keys.length);
  const entry = (i: number) => {
    let out = made[i];
    if (out) return out;
    out = {};
    for (let j = starts[i]; j < starts[i + 1]; j++) out[langs[j]] = scores[j];
    made[i] = Object.freeze(out);
    return out;
  };
  return new Proxy({} as Record<string, Record<number, number>>, {
    get: (_, key) => {
      const i = typeof key === 'string' ? index.get(key) : undefined;
      return i === undefined ? undefined : entry(i);
    },
    has: (_, key) => typeof key === 'string' && index.has(key),
    ownKeys: () => [...keys],
    getOwnPropertyDescriptor: (_, key) => {
      const i = typeof key === 'string' ? index.get(key) : undefined;
      return i === undefined ? undefined : { value: entry(i), enumerable: true, configurable: true, writable: false };
    },
  });
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
