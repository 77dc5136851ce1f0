/**
 * The record after an XLIFF import (issue 16): a reviewer's edit made after the export is never
 * overwritten by the agency's file, and an agency's unreviewed text never turns reviewed on its own.
 * Regression tests named after what the first breaker found.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';
import { loadConfig, type Config } from '../pipeline/config/load-config.ts';
import { exportXliff, type XliffVersion } from '../pipeline/exchange/xliff-export.ts';
import { importXliff } from '../pipeline/exchange/xliff-import.ts';
import { parseState } from '../pipeline/locale/segment-state.ts';
import { applyReview } from '../pipeline/review/apply-review.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';

const ARTICLE = 'Harga beras naik tajam.\n\nPedagang mengeluh sejak pagi.\n';
const configOf = (ws: Workspace): Config => loadConfig(path.join(ws.dir, 'translate.config.yaml'));
const keyOf = (ws: Workspace, text: string): string => new RegExp(`^(s-[0-9a-f]+): ${text.replace('.', '\\.')}$`, 'm').exec(ws.read('locales/en/berita.yaml'))?.[1] as string;
const stateOf = (ws: Workspace, key: string) => parseState(ws.read('locales/en/berita.state.yaml')).get(key);

async function exported(version: XliffVersion): Promise<{ ws: Workspace; xml: string; file: string }> {
  const ws = createWorkspace({ 'source/berita.md': ARTICLE }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } });
  await ws.translate();
  const { xml } = exportXliff(configOf(ws), { locale: 'en', version, only: ['new', 'stale', 'machine', 'reviewed'] });
  return { ws, xml, file: path.join(ws.dir, 'work.xlf') };
}

/** The agency's edit: the target text of the unit for `source` replaced (its state left as exported: not signed off). */
function translated(xml: string, source: string, translation: string): string {
  const at = xml.indexOf(`>${source}</source>`);
  const start = xml.indexOf('<target', at);
  const open = xml.indexOf('>', start) + 1;
  const end = xml.indexOf('</target>', open);
  return xml.slice(0, open) + translation + xml.slice(end);
}

describe.each(['2.1', '1.2'] as const)('XLIFF %s import and the record', (version) => {
  it('a reviewer edit after the export is not overwritten by the import (conflict reported, other units applied)', async () => {
    const { ws, xml, file } = await exported(version);
    const rice = keyOf(ws, 'Harga beras naik tajam.');
    ws.write('locales/en/berita.yaml', ws.read('locales/en/berita.yaml').replace(`${rice}: Harga beras naik tajam.`, `${rice}: Rice prices soared.`));
    await ws.translate(); // the hand edit is now a reviewed entry
    fs.writeFileSync(file, translated(translated(xml, 'Harga beras naik tajam.', 'Rice prices went up.'), 'Pedagang mengeluh sejak pagi.', 'Traders complained all morning.'));
    const report = await importXliff(configOf(ws), file, { memory: ws.memory });
    expect(report.problems.map((p) => [p.key, p.message.slice(0, 48)])).toEqual([[rice, 'a reviewer changed this entry in locales/en/beri']]);
    expect(report.applied.map((a) => a.key)).toEqual([keyOf(ws, 'Traders complained all morning.')]);
    expect(ws.read('locales/en/berita.yaml')).toContain(`${rice}: Rice prices soared.`);
    expect(stateOf(ws, rice)?.status).toBe('reviewed');
  });

  it('an unreviewed imported translation stays unreviewed when its source is edited and reverted', async () => {
    const { ws, xml, file } = await exported(version);
    fs.writeFileSync(file, translated(xml, 'Pedagang mengeluh sejak pagi.', 'Traders complained all morning.'));
    const report = await importXliff(configOf(ws), file, { memory: ws.memory });
    const key = keyOf(ws, 'Traders complained all morning.');
    expect(report.applied).toMatchObject([{ key, status: 'unknown' }]);
    expect(stateOf(ws, key)).toMatchObject({ origin: 'xliff', status: 'unknown' });
    ws.write('source/berita.md', ARTICLE.replace('sejak pagi', 'sejak subuh'));
    await ws.translate();
    expect(stateOf(ws, key)?.status).toBe('stale');
    ws.write('source/berita.md', ARTICLE);
    await ws.translate();
    expect(stateOf(ws, key)).toMatchObject({ origin: 'xliff', status: 'unknown' });
    // Approving it makes the reviewer its author, as for text of unknown origin.
    applyReview(configOf(ws), 'approve', 'en', 'berita', [key], segmentSentences);
    expect(stateOf(ws, key)).toMatchObject({ origin: 'human', status: 'reviewed' });
  });
});

it('check names an unreviewed XLIFF import as such, not as a lost record', async () => {
  const { ws, xml, file } = await exported('2.1');
  fs.writeFileSync(file, translated(xml, 'Pedagang mengeluh sejak pagi.', 'Traders complained all morning.'));
  await importXliff(configOf(ws), file, { memory: ws.memory });
  const run = ws.cli('check', ['--json']);
  const problems = (JSON.parse(run.stdout) as { problems: Array<{ rule: string; key: string; message: string }> }).problems;
  const key = keyOf(ws, 'Traders complained all morning.');
  expect(problems.find((p) => p.key === key && p.rule === 'unreviewed')?.message).toMatch(/^translated outside \(an XLIFF import/);
});
