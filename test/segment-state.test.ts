import { describe, expect, it } from 'vitest';
import { parseState, serializeState, type StateMap } from '../pipeline/locale/segment-state.ts';
import { checkUnknownWords } from '../pipeline/check/status-rules.ts';
import { textHash } from '../pipeline/util/hash.ts';

const TARGET = { locale: 'ms', sourceLocale: 'id', requireReview: false, pseudoTarget: false, glossary: {}, doNotTranslate: [] };

describe('state files', () => {
  it('round-trip one line per key, with unknown-word counts, and read hand-merged YAML too', () => {
    const state: StateMap = new Map([
      ['title', { source: 'aa11', written: 'bb22', origin: 'human', status: 'reviewed' }],
      ['s-1', { source: 'cc33', written: 'dd44', origin: 'apertium', status: 'machine', unknownWords: 3 }],
    ]);
    const text = serializeState(state, ['title', 's-1'], 'locales/ms/a.yaml');
    expect(text.split('\n').slice(1)).toEqual([
      '"title": {source: "aa11", written: "bb22", origin: "human", status: reviewed}',
      '"s-1": {source: "cc33", written: "dd44", origin: "apertium", status: machine, unknownWords: 3}',
      '',
    ]);
    expect(parseState(text)).toEqual(state);
    const merged = 's-1:\n  source: cc33\n  written: dd44\n  origin: apertium\n  status: machine\n  unknownWords: 3\ntitle: {source: aa11, written: bb22, origin: human, status: reviewed}\n';
    expect(parseState(merged)).toEqual(state);
    expect(() => parseState('s-1: {source: x}\n')).toThrow('state of "s-1" is incomplete');
  });
});

describe('check rule unknown-words', () => {
  const unit = (unknownWords: number, target = 'Perang Sejuk antara Rusia dan Amerika Syarikat') => ({
    key: 's-1',
    source: 'Perang Dingin antara Rusia dan Amerika Serikat',
    target,
    state: { source: 'x', written: textHash(target), origin: 'apertium', status: 'machine' as const, unknownWords },
  });
  it('flags machine text with many words the engine did not know', () => {
    expect(checkUnknownWords(unit(3), TARGET)).toEqual([expect.objectContaining({ rule: 'unknown-words', severity: 'warning' })]);
    expect(checkUnknownWords(unit(3), TARGET)[0].message).toContain('3 of 7 words were unknown to apertium');
  });
  it('does not flag a few unknown names, or text a reviewer has edited', () => {
    expect(checkUnknownWords(unit(1), TARGET)).toEqual([]);
    const edited = { ...unit(3), target: 'Perang Dingin antara Rusia dan Amerika Syarikat' };
    expect(checkUnknownWords(edited, TARGET)).toEqual([]);
  });
});
