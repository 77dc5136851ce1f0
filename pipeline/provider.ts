/**
 * The provider interface: what every translation engine (DeepL, Apertium, pseudo, identity)
 * implements. One file per implementation under `pipeline/providers/`.
 *
 * Texts travel as *tagged text*: an XML fragment where inline markdown is protected.
 * - `<gN>…</gN>`: paired inline markup (emphasis, strong, link text); the content is translatable.
 * - `<xN/>`: an atom that must come back unchanged (inline code, inline HTML/JSX, placeholders,
 *   do-not-translate terms).
 * - `&`, `<`, `>` in the prose are escaped as `&amp;`, `&lt;`, `&gt;`.
 * A provider must return every tag exactly once; the pipeline verifies this and never writes a
 * translation that loses or invents one.
 */
export interface ProviderSegment {
  /** Opaque id, unique within one job. */
  id: string;
  /** Tagged text (see above). */
  text: string;
  /** The surrounding paragraph as plain text, for providers that use context (never billed). */
  context?: string;
}

export interface ProviderJob {
  sourceLocale: string;
  targetLocale: string;
  segments: ProviderSegment[];
  signal?: AbortSignal;
}

export interface ProviderResult {
  id: string;
  /** Tagged text in the target language. */
  text: string;
}

export interface ProviderStats {
  /** HTTP requests or process calls made. */
  requests: number;
  /** Characters the provider billed (0 for free engines). */
  billedCharacters: number;
}

/**
 * Results are handed to `onResults` as soon as they arrive, so a failure later in the job never
 * loses what was already paid for. `translate` resolves with the job's statistics, or rejects with
 * a `ProviderError` after delivering everything it received.
 */
export interface Provider {
  readonly name: string;
  /** Machine output from this provider may be published (false for pseudo). */
  readonly publishable: boolean;
  /** Options that change output (target code, formality, glossary…), part of the memory key. */
  fingerprint(targetLocale: string): string;
  translate(job: ProviderJob, onResults: (results: ProviderResult[]) => void): Promise<ProviderStats>;
  /** Optional: release clients, servers or processes. */
  close?(): Promise<void>;
}

/** Options a target passes to its provider (from `targets.<lng>` in the config). */
export type ProviderOptions = Record<string, unknown>;

export type ProviderErrorKind = 'auth' | 'quota' | 'network' | 'unavailable' | 'config';

/** A failure of the provider as a whole (exit code 3), as opposed to one bad segment. */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  /** Statistics of the work done before the failure. */
  stats?: ProviderStats;
  constructor(kind: ProviderErrorKind, message: string, options?: { cause?: unknown; stats?: ProviderStats }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.kind = kind;
    this.stats = options?.stats;
  }
}

/** How a provider factory is called: the target's options plus the process environment. */
export interface ProviderContext {
  /** The target's options from the config, plus `locale` (the target locale). */
  options: ProviderOptions;
  env: NodeJS.ProcessEnv;
  /** Folder for provider state that should persist between runs (e.g. a DeepL glossary id). */
  cacheDir: string;
}

export type ProviderFactory = (context: ProviderContext) => Provider;
