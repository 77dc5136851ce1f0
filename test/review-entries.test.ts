import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { applyReview, ReviewError } from '../pipeline/review/apply-review.ts';
import { loadReviewTarget, reviewSummary } from '../pipeline/review/review-entries.ts';
import { wordDiff } from '../pipeline/review/word-diff.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';

const article = (...paragraphs: string[]) => `---\ntitle: Harga Beras\n---\n\n${paragraphs.join('\n\n')}\n`;
const S1 = 'Harga beras naik tajam di Jakarta.';
const S2 = 'Pedagang mengeluh sejak pagi.';
const S3 = 'Warga berharap harga segera stabil.';

/** A workspace with en and fr targets (pseudo), translated once. */
async function translated() {
  const ws = createWorkspace({ 'source/news/a.md': article(`${S1} ${S2}`, S3) }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'pseudo' }, fr: { provider: 'pseudo' } } });
  await ws.translate();
  const config = loadConfig(path.join(ws.dir, 'translate.config.yaml'));
  const keyOf = (sentence: string) => Object.entries(parse(ws.read('locales/id/news/a.yaml')) as Record<string, string>).find(([, v]) => v === sentence)?.[0] as string;
  return { ws, config, keyOf };
}

describe('loadReviewTarget', () => {
  it('rows in article order with source, value and status from the state file; summary counts them', async () => {
    const { ws, config, keyOf } = await translated();
    const target = loadReviewTarget(config, 'en', 'news/a');
    expect(target.article).toEqual({ id: 'news/a', file: 'source/news/a.md' });
    expect(target.localeFile).toBe('locales/en/news/a.yaml');
    expect(target.fileHash).toMatch(/^[0-9a-f]{64}$/);
    const sources = target.rows.map((r) => r.source);
    expect(sources).toEqual(['Harga Beras', S1, S2, S3]);
    const values = parse(ws.read('locales/en/news/a.yaml')) as Record<string, string>;
    for (const row of target.rows) {
      expect(row.value).toBe(values[row.key]);
      expect(row.status).toBe('machine');
      expect(row.origin).toBe('pseudo');
    }
    expect(target.rows.find((r) => r.source === S2)?.key).toBe(keyOf(S2));
    // The path form names the same article.
    expect(loadReviewTarget(config, 'en', 'source/news/a.md').rows).toEqual(target.rows);

    applyReview(config, 'approve', 'en', 'news/a', [keyOf(S1)], segmentSentences);
    applyReview(config, 'reject', 'en', 'news/a', [keyOf(S2)], segmentSentences);
    // A key deleted from the file: missing.
    const file = ws.read('locales/en/news/a.yaml');
    ws.write('locales/en/news/a.yaml', file.replace(new RegExp(`^${keyOf(S3)}:.*\\n`, 'm'), ''));
    const after = loadReviewTarget(config, 'en', 'news/a');
    const status = Object.fromEntries(after.rows.map((r) => [r.source, r.status]));
    expect(status).toEqual({ 'Harga Beras': 'machine', [S1]: 'reviewed', [S2]: 'rejected', [S3]: 'missing' });
    expect(after.rows.find((r) => r.source === S3)?.value).toBeUndefined();
    expect(after.fileHash).not.toBe(target.fileHash);

    const summary = reviewSummary(config);
    expect(summary).toEqual([
      {
        id: 'news/a',
        file: 'source/news/a.md',
        targets: {
          en: { machine: 1, reviewed: 1, stale: 0, rejected: 1, missing: 1, unknown: 0 },
          fr: { machine: 4, reviewed: 0, stale: 0, rejected: 0, missing: 0, unknown: 0 },
        },
      },
    ]);
  });

  it('a stale entry carries its previous source and the machine suggestion; comments and edits show', async () => {
    const { ws, config, keyOf } = await translated();
    const key = keyOf(S2);
    // A reviewer edits S2's value and comments on it; then the source sentence changes.
    const file = ws.read('locales/en/news/a.yaml');
    ws.write('locales/en/news/a.yaml', file.replace(new RegExp(`^${key}:.*$`, 'm'), `# check the tone\n${key}: Traders complained since the morning.`));
    const edited = loadReviewTarget(config, 'en', 'news/a').rows.find((r) => r.key === key)!;
    expect(edited).toMatchObject({ status: 'reviewed', origin: 'human', value: 'Traders complained since the morning.', notes: ['check the tone'] });
    await ws.translate();
    const changed = 'Pedagang mengeluh sejak subuh.';
    ws.write('source/news/a.md', article(`${S1} ${changed}`, S3));
    await ws.translate();
    const row = loadReviewTarget(config, 'en', 'news/a').rows.find((r) => r.key === key)!;
    expect(row.source).toBe(changed);
    expect(row.status).toBe('stale');
    expect(row.previousSource).toBe(S2);
    expect(row.suggestion).toBeTruthy();
    expect(row.suggestion).not.toBe(row.value);
    expect(row.value).toBe('Traders complained since the morning.');
    expect(row.notes).toEqual(['check the tone']);
    expect(reviewSummary(config)[0].targets.en.stale).toBe(1);
    const diff = wordDiff(row.previousSource!, row.source);
    expect(diff.filter((p) => p.op === 'removed').map((p) => p.text)).toEqual(['pagi']);
    expect(diff.filter((p) => p.op === 'added').map((p) => p.text)).toEqual(['subuh']);
  });

  it('fuzzy notes become hints; a value without a state record is unknown', async () => {
    const { ws, config, keyOf } = await translated();
    const key = keyOf(S3);
    const file = ws.read('locales/en/news/a.yaml');
    ws.write('locales/en/news/a.yaml', file.replace(new RegExp(`^(${key}:)`, 'm'), '# fuzzy 92%: Warga berharap harga stabil. → Residents hope prices → stabilise.\n$1'));
    const state = parse(ws.read('locales/en/news/a.state.yaml')) as Record<string, unknown>;
    delete state[keyOf(S1)];
    ws.write('locales/en/news/a.state.yaml', stringify(state));
    const rows = loadReviewTarget(config, 'en', 'news/a').rows;
    expect(rows.find((r) => r.key === key)?.fuzzy).toEqual([{ score: 92, source: 'Warga berharap harga stabil.', target: 'Residents hope prices → stabilise.' }]);
    expect(rows.find((r) => r.key === keyOf(S1))?.status).toBe('unknown');
  });

  it('a target never translated: every row missing', async () => {
    const ws = createWorkspace({ 'source/a.md': article(S1) });
    const config = loadConfig(path.join(ws.dir, 'translate.config.yaml'));
    const target = loadReviewTarget(config, 'en', 'a');
    expect(target.fileHash).toMatch(/^[0-9a-f]{64}$/);
    expect(target.rows.map((r) => r.status)).toEqual(['missing', 'missing']);
  });

  it('a source edited since the last translate (a git pull) shows stale with the previous source (found while trying to break issue 15: it showed reviewed, and Approve reviewed the old text for the new source)', async () => {
    const { ws, config, keyOf } = await translated();
    const key = keyOf(S3);
    applyReview(config, 'approve', 'en', 'news/a', [key], segmentSentences);
    ws.write('source/news/a.md', article(`${S1} ${S2}`, S3.replace('segera stabil', 'stabil minggu depan')));
    const row = loadReviewTarget(config, 'en', 'news/a').rows.find((r) => r.source.includes('minggu depan'));
    expect(row?.status).toBe('stale');
    expect(row?.previousSource).toBe(S3);
    // A rejected entry stays rejected whatever its source does.
    applyReview(config, 'reject', 'en', 'news/a', [keyOf(S1)], segmentSentences);
    ws.write('source/news/a.md', article(`${S1.replace('tajam', 'sedikit')} ${S2}`, S3));
    expect(loadReviewTarget(config, 'en', 'news/a').rows.find((r) => r.source.includes('sedikit'))?.status).toBe('rejected');
  });

  it('the view hash changes with the source, the locale file and the state file alone (found while trying to break issue 15: a reject in a terminal did not make an old page conflict)', async () => {
    const { ws, config, keyOf } = await translated();
    const hashes = new Set([loadReviewTarget(config, 'en', 'news/a').fileHash]);
    applyReview(config, 'reject', 'en', 'news/a', [keyOf(S1)], segmentSentences); // the state file only
    hashes.add(loadReviewTarget(config, 'en', 'news/a').fileHash);
    ws.write('locales/en/news/a.yaml', `${ws.read('locales/en/news/a.yaml')}# a comment\n`);
    hashes.add(loadReviewTarget(config, 'en', 'news/a').fileHash);
    ws.write('source/news/a.md', `${ws.read('source/news/a.md')}\n`);
    hashes.add(loadReviewTarget(config, 'en', 'news/a').fileHash);
    expect(hashes.size).toBe(4);
  });

  it('refuses ids outside the source folder, absolute paths, links out and unknown locales', async () => {
    const { ws, config } = await translated();
    ws.write('secret.md', article('Rahasia.'));
    ws.write('source/news/b.md', article('Berita lain.'));
    fs.symlinkSync(path.join(ws.dir, 'secret.md'), path.join(ws.dir, 'source/news/link.md'));
    const refused = ['../secret', '../../secret', 'news/../../secret', 'source/../secret.md', path.join(ws.dir, 'secret'), path.join(ws.dir, 'secret.md'), '/etc/passwd', 'news\\..\\..\\secret', 'news/link', 'nope', '', 'news', 'news/'];
    for (const id of refused) expect(() => loadReviewTarget(config, 'en', id), id).toThrow(ReviewError);
    expect(() => loadReviewTarget(config, 'xx', 'news/a')).toThrow(ReviewError);
    expect(() => loadReviewTarget(config, 'id', 'news/a')).toThrow(/not a target/);
    expect(() => loadReviewTarget(config, '../en', 'news/a')).toThrow(ReviewError);
    expect(loadReviewTarget(config, 'en', 'news/b').rows.map((r) => r.status)).toEqual(['missing', 'missing']);
  });

  it('reads only: no file of the workspace changes', async () => {
    const { ws, config } = await translated();
    const snapshot = () => fs.readdirSync(ws.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => { const f = path.join(e.parentPath, e.name); return [f, fs.statSync(f).mtimeMs, fs.readFileSync(f, 'utf8')]; });
    const before = snapshot();
    loadReviewTarget(config, 'en', 'news/a');
    reviewSummary(config);
    expect(snapshot()).toEqual(before);
  });
});
