import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzzyScore, normalizeSegment, tokenizeForFuzzy } from '../pipeline/store/fuzzy-score.ts';
import { planFuzzy } from '../pipeline/store/fuzzy-plan.ts';

describe('tokenizeForFuzzy', () => {
  it('cuts words and punctuation, keeping reduplication and numbers whole', () => {
    expect(tokenizeForFuzzy('Anak-anak membeli 1.000,5 kg beras, katanya (kemarin)!').map((token) => token.text)).toEqual([
      'Anak-anak', 'membeli', '1.000,5', 'kg', 'beras', ',', 'katanya', '(', 'kemarin', ')', '!',
    ]);
  });
});

describe('fuzzyScore', () => {
  const sentence = 'Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada Senin.';
  it('scores 1 for equal text after whitespace normalization', () => {
    expect(fuzzyScore(sentence, `  ${sentence.replace(/ /g, '   ')}\n`)).toBe(1);
  });
  it('scores a one-word edit in a 12-word sentence about 0.92', () => {
    expect(fuzzyScore(sentence, sentence.replace('Tengah', 'Timur'))).toBeCloseTo(0.923, 3);
  });
  it('penalizes a case difference slightly', () => {
    const score = fuzzyScore(sentence, sentence.replace('Presiden', 'presiden'));
    expect(score).toBeGreaterThan(0.99);
    expect(score).toBeLessThan(1);
  });
  it('gives spacing-only differences less than 1', () => {
    expect(fuzzyScore('Ya , benar.', 'Ya, benar.')).toBe(0.999);
  });
  it('scores unrelated sentences low', () => {
    expect(fuzzyScore(sentence, 'Harga beras di pasar tradisional naik tajam menjelang bulan puasa.')).toBeLessThan(0.4);
  });
  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const score = fuzzyScore(a, b);
        return score >= 0 && score <= 1 && score === fuzzyScore(b, a) && (normalizeSegment(a) !== normalizeSegment(b) || score === 1);
      }),
    );
  });
});

describe('planFuzzy', () => {
  it('never excludes a candidate that reaches minScore (prefilter is exact)', () => {
    const words = ['a', 'b', 'c', 'd', 'e', 'A', 'B', '.', ','];
    const text = fc.array(fc.constantFrom(...words), { maxLength: 14 }).map((tokens) => tokens.join(' '));
    fc.assert(
      fc.property(text, text, fc.constantFrom(0.5, 0.7, 0.75, 0.9), fc.func(fc.nat({ max: 5 })), (query, candidate, minScore, df) => {
        const queryTokens = tokenizeForFuzzy(query);
        const candidateTokens = tokenizeForFuzzy(candidate);
        const score = fuzzyScore(query, candidate);
        if (score < minScore) return true;
        const plan = planFuzzy(queryTokens, minScore, (terms) => new Map(terms.map((term) => [term, df(term)])));
        if (candidateTokens.length < plan.minTokens || candidateTokens.length > plan.maxTokens) return false;
        if (!plan.probe) return true;
        const lower = new Set(candidateTokens.map((token) => token.lower));
        return plan.probe.some((term) => lower.has(term));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('normalizeSegment', () => {
  it('equals NFC + collapsed whitespace + trim for any text (its fast path changes nothing)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', 'e\u0301', ' ', '  ', '\n', '\t', '\u00a0', '\u2003', 'B', '.') });
    fc.assert(
      fc.property(text, (s) => {
        expect(normalizeSegment(s)).toBe(s.normalize('NFC').replace(/\s+/gu, ' ').trim());
      }),
      { numRuns: 2000 },
    );
  });
});
