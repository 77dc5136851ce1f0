import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, parseDocument } from 'yaml';
import { LocaleFileError, parseLocaleFile, renderLocaleFile, type LocaleEntry } from '../pipeline/locale/locale-file.ts';

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

describe('locale file parsing: line numbers and duplicate keys (large-file rewrite stays right)', () => {
  // One entry as written by hand or by the pipeline, with the lines it takes.
  const value = fc.stringMatching(/^[A-Za-z][A-Za-z .,]{0,30}[A-Za-z.]$/);
  const entry = fc.tuple(
    fc.constantFrom('plain', 'double', 'single', 'literal', 'folded', 'multiline-double'),
    value,
    value,
    fc.array(fc.constantFrom('# id: Sumber.', '# a reviewer note', ''), { maxLength: 3 }),
  );
  const file = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 10_000 }), entry), { selector: ([n]) => n, maxLength: 60, size: 'max' }).map((items) => {
    const lines: string[] = [];
    const expected: Array<{ key: string; line: number; value: string }> = [];
    if (items.length % 3 === 0) lines.push('# Header comment', '');
    for (const [n, [style, a, b, before]] of items) {
      lines.push(...before);
      const key = `s-${n}`;
      expected.push({ key, line: lines.length + 1, value: style === 'literal' ? `${a}\n${b}\n` : style === 'folded' ? `${a} ${b}\n` : style === 'multiline-double' ? `${a} ${b}` : a });
      if (style === 'plain') lines.push(`${key}: ${a}`);
      else if (style === 'double') lines.push(`${key}: "${a}"`);
      else if (style === 'single') lines.push(`${key}: '${a}'`);
      else if (style === 'literal') lines.push(`${key}: |`, `  ${a}`, `  ${b}`);
      else if (style === 'folded') lines.push(`${key}: >`, `  ${a}`, `  ${b}`);
      else lines.push(`${key}: "${a}`, `  ${b}"`);
    }
    return { text: lines.length > 0 ? `${lines.join('\n')}\n` : '', expected };
  });

  it('property: every key gets the 1-based line it is written on, and its value', () => {
    fc.assert(
      fc.property(file, ({ text, expected }) => {
        const parsed = parseLocaleFile(text);
        expect([...parsed.lines]).toEqual(expected.map((e) => [e.key, e.line]));
        expect([...parsed.entries]).toEqual(expected.map((e) => [e.key, e.value]));
      }),
      { numRuns: 300 },
    );
  });

  it('property: a repeated key is reported as yaml reports it (message and line)', () => {
    fc.assert(
      fc.property(file, fc.nat(), fc.nat(), ({ text }, from, to) => {
        const lines = text.split('\n');
        const keyLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /^s-\d+:/.test(l));
        if (keyLines.length === 0) return;
        const [line] = keyLines[from % keyLines.length];
        const broken = [...lines];
        broken.splice(to % (lines.length + 1), 0, `${line.split(':')[0]}: "again"`);
        const yamlError = parseDocument(broken.join('\n'), { uniqueKeys: true, prettyErrors: false }).errors[0];
        let thrown: unknown;
        try {
          parseLocaleFile(broken.join('\n'));
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(LocaleFileError);
        if (yamlError) {
          const expectedLine = broken.join('\n').slice(0, yamlError.pos[0]).split('\n').length;
          expect((thrown as LocaleFileError).line).toBe(expectedLine);
          expect((thrown as Error).message).toContain(yamlError.message.split('\n')[0]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: new entries land after their predecessor exactly as one splice per entry would put them', () => {
    const key = fc.integer({ min: 0, max: 15 }).map((n) => `s-${n}`);
    const list = fc.uniqueArray(key, { maxLength: 12 });
    fc.assert(
      fc.property(list, list, (first, second) => {
        const text = render(render(undefined, first.map((k) => ({ key: k, value: `v ${k}` }))) || undefined, second.map((k) => ({ key: k, value: `v ${k}` })));
        // The reference: keep the kept keys in their old order, splice each new key after its predecessor.
        const order = first.filter((k) => second.includes(k));
        let previous: string | undefined;
        for (const k of second) {
          if (!first.includes(k)) order.splice(previous === undefined ? 0 : order.indexOf(previous) + 1, 0, k);
          previous = k;
        }
        expect(text === '' ? [] : [...parseLocaleFile(text).entries.keys()]).toEqual(order);
      }),
      { numRuns: 300 },
    );
  });
});
