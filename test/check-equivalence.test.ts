/**
 * Issue 13: the streaming check (one article at a time, optionally on worker threads, language
 * identification over eld's compact database, remembered per text) reports exactly what the
 * check reported before: the same diagnostics (rule, severity, locale, file, line, key, message)
 * in the same order, on varied workspaces. The reference is the former whole-workspace check
 * (test/helpers/check-reference.ts) with the `eld` package's own detector.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { runCheck } from '../pipeline/check/run-check.ts';
import { runCheckInParallel } from '../pipeline/check/parallel-check.ts';
import { loadLanguageDetector } from '../pipeline/check/detect-language.ts';
import type { DetectLanguage } from '../pipeline/check/unit.ts';
import { createPrng } from './deepl-emulator/prng.ts';
import { referenceCheck, referenceDetector } from './helpers/check-reference.ts';
import { createWorkspace, type Workspace } from './helpers/workspace.ts';
import { ROOT } from './helpers/corpus.ts';

const SEED = 'putin-siap-hadiri-undangan-kim-jong-un-ke-korea-utara';
const CORPUS = path.join(ROOT, 'test/fixtures/corpus');

let reference: DetectLanguage;
let compact: DetectLanguage;
const workspaces: Workspace[] = [];
beforeAll(async () => {
  reference = await referenceDetector();
  compact = await loadLanguageDetector();
});
afterAll(() => {
  for (const ws of workspaces) fs.rmSync(ws.dir, { recursive: true, force: true });
});

/** The reference report and the streaming one (in this thread and, when `workers`, on worker threads) are identical. */
async function expectSameReport(dir: string, options: { locales?: string[]; workers?: boolean } = {}): Promise<number> {
  const config = loadConfig(path.join(dir, 'translate.config.yaml'));
  const expected = referenceCheck(config, { locales: options.locales }, { split: segmentSentences, detectLanguage: reference });
  const streamed = runCheck(config, { locales: options.locales }, { split: segmentSentences, detectLanguage: compact });
  expect(JSON.stringify(streamed)).toBe(JSON.stringify(expected));
  if (options.workers) {
    const parallel = await runCheckInParallel(config, { locales: options.locales }, { threads: 2, detect: true });
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(expected));
  }
  return expected.problems.length;
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const write = (dir: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

describe('the check reports what it reported before', () => {
  it('on the check fixtures (QA rules, plural forms, invalid files)', async () => {
    for (const folder of ['qa', 'plural', 'invalid']) {
      await expectSameReport(path.join(ROOT, 'test/fixtures/check', folder));
    }
  });

  it('on the repository as cloned, all targets and one (--locale)', async () => {
    expect(await expectSameReport(ROOT)).toBeGreaterThan(0); // the Malay machine output carries review warnings
    await expectSameReport(ROOT, { locales: ['en'] });
  });

  it('on a translated archive damaged at random: every rule, orphans, broken files, same-id articles', async () => {
    const articles = [
      ...fs.readdirSync(path.join(CORPUS, 'indosum-news-id')).filter((f) => f.endsWith('.md')).map((f) => path.join(CORPUS, 'indosum-news-id', f)),
      ...['react-developer-tools.md', 'invalid-hook-call-warning.md'].map((f) => path.join(CORPUS, 'react-id-docs', f)),
      path.join(ROOT, 'source', `${SEED}.md`),
    ];
    const files: Record<string, string> = {};
    // Each article twice: the copy with a few words changed (shared and unique sentences, as in an archive).
    articles.forEach((file, i) => {
      const text = fs.readFileSync(file, 'utf8');
      files[`source/a${i}/${path.basename(file)}`] = text;
      files[`source/b${i}/${path.basename(file)}`] = text.replace(/\b(yang|dan|untuk)\b/, 'serta');
    });
    const ws = createWorkspace(files, {
      sourceLocale: 'id',
      source: 'source/**/*.{md,mdx}',
      locales: 'locales',
      output: 'dist',
      cache: '.cache/memory.sqlite',
      targets: { en: { provider: 'identity' }, de: { provider: 'pseudo' }, ms: { provider: 'identity', requireReview: true }, fr: { provider: 'identity' } },
    });
    workspaces.push(ws);
    await ws.translate();
    const dir = ws.dir;
    const random = createPrng(13);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    // Damage values of the English and French files: reviewed text, dropped markup and figures, doubled words, typos in keys.
    const damages: Array<(v: string) => string> = [
      (v) => `The government said that ${v.length} things happened.`,
      (v) => v.replace(/\]\([^)]*\)/, ']'),
      (v) => v.replace(/\d+/, (d) => String(Number(d) + 1)),
      (v) => v.replace(/(\s\p{L}+)/u, '$1$1'),
      (v) => v.replace(/`[^`]*`/, 'code'),
      (v) => v.replace(/\*\*/, ''),
      (v) => `  ${v}`,
      (v) => v.replace(/[.?!]$/, ''),
      () => '',
      (v) => `${v} ${v}`,
      (v) => v.slice(0, 5),
      (v) => `Ini adalah kalimat yang masih dalam bahasa Indonesia dan belum diterjemahkan. ${v.slice(0, 0)}`,
    ];
    for (const locale of ['en', 'fr']) {
      for (const file of fs.readdirSync(path.join(dir, 'locales', locale), { recursive: true }) as string[]) {
        if (!file.endsWith('.yaml') || file.endsWith('.state.yaml')) continue;
        const doc = parse(read(dir, `locales/${locale}/${file}`)) as Record<string, string>;
        for (const key of Object.keys(doc)) if (random() < 0.1) doc[key] = pick(damages)(doc[key]);
        if (random() < 0.3) doc['s-typo000000'] = 'A key the article never had.';
        write(dir, `locales/${locale}/${file}`, stringify(doc, { lineWidth: 0 }));
      }
    }
    // A lost state file, a lost source record, an edited source sentence (stale), a removed article (orphans).
    const a0 = fs.readdirSync(path.join(dir, 'source/a0'))[0].replace(/\.md$/, '');
    const a1 = fs.readdirSync(path.join(dir, 'source/a1'))[0].replace(/\.md$/, '');
    fs.rmSync(path.join(dir, `locales/en/a0/${a0}.state.yaml`));
    fs.rmSync(path.join(dir, `locales/id/a1/${a1}.yaml`));
    const b2 = fs.readdirSync(path.join(dir, 'source/b2'))[0];
    write(dir, `source/b2/${b2}`, read(dir, `source/b2/${b2}`).replace(/\. /, ', lalu berubah. '));
    fs.rmSync(path.join(dir, 'source/b3'), { recursive: true });
    // A broken locale file, a broken state file, a namespace with a missing translation, an unreadable article, a same-id pair.
    const b4 = fs.readdirSync(path.join(dir, 'source/b4'))[0].replace(/\.md$/, '');
    write(dir, `locales/fr/b4/${b4}.yaml`, 'key: [unclosed\n');
    const b5 = fs.readdirSync(path.join(dir, 'source/a4'))[0].replace(/\.md$/, '');
    write(dir, `locales/ms/a4/${b5}.state.yaml`, '- not a state map\n');
    write(dir, 'locales/id/common.yaml', 'tombol_kirim: Kirim\nsalam: Halo, {{name}}!\n');
    write(dir, 'locales/en/common.yaml', 'tombol_kirim: Send\n');
    write(dir, 'source/bad.md', '---\ntitle: [unclosed\n---\nTeks.\n');
    write(dir, `source/a0/${a0}.mdx`, 'Artikel kedua dengan nama yang sama.\n');
    write(dir, 'source/control.md', 'Kalimat dengan karakter kontrol \u0007 di tengah.\n');
    const problems = await expectSameReport(dir, { workers: true });
    expect(problems).toBeGreaterThan(100);
    await expectSameReport(dir, { locales: ['fr', 'ms'] });
  }, 300_000);
});
