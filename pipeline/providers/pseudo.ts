import type { ProviderFactory } from '../provider.ts';
import { mapText } from '../tagged-text.ts';

/** `provider: pseudo` takes no options: any other key in its config target is a mistake. */
export { pseudoOptionsSchema } from './pseudo-options.ts';

const ACCENTED: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ĺ', m: 'ɱ',
  n: 'ñ', o: 'ó', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ú', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ĺ', M: 'Ṁ',
  N: 'Ñ', O: 'Ó', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ú', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

/**
 * Visible pseudo-localization for trying the pipeline without a key: accented letters, ~15% padding
 * for text growth, brackets that show truncation. Its output is never published.
 */
export const createPseudoProvider: ProviderFactory = () => ({
  name: 'pseudo',
  publishable: false,
  fingerprint: () => 'pseudo-v1',
  async translate(job, onResults) {
    onResults(job.segments.map((segment) => ({ id: segment.id, text: wrapOutside(segment.text) })));
    return { requests: job.segments.length > 0 ? 1 : 0, billedCharacters: 0 };
  },
});

/** Accent the text runs (tags untouched) and bracket the whole segment. */
function wrapOutside(tagged: string): string {
  const accented = mapText(tagged, (text) => text.replace(/[A-Za-z]/g, (c) => ACCENTED[c] ?? c));
  const length = tagged.replace(/<[^>]+>/g, '').length;
  return `⟦${accented}${'~'.repeat(Math.ceil(length * 0.15))}⟧`;
}
