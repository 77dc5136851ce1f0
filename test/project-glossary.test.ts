/**
 * The project glossary (`glossary:` CSV) used everywhere: DeepL (emulator) receives its terms,
 * check warns with the glossary's file and line, a bad glossary is a config error (exit 2) in every
 * command, and an edit of the glossary invalidates the run manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeepLProvider } from '../pipeline/providers/deepl.ts';
import type { GlossaryTerm } from '../pipeline/provider.ts';
import { FAST, runJob, startHarness, type Harness } from './deepl-emulator/test-harness.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';

describe('DeepL receives the project glossary', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const env = () => ({ DEEPL_AUTH_KEY: h.key, DEEPL_SERVER_URL: h.emulator.url });
  const make = (options: Record<string, unknown>, glossary?: GlossaryTerm[]) => createDeepLProvider({ options: { ...FAST, ...options }, env: env(), cacheDir: h.cacheDir, ...(glossary ? { glossary } : {}) });
  const project: GlossaryTerm[] = [
    { source: 'pasar', target: 'marketplace', doNotTranslate: false },
    { source: 'jfid', doNotTranslate: true },
  ];

  it('its renderings join the target\'s own glossary (the project wins), its dnt terms travel as atoms in any case', async () => {
    const out = await runJob(make({ glossary: { pasar: 'market', beras: 'rice' } }, project), [{ id: 'a', text: 'JFID: harga beras di pasar naik.' }]);
    expect(out.error).toBeUndefined();
    const [id] = [...h.emulator.glossaries.glossaries.keys()];
    expect(Object.fromEntries(h.emulator.glossaries.get(id)!.dictionaries[0].entries)).toEqual({ beras: 'rice', pasar: 'marketplace' });
    expect(h.emulator.translateRequests()[0].texts[0]).toBe('<x1/>: harga beras di pasar naik.');
    expect(out.results.get('a')).toContain('JFID');
    expect(out.results.get('a')).toContain('marketplace');
  });

  it('the fingerprint changes with the project glossary, and is unchanged without one', () => {
    const pair = { sourceLocale: 'id', targetLocale: 'en' };
    const own = { glossary: { beras: 'rice' }, doNotTranslate: ['KPK'] };
    const base = make(own).fingerprint(pair);
    expect(make(own, []).fingerprint(pair)).toBe(base);
    const withTerms = make(own, project).fingerprint(pair);
    expect(withTerms).not.toBe(base);
    expect(make(own, [project[0]]).fingerprint(pair)).not.toBe(withTerms); // dnt terms count
    expect(make(own, [{ ...project[0], target: 'bazaar' }, project[1]]).fingerprint(pair)).not.toBe(withTerms); // renderings count
  });
});

const ARTICLE = '---\ntitle: Berita\n---\n\njfid – Presiden Korea Utara tiba di Bank Indonesia.\n';
const GLOSSARY = 'id,en,note\njfid,,dnt\nKorea Utara,North Korea,\nBank Indonesia,Bank Indonesia,central bank\n';

describe('check and the project glossary', () => {
  const workspace = () => createWorkspace({ 'source/berita.md': ARTICLE, 'glossary.csv': GLOSSARY }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } }, glossary: 'glossary.csv' });

  it('a term whose rendering is missing, and a dnt term not kept: warnings at the translation\'s line, naming glossary.csv:line', async () => {
    const ws = workspace();
    await ws.translate();
    const file = 'locales/en/berita.yaml';
    const text = ws.read(file);
    const key = /^(s-[0-9a-f]+):/m.exec(text)![1];
    ws.write(file, text.replace(new RegExp(`^${key}:.*$`, 'm'), `${key}: The president of North Korea arrived at Bank Indonesia.`));
    const line = ws.read(file).split('\n').findIndex((l) => l.startsWith(`${key}:`)) + 1;
    const result = ws.cli('check', ['--json']);
    const report = JSON.parse(result.stdout) as { problems: Array<{ rule: string; severity: string; file: string; line: number; key: string; message: string }> };
    const glossary = report.problems.filter((p) => p.rule === 'glossary' || p.rule === 'do-not-translate');
    expect(glossary).toEqual([expect.objectContaining({ rule: 'do-not-translate', severity: 'warning', file, line, key })]);
    expect(glossary[0].message).toContain('glossary.csv:2');

    ws.write(file, ws.read(file).replace('North Korea', 'Korea Utara').replace('The president', 'jfid – The president'));
    const again = JSON.parse(ws.cli('check', ['--json']).stdout) as typeof report;
    const found = again.problems.filter((p) => p.rule === 'glossary' || p.rule === 'do-not-translate');
    expect(found).toEqual([expect.objectContaining({ rule: 'glossary', severity: 'warning', file, line, key })]);
    expect(found[0].message).toBe('glossary: the source says "Korea Utara", which the project glossary (glossary.csv:3) renders in en as "North Korea"; use "North Korea", or change the glossary row.');
  }, 60_000);

  it('a target\'s own glossary that contradicts the project glossary: one warning naming both places', () => {
    const ws = createWorkspace({ 'source/berita.md': ARTICLE, 'glossary.csv': GLOSSARY }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl', glossary: { 'Korea Utara': 'N. Korea' } } }, glossary: 'glossary.csv' });
    const result = ws.cli('check');
    expect(result.stderr.match(/the project glossary wins/g)).toHaveLength(1);
    expect(result.stderr).toContain('targets.en.glossary renders "Korea Utara" as "N. Korea", but the project glossary (glossary.csv:3) renders it "North Korea"');
  }, 60_000);
});

describe('a bad glossary is a config error in every command', () => {
  it.each(['translate', 'check', 'review'])('%s exits 2 naming glossary.csv:line and the fix', (command) => {
    const ws = createWorkspace({ 'source/berita.md': ARTICLE, 'glossary.csv': 'id,en,note\nKorea Utara,North Korea,\nkorea utara,N. Korea,\n' }, { ...DEFAULT_CONFIG, glossary: 'glossary.csv' });
    const result = ws.cli(command, command === 'review' ? ['approve', 'en', 'berita'] : []);
    expect(result.status).toBe(2);
    expect(result.stderr + result.stdout).toContain('glossary: glossary.csv:3: duplicate id "korea utara" (first on line 2');
  }, 60_000);

  it('a missing file', () => {
    const ws = createWorkspace({ 'source/berita.md': ARTICLE }, { ...DEFAULT_CONFIG, glossary: 'glossary.csv' });
    const result = ws.cli('check');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('glossary: glossary.csv: cannot read the glossary file (ENOENT)');
  }, 60_000);

  it('a Latin-1 (non-UTF-8) glossary file: exit 2 naming the first bad byte, no term read as U+FFFD', () => {
    const latin1 = Buffer.from('id,en,note\nAndrés Sánchez Braun,Andrés Sánchez Braun,\n', 'latin1');
    const ws = createWorkspace({ 'source/berita.md': ARTICLE, 'glossary.csv': latin1 }, { ...DEFAULT_CONFIG, glossary: 'glossary.csv' });
    const result = ws.cli('check');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('glossary: glossary.csv: not UTF-8 (byte 16); save it as UTF-8'); // é: "id,en,note\nAndr" is 15 bytes
  }, 60_000);
});

describe('the run manifest and the glossary', () => {
  it('an edit of the glossary makes the next run reconsider every article', async () => {
    const ws = createWorkspace({ 'source/berita.md': ARTICLE, 'glossary.csv': GLOSSARY }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } }, glossary: 'glossary.csv' });
    await ws.translate();
    const manifest = path.join(ws.dir, '.cache/run-manifest.json');
    const signature = () => (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { signature: string }).signature;
    const before = signature();
    await ws.translate();
    expect(signature()).toBe(before);
    ws.write('glossary.csv', GLOSSARY.replace('North Korea', 'DPRK'));
    await ws.translate();
    expect(signature()).not.toBe(before);
  });
});
