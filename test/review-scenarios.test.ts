import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';
import { startDeepLEmulator, DEFAULT_EMULATOR_KEY, type DeepLEmulator } from './deepl-emulator/index.ts';
import { FAST } from './deepl-emulator/test-harness.ts';

const P1 = 'Harga beras naik tajam di Jakarta. Pedagang mengeluh sejak pagi.';
const P2 = 'Pemerintah berjanji menurunkan harga. Operasi pasar digelar pekan depan.';
const P3 = 'Warga berharap harga segera stabil.';
const article = (...paragraphs: string[]) => `---\ntitle: Harga Beras\n---\n\n${paragraphs.join('\n\n')}\n`;

let emulator: DeepLEmulator;
beforeAll(async () => {
  emulator = await startDeepLEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

/** A workspace translating into English with DeepL through the emulator. */
function deeplWorkspace(files: Record<string, string>): Workspace & { run(): ReturnType<Workspace['translate']> } {
  const ws = createWorkspace(files, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl', ...FAST } } });
  const env = { DEEPL_AUTH_KEY: DEFAULT_EMULATOR_KEY, DEEPL_SERVER_URL: emulator.url };
  return Object.assign(ws, { run: () => ws.translate({ env }) });
}

const entries = (ws: Workspace, file = 'locales/en/a.yaml'): Record<string, string> => parse(ws.read(file));
const states = (ws: Workspace, file = 'locales/en/a.state.yaml'): Record<string, { status: string; origin: string; source: string; written: string }> => parse(ws.read(file));
const keyOf = (ws: Workspace, sentence: string) => Object.entries(parse(ws.read('locales/id/a.yaml')) as Record<string, string>).find(([, v]) => v === sentence)?.[0] as string;
const sent = (ws: Workspace) => ws.calls.flatMap((c) => c.texts);

describe('stable identity and incremental translation', () => {
  it('inserting, deleting and reordering paragraphs keeps every untouched key, translation and state', async () => {
    const ws = deeplWorkspace({ 'source/a.md': article(P1, P2, P3) });
    await ws.run();
    const before = { values: entries(ws), states: states(ws) };

    ws.write('source/a.md', article(P3, 'Paragraf baru muncul. Isinya dua kalimat.', P1, P2));
    const inserted = await ws.run();
    expect(inserted.locales.en).toMatchObject({ translated: 2, reused: 6 });
    const after = { values: entries(ws), states: states(ws) };
    for (const key of Object.keys(before.values)) {
      expect(after.values[key]).toBe(before.values[key]);
      expect(after.states[key]).toEqual(before.states[key]);
    }

    ws.write('source/a.md', article(P2, P1));
    const reordered = await ws.run();
    expect(reordered.locales.en).toMatchObject({ translated: 0, billedCharacters: 0, requests: 0 });
    const kept = Object.keys(entries(ws));
    for (const key of kept) expect(entries(ws)[key]).toBe(before.values[key]);
    expect(kept).toHaveLength(5); // title and the four sentences of P1 and P2
  });

  it('a one-sentence edit sends that sentence only and bills its length; the key stays', async () => {
    const ws = deeplWorkspace({ 'source/a.md': article(P1, P2) });
    await ws.run();
    const key = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    const billedBefore = emulator.billedCharacters;
    const edited = 'Pedagang mengeluh sejak subuh.';
    ws.write('source/a.md', article(P1.replace('Pedagang mengeluh sejak pagi.', edited), P2));
    ws.calls.length = 0;
    const summary = await ws.run();
    expect(summary.locales.en).toMatchObject({ translated: 1, billedCharacters: [...edited].length, reused: 4 });
    expect(emulator.billedCharacters - billedBefore).toBe([...edited].length);
    expect(sent(ws)).toEqual([edited]);
    expect(keyOf(ws, edited)).toBe(key);
  });

  it('the same sentence twice in an article gets two entries and one provider call', async () => {
    const ws = createWorkspace({ 'source/a.md': article('Harga naik. Warga resah.', 'Harga naik.') });
    await ws.translate();
    const ids = parse(ws.read('locales/id/a.yaml')) as Record<string, string>;
    const twins = Object.entries(ids).filter(([, v]) => v === 'Harga naik.').map(([k]) => k);
    expect(twins).toHaveLength(2);
    expect(twins[1]).toBe(`${twins[0]}-2`);
    expect(sent(ws).filter((t) => t === 'Harga naik.')).toHaveLength(1);
    const values = entries(ws);
    expect(values[twins[0]]).toBe(values[twins[1]]);
  });

  it('state survives a fresh clone: without the memory nothing is re-sent and statuses stay', async () => {
    const ws = deeplWorkspace({ 'source/a.md': article(P1, P2) });
    await ws.run();
    const key = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: Traders have complained since morning.`));
    await ws.run();
    const fresh = createWorkspace({}, { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl', ...FAST } } });
    for (const dir of ['source', 'locales']) fs.cpSync(path.join(ws.dir, dir), path.join(fresh.dir, dir), { recursive: true });
    const summary = await fresh.translate({ env: { DEEPL_AUTH_KEY: DEFAULT_EMULATOR_KEY, DEEPL_SERVER_URL: emulator.url } });
    expect(fresh.calls).toEqual([]);
    expect(summary.locales.en).toMatchObject({ translated: 0, reused: 5, missing: 0 });
    expect(states(fresh)[key]).toMatchObject({ status: 'reviewed', origin: 'human' });
  });
});

describe('reviewers own their edits', () => {
  it('a human edit becomes reviewed, is never overwritten and never sent to a provider', async () => {
    const ws = createWorkspace({ 'source/a.md': article(P1) });
    await ws.translate();
    const key = keyOf(ws, 'Harga beras naik tajam di Jakarta.');
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: Rice prices soar in Jakarta.`));
    await ws.translate();
    expect(states(ws)[key]).toMatchObject({ status: 'reviewed', origin: 'human' });
    // Even with the memory cleared and a different provider, the human text stays.
    ws.calls.length = 0;
    await ws.translate({ provider: 'identity' });
    expect(entries(ws)[key]).toBe('Rice prices soar in Jakarta.');
    expect(sent(ws)).not.toContain('Harga beras naik tajam di Jakarta.');
  });

  it('approve marks machine text reviewed; reject sends it back to the provider, skipping the memory', async () => {
    const ws = createWorkspace({ 'source/a.md': article(P1) });
    await ws.translate();
    const [k1, k2] = [keyOf(ws, 'Harga beras naik tajam di Jakarta.'), keyOf(ws, 'Pedagang mengeluh sejak pagi.')];
    const approve = ws.cli('review', ['approve', 'en', 'a', k1]);
    expect(approve.stderr).toContain('1 entry approved in locales/en/a.yaml');
    expect(approve.status).toBe(0);
    expect(states(ws)[k1]).toMatchObject({ status: 'reviewed', origin: 'pseudo' });
    expect(states(ws)[k2]).toMatchObject({ status: 'machine' });

    expect(ws.cli('review', ['reject', 'en', 'a', k2]).status).toBe(0);
    expect(states(ws)[k2]).toMatchObject({ status: 'rejected' });
    ws.calls.length = 0;
    const summary = await ws.translate();
    expect(sent(ws)).toEqual(['Pedagang mengeluh sejak pagi.']);
    expect(summary.locales.en.translated).toBe(1);
    expect(states(ws)[k2]).toMatchObject({ status: 'machine' });

    const bad = ws.cli('review', ['approve', 'en', 'a', 's-nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('has no entry "s-nope"');
    expect(ws.cli('review', ['approve', 'fr', 'a']).status).toBe(2);
  });

  it('a reviewed sentence whose source changes turns stale, keeps the human text and shows the old source and a fresh suggestion', async () => {
    const ws = deeplWorkspace({ 'source/a.md': article(P1) });
    await ws.run();
    const key = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: Traders have complained since the morning.`));
    await ws.run();
    ws.write('source/a.md', article(P1.replace('sejak pagi', 'sejak kemarin')));
    const summary = await ws.run();
    expect(summary.locales.en).toMatchObject({ stale: 1, translated: 1 });
    expect(entries(ws)[key]).toBe('Traders have complained since the morning.');
    expect(states(ws)[key].status).toBe('stale');
    const text = ws.read('locales/en/a.yaml');
    expect(text).toContain(`# id: Pedagang mengeluh sejak kemarin.\n# was: Pedagang mengeluh sejak pagi.\n# suggestion (deepl): `);
    // A rerun changes nothing and still counts it.
    const again = await ws.run();
    expect(again.locales.en).toMatchObject({ stale: 1, translated: 0 });
    expect(ws.read('locales/en/a.yaml')).toBe(text);
    // Approving resolves it and removes the stale notes.
    expect(ws.cli('review', ['approve', 'en', 'a', key]).status).toBe(0);
    expect(states(ws)[key].status).toBe('reviewed');
    expect(ws.read('locales/en/a.yaml')).not.toContain('# was:');
    expect((await ws.run()).locales.en.stale).toBe(0);
  });

  it('a new sentence close to a reviewed one gets it as a fuzzy suggestion with its similarity, also on a fresh clone', async () => {
    const ws = createWorkspace({ 'source/a.md': article('Presiden Rusia Vladimir Putin tiba di Pyongyang pada Rabu malam bersama rombongan.') });
    await ws.translate();
    const key = keyOf(ws, 'Presiden Rusia Vladimir Putin tiba di Pyongyang pada Rabu malam bersama rombongan.');
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: Russian President Vladimir Putin arrived in Pyongyang on Wednesday night with his delegation.`));
    await ws.translate();
    // On a fresh clone (no memory yet), the committed reviewed text is remembered again.
    const fresh = createWorkspace();
    for (const dir of ['source', 'locales']) fs.cpSync(path.join(ws.dir, dir), path.join(fresh.dir, dir), { recursive: true });
    await fresh.translate();
    fresh.write('source/b.md', article('Presiden Rusia Vladimir Putin tiba di Pyongyang pada Kamis malam bersama rombongan.'));
    await fresh.translate();
    expect(fresh.read('locales/en/b.yaml')).toMatch(/# fuzzy 9\d%: Presiden Rusia Vladimir Putin tiba di Pyongyang pada Rabu malam bersama rombongan\. → Russian President Vladimir Putin arrived in Pyongyang on Wednesday night with his delegation\./);
  });

  it('orphans leave the locale file; restoring the sentence restores its reviewed text without a provider call', async () => {
    const ws = createWorkspace({ 'source/a.md': article(P1, P3) });
    await ws.translate();
    const key = keyOf(ws, P3);
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: Residents hope prices will settle soon.`));
    await ws.translate();
    ws.write('source/a.md', article(P1));
    await ws.translate();
    expect(entries(ws)[key]).toBeUndefined();
    expect(states(ws)[key]).toBeUndefined();
    ws.calls.length = 0;
    ws.write('source/a.md', article(P1, P3));
    const summary = await ws.translate();
    expect(ws.calls).toEqual([]);
    expect(summary.locales.en.translated).toBe(0);
    expect(Object.values(entries(ws))).toContain('Residents hope prices will settle soon.');
    expect(Object.values(states(ws)).filter((s) => s.status === 'reviewed')).toHaveLength(1);
  });

  it('keeps reviewers’ comments, key order, quoting and block scalars across rewrites; a no-op run writes nothing', async () => {
    const ws = createWorkspace({ 'source/a.md': article(P1, P2) });
    await ws.translate();
    const [k1, k2] = [keyOf(ws, 'Harga beras naik tajam di Jakarta.'), keyOf(ws, 'Pedagang mengeluh sejak pagi.')];
    let text = ws.read('locales/en/a.yaml');
    text = text.replace(new RegExp(`^${k1}: .*$`, 'm'), `# reviewer: check the district name\n${k1}: 'Rice prices soar in Jakarta.'`);
    text = text.replace(new RegExp(`^${k2}: .*$`, 'm'), `${k2}: |-\n  Traders have complained\n  since the morning.`);
    ws.write('locales/en/a.yaml', text);
    await ws.translate();
    // A source edit elsewhere forces a rewrite of the file.
    ws.write('source/a.md', article(P1, P2.replace('pekan depan', 'bulan depan')));
    await ws.translate();
    const rewritten = ws.read('locales/en/a.yaml');
    expect(rewritten).toContain(`# reviewer: check the district name\n${k1}: 'Rice prices soar in Jakarta.'\n`);
    expect(rewritten).toContain(`${k2}: |-\n  Traders have complained\n  since the morning.\n`);
    expect(rewritten.indexOf(k1)).toBeLessThan(rewritten.indexOf(k2));
    const mtime = fs.statSync(path.join(ws.dir, 'locales/en/a.yaml')).mtimeMs;
    const noop = await ws.translate();
    expect(noop.filesWritten).toBe(0);
    expect(fs.statSync(path.join(ws.dir, 'locales/en/a.yaml')).mtimeMs).toBe(mtime);
  });

  it.each([
    ['a YAML syntax error', (k: string) => `${k}: "unterminated\n`, 'YAML syntax error'],
    ['a duplicate key', (k: string) => `${k}: One\n${k}: Two\n`, 'duplicate key'],
    ['a non-string value', (k: string) => `${k}: 2023\n`, 'must be a string'],
  ])('reviewer mistake, %s: file and line reported, file untouched, other articles processed, exit 1', async (_, broken, message) => {
    const ws = createWorkspace({ 'source/a.md': article(P1), 'source/b.md': article(P3) });
    await ws.translate();
    const key = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    const text = `title: Rice\n${broken(key)}`;
    ws.write('locales/en/a.yaml', text);
    ws.write('source/b.md', article(P3, 'Kalimat baru.'));
    const summary = await ws.translate();
    expect(summary.exitCode).toBe(1);
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]).toMatchObject({ file: 'locales/en/a.yaml', code: 'invalid-locale-file', line: expect.any(Number) });
    expect(summary.errors[0].message).toContain(message);
    expect(summary.errors[0].line).toBeGreaterThanOrEqual(2);
    expect(ws.read('locales/en/a.yaml')).toBe(text);
    expect(ws.read('locales/en/b.yaml')).toContain('Kalimat baru.');
  });
});
