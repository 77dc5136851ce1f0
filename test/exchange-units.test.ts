/**
 * `exchangeArticles`: the workspace as the XLIFF and TMX exports see it, read from the record
 * (locale and state files) after a real translate run and a reviewer's edit.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { exchangeArticles } from '../pipeline/exchange/exchange-units.ts';
import { taggedToMarkdown } from '../pipeline/markdown/splice.ts';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';

const ARTICLE = '---\ntitle: Harga beras naik\n---\n\nHarga beras **naik** tajam. Lihat [data BPS](https://bps.go.id/beras).\n\nPedagang mengeluh.\n';

describe('exchangeArticles', () => {
  it('gives every segment with its status, tagged target and neighbours', async () => {
    const ws = createWorkspace({ 'source/ekonomi/beras.md': ARTICLE, 'source/broken.md': Buffer.from([0xff, 0xfe, 0x00]) }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } });
    await ws.translate();
    const file = ws.read('locales/en/ekonomi/beras.yaml');
    const key = /^(s-[0-9a-f]+): Pedagang mengeluh\.$/m.exec(file)?.[1] as string;
    ws.write('locales/en/ekonomi/beras.yaml', file.replace(`${key}: Pedagang mengeluh.`, `${key}: Traders complain.`));
    const warnings: string[] = [];
    const articles = exchangeArticles(loadConfig(path.join(ws.dir, 'translate.config.yaml')), 'en', (m) => warnings.push(m));
    expect(articles.map((a) => [a.id, a.file, a.title])).toEqual([['ekonomi/beras', 'source/ekonomi/beras.md', 'Harga beras naik']]);
    expect(warnings.join('\n')).toContain('broken.md');
    const units = articles[0].units;
    expect(units.map((u) => u.segment.source)).toEqual(['Harga beras naik', 'Harga beras **naik** tajam.', 'Lihat [data BPS](https://bps.go.id/beras).', 'Pedagang mengeluh.']);
    expect(units.map((u) => u.row.status)).toEqual(['machine', 'machine', 'machine', 'reviewed']);
    expect(units[1].targetTagged).toBe('Harga beras <g1>naik</g1> tajam.');
    for (const unit of units) expect(taggedToMarkdown(unit.segment, unit.targetTagged as string)).toBe(unit.row.value);
    expect([units[2].previous, units[2].next]).toEqual(['Harga beras **naik** tajam.', 'Pedagang mengeluh.']);
    expect(units[0].previous).toBeUndefined();
    expect(units[3].next).toBeUndefined();
  });
});
