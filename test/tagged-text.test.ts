import { describe, expect, it } from 'vitest';
import { mapText, plainText, tokenize, verifyTags } from '../pipeline/tagged-text.ts';
import { taggedToMarkdown } from '../pipeline/markdown/splice.ts';

describe('tagged text (what providers see)', () => {
  const source = 'Baca <g1>laporan <g2>lengkap</g2></g1> di <x3/> &amp; sekitarnya.';

  it('splits into text runs and tags, unescaping the prose', () => {
    expect(tokenize(source)).toEqual([
      { type: 'text', value: 'Baca ' },
      { type: 'open', id: 'g1' },
      { type: 'text', value: 'laporan ' },
      { type: 'open', id: 'g2' },
      { type: 'text', value: 'lengkap' },
      { type: 'close', id: 'g2' },
      { type: 'close', id: 'g1' },
      { type: 'text', value: ' di ' },
      { type: 'atom', id: 'x3' },
      { type: 'text', value: ' & sekitarnya.' },
    ]);
    expect(plainText(source)).toBe('Baca laporan lengkap di  & sekitarnya.');
    expect(mapText(source, (t) => t.toUpperCase())).toBe('BACA <g1>LAPORAN <g2>LENGKAP</g2></g1> DI <x3/> &amp; SEKITARNYA.');
  });

  it('accepts a translation that moves tags, and flags lost, invented, doubled or crossed tags', () => {
    expect(verifyTags(source, 'At <x3/>, read the <g1><g2>full</g2> report</g1> &amp; more.')).toEqual([]);
    expect(verifyTags(source, 'Read the <g1>full report</g1> at <x3/>.')).toEqual([{ code: 'missing-tag', tag: 'g2' }, { code: 'missing-tag', tag: 'g2' }]);
    expect(verifyTags(source, 'Read <g1><g2>it</g2></g1> <x3/> <x4/>.')).toEqual([{ code: 'extra-tag', tag: 'x4' }]);
    expect(verifyTags(source, 'Read <g1><g2>it</g2></g1> <x3/><x3/>.')).toEqual([{ code: 'extra-tag', tag: 'x3' }]);
    expect(verifyTags(source, 'Read <g1><g2>it</g1></g2> <x3/>.')).toEqual([{ code: 'unbalanced-tag', tag: 'g1' }]);
  });

  it('restores the markdown behind each tag exactly', () => {
    const tags = { g1: { open: '[', close: '](https://jfid.id "x")' }, g2: { open: '**', close: '**' }, x3: { atom: '`npm test`' } };
    expect(taggedToMarkdown({ tags }, 'At <x3/>, read the <g1><g2>full</g2> report</g1> &amp; more &lt;3.')).toBe('At `npm test`, read the [**full** report](https://jfid.id "x") & more <3.');
  });
});
