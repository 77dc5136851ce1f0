import path from 'node:path';
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { parse } from 'yaml';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { runCheck } from '../pipeline/check/run-check.ts';
import { checkResource, type SourceResource, type TargetResource } from '../pipeline/check/check-resource.ts';
import type { TargetContext } from '../pipeline/check/unit.ts';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { expectedPluralCategories, isSingleCountCategory, parsePluralKey, pluralFormKey, requiredPluralCategories } from '../pipeline/locale/plural-keys.ts';

const ARTICLE = '---\ntitle: Cuaca Hari Ini\n---\n\nHujan turun sejak pagi.\n';
const COMMON = 'peringkat_ordinal_other: "ke-{{count}}"\nreadingTime_other: "{{count}} menit baca"\nshare: Bagikan Artikel Ini\n';

/** dist/<lng>/common.yaml of a workspace, loaded by i18next as the site would. */
async function siteStrings(read: (file: string) => string, lng: string) {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { [lng]: { common: parse(read(`dist/${lng}/common.yaml`)) } }, lng, ns: ['common'], defaultNS: 'common', fallbackLng: false, keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false } });
  return i18n;
}

describe('plural keys: one definition for translate and check', () => {
  it('reads ordinal and cardinal keys, and names their forms', () => {
    expect(parsePluralKey('peringkat_ordinal_two')).toEqual({ base: 'peringkat', ordinal: true, category: 'two' });
    expect(parsePluralKey('readingTime_other')).toEqual({ base: 'readingTime', ordinal: false, category: 'other' });
    expect(parsePluralKey('share')).toBeUndefined();
    expect(pluralFormKey('peringkat', true, 'few')).toBe('peringkat_ordinal_few');
    expect(requiredPluralCategories('en', true)).toEqual(['one', 'two', 'few', 'other']);
    expect(requiredPluralCategories('ru', false)).toEqual(['one', 'few', 'many', 'other']);
    // A source's cardinal _zero is kept; ordinals have no i18next zero key.
    expect(expectedPluralCategories('en', false, ['zero', 'other'])).toEqual(['zero', 'one', 'other']);
    expect(expectedPluralCategories('en', true, ['zero', 'other'])).toEqual(['one', 'two', 'few', 'other']);
  });

  it('lets only a form that stands for one count leave {{count}} out', () => {
    expect(isSingleCountCategory('en', false, 'one')).toBe(true);
    expect(isSingleCountCategory('en', false, 'zero')).toBe(true);
    expect(isSingleCountCategory('ru', false, 'one')).toBe(false); // 1, 21, 31…
    expect(isSingleCountCategory('en', true, 'one')).toBe(false); // 1st, 21st…
  });
});

describe('issue 12 item 10 ordinal plurals', () => {
  it('translate expands an ordinal with the ordinal forms; i18next finds them; check accepts translate\'s own output', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE, 'locales/id/common.yaml': COMMON }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' }, cy: { provider: 'identity' } } });
    expect((await ws.translate()).errors).toEqual([]);
    expect(Object.keys(parse(ws.read('locales/en/common.yaml')))).toEqual([
      'peringkat_ordinal_one', 'peringkat_ordinal_two', 'peringkat_ordinal_few', 'peringkat_ordinal_other',
      'readingTime_one', 'readingTime_other', 'share',
    ]);
    // Welsh: six ordinal forms; the pipeline asks Intl, it has no table of its own.
    expect(Object.keys(parse(ws.read('locales/cy/common.yaml'))).filter((k) => k.startsWith('peringkat'))).toEqual(
      ['zero', 'one', 'two', 'few', 'many', 'other'].map((c) => `peringkat_ordinal_${c}`),
    );
    const en = await siteStrings(ws.read, 'en');
    expect(en.t('peringkat', { count: 2, ordinal: true })).toBe('ke-2'); // was the key "peringkat"
    expect(en.t('peringkat', { count: 3, ordinal: true })).toBe('ke-3');

    const config = loadConfig(path.join(ws.dir, 'translate.config.yaml'));
    const structural = () => runCheck(config, {}, { split: segmentSentences }).problems.filter((p) => p.file.endsWith('common.yaml') && ['plural-forms', 'missing', 'orphaned'].includes(p.rule));
    expect(structural()).toEqual([]);

    // A reviewer writes the English forms; translate keeps them and the site shows real ordinals.
    const reviewed = ws.read('locales/en/common.yaml')
      .replace(/^peringkat_ordinal_one: .*$/m, 'peringkat_ordinal_one: "{{count}}st"')
      .replace(/^peringkat_ordinal_two: .*$/m, 'peringkat_ordinal_two: "{{count}}nd"')
      .replace(/^peringkat_ordinal_few: .*$/m, 'peringkat_ordinal_few: "{{count}}rd"')
      .replace(/^peringkat_ordinal_other: .*$/m, 'peringkat_ordinal_other: "{{count}}th"');
    ws.write('locales/en/common.yaml', reviewed);
    expect((await ws.translate()).errors).toEqual([]);
    expect(ws.read('locales/en/common.yaml')).toContain('peringkat_ordinal_two: "{{count}}nd"');
    const site = await siteStrings(ws.read, 'en');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map((count) => site.t('peringkat', { count, ordinal: true }))).toEqual(
      ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st'],
    );
    expect(site.t('readingTime', { count: 1 })).toBe('1 menit baca');
    expect(structural()).toEqual([]);
  });

  describe('check', () => {
    const source: SourceResource = {
      kind: 'namespace',
      file: 'locales/id/common.yaml',
      entries: new Map([['peringkat_ordinal_other', 'ke-{{count}}']]),
      lines: new Map([['peringkat_ordinal_other', 1]]),
    };
    const target = (entries: Record<string, string>): TargetResource => ({
      file: 'locales/en/common.yaml',
      exists: true,
      entries: new Map(Object.entries(entries)),
      lines: new Map(Object.keys(entries).map((k, i) => [k, i + 1])),
    });
    const context: TargetContext = { locale: 'en', sourceLocale: 'id', requireReview: false, pseudoTarget: false, glossary: {}, doNotTranslate: [] };
    const rules = (entries: Record<string, string>) => checkResource(source, target(entries), context).map((d) => [d.rule, d.key]);

    it('names the ordinal forms cardinal expansion left out, with the counts each stands for', () => {
      const found = checkResource(source, target({ peringkat_ordinal_one: '{{count}}st', peringkat_ordinal_other: '{{count}}th' }), context);
      expect(found.map((d) => [d.rule, d.key])).toEqual([['plural-forms', 'peringkat_ordinal_one']]);
      expect(found[0].message).toContain('lacks peringkat_ordinal_two, peringkat_ordinal_few');
      expect(found[0].message).toContain('two (2, 22, 32)');
    });

    it('reports cardinal-named keys for an ordinal source as orphaned, and asks for the ordinal forms', () => {
      const found = checkResource(source, target({ peringkat_one: '{{count}}st', peringkat_other: '{{count}}th' }), context);
      expect(found.map((d) => [d.rule, d.key])).toEqual([['missing', 'peringkat_ordinal_other'], ['orphaned', 'peringkat_one'], ['orphaned', 'peringkat_other']]);
      expect(found[0].message).toContain('"peringkat_ordinal_one", "peringkat_ordinal_two", "peringkat_ordinal_few", "peringkat_ordinal_other"');
    });

    it('requires {{count}} in the ordinal "one" form (1st, 21st…)', () => {
      const all = { peringkat_ordinal_one: 'first', peringkat_ordinal_two: '{{count}}nd', peringkat_ordinal_few: '{{count}}rd', peringkat_ordinal_other: '{{count}}th' };
      expect(rules(all)).toEqual([['placeholders', 'peringkat_ordinal_one']]);
    });
  });
});
