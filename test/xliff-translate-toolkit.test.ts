/**
 * An independent CAT library edits our XLIFF 1.2 (issue 16, "Done when"): Debian's Translate
 * Toolkit (`translate.storage.xliff`, run by /usr/bin/python3) reads our export, fills every
 * target from its rich source (placeholders kept; the first two codes of a unit swapped, as a
 * translator reorders phrases; half the units approved), saves; `npm run xliff -- import` applies
 * it. Skipped, with a message, where the toolkit is not installed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { loadArticle } from '../pipeline/run/load-article.ts';
import { isRunError } from '../pipeline/run/article.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { tokenize, type TaggedToken } from '../pipeline/tagged-text.ts';
import { taggedToMarkdown } from '../pipeline/markdown/splice.ts';
import { exportXliff } from '../pipeline/exchange/xliff-export.ts';
import type { ImportReport } from '../pipeline/exchange/xliff-import.ts';

const INSTALL = 'apt-get install translate-toolkit';
/** Debian's Python, where Debian's translate-toolkit lives (a pyenv `python3` on PATH lacks it). */
const PYTHON = '/usr/bin/python3';
const HAS_TOOLKIT = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import translate.storage.xliff'], { timeout: 30_000 }).status === 0;
if (!HAS_TOOLKIT) console.warn(`[xliff] Translate Toolkit tests skipped (no ${PYTHON} with translate.storage.xliff). Enable them with: ${INSTALL}`);

/** Fill each translatable unit: "EN: " + its rich source + " (en)", the first two codes swapped; even units approved. */
const FILL = `
import copy, sys
from translate.storage import xliff
from translate.storage.placeables import StringElem
path = sys.argv[1]
store = xliff.xlifffile.parsefile(path)
n = 0
for unit in store.getunits():
    if unit.isheader() or not unit.istranslatable():
        continue
    rich = [copy.deepcopy(e) for e in unit.rich_source]
    top = rich[0].sub
    codes = [i for i, e in enumerate(top) if not isinstance(e, str) and type(e) is not StringElem]
    if len(codes) >= 2:
        a, b = codes[0], codes[1]
        top[a], top[b] = top[b], top[a]
    top.insert(0, 'EN: ')
    rich[-1].sub.append(' (en)')
    unit.rich_target = rich
    if n % 2 == 0:
        unit.markapproved(True)
    n += 1
store.savefile(path)
print(n)
`;

const ARTICLES = {
  'source/harga.md': `---
title: Harga Beras
---

Harga **beras** naik tajam di [Jakarta](https://example.com/jkt). Pedagang mengeluh sejak pagi & \`npm\` malam.

Pemerintah berjanji menurunkan harga.
`,
  'source/banjir.md': `# Banjir di *Bekasi*

Warga mengungsi ke [masjid](https://example.com/m) dan **sekolah** terdekat.
`,
};

/** Top-level spans (text run, atom, or a pair with its content) with the first two code spans swapped. */
function swapFirstCodes(tagged: string): TaggedToken[] {
  const tokens = tokenize(tagged);
  const spans: TaggedToken[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'open') {
      spans.push([tokens[i]]);
      continue;
    }
    let depth = 0;
    let j = i;
    for (; j < tokens.length; j++) {
      if (tokens[j].type === 'open') depth++;
      if (tokens[j].type === 'close' && --depth === 0) break;
    }
    spans.push(tokens.slice(i, j + 1));
    i = j;
  }
  const codes = spans.map((s, i) => (s[0].type === 'text' ? -1 : i)).filter((i) => i >= 0);
  if (codes.length >= 2) [spans[codes[0]], spans[codes[1]]] = [spans[codes[1]], spans[codes[0]]];
  return spans.flat();
}

const render = (tokens: TaggedToken[]) => tokens.map((t) => (t.type === 'text' ? t.value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : t.type === 'atom' ? `<${t.id}/>` : t.type === 'open' ? `<${t.id}>` : `</${t.id}>`)).join('');

describe.skipIf(!HAS_TOOLKIT)('Translate Toolkit fills our XLIFF 1.2; npm run xliff -- import applies it', () => {
  it('every target lands in the locale files, codes where the toolkit put them; approved units reviewed, the rest unreviewed human text', async () => {
    const ws = createWorkspace(ARTICLES, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } });
    await ws.translate();
    const config = loadConfig(path.join(ws.dir, 'translate.config.yaml'));
    const exported = exportXliff(config, { locale: 'en', version: '1.2' });
    const file = path.join(ws.dir, 'agency.xlf');
    fs.writeFileSync(file, exported.xml);

    const filled = spawnSync(PYTHON, ['-c', FILL, file], { encoding: 'utf8', timeout: 60_000 });
    expect(filled.stderr).toBe('');
    expect(filled.status).toBe(0);
    expect(Number(filled.stdout.trim())).toBe(exported.units);

    const result = ws.cli('xliff', ['import', 'agency.xlf', '--json']);
    expect(result.stderr).toContain('saved');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as ImportReport;
    expect(report.problems).toEqual([]);
    expect(report.stale).toEqual([]);
    expect(report.applied).toHaveLength(exported.units);

    // Expected values: the same fill computed on our side, in markdown; statuses by the approval.
    let n = 0;
    let swapped = 0;
    for (const source of Object.keys(ARTICLES).sort((a, b) => a.localeCompare(b))) {
      const loaded = loadArticle(config, source, segmentSentences);
      if (isRunError(loaded)) throw new Error(loaded.message);
      const values = parse(ws.read(`locales/en/${loaded.id}.yaml`)) as Record<string, string>;
      const states = parse(ws.read(`locales/en/${loaded.id}.state.yaml`)) as Record<string, { origin: string; status: string }>;
      loaded.keys.forEach((key, i) => {
        const segment = loaded.segments[i];
        const tagged = `EN: ${render(swapFirstCodes(segment.tagged))} (en)`;
        if (render(swapFirstCodes(segment.tagged)) !== segment.tagged) swapped++;
        expect(values[key], `${source} ${key}`).toBe(taggedToMarkdown(segment, tagged));
        expect(states[key], `${source} ${key}`).toMatchObject(n % 2 === 0 ? { origin: 'human', status: 'reviewed' } : { origin: 'xliff', status: 'unknown' });
        n++;
      });
    }
    expect(n).toBe(exported.units);
    expect(swapped).toBeGreaterThanOrEqual(2);
    // The toolkit's file imported again changes nothing.
    const before = ws.read('locales/en/harga.yaml') + ws.read('locales/en/harga.state.yaml');
    const again = ws.cli('xliff', ['import', 'agency.xlf', '--json']);
    expect(again.status).toBe(0);
    expect((JSON.parse(again.stdout) as ImportReport).applied).toEqual([]);
    expect(ws.read('locales/en/harga.yaml') + ws.read('locales/en/harga.state.yaml')).toBe(before);
  }, 60_000);
});
