import { createHash } from 'node:crypto';
import { normalizeSegment } from '../store/fuzzy-score.ts';

/** Short content hash (hex) of a text, after the whitespace normalization the memory uses. */
export function textHash(text: string, length = 12): string {
  return createHash('sha256').update(normalizeSegment(text)).digest('hex').slice(0, length);
}
