import type { ProviderFactory } from '../../pipeline/provider.ts';

/** A stand-in engine that marks its output (`MS …`) and keeps the tags: a visible "translation". */
export const prefixing: ProviderFactory = () => ({
  name: 'prefixing',
  publishable: true,
  fingerprint: () => 'prefixing',
  async translate(job, onResults) {
    onResults(job.segments.map((s) => ({ id: s.id, text: `MS ${s.text}` })));
    return { requests: 1, billedCharacters: 0 };
  },
});
