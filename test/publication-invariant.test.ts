/**
 * Issue 12's publication invariant: whatever a provider returns, every published bundle is the
 * source's markdown tree with only text changed. A property test damages a provider's answers as
 * MT engines do (over the corpora) and checks every bundle and every stored value.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, parseDocument } from 'yaml';
import type { Nodes, Parent } from 'mdast';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { corpusFiles, hasShared } from './helpers/corpus.ts';
import { DAMAGES, REPAIRABLE, damagingProvider, undamaged, type Damage } from './helpers/damaging-provider.ts';
import { parseMarkdown } from '../pipeline/markdown/parse-markdown.ts';
import { compareFragmentMarkup, compareSkeletons, skeletonOf } from '../pipeline/markdown/structure.ts';
import { extractArticle } from '../pipeline/markdown/extract-article.ts';
import { segmentSentences } from '../pipeline/segmenter/index.ts';
import { taggedToMarkdown } from '../pipeline/markdown/splice.ts';

const CONFIG = { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } };
const RUNS = Number(process.env.DAMAGE_RUNS ?? 2);

/** Markup node counts by type, read straight from the parser: an independent view of "same markup". */
function markupCounts(markdown: string, dialect: 'mdx' | 'commonmark'): Record<string, number> {
  const counts: Record<string, number> = {};
  const walk = (node: Nodes) => {
    if (node.type !== 'text' && node.type !== 'yaml') counts[node.type] = (counts[node.type] ?? 0) + 1;
    if ('children' in node) for (const child of (node as Parent).children) walk(child as Nodes);
  };
  walk(parseMarkdown(markdown, dialect).tree);
  return counts;
}

function frontMatterParses(markdown: string): boolean {
  const fence = /^---\r?\n([\s\S]*?)^---[ \t]*$/m.exec(markdown);
  return !fence || parseDocument(fence[1]).errors.length === 0;
}

async function damagedRun(files: string[], seed: number) {
  const ws = createWorkspace({}, CONFIG);
  const names = files.map((file, i) => `source/${String(i).padStart(3, '0')}-${path.basename(file)}`);
  files.forEach((file, i) => ws.write(names[i], fs.readFileSync(file)));
  const applied = new Map<string, Damage>();
  // Damage chosen per sentence from the seed: about half the answers are damaged.
  const damageFor = (tagged: string) => {
    let h = seed;
    for (const c of tagged) h = (Math.imul(h, 31) + c.codePointAt(0)!) | 0;
    const pick = Math.abs(h) % (DAMAGES.length * 2);
    return pick < DAMAGES.length ? DAMAGES[pick] : undefined;
  };
  const summary = await ws.translate({ providers: { identity: damagingProvider(damageFor, applied) } });
  return { ws, names, applied, summary };
}

describe('issue 12: every published bundle keeps the source markdown tree, whatever the provider returns', () => {
  const { fixtures, shared } = corpusFiles();
  // DAMAGE_SAMPLE=all: every corpus file (slow; for the figures in a closing note).
  const sample = !hasShared ? fixtures : process.env.DAMAGE_SAMPLE === 'all' ? shared : [...fixtures, ...shared.filter((_, i) => i % 25 === 0)];

  const over = !hasShared ? 'the fixture corpus (../shared absent)' : process.env.DAMAGE_SAMPLE === 'all' ? 'all of ../shared/corpora' : 'the fixtures and a 25th of ../shared/corpora';
  it(`holds under random MT-style damage over ${over} (${RUNS} seeds)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const { ws, names, applied, summary } = await damagedRun(sample, seed);
        expect(applied.size).toBeGreaterThan(0);
        const broken = new Set(summary.errors.filter((e) => e.code === 'broken-markup' || e.code === 'structure').map((e) => `${e.file}#${e.key}`));
        for (const name of names) {
          const source = ws.read(name);
          const bundle = ws.read(name.replace(/^source\//, 'dist/en/'));
          if (bundle === '') continue;
          const { dialect } = parseMarkdown(source);
          // The invariant, through the project's skeleton and through raw node counts.
          expect(compareSkeletons(skeletonOf(source), skeletonOf(bundle, dialect)), name).toBeUndefined();
          expect(markupCounts(bundle, dialect), name).toEqual(markupCounts(source, dialect));
          expect(frontMatterParses(bundle), name).toBe(true);
          // Every damaged answer: repaired to exactly the undamaged text, or refused and reported by key.
          const article = extractArticle(source, { fields: [], split: segmentSentences });
          const localeFile = name.replace(/^source\//, 'locales/en/').replace(/\.mdx?$/, '.yaml');
          const values = (parse(ws.read(localeFile)) ?? {}) as Record<string, string>;
          const record = parse(ws.read(localeFile.replace('locales/en/', 'locales/id/'))) as Record<string, string>;
          const keyOf = new Map(Object.entries(record).map(([k, v]) => [v, k]));
          for (const segment of article.segments) {
            const kind = applied.get(segment.tagged);
            const key = keyOf.get(segment.source) as string;
            const value = values[key];
            if (value !== undefined) expect(compareFragmentMarkup(segment.source, value), `${localeFile} ${key}`).toBeUndefined();
            if (!kind) continue;
            if (REPAIRABLE.has(kind)) expect(value, `${kind} in ${localeFile} ${key}`).toBe(taggedToMarkdown(segment, undamaged(segment.tagged)));
            else {
              expect(value, `${kind} in ${localeFile} ${key}`).toBeUndefined();
              expect(broken.has(`${localeFile}#${key}`), `${kind} reported for ${localeFile} ${key}`).toBe(true);
            }
          }
        }
        // Each refused answer was asked for once more, alone, then given up on (the damage repeats);
        // one refused in an earlier chunk of the run is not asked again.
        const en = summary.locales.en;
        console.log(`seed ${seed}: ${names.length} articles, ${applied.size} answers damaged (${[...applied.values()].filter((k) => REPAIRABLE.has(k)).length} repairable), ${en.repaired} repaired, ${en.retried} retried alone, ${en.failed} rejected and reported`);
        expect(en.failed).toBeGreaterThanOrEqual(new Set([...applied].filter(([, k]) => !REPAIRABLE.has(k)).map(([t]) => t)).size);
        expect(en.retried).toBeLessThanOrEqual(en.failed);
        expect(en.retried).toBeGreaterThan(0);
        expect(en.repaired).toBeGreaterThan(0);
      }),
      { numRuns: RUNS, seed: process.env.DAMAGE_SEED ? Number(process.env.DAMAGE_SEED) : undefined },
    );
  }, 600_000);
});
