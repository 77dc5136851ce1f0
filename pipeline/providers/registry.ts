import type * as z from 'zod';
import type { ProviderFactory, ProviderOptions } from '../provider.ts';
import { deeplOptionsSchema, deeplTargetProblem } from './deepl/deepl-options.ts';
import { apertiumOptionsSchema } from './apertium/apertium-options.ts';
import { pseudoOptionsSchema } from './pseudo-options.ts';
import { identityOptionsSchema } from './identity.ts';
import { llmOptionsSchema } from './llm/llm-options.ts';
import { styleGuideProblem } from './llm/style-guide-problem.ts';
import { PROVIDER_NAMES } from './provider-names.ts';
import { checkSchema, formatPath } from '../config/schema-problems.ts';

export { PROVIDER_NAMES };

/** Provider name → lazy factory: heavy clients load only when a run needs them. */
export const PROVIDERS: Record<string, () => Promise<ProviderFactory>> = {
  deepl: async () => (await import('./deepl.ts')).createDeepLProvider,
  apertium: async () => (await import('./apertium.ts')).createApertiumProvider,
  llm: async () => (await import('./llm.ts')).createLlmProvider,
  pseudo: async () => (await import('./pseudo.ts')).createPseudoProvider,
  identity: async () => (await import('./identity.ts')).createIdentityProvider,
};


/** What a config target of each provider may say, checked when the config is loaded (every command). */
export interface ProviderConfigSpec {
  /** The provider's options (strict: a key it does not know is a config error). */
  options: z.ZodObject;
  /**
   * Checks that need the target locale (e.g. a formality DeepL lacks for it) or the files the
   * options name (`configDir`: the config file's folder): a problem, or undefined.
   */
  checkTarget?: (options: ProviderOptions, locale: string, configDir: string) => string | undefined;
}

export const PROVIDER_CONFIG: Record<string, ProviderConfigSpec> = {
  deepl: { options: deeplOptionsSchema, checkTarget: deeplTargetProblem },
  apertium: { options: apertiumOptionsSchema },
  llm: { options: llmOptionsSchema, checkTarget: styleGuideProblem },
  pseudo: { options: pseudoOptionsSchema },
  identity: { options: identityOptionsSchema },
};

/**
 * Whether provider `name`, given with `--provider` for one run, can serve a target configured for
 * another provider: the target's options must hold what `name` requires (e.g. llm's `model`);
 * options of other providers are ignored, as the factory ignores them. A problem with its fix, or
 * undefined.
 */
export function overrideProblem(name: string, options: ProviderOptions, locale: string, configDir: string): string | undefined {
  const spec = PROVIDER_CONFIG[name];
  const checked = checkSchema(spec.options.strip(), options);
  if (!checked.ok) return `${checked.problems.map((p) => `option '${formatPath(p.path)}' ${p.message}`).join('; ')} (give it in targets.${locale} of the config; options of other providers there are ignored)`;
  return spec.checkTarget?.(options, locale, configDir);
}
