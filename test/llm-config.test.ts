/**
 * The llm provider's configuration is checked before any work, in every command: a style guide
 * that is not a readable file, and `--provider llm` over targets that lack a `model`, are exit 2
 * with the fix (found while trying to break issue 14: both were exit 3 after files were written).
 */
import { describe, expect, it } from 'vitest';
import { createWorkspace } from './helpers/workspace.ts';

const base = { sourceLocale: 'id', source: 'source/**/*.md', locales: 'locales', output: 'dist', cache: '.cache/memory.sqlite' };
const ARTICLE = { 'source/a.md': '# Judul\n\nHarga beras naik di pasar kota.\n' };

describe('llm configuration problems are found at config load', () => {
  it('a styleGuide that is missing or a folder: exit 2 in translate and check, naming the option and the file', () => {
    for (const guide of ['missing-style.md', 'source']) {
      const ws = createWorkspace(ARTICLE, { ...base, targets: { en: { provider: 'llm', model: 'm', styleGuide: guide } } });
      for (const command of ['translate', 'check']) {
        const run = ws.cli(command, []);
        expect(run.status, `${command} ${guide}: ${run.stderr}`).toBe(2);
        expect(run.stderr).toContain(`targets.en: styleGuide '${guide}'`);
      }
      expect(ws.exists('locales')).toBe(false);
    }
  });

  it('--provider llm over a DeepL target without a model: exit 2 before any work, saying where to put it', () => {
    const ws = createWorkspace(ARTICLE, { ...base, targets: { en: { provider: 'deepl', targetCode: 'EN-US' } } });
    const run = ws.cli('translate', ['--provider', 'llm'], { OPENAI_API_KEY: 'x', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--provider llm cannot serve target en: option 'model' missing");
    expect(run.stderr).toContain('give it in targets.en');
    expect(ws.exists('locales')).toBe(false);
  });
});
