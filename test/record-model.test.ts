/**
 * Model-based test of the reviewers' record (issue 11): random sequences of newsroom edits and
 * reviewer decisions, `translate` after each step, on several articles. After every step the
 * locale files, state files, key record and bundles are checked against a simple model:
 *
 * - every key's value, `# id:` comment and state belong to the same sentence;
 * - a reviewer's text stays on its sentence (stale when that sentence was edited since);
 * - machine text is the provider's answer for that very sentence;
 * - the bundle is the article with each sentence replaced by its entry;
 * - nothing is sent to the provider twice, and a second run writes nothing;
 * - an agency's XLIFF target lands on its own sentence, reviewed only when the unit was signed off.
 *
 * Bounded in `npm test`; run longer with `MODEL_RUNS=500 npx vitest run test/record-model.test.ts`
 * (`MODEL_SEED=<seed>` replays a reported failure).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, parseDocument } from 'yaml';
import { createWorkspace, type Workspace } from './helpers/workspace.ts';
import { validateConfig } from '../pipeline/config/load-config.ts';
import { applyReview } from '../pipeline/review/apply-review.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { parseLocaleFile } from '../pipeline/locale/locale-file.ts';
import { ProviderError, type ProviderFactory } from '../pipeline/provider.ts';
import { runTranslate } from '../pipeline/run/translate-run.ts';
import { createInMemoryMemory } from '../pipeline/store/in-memory-store.ts';
import type { TranslationMemory } from '../pipeline/store/translation-memory.ts';
import { exportXliff } from '../pipeline/exchange/xliff-export.ts';
import { importXliff } from '../pipeline/exchange/xliff-import.ts';

const RUNS = Number(process.env.MODEL_RUNS ?? 12);
const ARTICLES = ['a', 'b', 'c'];

// ── The model ────────────────────────────────────────────────────────────────────────────────

interface Review {
  /** The reviewer's text (or the approved machine text). */
  value: string;
  /** The sentence as it was when the reviewer wrote or approved it. */
  forText: string;
  /** Its state record was lost and nothing proved who wrote it (status `unknown`). */
  unknown?: boolean;
}

interface Sentence {
  text: string;
  review?: Review;
  /** A reviewer's own comment line above the entry (kept with it whatever happens). */
  comment?: string;
}

interface Model {
  articles: Record<string, Sentence[][]>;
  /** Every value a reviewer gave a sentence text (the human memory may offer any of them). */
  humanValues: Map<string, Set<string>>;
  /** Articles whose state file was deleted at some point: `unknown` entries may appear there. */
  lostRecords: Set<string>;
  next: number;
}

const SUBJECTS = ['Warga', 'Pemerintah', 'Polisi', 'Petani', 'Nelayan', 'Guru', 'Pedagang'];
const VERBS = ['mengunjungi', 'membangun', 'memperbaiki', 'menutup', 'membuka', 'meninjau'];
const OBJECTS = ['jembatan', 'pasar', 'sekolah', 'jalan', 'masjid', 'pelabuhan'];
const PLACES = ['Bandung', 'Medan', 'Sleman', 'Kupang', 'Ambon', 'Palu', 'Jambi'];

/** A new sentence, unique by its number; every third one carries inline markup. */
function newSentence(model: Model): Sentence {
  const n = model.next++;
  const object = n % 3 === 0 ? `**${OBJECTS[n % OBJECTS.length]}**` : OBJECTS[n % OBJECTS.length];
  return { text: `${SUBJECTS[n % SUBJECTS.length]} ${VERBS[(n >> 1) % VERBS.length]} ${object} nomor ${n} di ${PLACES[(n >> 2) % PLACES.length]}.` };
}

/** The fake engine's answer: recognisably the translation of exactly this sentence. */
const machine = (source: string) => `EN ${source}`;

/** The tagged text providers see for one of these sentences (bold travels as `<g1>`). */
const tagged = (source: string) => source.replace(/\*\*(.+?)\*\*/, '<g1>$1</g1>');

const articleText = (id: string, paragraphs: Sentence[][]) =>
  `---\ntitle: Judul ${id}\n---\n\n${paragraphs.map((p) => p.map((s) => s.text).join(' ')).join('\n\n')}\n`;

const sentences = (model: Model, id: string) => model.articles[id].flat();
const isUnique = (model: Model, id: string, text: string) => sentences(model, id).filter((s) => s.text === text).length === 1;

// ── The system ───────────────────────────────────────────────────────────────────────────────

interface Real {
  ws: Workspace;
  /** The translation memory (a cache: a fresh clone starts without it). */
  memory: TranslationMemory;
  /** Texts the provider was asked for since they were last rejected (never paid twice). */
  paid: Set<string>;
  rejected: Set<string>;
  /** Texts paid for since the last fresh clone (the memory holds them). */
  sinceClone: Set<string>;
}

const fakeEngine = (real: Real): ProviderFactory => () => ({
  name: 'fake',
  publishable: true,
  fingerprint: () => 'fake',
  async translate(job, onResults) {
    for (const segment of job.segments) {
      const again = real.paid.has(segment.text) && !real.rejected.has(segment.text);
      if (again) throw new Error(`paid twice for ${JSON.stringify(segment.text)}`);
      real.paid.add(segment.text);
      real.sinceClone.add(segment.text);
      real.rejected.delete(segment.text);
    }
    onResults(job.segments.map((s) => ({ id: s.id, text: machine(s.text) })));
    return { requests: 1, billedCharacters: 0 };
  },
});

async function translate(real: Real) {
  const summary = await runTranslate(config(real), {}, {
    memory: real.memory,
    split: segmentSentences,
    log: { info() {}, warn() {}, progress() {} },
    createProvider: async (_, target) => fakeEngine(real)({ options: target.options, env: {}, cacheDir: path.join(real.ws.dir, '.cache') }),
  });
  expect(summary.errors).toEqual([]);
  return summary;
}

function writeArticle(real: Real, model: Model, id: string) {
  real.ws.write(`source/${id}.md`, articleText(id, model.articles[id]));
}

const readYaml = (real: Real, file: string): Record<string, string> => (real.ws.exists(file) ? (parse(real.ws.read(file)) ?? {}) : {});

/** Key of a sentence whose text is unique in its article, from the key record. */
function keyOf(real: Real, id: string, text: string): string {
  const record = readYaml(real, `locales/id/${id}.yaml`);
  const keys = Object.keys(record).filter((key) => record[key] === text);
  expect(keys, `one key for ${text}`).toHaveLength(1);
  return keys[0];
}

const config = (real: Real) => validateConfig(parse(real.ws.read('translate.config.yaml')), path.join(real.ws.dir, 'translate.config.yaml'));

/** Everything that must hold after a translate run. */
async function verify(model: Model, real: Real) {
  for (const id of ARTICLES) {
    const record = readYaml(real, `locales/id/${id}.yaml`);
    const localeText = real.ws.read(`locales/en/${id}.yaml`);
    const file = parseLocaleFile(localeText);
    const values = Object.fromEntries(file.entries);
    const states = readYaml(real, `locales/en/${id}.state.yaml`) as unknown as Record<string, { status: string }>;
    const current = sentences(model, id);

    // The key record holds exactly the article's sentences (and the title).
    expect(Object.values(record).filter((_, i) => Object.keys(record)[i] !== 'title').sort()).toEqual(current.map((s) => s.text).sort());
    expect(Object.keys(values).sort()).toEqual(Object.keys(record).sort());
    expect(Object.keys(states).sort()).toEqual(Object.keys(record).sort());

    // Each key's `# id:` comment is its own source; a reviewer's comment stays above its entry.
    for (const pair of (file.doc.contents as { items: Array<{ key: { value: string; commentBefore?: string } }> }).items) {
      const lines = (pair.key.commentBefore ?? '').split('\n');
      expect(lines.filter((line) => line.trimStart().startsWith('id:')), `# id: of ${pair.key.value}`).toEqual([` id: ${record[pair.key.value]}`]);
      const sentence = current.find((s) => s.text === record[pair.key.value]);
      const comments = lines.filter((line) => line.includes('reviewer note'));
      if (sentence && isUnique(model, id, sentence.text)) expect(comments, `comments of ${pair.key.value}`).toEqual(sentence.comment ? [` ${sentence.comment}`] : []);
    }

    // Each value belongs to its key's sentence.
    for (const [key, value] of Object.entries(values)) {
      const source = record[key];
      const status = states[key].status;
      const sentence = current.find((s) => s.text === source);
      if (key === 'title') continue;
      if (sentence?.review && isUnique(model, id, source)) {
        let expected = sentence.review.forText !== source ? 'stale' : sentence.review.unknown ? 'unknown' : 'reviewed';
        // A stale reviewer's text whose record was lost without evidence of its author (no memory)
        // is of unknown origin once its sentence is back to what was reviewed: the safe side.
        if (expected === 'reviewed' && status === 'unknown' && model.lostRecords.has(id)) {
          sentence.review = { ...sentence.review, unknown: true };
          expected = 'unknown';
        }
        expect({ key, value, status }).toEqual({ key, value: sentence.review.value, status: expected });
      } else {
        const allowed = [machine(source), ...(model.humanValues.get(source) ?? [])];
        expect(allowed, `value of ${key} (${source})`).toContain(value);
        // Reviewed only with a reviewer's text for this sentence; machine only with the engine's.
        const statuses = [...(value === machine(source) ? ['machine'] : []), ...(model.humanValues.get(source)?.has(value) ? ['reviewed'] : []), ...(model.lostRecords.has(id) ? ['unknown'] : [])];
        expect(statuses, `status of ${key} (${value})`).toContain(status);
        // The model follows: from now on this sentence's text is kept like a reviewer's.
        if (status === 'unknown' && sentence && isUnique(model, id, source)) sentence.review = { value, forText: source, unknown: true };
        // Text of unknown origin is not reused as the engine's: a copy of it may be paid for again.
        if (status === 'unknown') real.rejected.add(tagged(source));
      }
    }

    // The bundle is the article with every sentence replaced by its entry.
    const bundle = real.ws.read(`dist/en/${id}.md`);
    const body = bundle.slice(bundle.indexOf('\n---\n', 4) + 5);
    const valueOf = (sentence: Sentence) => {
      const options = Object.keys(record).filter((key) => record[key] === sentence.text).map((key) => values[key]);
      return `(?:${[...new Set(options)].map(escapeRegExp).join('|')})`;
    };
    const expected = model.articles[id].map((p) => p.map(valueOf).join(' ')).join('\n\n');
    expect(body).toMatch(new RegExp(`^\\n${expected}\\n$`));
    // The review policy (requireReview): live only when every entry is reviewed.
    const live = Object.values(states).every((state) => state.status === 'reviewed');
    expect(/^draft: true$/m.test(bundle.slice(0, bundle.indexOf('\n---\n', 4))), `draft of ${id}`).toBe(!live);
  }
  // Nothing left half-written.
  expect(fs.readdirSync(real.ws.dir, { recursive: true }).filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
  // A second run changes nothing and sends nothing.
  const again = await translate(real);
  expect(again.filesWritten).toBe(0);
  expect(again.locales.en.translated).toBe(0);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ── Commands ─────────────────────────────────────────────────────────────────────────────────

type Cmd = fc.AsyncCommand<Model, Real>;

abstract class Step implements Cmd {
  constructor(
    readonly article: number,
    readonly pick: number,
  ) {}
  protected id(): string {
    return ARTICLES[this.article % ARTICLES.length];
  }
  check(model: Readonly<Model>): boolean {
    return this.applicable(model as Model);
  }
  abstract applicable(model: Model): boolean;
  abstract apply(model: Model, real: Real): Promise<void> | void;
  async run(model: Model, real: Real): Promise<void> {
    await this.apply(model, real);
    await translate(real);
    await verify(model, real);
  }
  abstract toString(): string;
}

class InsertParagraph extends Step {
  constructor(article: number, pick: number, readonly size: number) {
    super(article, pick);
  }
  applicable = () => true;
  apply(model: Model, real: Real) {
    const paragraphs = model.articles[this.id()];
    const at = this.pick % (paragraphs.length + 1);
    paragraphs.splice(at, 0, Array.from({ length: this.size }, () => newSentence(model)));
    writeArticle(real, model, this.id());
  }
  toString = () => `insert(${this.id()}, ${this.pick}, ${this.size})`;
}

class DeleteParagraph extends Step {
  applicable = (model: Model) => model.articles[this.id()].length > 1;
  apply(model: Model, real: Real) {
    const paragraphs = model.articles[this.id()];
    for (const sentence of paragraphs.splice(this.pick % paragraphs.length, 1)[0]) forget(model, sentence);
    writeArticle(real, model, this.id());
  }
  toString = () => `delete(${this.id()}, ${this.pick})`;
}

class MoveParagraph extends Step {
  constructor(article: number, pick: number, readonly to: number) {
    super(article, pick);
  }
  applicable = (model: Model) => model.articles[this.id()].length > 1;
  apply(model: Model, real: Real) {
    const paragraphs = model.articles[this.id()];
    const [moved] = paragraphs.splice(this.pick % paragraphs.length, 1);
    paragraphs.splice(this.to % (paragraphs.length + 1), 0, moved);
    writeArticle(real, model, this.id());
  }
  toString = () => `move(${this.id()}, ${this.pick} → ${this.to})`;
}

/** Copies a paragraph nobody reviewed or commented (a copy would make "its sentence" ambiguous). */
class DuplicateParagraph extends Step {
  constructor(article: number, pick: number, readonly to: number) {
    super(article, pick);
  }
  private source(model: Model) {
    const candidates = model.articles[this.id()].filter((p) => p.every((s) => !s.review && !s.comment));
    return candidates.length === 0 ? undefined : candidates[this.pick % candidates.length];
  }
  applicable = (model: Model) => this.source(model) !== undefined;
  apply(model: Model, real: Real) {
    const copy = (this.source(model) as Sentence[]).map((s) => ({ text: s.text }));
    const paragraphs = model.articles[this.id()];
    paragraphs.splice(this.to % (paragraphs.length + 1), 0, copy);
    writeArticle(real, model, this.id());
  }
  toString = () => `duplicate(${this.id()}, ${this.pick} → ${this.to})`;
}

/** The sentences a reviewer or an editor can name unambiguously (unique text in the article). */
function uniqueSentence(model: Model, id: string, pick: number, filter: (s: Sentence) => boolean = () => true): Sentence | undefined {
  const candidates = sentences(model, id).filter((s) => isUnique(model, id, s.text) && filter(s));
  return candidates.length === 0 ? undefined : candidates[pick % candidates.length];
}

/** Edits one sentence in place (a word added or removed): its key stays, a review turns stale. */
class EditSentence extends Step {
  applicable = (model: Model) => uniqueSentence(model, this.id(), this.pick, (s) => !sentences(model, this.id()).some((other) => other.text === edited(s.text))) !== undefined;
  apply(model: Model, real: Real) {
    const sentence = uniqueSentence(model, this.id(), this.pick, (s) => !sentences(model, this.id()).some((other) => other.text === edited(s.text))) as Sentence;
    // Edited away after a fresh clone, its translation is in neither the record nor the memory.
    if (!real.sinceClone.has(tagged(sentence.text))) real.paid.delete(tagged(sentence.text));
    sentence.text = edited(sentence.text);
    writeArticle(real, model, this.id());
  }
  toString = () => `edit(${this.id()}, ${this.pick})`;
}

const edited = (text: string) => (text.includes(' kemarin di ') ? text.replace(' kemarin di ', ' di ') : text.replace(/ di (\S+)\.$/, ' kemarin di $1.'));

class ReviewerEdit extends Step {
  applicable = (model: Model) => uniqueSentence(model, this.id(), this.pick) !== undefined;
  apply(model: Model, real: Real) {
    const sentence = uniqueSentence(model, this.id(), this.pick) as Sentence;
    const key = keyOf(real, this.id(), sentence.text);
    const value = `Reviewed ${model.next++}: ${sentence.text}`;
    const file = `locales/en/${this.id()}.yaml`;
    const doc = parseDocument(real.ws.read(file));
    doc.set(key, value);
    real.ws.write(file, doc.toString({ lineWidth: 0 }));
    sentence.review = { value, forText: sentence.text };
    remember(model, sentence.text, value);
  }
  toString = () => `reviewer-edit(${this.id()}, ${this.pick})`;
}

class ReviewerComment extends Step {
  applicable = (model: Model) => uniqueSentence(model, this.id(), this.pick, (s) => !s.comment) !== undefined;
  apply(model: Model, real: Real) {
    const sentence = uniqueSentence(model, this.id(), this.pick, (s) => !s.comment) as Sentence;
    const key = keyOf(real, this.id(), sentence.text);
    const file = `locales/en/${this.id()}.yaml`;
    const doc = parseDocument(real.ws.read(file));
    const pair = (doc.contents as unknown as { items: Array<{ key: { value: string; commentBefore?: string } }> }).items.find((p) => p.key.value === key);
    sentence.comment = `reviewer note ${model.next++}: check the name`;
    pair!.key.commentBefore = `${pair!.key.commentBefore ?? ''}\n ${sentence.comment}`;
    real.ws.write(file, doc.toString({ lineWidth: 0 }));
  }
  toString = () => `reviewer-comment(${this.id()}, ${this.pick})`;
}

/** A reviewer swaps two value lines but not the comments above them. */
class SwapValueLines extends Step {
  constructor(article: number, pick: number, readonly other: number) {
    super(article, pick);
  }
  // Not stale entries: their `# was:` note would move with the swap (a known weakness).
  private pair(model: Model) {
    const swappable = (s: Sentence) => !s.comment && (!s.review || s.review.forText === s.text);
    const first = uniqueSentence(model, this.id(), this.pick, swappable);
    const second = uniqueSentence(model, this.id(), this.other, (s) => swappable(s) && s !== first);
    return first && second ? [first, second] : undefined;
  }
  applicable = (model: Model) => this.pair(model) !== undefined;
  apply(model: Model, real: Real) {
    const [a, b] = this.pair(model) as Sentence[];
    const file = `locales/en/${this.id()}.yaml`;
    const lines = real.ws.read(file).split('\n');
    const at = (sentence: Sentence) => lines.findIndex((line) => line.startsWith(`${keyOf(real, this.id(), sentence.text)}:`));
    const [i, j] = [at(a), at(b)];
    [lines[i], lines[j]] = [lines[j], lines[i]];
    real.ws.write(file, lines.join('\n'));
  }
  toString = () => `swap-lines(${this.id()}, ${this.pick}, ${this.other})`;
}

/** A reviewer deletes a value line (to have it translated again) but leaves its comments. */
class DeleteValueLine extends Step {
  applicable = (model: Model) => uniqueSentence(model, this.id(), this.pick, (s) => !s.comment) !== undefined;
  apply(model: Model, real: Real) {
    const sentence = uniqueSentence(model, this.id(), this.pick, (s) => !s.comment) as Sentence;
    const key = keyOf(real, this.id(), sentence.text);
    const file = `locales/en/${this.id()}.yaml`;
    real.ws.write(file, real.ws.read(file).split('\n').filter((line) => !line.startsWith(`${key}:`)).join('\n'));
    // Translated again (the memory may answer; on a fresh clone it is a new request, asked for).
    real.rejected.add(tagged(sentence.text));
    // The human memory gives back this very sentence's reviewed text, if any.
    const review = sentence.review;
    if (review && (review.unknown || review.forText !== sentence.text)) sentence.review = undefined;
  }
  toString = () => `delete-line(${this.id()}, ${this.pick})`;
}

class Approve extends Step {
  applicable = (model: Model) => uniqueSentence(model, this.id(), this.pick) !== undefined;
  apply(model: Model, real: Real) {
    const sentence = uniqueSentence(model, this.id(), this.pick) as Sentence;
    const key = keyOf(real, this.id(), sentence.text);
    const value = parseLocaleFile(real.ws.read(`locales/en/${this.id()}.yaml`)).entries.get(key) as string;
    applyReview(config(real), 'approve', 'en', this.id(), [key], segmentSentences);
    sentence.review = { value, forText: sentence.text };
    remember(model, sentence.text, value);
  }
  toString = () => `approve(${this.id()}, ${this.pick})`;
}

class Reject extends Step {
  applicable = (model: Model) => uniqueSentence(model, this.id(), this.pick) !== undefined;
  apply(model: Model, real: Real) {
    const sentence = uniqueSentence(model, this.id(), this.pick) as Sentence;
    const key = keyOf(real, this.id(), sentence.text);
    applyReview(config(real), 'reject', 'en', this.id(), [key], segmentSentences);
    // The next run asks the engine again: the one request a text may be sent twice for.
    real.rejected.add(tagged(sentence.text));
    sentence.review = undefined;
  }
  toString = () => `reject(${this.id()}, ${this.pick})`;
}

/**
 * A reviewer rejects a translation, then a run finds the provider down (no key, an outage): the
 * rejection must survive that run (found while trying to break issue 14: the entry was dropped,
 * and the next run put the rejected text back from the memory). The step's own run then asks the
 * engine for a new translation.
 */
class RejectThenOffline extends Step {
  applicable = (model: Model) => uniqueSentence(model, this.id(), this.pick) !== undefined;
  async apply(model: Model, real: Real) {
    const sentence = uniqueSentence(model, this.id(), this.pick) as Sentence;
    const key = keyOf(real, this.id(), sentence.text);
    const rejectedValue = parseLocaleFile(real.ws.read(`locales/en/${this.id()}.yaml`)).entries.get(key) as string;
    applyReview(config(real), 'reject', 'en', this.id(), [key], segmentSentences);
    real.rejected.add(tagged(sentence.text));
    sentence.review = undefined;
    const summary = await runTranslate(config(real), {}, {
      memory: real.memory,
      split: segmentSentences,
      log: { info() {}, warn() {}, progress() {} },
      createProvider: async () => ({
        name: 'fake',
        publishable: true,
        fingerprint: () => 'fake',
        translate: async () => {
          throw new ProviderError('unavailable', 'the engine is down', { stats: { requests: 1, billedCharacters: 0 } });
        },
      }),
    });
    expect(summary.exitCode).toBe(3);
    const states = readYaml(real, `locales/en/${this.id()}.state.yaml`) as unknown as Record<string, { status: string }>;
    expect(states[key]?.status, `${key} still rejected after a run without the provider`).toBe('rejected');
    expect(parseLocaleFile(real.ws.read(`locales/en/${this.id()}.yaml`)).entries.get(key)).toBe(rejectedValue);
    if (real.ws.exists(`dist/en/${this.id()}.md`)) expect(real.ws.read(`dist/en/${this.id()}.md`)).not.toContain(rejectedValue);
  }
  toString = () => `rejectThenOffline(${this.id()}, ${this.pick})`;
}

/**
 * An agency's round trip (issue 16): the target is exported as XLIFF 2.1, the agency rewrites one
 * unit (its source with a prefix, inline codes kept) and signs it off or leaves it `translated`,
 * and the file is imported. Signed off: a reviewer's text (and in the human memory); otherwise kept
 * like one but unreviewed (`unknown`, origin `xliff`) until someone approves it.
 */
class AgencyImport extends Step {
  constructor(article: number, pick: number, readonly signOff: boolean) {
    super(article, pick);
  }
  applicable = (model: Model) => uniqueSentence(model, this.id(), this.pick) !== undefined;
  async apply(model: Model, real: Real) {
    const sentence = uniqueSentence(model, this.id(), this.pick) as Sentence;
    const key = keyOf(real, this.id(), sentence.text);
    const { xml } = exportXliff(config(real), { locale: 'en', version: '2.1', only: ['new', 'stale', 'machine', 'reviewed'] });
    const n = model.next++;
    const unit = new RegExp(`(<unit id="[^"]*" name="${key}">[\\s\\S]*?<segment id="s1" state=")[a-z]+("[\\s\\S]*?<source xml:space="preserve">)([\\s\\S]*?)(</source>)(?:\\s*<target xml:space="preserve">[\\s\\S]*?</target>)?`);
    expect(unit.test(xml), `unit ${key} in the export`).toBe(true);
    const edited = xml.replace(unit, (_, head, mid, source, end) => `${head}${this.signOff ? 'final' : 'translated'}${mid}${source}${end}<target xml:space="preserve">Agency ${n}: ${source}</target>`);
    const file = path.join(real.ws.dir, 'agency.xlf');
    fs.writeFileSync(file, edited);
    const report = await importXliff(config(real), file, { memory: real.memory });
    fs.rmSync(file);
    expect(report.problems).toEqual([]);
    expect(report.applied.map((a) => [a.key, a.status])).toEqual([[key, this.signOff ? 'reviewed' : 'unknown']]);
    const value = `Agency ${n}: ${sentence.text}`;
    sentence.review = { value, forText: sentence.text, ...(this.signOff ? {} : { unknown: true }) };
    if (this.signOff) remember(model, sentence.text, value);
  }
  toString = () => `agency-import(${this.id()}, ${this.pick}, ${this.signOff ? 'final' : 'translated'})`;
}

/** A fresh clone, or CI: the committed files only, no memory and no run manifest. */
class FreshClone extends Step {
  applicable = () => true;
  apply(model: Model, real: Real) {
    fs.rmSync(path.join(real.ws.dir, '.cache'), { recursive: true, force: true });
    real.memory = createInMemoryMemory();
    real.sinceClone = new Set();
    // What the record no longer holds may be paid for again: only the current sentences stay paid.
    const current = new Set(ARTICLES.flatMap((id) => sentences(model, id).map((s) => tagged(s.text))));
    real.paid = new Set([...real.paid].filter((text) => current.has(text)));
  }
  toString = () => 'fresh-clone';
}

/** A state file lost in a bad merge: nothing may turn into reviewed text without evidence. */
class DeleteStateFile extends Step {
  applicable = () => true;
  apply(model: Model, real: Real) {
    fs.rmSync(path.join(real.ws.dir, `locales/en/${this.id()}.state.yaml`), { force: true });
    model.lostRecords.add(this.id());
    // A reviewer's text on an edited sentence stays stale (its `# was:` note says so): never
    // published as current.
  }
  toString = () => `delete-state(${this.id()})`;
}

/** The key record lost (deleted, or taken from the wrong side of a merge): keys must survive. */
class DeleteKeyRecord extends Step {
  applicable = () => true;
  apply(_: Model, real: Real) {
    fs.rmSync(path.join(real.ws.dir, `locales/id/${this.id()}.yaml`), { force: true });
  }
  toString = () => `delete-record(${this.id()})`;
}

function remember(model: Model, text: string, value: string) {
  model.humanValues.set(text, new Set([...(model.humanValues.get(text) ?? []), value]));
}

/** A removed sentence's review lives on in the human memory only. */
function forget(model: Model, sentence: Sentence) {
  if (sentence.review) remember(model, sentence.review.forText, sentence.review.value);
}

// ── The test ─────────────────────────────────────────────────────────────────────────────────

const article = fc.nat(ARTICLES.length - 1);
const pick = fc.nat(50);
const commands = [
  fc.tuple(article, pick, fc.integer({ min: 1, max: 3 })).map(([a, p, n]) => new InsertParagraph(a, p, n)),
  fc.tuple(article, pick).map(([a, p]) => new DeleteParagraph(a, p)),
  fc.tuple(article, pick, pick).map(([a, p, t]) => new MoveParagraph(a, p, t)),
  fc.tuple(article, pick, pick).map(([a, p, t]) => new DuplicateParagraph(a, p, t)),
  fc.tuple(article, pick).map(([a, p]) => new EditSentence(a, p)),
  fc.tuple(article, pick).map(([a, p]) => new ReviewerEdit(a, p)),
  fc.tuple(article, pick).map(([a, p]) => new ReviewerComment(a, p)),
  fc.tuple(article, pick, pick).map(([a, p, o]) => new SwapValueLines(a, p, o)),
  fc.tuple(article, pick).map(([a, p]) => new DeleteValueLine(a, p)),
  fc.tuple(article, pick).map(([a, p]) => new Approve(a, p)),
  fc.tuple(article, pick).map(([a, p]) => new Reject(a, p)),
  fc.tuple(article, pick).map(([a, p]) => new RejectThenOffline(a, p)),
  fc.tuple(article, pick, fc.boolean()).map(([a, p, signOff]) => new AgencyImport(a, p, signOff)),
  fc.constant(new FreshClone(0, 0)),
  article.map((a) => new DeleteStateFile(a, 0)),
  article.map((a) => new DeleteKeyRecord(a, 0)),
];

describe('the reviewers\' record under random edits (model-based)', () => {
  it(`keeps every value, # id: comment, state and bundle on its own sentence (${RUNS} random sequences)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25, size: 'max' }), async (cmds) => {
        const model: Model = { articles: {}, humanValues: new Map(), lostRecords: new Set(), next: 0 };
        const ws = createWorkspace({}, { sourceLocale: 'id', source: 'source/**/*.md', locales: 'locales', output: 'dist', cache: '.cache/memory.sqlite', targets: { en: { provider: 'deepl', requireReview: true } } });
        const real: Real = { ws, memory: createInMemoryMemory(), paid: new Set(), sinceClone: new Set(), rejected: new Set() };
        try {
          for (const id of ARTICLES) {
            model.articles[id] = [[newSentence(model), newSentence(model)], [newSentence(model)], [newSentence(model)]];
            writeArticle(real, model, id);
          }
          await translate(real);
          await verify(model, real);
          await fc.asyncModelRun(() => ({ model, real }), cmds);
        } finally {
          fs.rmSync(ws.dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, ...(process.env.MODEL_SEED ? { seed: Number(process.env.MODEL_SEED) } : {}) },
    );
  }, 600_000);
});
