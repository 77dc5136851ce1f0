/**
 * The run manifest lets a rerun skip an article whose source and files are as the last run left
 * them. Model: whatever is edited between runs (source, locale file, state file, config, the
 * common namespace, a bundle deleted or changed by hand, a file only touched), a run that trusts
 * the manifest writes exactly the files, and reports exactly the figures, of a run that has no
 * manifest and processes everything. Random sequences of edits and runs (fast-check commands) are
 * applied to two copies of one workspace; the second copy's manifest is deleted before each run.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import fg from 'fast-glob';
import { parse, stringify } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';
import type { RunSummary } from '../pipeline/run/summary.ts';

const SENTENCES = ['Harga beras naik tajam.', 'Pedagang mengeluh.', 'Hujan turun sejak pagi.', 'Baca **laporan** di [situs kami](https://jfid.id/beras).', 'Jalan ditutup `sementara`.', 'Warga antre sejak subuh.'];
const ARTICLES = ['a', 'news/b', 'c'];

const article = (title: string, paragraphs: string[]) => `---\ntitle: ${title}\n---\n\n${paragraphs.join('\n\n')}\n`;
const COMMON = 'share: "Bagikan Artikel Ini"\nreadingTime_other: "{{count}} menit baca"\n';
// Both targets publishable: an article whose bundle is held back (pseudo text, a draft) is never skipped.
const CONFIG = { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' }, ms: { provider: 'identity' } } };

interface Pair {
  trusting: Workspace;
  reference: Workspace;
}

/** An edit applied the same way to both copies. */
type Edit = (ws: Workspace) => void;

/** Files of a workspace that a run writes (the memory and the manifest left aside). */
function outputs(ws: Workspace): Record<string, string> {
  return Object.fromEntries(fg.sync(['locales/**', 'dist/**'], { cwd: ws.dir, dot: true }).sort().map((f) => [f, ws.read(f)]));
}

/** What a summary says about the work, without what depends on which files were rewritten. */
function figures(summary: RunSummary) {
  return { ...summary, filesWritten: undefined };
}

const editSource = (id: string, paragraphs: string[]): Edit => (ws) => ws.write(`source/${id}.md`, article(`Judul ${id}`, paragraphs));
/** A change that keeps the file's size (a word spelled backwards): only its times tell. */
const respellSource = (id: string): Edit => (ws) => {
  const file = `source/${id}.md`;
  if (ws.exists(file)) ws.write(file, ws.read(file).replace(/(?<=\n\n[^\n]*)\b[a-z]{5,}\b/, (word) => [...word].reverse().join('')));
};
const deleteSource = (id: string): Edit => (ws) => fs.rmSync(path.join(ws.dir, `source/${id}.md`), { force: true });

/** A reviewer's edit of the first value of a locale file (in place, as an editor saves it). */
const editLocaleValue = (locale: string, id: string, text: string): Edit => (ws) => {
  const file = `locales/${locale}/${id}.yaml`;
  if (!ws.exists(file)) return;
  ws.write(file, ws.read(file).replace(/^([\w.-]+): .*$/m, (_, key) => `${key}: "${text}"`));
};
const deleteFile = (file: string): Edit => (ws) => fs.rmSync(path.join(ws.dir, file), { force: true });
/** A state file edited by hand: the first entry marked reviewed. */
const editState = (locale: string, id: string): Edit => (ws) => {
  const file = `locales/${locale}/${id}.state.yaml`;
  if (!ws.exists(file)) return;
  ws.write(file, ws.read(file).replace(/status: \w+/, 'status: reviewed'));
};
const editBundle = (locale: string, id: string): Edit => (ws) => {
  const file = `dist/${locale}/${id}.md`;
  if (ws.exists(file)) ws.write(file, `${ws.read(file)}\nDitambah tangan.\n`);
};
const touch = (file: string): Edit => (ws) => {
  if (ws.exists(file)) fs.utimesSync(path.join(ws.dir, file), new Date(), new Date(Date.now() + 5000));
};
const editConfig = (change: Record<string, unknown>): Edit => (ws) => {
  const config = parse(ws.read('translate.config.yaml')) as Record<string, unknown>;
  ws.write('translate.config.yaml', stringify({ ...config, ...change }));
};
const editCommon = (value: string): Edit => (ws) => ws.write('locales/id/common.yaml', `${COMMON}followGoogleNews: "${value}"\n`);

const id = fc.constantFrom(...ARTICLES);
const locale = fc.constantFrom('en', 'ms');
const paragraphs = fc.array(fc.array(fc.constantFrom(...SENTENCES), { minLength: 1, maxLength: 3 }).map((s) => s.join(' ')), { minLength: 1, maxLength: 4 });
const edit: fc.Arbitrary<[string, Edit]> = fc.oneof(
  fc.tuple(id, paragraphs).map(([i, p]): [string, Edit] => [`source ${i}: ${JSON.stringify(p)}`, editSource(i, p)]),
  id.map((i): [string, Edit] => [`delete source ${i}`, deleteSource(i)]),
  id.map((i): [string, Edit] => [`respell source ${i} (same size)`, respellSource(i)]),
  fc.tuple(locale, id, fc.constantFrom('Harga naik.', 'Hujan.', 'Diubah')).map(([l, i, t]): [string, Edit] => [`edit locales/${l}/${i}.yaml`, editLocaleValue(l, i, t)]),
  fc.tuple(locale, id, fc.constantFrom('.yaml', '.state.yaml')).map(([l, i, e]): [string, Edit] => [`delete locales/${l}/${i}${e}`, deleteFile(`locales/${l}/${i}${e}`)]),
  fc.tuple(locale, id).map(([l, i]): [string, Edit] => [`edit locales/${l}/${i}.state.yaml`, editState(l, i)]),
  fc.tuple(id, fc.constantFrom('.md', '.yaml')).map(([i, e]): [string, Edit] => [`delete dist/en/${i}${e}`, deleteFile(`dist/en/${i}${e}`)]),
  id.map((i): [string, Edit] => [`edit dist/en/${i}.md`, editBundle('en', i)]),
  id.map((i): [string, Edit] => [`delete locales/id/${i}.yaml`, deleteFile(`locales/id/${i}.yaml`)]),
  fc.tuple(id, fc.constantFrom('source/', 'locales/en/', 'dist/en/')).map(([i, dir]): [string, Edit] => [`touch ${dir}${i}`, touch(`${dir}${i}.${dir === 'source/' ? 'md' : dir === 'dist/en/' ? 'md' : 'yaml'}`)]),
  fc.constantFrom<[string, Edit]>(
    ['config: fields [title]', editConfig({ fields: ['title'] })],
    ['config: fields [title, author]', editConfig({ fields: ['title', 'author'] })],
    ['config: en requireReview', editConfig({ targets: { en: { provider: 'identity', requireReview: true }, ms: { provider: 'identity' } } })],
    ['config: as created', editConfig(CONFIG)],
  ),
  fc.constantFrom('Ikuti kami.', 'Ikuti jfid.').map((v): [string, Edit] => [`edit common: ${v}`, editCommon(v)]),
  fc.constant<[string, Edit]>(['delete common', deleteFile('locales/id/common.yaml')]),
);

class EditCommand implements fc.AsyncCommand<object, Pair> {
  constructor(readonly label: string, readonly apply: Edit) {}
  check = () => true;
  async run(_model: object, pair: Pair): Promise<void> {
    this.apply(pair.trusting);
    this.apply(pair.reference);
  }
  toString = () => this.label;
}

class RunCommand implements fc.AsyncCommand<object, Pair> {
  check = () => true;
  async run(_model: object, pair: Pair): Promise<void> {
    fs.rmSync(path.join(pair.reference.dir, '.cache/run-manifest.json'), { force: true });
    // The manifest trusts a source's recorded times only once they are a few seconds old; the
    // clock is moved on so that runs here take that path too (edits happen well after a run's stat).
    vi.setSystemTime(Date.now() + 10_000);
    const trusting = await pair.trusting.translate();
    const reference = await pair.reference.translate();
    expect(figures(trusting)).toEqual(figures(reference));
    expect(outputs(pair.trusting)).toEqual(outputs(pair.reference));
  }
  toString = () => 'run translate';
}

describe('run manifest (model): a rerun that skips unchanged articles writes what a full run writes', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('after any sequence of edits anywhere and runs', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const commands = fc.commands([edit.map(([label, apply]) => new EditCommand(label, apply)), fc.constant(new RunCommand()), fc.constant(new RunCommand())], { maxCommands: 14 });
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const files = { 'source/a.md': article('A', [SENTENCES[0], SENTENCES[3]]), 'source/news/b.md': article('B', [SENTENCES[1]]), 'source/c.md': article('C', [SENTENCES[2], SENTENCES[4]]), 'locales/id/common.yaml': COMMON };
        const pair = { trusting: createWorkspace(files, CONFIG), reference: createWorkspace(files, CONFIG) };
        try {
          await new RunCommand().run({}, pair);
          await fc.asyncModelRun(() => ({ model: {}, real: pair }), [...cmds, new RunCommand()]);
        } finally {
          for (const ws of [pair.trusting, pair.reference]) fs.rmSync(ws.dir, { recursive: true, force: true });
        }
      }),
      { numRuns: Number(process.env.MANIFEST_RUNS ?? 25) },
    );
  }, 240_000);

});
