import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { parseLocaleFile } from '../pipeline/locale/locale-file.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { runCheck, type CheckReport } from '../pipeline/check/run-check.ts';
import { loadLanguageDetector } from '../pipeline/check/detect-language.ts';
import { extractFigures, missingFigures } from '../pipeline/check/figures.ts';
import { RULES, UNIT_RULES } from '../pipeline/check/rules.ts';
import type { DetectLanguage } from '../pipeline/check/unit.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/check/', import.meta.url));
let detectLanguage: DetectLanguage;
beforeAll(async () => {
  detectLanguage = await loadLanguageDetector();
});

const check = (folder: string): CheckReport => runCheck(loadConfig(`${FIXTURES}${folder}/translate.config.yaml`), {}, { split: segmentSentences, detectLanguage });
const linesOf = (file: string) => parseLocaleFile(fs.readFileSync(`${FIXTURES}${file}`, 'utf8')).lines;

describe('QA fixture: one real problem and one near miss per rule', () => {
  const source = parseLocaleFile(fs.readFileSync(`${FIXTURES}qa/locales/id/qa.yaml`, 'utf8'));
  const target = linesOf('qa/locales/en/qa.yaml');
  let report: CheckReport;
  beforeAll(() => {
    report = check('qa');
  });
  const keys = [...source.entries.keys(), ...target.keys()].filter((k, i, all) => all.indexOf(k) === i);
  const cases = keys.map((key) => /^(.+)-(flag|ok)-\d+$/.exec(key)).filter((m): m is RegExpExecArray => m !== null);

  it('covers every per-translation rule and the structure rules it can', () => {
    const covered = new Set(cases.filter((m) => m[2] === 'flag').map((m) => m[1]));
    // State-based rules are covered elsewhere (check-workspace, segment-state tests).
    for (const id of Object.keys(UNIT_RULES).filter((id) => !['unreviewed', 'pseudo', 'unknown-words'].includes(id))) expect(covered, id).toContain(id);
    expect(covered).toContain('missing');
    expect(covered).toContain('orphaned');
  });

  for (const [key, rule, kind] of cases) {
    it(`${key}: ${kind === 'flag' ? `reports ${rule}` : 'no problem'}`, () => {
      const found = report.problems.filter((p) => p.key === key);
      if (kind === 'ok') {
        expect(found).toEqual([]);
        return;
      }
      // A missing key is reported where it belongs: after the previous key present.
      let line = target.get(key);
      if (rule === 'missing') {
        const order = [...source.entries.keys()];
        const before = order.slice(0, order.indexOf(key)).reverse().find((k) => target.has(k));
        line = before ? target.get(before) : 1;
      }
      expect(found.map((p) => ({ rule: p.rule, file: p.file, line: p.line, locale: p.locale }))).toContainEqual({ rule, file: 'locales/en/qa.yaml', line, locale: 'en' });
      expect(RULES[rule]).toBeDefined();
    });
  }

  it('is not ok (errors present) and every problem has the JSON fields', () => {
    expect(report.ok).toBe(false);
    for (const p of report.problems) expect(Object.keys(p).sort()).toEqual(['file', 'key', 'line', 'locale', 'message', 'rule', 'severity']);
  });
});

describe('plural-forms', () => {
  it('flags forms a language needs (ru: few, many) and forms it cannot use (de: few), not English one/other', () => {
    const report = check('plural');
    const plural = report.problems.filter((p) => p.rule === 'plural-forms');
    expect(plural.map((p) => [p.file, p.line, p.key])).toEqual([
      ['locales/de/common.yaml', 1, 'readingTime_one'],
      ['locales/ru/common.yaml', 2, 'readingTime_one'],
    ]);
    expect(plural[1].message).toContain('readingTime_few, readingTime_many');
    expect(plural[0].message).toContain('readingTime_few');
    expect(report.problems.filter((p) => p.file === 'locales/en/common.yaml')).toEqual([]);
    expect(report.problems.filter((p) => p.rule === 'orphaned' || p.rule === 'missing')).toEqual([]);
  });
});

describe('invalid-file', () => {
  it('reports a duplicate key at its line and checks nothing else in that file', () => {
    const report = check('invalid');
    expect(report.problems.map((p) => [p.rule, p.file, p.line])).toEqual([['invalid-file', 'locales/en/common.yaml', 3]]);
    expect(report.problems[0].message).toMatch(/duplicate key/);
  });
});

describe('figures are compared after locale normalisation', () => {
  const missing = (source: string, target: string, locale = 'en') => missingFigures(extractFigures(source, 'id'), extractFigures(target, locale, ['id']));
  it.each([
    ['Rp1.500.000,50', 'IDR 1,500,000.50'],
    ['3,5 persen', '3.5 percent'],
    ['Rabu (13/9/2023)', 'Wednesday, September 13, 2023'],
    ['Rabu (13/9/2023)', 'Wednesday, Sept. 13, 2023'],
    ['Selasa (27/3)', 'Tuesday (March 27)'],
    ['pukul 10.30', '10:30'],
    ['pukul 14.00 WIB', '2 p.m. WIB'],
    ['1,5 juta', '1,500,000'],
    ['ke-2', 'second'],
    ['pada April 2019', 'in April 2019'],
    ['1.9 GHz', '1.9 GHz'],
  ])('%s = %s', (source, target) => expect(missing(source, target)).toEqual([]));
  it.each([
    ['Rp1.500.000,50', 'IDR 1,500,000'],
    ['3,5 persen', '35 percent'],
    ['Rabu (13/9/2023)', 'Wednesday, September 14, 2023'],
    ['pukul 10.30', '11:30'],
    ['1.500 orang', '1.5 people'],
  ])('%s ≠ %s', (source, target) => expect(missing(source, target)).not.toEqual([]));
  it('uses the target locale\'s separators (de: 1.500.000,50)', () => expect(missing('Rp1.500.000,50', '1.500.000,50 IDR', 'de')).toEqual([]));
});
