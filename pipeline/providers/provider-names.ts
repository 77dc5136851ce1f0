/**
 * The providers a target may name. A module of its own so that `--help` can list them without
 * loading the registry (its option schemas load zod).
 */
export const PROVIDER_NAMES: readonly string[] = ['deepl', 'apertium', 'pseudo', 'identity'];
