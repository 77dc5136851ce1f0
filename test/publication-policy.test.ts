import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';
import type { RunSummary } from '../pipeline/run/summary.ts';
import type { ProviderFactory } from '../pipeline/provider.ts';

const FRONT = '---\ntitle: Harga Beras\nauthor: Budi\n---\n';
const ARTICLE_A = `${FRONT}\nHarga beras naik tajam di Jakarta. Pedagang mengeluh sejak pagi.\n`;
const ARTICLE_B = '---\ntitle: Cuaca Hari Ini\n---\n\nHujan turun sejak pagi. Warga berteduh di halte.\n';
const COMMON = 'share: Bagikan Artikel Ini\n';

/** The front matter of a bundle, parsed, and its raw text between the fences. */
const frontMatter = (markdown: string) => {
  const raw = /^---\n([\s\S]*?)^---$/m.exec(markdown)?.[1] ?? '';
  return { raw, data: parse(raw) as Record<string, unknown> };
};
const draftLines = (markdown: string) => frontMatter(markdown).raw.split('\n').filter((line) => line.startsWith('draft:'));
const rm = (ws: Workspace, ...files: string[]) => {
  for (const file of files) fs.rmSync(path.join(ws.dir, file));
};
const orphaned = (ws: Workspace) => {
  const report = JSON.parse(ws.cli('check', ['--json']).stdout) as { ok: boolean; problems: Array<{ rule: string; severity: string; file: string; message: string }> };
  return { ok: report.ok, problems: report.problems.filter((p) => p.rule === 'orphaned') };
};

describe('unpublishing: an article that leaves the source leaves dist/ in the same run', () => {
  it('deleted and renamed articles: bundles removed in every target, summary and --json say so; namespace and foreign files stay; the check errors until the locale files go', async () => {
    const ws = createWorkspace(
      { 'source/a.md': ARTICLE_A, 'source/b.md': ARTICLE_B, 'source/news/c.md': ARTICLE_B, 'locales/id/common.yaml': COMMON },
      { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' }, ms: { provider: 'identity' } } },
    );
    await ws.translate();
    for (const lng of ['en', 'ms']) for (const file of ['a.md', 'a.yaml', 'b.md', 'b.yaml', 'news/c.md', 'common.yaml']) expect(ws.exists(`dist/${lng}/${file}`)).toBe(true);
    ws.write('dist/en/about.md', '---\ntitle: About us\n---\n\nWritten by hand.\n'); // not the pipeline's

    // b is taken down; news/c is renamed to news/d.
    rm(ws, 'source/b.md');
    fs.renameSync(path.join(ws.dir, 'source/news/c.md'), path.join(ws.dir, 'source/news/d.md'));
    const run = ws.cli('translate', ['--json']);
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as RunSummary;
    expect(summary.unpublished).toEqual(['b', 'news/c']);
    expect(run.stderr).toContain('2 articles unpublished (no longer in the source): b, news/c');
    for (const lng of ['en', 'ms']) {
      for (const file of ['b.md', 'b.yaml', 'news/c.md', 'news/c.yaml']) expect(ws.exists(`dist/${lng}/${file}`), `dist/${lng}/${file}`).toBe(false);
      for (const file of ['a.md', 'a.yaml', 'news/d.md', 'news/d.yaml', 'common.yaml']) expect(ws.exists(`dist/${lng}/${file}`), `dist/${lng}/${file}`).toBe(true);
    }
    expect(ws.exists('dist/en/about.md')).toBe(true);

    // The check: every locale file left behind by b and news/c is an error naming the fix.
    const before = orphaned(ws);
    expect(before.ok).toBe(false);
    const files = ['locales/en/b.yaml', 'locales/en/b.state.yaml', 'locales/ms/b.yaml', 'locales/ms/b.state.yaml', 'locales/id/b.yaml'];
    const cFiles = ['locales/en/news/c.yaml', 'locales/en/news/c.state.yaml', 'locales/ms/news/c.yaml', 'locales/ms/news/c.state.yaml', 'locales/id/news/c.yaml'];
    expect(before.problems.map((p) => p.file).sort()).toEqual([...files, ...cFiles].sort());
    for (const problem of before.problems) expect(problem.severity).toBe('error');
    const onB = before.problems.find((p) => p.file === 'locales/id/b.yaml')!;
    expect(onB.message).toContain(`git rm ${['locales/id/b.yaml', 'locales/en/b.yaml', 'locales/en/b.state.yaml', 'locales/ms/b.yaml', 'locales/ms/b.state.yaml'].join(' ')}`);

    rm(ws, ...files, ...cFiles);
    expect(orphaned(ws).problems).toEqual([]);
    const again = await ws.translate();
    expect(again.unpublished).toEqual([]);
    expect(again.filesWritten).toBe(0);
  });

  it('--locale unpublishes in the selected targets only; the next full run does the rest', async () => {
    const ws = createWorkspace(
      { 'source/a.md': ARTICLE_A, 'source/b.md': ARTICLE_B, 'locales/id/common.yaml': COMMON },
      { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' }, ms: { provider: 'identity' } } },
    );
    await ws.translate();
    rm(ws, 'source/b.md');
    const enOnly = await ws.translate({ locales: ['en'] });
    expect(enOnly.unpublished).toEqual(['b']);
    expect(ws.exists('dist/en/b.md')).toBe(false);
    expect(ws.exists('dist/ms/b.md')).toBe(true);
    expect(ws.exists('dist/ms/b.yaml')).toBe(true);

    const dry = await ws.translate({ dryRun: true });
    expect(dry.unpublished).toEqual(['b']);
    expect(ws.exists('dist/ms/b.md')).toBe(true); // a dry run writes and removes nothing

    const all = await ws.translate();
    expect(all.unpublished).toEqual(['b']);
    expect(ws.exists('dist/ms/b.md')).toBe(false);
    for (const lng of ['en', 'ms']) expect(parse(ws.read(`dist/${lng}/common.yaml`))).toEqual({ share: 'Bagikan Artikel Ini' });
    expect((await ws.translate()).unpublished).toEqual([]);
  });
});

describe('requireReview: an article with text nobody reviewed is a draft', () => {
  it('machine text → draft: true (front matter bytes kept, newsroom drafts kept); approve all → live; a rerun writes nothing', async () => {
    const ws = createWorkspace(
      {
        'source/a.md': ARTICLE_A,
        'source/n.md': '---\ntitle: Rencana Liputan\ndraft: true\n---\n\nBelum terbit.\n',
        'source/f.md': '---\ntitle: Berita Pagi\ndraft: false\n---\n\nSudah terbit.\n',
      },
      { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity', requireReview: true } } },
    );
    const run = ws.cli('translate', ['--json']);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as RunSummary).locales.en.drafts).toBe(3);
    expect(run.stderr).toMatch(/en \(identity\): .*3 articles held back as draft by the review policy/);

    const a = ws.read('dist/en/a.md');
    // The article's own front matter stays byte for byte; the publication fields follow it.
    expect(a.startsWith(`${FRONT.slice(0, -4)}lang: en\ntranslationKey: a\nsourcePath: source/a.md\ntranslationStatus: machine\ndraft: true\n---\n`)).toBe(true);
    // Identity output is publishable machine text: the resource bundle carries it as before.
    expect(parse(ws.read('dist/en/a.yaml'))).toMatchObject({ title: 'Harga Beras' });
    // The newsroom's own draft: kept, not doubled.
    expect(draftLines(ws.read('dist/en/n.md'))).toEqual(['draft: true']);
    expect(ws.read('dist/en/n.md').startsWith('---\ntitle: Rencana Liputan\ndraft: true\n')).toBe(true);
    // draft: false in the article gives way to the policy.
    expect(draftLines(ws.read('dist/en/f.md'))).toEqual(['draft: true']);

    const second = await ws.translate();
    expect(second.filesWritten).toBe(0);
    expect(second.locales.en.drafts).toBe(3);

    for (const id of ['a', 'n', 'f']) expect(ws.cli('review', ['approve', 'en', id]).status).toBe(0);
    const approved = await ws.translate();
    expect(approved.locales.en.drafts).toBe(0);
    expect(frontMatter(ws.read('dist/en/a.md')).data).toMatchObject({ translationStatus: 'reviewed' });
    expect(draftLines(ws.read('dist/en/a.md'))).toEqual([]);
    expect(ws.read('dist/en/a.md').startsWith(`${FRONT.slice(0, -4)}lang: en\n`)).toBe(true);
    expect(draftLines(ws.read('dist/en/n.md'))).toEqual(['draft: true']); // the newsroom's draft stays
    expect(ws.read('dist/en/f.md').startsWith('---\ntitle: Berita Pagi\ndraft: false\nlang: en\n')).toBe(true);
    expect(draftLines(ws.read('dist/en/f.md'))).toEqual(['draft: false']);
    const quiet = await ws.translate();
    expect(quiet.filesWritten).toBe(0);
    expect(quiet.locales.en.drafts).toBe(0);
  });

  it('a missing translation (the provider failed) keeps the article a draft where review is required, not elsewhere', async () => {
    // Translates everything but the title, which stays missing.
    const failing: ProviderFactory = () => ({
      name: 'identity',
      publishable: true,
      fingerprint: () => 'identity-but-title',
      async translate(job, onResults) {
        onResults(job.segments.filter((s) => s.text !== 'Harga Beras').map((s) => ({ id: s.id, text: s.text })));
        return { requests: 1, billedCharacters: 0 };
      },
    });
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity', requireReview: true }, ms: { provider: 'identity' } } });
    const summary = await ws.translate({ providers: { identity: failing } });
    expect(summary.locales.en).toMatchObject({ missing: 1, drafts: 1 });
    expect(summary.locales.ms).toMatchObject({ missing: 1, drafts: 0 });
    expect(frontMatter(ws.read('dist/en/a.md')).data).toMatchObject({ translationStatus: 'partial', draft: true });
    expect(frontMatter(ws.read('dist/ms/a.md')).data.draft).toBeUndefined();
  });
});

describe('stale text is never published as current', () => {
  const EDITED = ARTICLE_A.replace('Pedagang mengeluh sejak pagi.', 'Pedagang mengeluh sejak subuh.');

  it('a reviewed sentence whose source changed → draft in a target without requireReview; resolving it → live; publishStale: true → live', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE_A }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' }, ms: { provider: 'identity', publishStale: true } } });
    await ws.translate();
    for (const lng of ['en', 'ms']) expect(ws.cli('review', ['approve', lng, 'a']).status).toBe(0);
    const reviewed = await ws.translate();
    expect(reviewed.locales.en.drafts).toBe(0);
    for (const lng of ['en', 'ms']) expect(draftLines(ws.read(`dist/${lng}/a.md`))).toEqual([]);

    ws.write('source/a.md', EDITED);
    const stale = await ws.translate();
    expect(stale.locales.en).toMatchObject({ stale: 1, drafts: 1 });
    expect(stale.locales.ms).toMatchObject({ stale: 1, drafts: 0 });
    expect(Object.values(parse(ws.read('locales/en/a.state.yaml')) as Record<string, { status: string }>).map((s) => s.status)).toContain('stale');
    expect(frontMatter(ws.read('dist/en/a.md')).data.draft).toBe(true);
    expect(draftLines(ws.read('dist/ms/a.md'))).toEqual([]); // publishStale: true
    const rerun = await ws.translate();
    expect(rerun.filesWritten).toBe(0);
    expect(rerun.locales.en.drafts).toBe(1);

    // The reviewer resolves it (approves the text as it is): the draft goes.
    expect(ws.cli('review', ['approve', 'en', 'a']).status).toBe(0);
    const resolved = await ws.translate();
    expect(resolved.locales.en).toMatchObject({ stale: 0, drafts: 0 });
    expect(draftLines(ws.read('dist/en/a.md'))).toEqual([]);
    expect((await ws.translate()).filesWritten).toBe(0);
  });
});
