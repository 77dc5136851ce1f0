import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseDocument, DomUtils } from 'htmlparser2';
import { parse } from 'yaml';
import { escapeUTF8 } from 'entities';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';

const article = (...paragraphs: string[]) => `---\ntitle: Harga Beras\n---\n\n${paragraphs.join('\n\n')}\n`;
const S1 = 'Harga beras naik tajam di Jakarta.';
const S2 = 'Pedagang mengeluh sejak pagi.';
const S3 = 'Warga <b>berharap</b> harga "segera" stabil & aman.';

const git = (ws: Workspace, ...args: string[]) => {
  const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: ws.dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
};

async function workspace(): Promise<Workspace> {
  const ws = createWorkspace({ 'source/a.md': article(`${S1} ${S2}`, S3), 'source/b.md': article('Berita kedua hari ini.') }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'pseudo' }, fr: { provider: 'pseudo' } } });
  await ws.translate();
  return ws;
}

/** Table rows of the report as text cells: [key, source, translation, status]. */
function tableRows(html: string): string[][] {
  const doc = parseDocument(html);
  return DomUtils.getElementsByTagName('tr', doc)
    .map((tr) => DomUtils.getElementsByTagName('td', tr).map((td) => DomUtils.textContent(td)))
    .filter((cells) => cells.length > 0);
}

describe('npm run review -- report', () => {
  it('writes one self-contained page: source beside translation per row, status, everything escaped', async () => {
    const ws = await workspace();
    const result = ws.cli('review', ['report', '--out', 'out/report.html']);
    expect(result.stderr).toMatch(/written to out\/report\.html/);
    expect(result.status).toBe(0);
    const html = ws.read('out/report.html');
    // No external resource, no script.
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    const doc = parseDocument(html);
    expect(DomUtils.getElementsByTagName('table', doc)).toHaveLength(4); // a, b × en, fr
    const rows = tableRows(html);
    for (const locale of ['en', 'fr']) {
      const values = parse(ws.read(`locales/${locale}/a.yaml`)) as Record<string, string>;
      const ids = parse(ws.read('locales/id/a.yaml')) as Record<string, string>;
      for (const [key, value] of Object.entries(values)) {
        // Source and translation in the same row, as text (markup shown, not interpreted).
        expect(rows).toContainEqual([key, ids[key], value, 'machine']);
        expect(html).toContain(escapeUTF8(value));
      }
    }
    expect(html).toContain(escapeUTF8(S3));
    expect(html).not.toContain('<b>berharap</b>');
  });

  it('--locale limits the targets; stale rows show the word diff; --since HEAD shows only what changed', async () => {
    const ws = await workspace();
    git(ws, 'init', '-q');
    git(ws, 'add', 'source', 'locales', 'translate.config.yaml');
    git(ws, 'commit', '-q', '-m', 'first');
    const ids = parse(ws.read('locales/id/a.yaml')) as Record<string, string>;
    const keyOf = (sentence: string) => Object.entries(ids).find(([, v]) => v === sentence)?.[0] as string;
    // A reviewer edits S1's translation in en; S2's source changes after being approved (stale).
    expect(ws.cli('review', ['approve', 'en', 'a', keyOf(S2)]).status).toBe(0);
    const en = ws.read('locales/en/a.yaml');
    ws.write('locales/en/a.yaml', en.replace(new RegExp(`^${keyOf(S1)}:.*$`, 'm'), `${keyOf(S1)}: Rice prices <rose> sharply.`));
    ws.write('source/a.md', article(`${S1} Pedagang mengeluh sejak subuh.`, S3));
    await ws.translate();

    const result = ws.cli('review', ['report', '--out', 'since.html', '--since', 'HEAD', '--locale', 'en']);
    expect(result.status, result.stderr).toBe(0);
    const html = ws.read('since.html');
    const rows = tableRows(html);
    expect(rows.map((r) => r[0]).sort()).toEqual([keyOf(S1), keyOf(S2)].sort());
    expect(rows.find((r) => r[0] === keyOf(S1))).toEqual([keyOf(S1), S1, 'Rice prices <rose> sharply.', 'reviewed']);
    expect(html).toContain('Rice prices &lt;rose&gt; sharply.');
    const stale = rows.find((r) => r[0] === keyOf(S2))!;
    expect(stale[3]).toBe('stale');
    expect(html).toMatch(/<del>pagi<\/del><ins>subuh<\/ins>/);
    expect(html).not.toContain('→ fr');

    // Everything committed: nothing changed since HEAD.
    git(ws, 'add', 'source', 'locales');
    git(ws, 'commit', '-q', '-m', 'second');
    expect(ws.cli('review', ['report', '--out', 'none.html', '--since', 'HEAD']).status).toBe(0);
    expect(tableRows(ws.read('none.html'))).toEqual([]);
    expect(ws.read('none.html')).toContain('No source or translation changed since HEAD');
    // Since the first commit: the same two rows in en.
    expect(tableRows((ws.cli('review', ['report', '--out', 'first.html', '--since', 'HEAD~1', '--locale', 'en']), ws.read('first.html'))).map((r) => r[0]).sort()).toEqual([keyOf(S1), keyOf(S2)].sort());
  });

  it('a bad ref, a missing --out or an unknown locale exits 2 with the reason', async () => {
    const ws = await workspace();
    git(ws, 'init', '-q');
    const bad = ws.cli('review', ['report', '--out', 'r.html', '--since', 'no-such-ref']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--since no-such-ref/);
    expect(ws.exists('r.html')).toBe(false);
    const option = ws.cli('review', ['report', '--out', 'r.html', '--since', '--output=/tmp/x']);
    expect(option.status).toBe(2);
    expect(ws.cli('review', ['report']).stderr).toMatch(/needs --out/);
    const locale = ws.cli('review', ['report', '--out', 'r.html', '--locale', 'xx']);
    expect(locale.status).toBe(2);
    expect(locale.stderr).toMatch(/not a target/);
    expect(ws.cli('review', ['--help']).stdout).toMatch(/report --out FILE\.html/);
  });
});
