import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../pipeline/util/format-count.ts';

describe('formatCount', () => {
  it('writes integers as toLocaleString("en-US") does', () => {
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (value) => formatCount(value) === value.toLocaleString('en-US')));
    expect(formatCount(22170)).toBe('22,170');
  });
});
