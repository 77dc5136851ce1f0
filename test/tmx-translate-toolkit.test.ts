/**
 * TMX against an independent implementation, Translate Toolkit (Debian `translate-toolkit`, run by
 * Debian's /usr/bin/python3, where the package installs its module):
 * - a TMX written by its `po2tmx` imports;
 * - `translate.storage.tmx` reads our export (same source and target text as our record, inline
 *   codes read as the markdown they hold), changes targets as a CAT tool would, saves; our import
 *   loads the result.
 * Skipped with a message where the toolkit is absent (`.ci/install-translate-toolkit.sh`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteMemory } from '../pipeline/store/sqlite-memory.ts';
import { prefixing } from './helpers/prefixing-provider.ts';
import { ARTICLE, keyOf, TWO_TARGETS } from './helpers/tmx-fixtures.ts';
import { createWorkspace, type Workspace } from './helpers/workspace.ts';

const PYTHON = '/usr/bin/python3';
const PO2TMX = '/usr/bin/po2tmx';
const probe = fs.existsSync(PYTHON) ? spawnSync(PYTHON, ['-c', 'import translate.storage.tmx'], { encoding: 'utf8' }) : undefined;
const hasToolkit = probe?.status === 0 && fs.existsSync(PO2TMX);
if (!hasToolkit) {
  console.warn(`tmx-translate-toolkit: skipped: Translate Toolkit is not installed (${PYTHON} cannot import translate.storage.tmx, or ${PO2TMX} is missing); install it with: apt-get install translate-toolkit (or bash .ci/install-translate-toolkit.sh)`);
}

const human = (source: string, targetLocale = 'en') => ({ provider: 'human', fingerprint: '', sourceLocale: 'id', targetLocale, source });

const workspaces: Workspace[] = [];
afterEach(async () => {
  for (const ws of workspaces.splice(0)) {
    await ws.memory.close();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

function python(script: string, args: string[], cwd: string): string {
  const result = spawnSync(PYTHON, ['-c', script, ...args], { cwd, encoding: 'utf8', env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } });
  if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** Reads a TMX with translate.storage.tmx: every unit's variants as {lang: text}; then edits and saves. */
const READ_EDIT_SAVE = `
import json, sys
from translate.storage import tmx
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
store = tmx.tmxfile.parsefile(sys.argv[1])
units = []
for unit in store.units:
    variants = {}
    for node in unit.getlanguageNodes():
        variants[node.get(XML_LANG)] = unit.getNodeText(node)
    units.append(variants)
print(json.dumps(units))
for unit in store.units:
    if unit.source == 'Pedagang mengeluh.':
        # A translator's correction of a reviewed variant (its x-status prop stays as it was).
        unit.settarget('Traders are complaining.', lang='en')
    if unit.source == 'Harga Beras Naik':
        # A machine variant corrected and confirmed: the tool marks it reviewed.
        unit.settarget('Rice Prices Climb', lang='en')
        for node in unit.getlanguageNodes():
            if node.get(XML_LANG) == 'en':
                for prop in node.iter('{*}prop', 'prop'):
                    if prop.get('type') == 'x-status':
                        prop.text = 'reviewed'
store.savefile(sys.argv[2])
`;

describe.skipIf(!hasToolkit)('TMX with Translate Toolkit', () => {
  it('imports a TMX written by po2tmx (its header says srclang="en"; our source locale decides)', async () => {
    const ws = createWorkspace({}, TWO_TARGETS);
    workspaces.push(ws);
    ws.write(
      'po/en.po',
      [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: en\\n"',
        '',
        'msgid "Harga beras naik."',
        'msgstr "Rice prices rise."',
        '',
        'msgid "Pedagang & pembeli <b>mengeluh</b>."',
        'msgstr "Traders & buyers <b>complain</b>."',
        '',
        'msgid "Belum diterjemahkan."',
        'msgstr ""',
        '',
      ].join('\n'),
    );
    const converted = spawnSync(PO2TMX, ['--progress=none', '-l', 'en', '--source-language=id', 'po/en.po', 'po.tmx'], { cwd: ws.dir, encoding: 'utf8' });
    expect(converted.status, converted.stderr).toBe(0);
    const result = ws.cli('tm', ['import', 'po.tmx', '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ units: 2, added: 2, locales: { en: 2, de: 0 } });
    const memory = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    try {
      expect(await memory.getMany([human('Harga beras naik.'), human('Pedagang & pembeli <b>mengeluh</b>.')])).toEqual(['Rice prices rise.', 'Traders & buyers <b>complain</b>.']);
    } finally {
      await memory.close();
    }
  });

  it('translate.storage.tmx reads our export as our record, edits targets, saves; our import loads them', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, TWO_TARGETS);
    workspaces.push(ws);
    await ws.translate({ providers: { deepl: prefixing } });
    expect(ws.cli('review', ['approve', 'en', 'a', keyOf(ws, 'en', 'MS Pedagang')]).status).toBe(0);
    expect(ws.cli('tm', ['export', '--out', 'ours.tmx']).status).toBe(0);

    const units = JSON.parse(python(READ_EDIT_SAVE, ['ours.tmx', 'edited.tmx'], ws.dir)) as Array<Record<string, string>>;
    // The toolkit reads every variant as the markdown our record holds (codes' content in place).
    const link = 'Baca laporan di [situs kami](https://jfid.id/beras) dan <br> lihat grafik.';
    expect(units).toContainEqual({ id: link, en: `MS ${link}`, de: `MS ${link}` });
    expect(units).toContainEqual({ id: 'Pedagang mengeluh.', en: 'MS Pedagang mengeluh.', de: 'MS Pedagang mengeluh.' });
    expect(units).toHaveLength(4);

    // The memory holds the approved text: the correction replaces it only with --overwrite (else `kept`).
    expect(JSON.parse(ws.cli('tm', ['import', 'edited.tmx', '--json', '--dry-run']).stdout)).toMatchObject({ added: 1, updated: 0, kept: 1 });
    const result = ws.cli('tm', ['import', 'edited.tmx', '--json', '--overwrite']);
    expect(result.status, result.stderr).toBe(0);
    // Imported: the corrected reviewed variant and the confirmed one; machine variants left out.
    expect(JSON.parse(result.stdout)).toMatchObject({ units: 4, added: 1, updated: 1, locales: { en: 2, de: 0 }, skipped: { machine: 6 } });
    const memory = openSqliteMemory(path.join(ws.dir, '.cache/memory.sqlite'));
    try {
      expect(await memory.getMany([human('Pedagang mengeluh.'), human('Harga Beras Naik'), human(link)])).toEqual(['Traders are complaining.', 'Rice Prices Climb', undefined]);
    } finally {
      await memory.close();
    }
  }, 30_000);
});
