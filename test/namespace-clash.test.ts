/** An article whose id is the hand-written `common` namespace's must not overwrite it. */
import { describe, expect, it } from 'vitest';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';

const CONFIG = { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } };
const article = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n${body}\n`;

describe('an article named like the common namespace', () => {
  it('is not translated over the hand-written namespace; translate and check say why (common-article-clash)', async () => {
    const common = 'share: "Bagikan Artikel Ini"\n';
    const ws = createWorkspace({ 'source/common.md': article('Umum', 'Harga beras naik.'), 'source/a.md': article('A', 'Hujan turun.'), 'locales/id/common.yaml': common }, CONFIG);
    const run = await ws.translate();
    expect(run.errors).toEqual([expect.objectContaining({ file: 'source/common.md', code: 'same-article-id' })]);
    expect(ws.read('locales/id/common.yaml')).toBe(common);
    expect(ws.read('locales/en/common.yaml')).toContain('share: Bagikan Artikel Ini');
    expect(ws.exists('dist/en/a.md')).toBe(true);
    const check = JSON.parse(ws.cli('check', ['--json']).stdout);
    expect(check.problems).toContainEqual(expect.objectContaining({ file: 'source/common.md', rule: 'invalid-file' }));
  });

  it('is an article like any other when there is no such namespace', async () => {
    const ws = createWorkspace({ 'source/common.md': article('Umum', 'Harga beras naik.') }, CONFIG);
    expect((await ws.translate()).errors).toEqual([]);
    expect(ws.read('locales/id/common.yaml')).toMatch(/^# Source segments of source\/common\.md/);
    expect((await ws.translate()).errors).toEqual([]); // its own record is not a namespace
  });
});
