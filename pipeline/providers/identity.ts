import * as z from 'zod';
import type { ProviderFactory } from '../provider.ts';

/** `provider: identity` takes no options: any other key in its config target is a mistake. */
export const identityOptionsSchema = z.strictObject({});

/**
 * Returns the source unchanged: for round-trip tests (its bundles must equal the source byte for
 * byte, publication fields aside) and for targets that share the source text.
 */
export const createIdentityProvider: ProviderFactory = () => ({
  name: 'identity',
  publishable: true,
  fingerprint: () => 'identity',
  async translate(job, onResults) {
    onResults(job.segments.map((segment) => ({ id: segment.id, text: segment.text })));
    return { requests: job.segments.length > 0 ? 1 : 0, billedCharacters: 0 };
  },
});
