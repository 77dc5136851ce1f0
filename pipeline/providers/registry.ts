import type { ProviderFactory } from '../provider.ts';

/** Provider name → lazy factory: heavy clients load only when a run needs them. */
export const PROVIDERS: Record<string, () => Promise<ProviderFactory>> = {
  deepl: async () => (await import('./deepl.ts')).createDeepLProvider,
  apertium: async () => (await import('./apertium.ts')).createApertiumProvider,
  pseudo: async () => (await import('./pseudo.ts')).createPseudoProvider,
  identity: async () => (await import('./identity.ts')).createIdentityProvider,
};

export const PROVIDER_NAMES = Object.keys(PROVIDERS);
