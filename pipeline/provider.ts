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
  /** The title of the article the segment comes from, for providers that use context. */
  title?: string;
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
  /** Optional capability: words the engine did not know in this segment (Apertium marks them). */
  unknownWords?: number;
}

/** A segment the provider gave up on (its answer failed the provider's own checks twice). Never delivered. */
export interface ProviderRejection {
  id: string;
  /** Why, for the report (e.g. `missing-tag g1`, `answer equals the source`). */
  reason: string;
  /**
   * What was refused: `answer` (default), the engine's answer failed checks, also when asked
   * again alone: remembered, so no later run pays for the same answer; `request`, the server
   * refused to take the segment (e.g. over the model's context window): reported, not remembered,
   * asked again on the next run (a server or config fix may cure it).
   */
  refused?: 'answer' | 'request';
}

/** Tokens a language-model provider was charged for, summed over every request (retries included). */
export interface TokenUsage {
  input: number;
  output: number;
}

export interface ProviderStats {
  /** HTTP requests or process calls made (retries included). */
  requests: number;
  /** Characters the provider billed (0 for free engines), counted in code points as the engine bills. */
  billedCharacters: number;
  /** Optional capability: segments given up on, with reasons; each id is absent from the results. */
  rejected?: ProviderRejection[];
  /** Optional capability: token usage as the API reported it (language-model providers). */
  tokens?: TokenUsage;
  /** Optional capability: segments the provider itself asked for again, alone, after refusing its first answer. */
  retried?: number;
}

/** What a job would cost, computed without calling the engine (`translate --dry-run`). */
export interface ProviderEstimate {
  requests: number;
  /** Characters that would be billed (0 for engines that bill by token or not at all). */
  billedCharacters: number;
  /** Tokens, counted with a tokenizer where the provider bills by token. */
  tokens?: TokenUsage;
  /** Cost in the pricing's currency unit, when the target configures `pricing`. */
  cost?: number;
}

/** The locales of the language pair a fingerprint or job is for (BCP 47 tags as in the config). */
export interface LanguagePair {
  sourceLocale: string;
  targetLocale: string;
}

/**
 * Results are handed to `onResults` as soon as they arrive, so a failure later in the job never
 * loses what was already paid for. `translate` resolves with the job's statistics, or rejects with
 * a `ProviderError` after delivering everything it received.
 */
export interface Provider {
  readonly name: string;
  /** Machine output from this provider may be published: must equal `PROVIDER_TRAITS[name].publishable`. */
  readonly publishable: boolean;
  /** Options that change output (target code, formality, glossary, model…), part of the memory key. */
  fingerprint(pair: LanguagePair): string;
  /**
   * Optional capability: the part of the memory key that depends on the segment itself, appended
   * to `fingerprint(pair)` (e.g. the glossary entries that occur in it: a provider that sends each
   * request only its matching entries leaves the glossary out of `fingerprint`, so an edit to an
   * unrelated glossary row keeps earlier translations reusable). `source` is the normalized source
   * the memory is keyed by; '' when nothing in it matters.
   */
  segmentFingerprint?(pair: LanguagePair, source: string): string;
  translate(job: ProviderJob, onResults: (results: ProviderResult[]) => void): Promise<ProviderStats>;
  /** Optional capability: the cost of a job without calling the engine (tokens, characters, money). */
  estimate?(job: ProviderJob): Promise<ProviderEstimate>;
  /**
   * Optional: the most this target may spend in one run, in the pricing's currency unit (config
   * `budget`); `translate` refuses to start a run whose estimated cost exceeds it, unless
   * `--allow-partial`.
   */
  readonly budget?: number;
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

/** One project glossary entry for a target (`glossary:` in the config, `glossary/project-glossary.ts`). */
export interface GlossaryTerm {
  /** The Indonesian term as written in the glossary. */
  source: string;
  /** Its required rendering in the target; undefined for a do-not-translate term. */
  target?: string;
  /** True for do-not-translate: the term must come back unchanged. */
  doNotTranslate: boolean;
  /** The glossary's note column, if any. */
  note?: string;
}

/** How a provider factory is called: the target's options plus the process environment. */
export interface ProviderContext {
  /** The target's options from the config, plus `locale` (the target locale). */
  options: ProviderOptions;
  env: NodeJS.ProcessEnv;
  /** Folder for provider state that should persist between runs (e.g. a DeepL glossary id). */
  cacheDir: string;
  /** The project glossary's entries for this target (empty or absent without a `glossary:` file). */
  glossary?: readonly GlossaryTerm[];
  /** Folder the config file is in: relative paths in options (e.g. `styleGuide`) resolve against it. */
  configDir?: string;
}

export type ProviderFactory = (context: ProviderContext) => Provider;
