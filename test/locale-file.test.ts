import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { parseLocaleFile, renderLocaleFile, type LocaleEntry } from '../pipeline/locale/locale-file.ts';

const render = (text: string | undefined, entries: LocaleEntry[]) => renderLocaleFile(text === undefined ? undefined : parseLocaleFile(text), entries);

describe('locale file rendering', () => {
  it('regression: inserting an entry before existing ones keeps every value and note on its own key', () => {
    const before = render(undefined, [
      { key: 'title', value: 'Banjir', notes: ['id: Banjir'] },
      { key: 's-1', value: 'One.', notes: ['id: Satu.'] },
      { key: 's-3', value: 'Three.', notes: ['id: Tiga.'] },
    ]);
    const after = render(before, [
      { key: 'title', value: 'Banjir' },
      { key: 's-0', value: 'New.', notes: ['id: Baru.'] },
      { key: 's-1', value: 'One.' },
      { key: 's-3', value: 'Three.' },
    ]);
    expect(parse(after)).toEqual({ title: 'Banjir', 's-0': 'New.', 's-1': 'One.', 's-3': 'Three.' });
    expect(after).toContain('# id: Baru.\ns-0: New.\n# id: Satu.\ns-1: One.\n# id: Tiga.\ns-3: Three.');
  });

  it('property: any later entry list renders to exactly those key → value pairs, notes above their own key', () => {
    const key = fc.integer({ min: 0, max: 12 }).map((n) => `s-${n}`);
    const list = fc.uniqueArray(key, { maxLength: 10 }).map((keys) => keys.map((k): LocaleEntry => ({ key: k, value: `value of ${k}`, notes: [`id: source of ${k}`] })));
    fc.assert(
      fc.property(list, list, (first, second) => {
        const text = render(render(undefined, first) || undefined, second);
        const parsed = text === '' ? {} : (parse(text) ?? {});
        expect(parsed).toEqual(Object.fromEntries(second.map((e) => [e.key, e.value])));
        for (const e of second) expect(text).toContain(`# id: source of ${e.key}\n${e.key}: value of ${e.key}`);
      }),
    );
  });
});
