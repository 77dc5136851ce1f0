/** Regression tests for the reviewers' record (issue 11), one per bug, as a user meets it. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { prefixing } from './helpers/prefixing-provider.ts';
import { createInMemoryMemory } from '../pipeline/store/in-memory-store.ts';

const ARTICLE = '---\ntitle: "Banjir"\n---\n\nKalimat satu tentang banjir.\n\nKalimat tiga tentang hujan.\n\nKalimat empat tentang sungai.\n';
const IDENTITY = { ...DEFAULT_CONFIG, targets: { ms: { provider: 'identity' } } };
/** A reviewer swaps two value lines of locales/ms/a.yaml, leaving the comments above them where they are. */
function swapValueLines(ws: ReturnType<typeof createWorkspace>, a: string, b: string) {
  const lines = ws.read('locales/ms/a.yaml').split('\n');
  const at = (key: string) => lines.findIndex((l) => l.startsWith(`${key}:`));
  const [i, j] = [at(a), at(b)];
  [lines[i], lines[j]] = [lines[j], lines[i]];
  ws.write('locales/ms/a.yaml', lines.join('\n'));
}

/** A workspace where a reviewer's text ("Ayat tiga…") stands on a sentence edited since: stale. */
async function staleReviewedEntry() {
  const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
  await ws.translate();
  const values = parse(ws.read('locales/ms/a.yaml')) as Record<string, string>;
  const key = Object.keys(values).find((k) => values[k] === 'Kalimat tiga tentang hujan.') as string;
  ws.write('locales/ms/a.yaml', ws.read('locales/ms/a.yaml').replace(`${key}: Kalimat tiga tentang hujan.`, `${key}: Ayat tiga tentang hujan.`));
  await ws.translate();
  ws.write('source/a.md', ARTICLE.replace('Kalimat tiga tentang hujan.', 'Kalimat tiga tentang hujan deras.'));
  await ws.translate();
  return { ws, key };
}

const states = (ws: ReturnType<typeof createWorkspace>, file = 'locales/ms/a.state.yaml'): Record<string, { status: string; origin: string }> => parse(ws.read(file));

describe('a deleted state file does not promote machine text to reviewed', () => {
  it('restores machine from the memory, keeps a reviewer text reviewed, and marks the rest unknown on a fresh clone', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    await ws.translate();
    const values = parse(ws.read('locales/ms/a.yaml')) as Record<string, string>;
    const edited = Object.keys(values).find((k) => values[k] === 'Kalimat tiga tentang hujan.') as string;
    ws.write('locales/ms/a.yaml', ws.read('locales/ms/a.yaml').replace(`${edited}: Kalimat tiga tentang hujan.`, `${edited}: Ayat ketiga tentang hujan.`));
    await ws.translate();
    expect(states(ws)[edited]).toMatchObject({ status: 'reviewed', origin: 'human' });

    // Same machine (memory kept): the evidence restores every status.
    fs.rmSync(path.join(ws.dir, 'locales/ms/a.state.yaml'));
    await ws.translate();
    for (const [key, state] of Object.entries(states(ws))) expect(state.status, key).toBe(key === edited ? 'reviewed' : 'machine');

    // Fresh clone (no memory): no evidence, so nothing is taken as reviewed.
    fs.rmSync(path.join(ws.dir, 'locales/ms/a.state.yaml'));
    fs.rmSync(path.join(ws.dir, '.cache'), { recursive: true, force: true });
    const fresh = createWorkspace({}, IDENTITY);
    fs.cpSync(ws.dir, fresh.dir, { recursive: true });
    Object.assign(fresh, { memory: createInMemoryMemory() });
    const summary = await fresh.translate();
    expect(summary.errors).toEqual([]);
    expect(Object.values(states(fresh)).map((s) => s.status)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(fresh.read('locales/ms/a.yaml')).toContain('# origin unknown:');
    expect(parse(fresh.read('locales/ms/a.yaml'))[edited]).toBe('Ayat ketiga tentang hujan.');

    // The check reports them; approving resolves them.
    const check = fresh.cli('check', ['--json']);
    const problems = (JSON.parse(check.stdout) as { problems: Array<{ rule: string; key: string }> }).problems.filter((p) => p.rule === 'unreviewed');
    expect(problems.map((p) => p.key).sort()).toEqual(Object.keys(values).sort());
    expect(fresh.cli('review', ['approve', 'ms', 'a']).status).toBe(0);
    expect(Object.values(states(fresh)).map((s) => s.status)).toEqual(['reviewed', 'reviewed', 'reviewed', 'reviewed']);
  });

  it('the check reports values without a state record even before a translate run', () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    expect(ws.cli('translate').status).toBe(0);
    fs.rmSync(path.join(ws.dir, 'locales/ms/a.state.yaml'));
    const check = ws.cli('check', ['--json']);
    const rules = (JSON.parse(check.stdout) as { problems: Array<{ rule: string; message: string }> }).problems.filter((p) => p.rule === 'unreviewed');
    expect(rules).toHaveLength(4);
    expect(rules[0].message).toContain('state record was lost');
  });
});

describe('an emptied value is an error, never a published translation', () => {
  it('translate reports it with file and line and publishes the source sentence; check fails with rule empty', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    await ws.translate();
    const values = parse(ws.read('locales/ms/a.yaml')) as Record<string, string>;
    const key = Object.keys(values).find((k) => values[k] === 'Kalimat tiga tentang hujan.') as string;
    ws.write('locales/ms/a.yaml', ws.read('locales/ms/a.yaml').replace(`${key}: Kalimat tiga tentang hujan.`, `${key}: ""`));
    const line = ws.read('locales/ms/a.yaml').split('\n').findIndex((l) => l.startsWith(`${key}:`)) + 1;
    const summary = await ws.translate();
    expect(summary.errors).toEqual([expect.objectContaining({ file: 'locales/ms/a.yaml', line, code: 'empty-translation' })]);
    expect(summary.exitCode).toBe(1);
    expect(ws.read('dist/ms/a.md')).toContain('Kalimat tiga tentang hujan.');
    expect(parse(ws.read('dist/ms/a.yaml'))[key]).toBeUndefined();
    // Reported again on a rerun (not hidden by the run manifest), and by the check.
    expect((await ws.translate()).errors).toHaveLength(1);
    const check = ws.cli('check', ['--json']);
    expect(check.status).toBe(1);
    const problems = (JSON.parse(check.stdout) as { problems: Array<{ rule: string; line: number; key: string }> }).problems;
    expect(problems.filter((p) => p.key === key)).toEqual([expect.objectContaining({ rule: 'empty', line })]);
  });
});

describe('sources that resolve outside the source folder are refused', () => {
  it('a symlink to a file outside is refused, linked folders (outside, or looping back) are not followed; a link inside is fine', async () => {
    const outside = createWorkspace({ 'secret.md': 'Kata sandi rahasia sekali.\n', 'dir/other.md': 'Berkas lain di luar.\n' });
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    fs.symlinkSync(path.join(outside.dir, 'secret.md'), path.join(ws.dir, 'source/secret.md'));
    fs.symlinkSync(path.join(outside.dir, 'dir'), path.join(ws.dir, 'source/linked'));
    fs.symlinkSync(path.join(ws.dir, 'source/a.md'), path.join(ws.dir, 'source/alias.md'));
    fs.symlinkSync(path.join(ws.dir, 'source'), path.join(ws.dir, 'source/loop'));
    const summary = await ws.translate();
    expect(summary.errors.map((e) => [e.file, e.code])).toEqual([['source/secret.md', 'source-outside']]);
    expect(summary.articles).toBe(2); // a.md and alias.md; nothing below loop/ or linked/
    expect(summary.errors[0].message).toContain('outside the source folder source/');
    expect(ws.calls.flatMap((c) => c.texts).join(' ')).not.toMatch(/sandi|Berkas/);
    expect(ws.exists('dist/ms/secret.md')).toBe(false);
    expect(ws.exists('dist/ms/linked/other.md')).toBe(false);
    expect(ws.exists('dist/ms/alias.md')).toBe(true);
    expect(summary.exitCode).toBe(1);
  });
});

describe('locale files are block style, and absent until something is translated', () => {
  const DEEPL = { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl' } } };

  it('a keyless first run writes no {} file, and reruns write nothing', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, DEEPL);
    const first = await ws.translate();
    expect(first.locales.en.pending.segments).toBe(4);
    expect(ws.exists('locales/en/a.yaml')).toBe(false);
    expect(ws.exists('locales/en/a.state.yaml')).toBe(false);
    expect(ws.exists('locales/id/a.yaml')).toBe(true);
    for (let run = 0; run < 2; run++) expect((await ws.translate()).filesWritten).toBe(0);
  });

  it('a flow-style file left by an older run becomes block style, so a reviewer\'s comma cannot break it', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    await ws.translate();
    const values = parse(ws.read('locales/ms/a.yaml')) as Record<string, string>;
    ws.write('locales/ms/a.yaml', `{ ${Object.entries(values).map(([k, v]) => `${k}: ${v}`).join(', ')} }\n`);
    ws.write('locales/ms/a.state.yaml', ws.read('locales/ms/a.state.yaml'));
    await ws.translate();
    const text = ws.read('locales/ms/a.yaml');
    expect(text).not.toMatch(/^\{/m);
    const key = Object.keys(values)[1];
    ws.write('locales/ms/a.yaml', text.replace(`${key}: ${values[key]}`, `${key}: Satu, dua, tiga`));
    const summary = await ws.translate();
    expect(summary.errors).toEqual([]);
    expect(parse(ws.read('locales/ms/a.yaml'))[key]).toBe('Satu, dua, tiga');
  });
});

describe('control characters from scraped text never reach a YAML file raw', () => {
  const RAW = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
  const MOJIBAKE = '---\ntitle: "Banjir \u009d besar"\nauthor: "Redaksi\u009d"\n---\n\nKalimat satu \u009dtentang banjir.\n\nKalimat dua tentang \u0007 hujan.\n';

  it('translate escapes them in locale files and bundles, warns with file and line, and the values round-trip', async () => {
    const ws = createWorkspace({ 'source/a.md': MOJIBAKE }, { ...DEFAULT_CONFIG, targets: { ms: { provider: 'deepl', targetCode: 'ID' } } });
    const translate = () => ws.translate({ providers: { deepl: prefixing } });
    const summary = await translate();
    expect(summary.warnings.map((w) => [w.file, w.line, w.code])).toEqual([
      ['source/a.md', 2, 'control-characters'],
      ['source/a.md', 3, 'control-characters'],
      ['source/a.md', 6, 'control-characters'],
      ['source/a.md', 8, 'control-characters'],
    ]);
    for (const file of ['locales/id/a.yaml', 'locales/ms/a.yaml', 'locales/ms/a.state.yaml']) expect(ws.read(file), file).not.toMatch(RAW);
    expect(Object.values(parse(ws.read('locales/id/a.yaml')))).toContain('Kalimat satu \u009dtentang banjir.');
    expect(ws.read('locales/ms/a.yaml')).toContain('# id: Kalimat satu \\x9Dtentang banjir.');
    const frontMatter = ws.read('dist/ms/a.md').split('---\n')[1];
    expect(frontMatter).not.toMatch(RAW);
    expect(() => parse(frontMatter)).not.toThrow();
    expect(parse(frontMatter).title).toBe('MS Banjir \u009d besar');
    expect(ws.read('dist/ms/a.yaml')).not.toMatch(RAW);
    expect(parse(ws.read('dist/ms/a.yaml')).title).toBe('MS Banjir \u009d besar');
    const second = await translate();
    expect(second.filesWritten).toBe(0);
  });

  it('the check reports a raw one in a locale file as an error and in an article as a warning', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE.replace('satu', 'satu \u009d') }, IDENTITY);
    expect(ws.cli('translate').status).toBe(0);
    const text = ws.read('locales/ms/a.yaml');
    const key = Object.keys(parse(text) as object)[2];
    ws.write('locales/ms/a.yaml', text.replace(new RegExp(`^${key}: (.*)$`, 'm'), `${key}: "$1 \u0085"`));
    const line = ws.read('locales/ms/a.yaml').split('\n').findIndex((l) => l.startsWith(`${key}:`)) + 1;
    const check = ws.cli('check', ['--json']);
    const problems = (JSON.parse(check.stdout) as { problems: Array<{ rule: string; file: string; line: number; severity: string }> }).problems.filter((p) => p.rule === 'control-characters');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'locales/ms/a.yaml', line, severity: 'error' }),
        expect.objectContaining({ file: 'source/a.md', line: 5, severity: 'warning' }),
      ]),
    );
    expect(check.status).toBe(1);
  });
});

describe('regression: a source glob that matches nothing unpublished the whole site with exit 0', () => {
  it('is exit 2 naming the glob; dist/ keeps every bundle; check fails too', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    await ws.translate();
    ws.write('translate.config.yaml', ws.read('translate.config.yaml').replace('source: source/**/*.md', 'source: sorce/**/*.md'));
    const summary = await ws.translate();
    expect(summary.exitCode).toBe(2);
    expect(summary.unpublished).toEqual([]);
    expect(summary.errors).toEqual([expect.objectContaining({ code: 'no-sources', file: 'translate.config.yaml' })]);
    expect(summary.errors[0].message).toContain('sorce/**/*.md');
    expect(ws.exists('dist/ms/a.md')).toBe(true);
    const check = ws.cli('check', ['--json']);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('matches no article');
  });
});

describe('regression: U+2028 and U+2029 were written raw into YAML (PyYAML refuses them)', () => {
  it('are escaped in values and comments of every YAML file written', async () => {
    const ws = createWorkspace({ 'source/a.md': '---\ntitle: "Judul\u2028baru"\n---\n\nWarga\u2029mengungsi ke masjid.\n' }, IDENTITY);
    const summary = await ws.translate();
    expect(summary.warnings.map((w) => w.line)).toEqual([2, 5]);
    for (const file of ['locales/id/a.yaml', 'locales/ms/a.yaml', 'dist/ms/a.yaml']) {
      const text = ws.read(file);
      expect(text, file).not.toMatch(/[\u2028\u2029]/);
      expect(Object.values(parse(text) as object), file).toContain('Judul\u2028baru');
    }
    expect(ws.read('locales/ms/a.yaml')).toContain('# id: Judul\\u2028baru\n');
  });
});

describe('regression: # id: comments ended up above another sentence', () => {
  it('a reviewer swapping value lines or deleting a value but not its comment gets every # id: back on its own key', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    await ws.translate();
    const record = parse(ws.read('locales/id/a.yaml')) as Record<string, string>;
    const [, first, second, third] = Object.keys(record);
    swapValueLines(ws, first, second);
    ws.write('locales/ms/a.yaml', ws.read('locales/ms/a.yaml').split('\n').filter((l) => !l.startsWith(`${third}:`)).join('\n'));
    await ws.translate();
    const text = ws.read('locales/ms/a.yaml');
    for (const key of Object.keys(record)) {
      const comment = text.slice(0, text.indexOf(`\n${key}:`)).split('\n').reverse();
      expect(comment.find((l) => l.startsWith('# id:')), key).toBe(`# id: ${record[key]}`);
    }
    expect(text.match(/^# id:/gm)).toHaveLength(Object.keys(record).length);
  });
});

describe('regression: a reviewer\'s translation under a mistyped key was deleted silently', () => {
  it('is kept in place, reported by translate and check with the key it likely meant, and never published', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    await ws.translate();
    const values = parse(ws.read('locales/ms/a.yaml')) as Record<string, string>;
    const key = Object.keys(values)[2];
    const typo = `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`;
    ws.write('locales/ms/a.yaml', ws.read('locales/ms/a.yaml').replace(`${key}: ${values[key]}`, `${typo}: Teks penyemak.`));
    const summary = await ws.translate();
    expect(parse(ws.read('locales/ms/a.yaml'))[typo]).toBe('Teks penyemak.');
    expect(summary.errors).toEqual([expect.objectContaining({ code: 'unknown-key', file: 'locales/ms/a.yaml' })]);
    expect(summary.errors[0].message).toContain(`did you mean "${key}"`);
    expect(ws.read('dist/ms/a.md')).not.toContain('Teks penyemak.');
    expect((await ws.translate()).errors).toHaveLength(1);
    const check = ws.cli('check', ['--json']);
    const problems = (JSON.parse(check.stdout) as { problems: Array<{ rule: string; key: string; severity: string }> }).problems;
    expect(problems).toContainEqual(expect.objectContaining({ rule: 'unknown-key', key: typo, severity: 'error' }));
    expect(check.status).toBe(1);
  });
});

describe('regression: smaller holes in the review gate', () => {
  it('a state file with a key twice (a merge keeping both sides) is an error, not the last line winning', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    await ws.translate();
    const text = ws.read('locales/ms/a.state.yaml');
    const line = text.split('\n')[2];
    ws.write('locales/ms/a.state.yaml', `${text}${line.replace('status: machine', 'status: reviewed')}\n`);
    const summary = await ws.translate();
    expect(summary.errors).toEqual([expect.objectContaining({ file: 'locales/ms/a.state.yaml', code: 'invalid-state-file' })]);
    expect(summary.errors[0].message).toContain('duplicate key');
    // The YAML reading path (a hand-edited file) refuses duplicates too.
    ws.write('locales/ms/a.state.yaml', `# edited\n${line}\n${line}\nextra: 1\n`);
    expect((await ws.translate()).errors).toEqual([expect.objectContaining({ code: 'invalid-state-file' })]);
  });

  it('approving an emptied value is refused', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    await ws.translate();
    const values = parse(ws.read('locales/ms/a.yaml')) as Record<string, string>;
    const key = Object.keys(values)[1];
    ws.write('locales/ms/a.yaml', ws.read('locales/ms/a.yaml').replace(`${key}: ${values[key]}`, `${key}: ''`));
    const approve = ws.cli('review', ['approve', 'ms', 'a', key]);
    expect(approve.status).toBe(2);
    expect(approve.stderr).toContain('is empty');
  });

  it('a lost state file keeps a stale entry stale (its # was: note), so the article stays a draft', async () => {
    const { ws, key } = await staleReviewedEntry();
    expect(states(ws)[key].status).toBe('stale');
    expect(ws.read('dist/ms/a.md')).toMatch(/^draft: true$/m);
    fs.rmSync(path.join(ws.dir, 'locales/ms/a.state.yaml'));
    await ws.translate();
    // The human memory still holds the text for the earlier source: it was a reviewer's.
    expect(states(ws)[key]).toMatchObject({ status: 'stale', origin: 'human' });
    expect(ws.read('dist/ms/a.md')).toMatch(/^draft: true$/m);
    expect(ws.read('locales/ms/a.yaml')).toContain('# was: Kalimat tiga tentang hujan.');
  });
});

describe('regression: deleting the key record lost reviewed text of edited sentences', () => {
  it('keys come back from the targets\' # id: notes: the reviewer\'s text stays on its (stale) sentence', async () => {
    const { ws, key } = await staleReviewedEntry();
    fs.rmSync(path.join(ws.dir, 'locales/id/a.yaml'));
    await ws.translate();
    expect(parse(ws.read('locales/id/a.yaml'))[key]).toBe('Kalimat tiga tentang hujan deras.');
    expect(parse(ws.read('locales/ms/a.yaml'))[key]).toBe('Ayat tiga tentang hujan.');
    expect(states(ws)[key].status).toBe('stale');
    expect(ws.read('dist/ms/a.md')).toMatch(/^draft: true$/m);
  });
});

describe('regressions found in the second round of trying to break it', () => {
  it('a state file older than its locale file (merge taking the wrong side) does not promote machine text to reviewed', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    await ws.translate();
    expect(ws.cli('review', ['approve', 'ms', 'a']).status).toBe(0);
    ws.write('source/a.md', `${ARTICLE}\nWarga mengeluh di pasar.\n`);
    await ws.translate();
    const older = ws.read('locales/ms/a.state.yaml');
    ws.write('source/a.md', `${ARTICLE}\nWarga mengeluh di pasar ikan.\n`);
    await ws.translate();
    ws.write('locales/ms/a.state.yaml', older);
    await ws.translate();
    const key = Object.entries(parse(ws.read('locales/id/a.yaml')) as Record<string, string>).find(([, v]) => v.includes('pasar ikan'))?.[0] as string;
    expect(states(ws)[key]).toMatchObject({ status: 'machine', origin: 'identity' });
  });

  it('with the key record deleted, a reviewer\'s swapped lines are not taken as evidence of which key holds which sentence', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, IDENTITY);
    await ws.translate();
    const record = parse(ws.read('locales/id/a.yaml')) as Record<string, string>;
    const [, first, second] = Object.keys(record);
    swapValueLines(ws, first, second);
    ws.write('locales/ms/a.yaml', ws.read('locales/ms/a.yaml').replace(`${second}: ${record[second]}`, `${second}: Ayat semakan.`));
    fs.rmSync(path.join(ws.dir, 'locales/id/a.yaml'));
    await ws.translate();
    // Each sentence is still under its own key, and the bundle shows the reviewer's text for its own sentence.
    expect(parse(ws.read('locales/id/a.yaml'))).toEqual(record);
    expect(ws.read('dist/ms/a.md').indexOf('Ayat semakan.')).toBeGreaterThan(ws.read('dist/ms/a.md').indexOf(record[first]));
  });

  it('a reviewed sentence moved, then edited in a later run, keeps its key and turns stale', async () => {
    const paragraphs = ['Harga beras naik 5 persen di Jakarta.', 'Pemerintah berjanji menurunkan harga.', 'Warga mengeluh di pasar.'];
    const text = (ps: string[]) => `---\ntitle: Harga\n---\n\n${ps.join('\n\n')}\n`;
    const ws = createWorkspace({ 'source/a.md': text(paragraphs) }, IDENTITY);
    await ws.translate();
    const key = Object.entries(parse(ws.read('locales/id/a.yaml')) as Record<string, string>).find(([, v]) => v === paragraphs[0])?.[0] as string;
    ws.write('locales/ms/a.yaml', ws.read('locales/ms/a.yaml').replace(`${key}: ${paragraphs[0]}`, `${key}: Harga beras naik 5 peratus.`));
    await ws.translate();
    ws.write('source/a.md', text([paragraphs[1], paragraphs[2], paragraphs[0]]));
    await ws.translate();
    ws.write('source/a.md', text([paragraphs[1], paragraphs[2], paragraphs[0].replace('5 persen', '7 persen')]));
    await ws.translate();
    expect(parse(ws.read('locales/ms/a.yaml'))[key]).toBe('Harga beras naik 5 peratus.');
    expect(states(ws)[key].status).toBe('stale');
  });

  it('approved pseudo text is never published; a zero-width value is empty; YAML 1.1 booleans and dates are quoted', async () => {
    const ws = createWorkspace({ 'source/a.md': '---\ntitle: "No"\n---\n\n| Ya | Tidak |\n|---|---|\n| Yes | Off |\n\nKalimat satu tentang banjir.\n' }, { ...DEFAULT_CONFIG, targets: { xx: { provider: 'pseudo' }, ms: { provider: 'identity' } } });
    await ws.translate();
    expect(ws.cli('review', ['approve', 'xx', 'a']).status).toBe(0);
    await ws.translate();
    expect(ws.exists('dist/xx/a.md')).toBe(false);
    for (const file of ['locales/id/a.yaml', 'locales/ms/a.yaml', 'dist/ms/a.yaml']) {
      expect(ws.read(file), file).toMatch(/^title: "No"$/m);
      expect(ws.read(file), file).not.toMatch(/^s-\w+: (Yes|Off)$/m);
    }
    const values = parse(ws.read('locales/ms/a.yaml')) as Record<string, string>;
    const key = Object.keys(values).find((k) => values[k] === 'Kalimat satu tentang banjir.') as string;
    ws.write('locales/ms/a.yaml', ws.read('locales/ms/a.yaml').replace(`${key}: Kalimat satu tentang banjir.`, `${key}: "\\u200B"`));
    expect((await ws.translate()).errors).toEqual([expect.objectContaining({ code: 'empty-translation' })]);
  });
});

describe('regression: CRLF articles got LF publication fields (mixed line endings)', () => {
  it('the fields added to a CRLF front matter end in CRLF', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE.replace(/\n/g, '\r\n') }, IDENTITY);
    await ws.translate();
    const frontMatter = ws.read('dist/ms/a.md').split(/^---\r?$/m)[1];
    expect(frontMatter).toContain('lang: ms\r\n');
    expect(frontMatter.slice(1).replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('regressions found in the third round of trying to break it', () => {
  const REQUIRE = { ...DEFAULT_CONFIG, targets: { ms: { provider: 'identity', requireReview: true } } };

  it('an old state file on a fresh clone (no memory) does not publish the engine text as reviewed', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, REQUIRE);
    await ws.translate();
    const older = ws.read('locales/ms/a.state.yaml');
    ws.write('source/a.md', ARTICLE.replace('Banjir', 'Banjir besar').replace('satu tentang banjir', 'satu tentang banjir bandang'));
    await ws.translate();
    ws.write('locales/ms/a.state.yaml', older);
    const fresh = createWorkspace({}, REQUIRE);
    fs.cpSync(ws.dir, fresh.dir, { recursive: true });
    fs.rmSync(path.join(fresh.dir, '.cache'), { recursive: true, force: true });
    await fresh.translate();
    expect(Object.values(states(fresh)).map((s) => s.status)).not.toContain('reviewed');
    expect(fresh.read('dist/ms/a.md')).toMatch(/^draft: true$/m);
  });

  it('an old state file saying "human" does not turn the engine\'s retranslation into reviewed text', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, REQUIRE);
    await ws.translate();
    const values = parse(ws.read('locales/ms/a.yaml')) as Record<string, string>;
    const key = Object.keys(values)[1];
    ws.write('locales/ms/a.yaml', ws.read('locales/ms/a.yaml').replace(`${key}: ${values[key]}`, `${key}: Teks penyemak.`));
    await ws.translate();
    const older = ws.read('locales/ms/a.state.yaml');
    expect(ws.cli('review', ['reject', 'ms', 'a', key]).status).toBe(0);
    await ws.translate();
    expect(parse(ws.read('locales/ms/a.yaml'))[key]).toBe(values[key]);
    ws.write('locales/ms/a.state.yaml', older);
    await ws.translate();
    expect(states(ws)[key]).toMatchObject({ status: 'machine', origin: 'identity' });
  });

  it('approved pseudo text stays unpublished after its state file is lost', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, { ...DEFAULT_CONFIG, targets: { xx: { provider: 'pseudo' } } });
    await ws.translate();
    expect(ws.cli('review', ['approve', 'xx', 'a']).status).toBe(0);
    await ws.translate();
    fs.rmSync(path.join(ws.dir, 'locales/xx/a.state.yaml'));
    await ws.translate();
    expect(ws.exists('dist/xx/a.md')).toBe(false);
    expect(Object.values(states(ws, 'locales/xx/a.state.yaml')).map((s) => s.status)).not.toContain('reviewed');
  });

  it('a tab in a value is written double-quoted; values of only invisible characters are empty', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE.replace('Kalimat satu', 'Kalimat\tsatu') }, IDENTITY);
    await ws.translate();
    for (const file of ['locales/id/a.yaml', 'locales/ms/a.yaml', 'dist/ms/a.yaml']) expect(ws.read(file), file).not.toMatch(/^s-\w+: [^"].*\t/m);
    const values = parse(ws.read('locales/ms/a.yaml')) as Record<string, string>;
    const keys = Object.keys(values).slice(2, 4);
    let text = ws.read('locales/ms/a.yaml');
    text = text.replace(`${keys[0]}: ${values[keys[0]]}`, `${keys[0]}: "\\u200E\\u00AD"`).replace(`${keys[1]}: ${values[keys[1]]}`, `${keys[1]}: "\\u3164\\u2063"`);
    ws.write('locales/ms/a.yaml', text);
    const summary = await ws.translate();
    expect(summary.errors.map((e) => e.code)).toEqual(['empty-translation', 'empty-translation']);
  });
});
