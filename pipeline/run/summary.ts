import type { ProviderErrorKind, TokenUsage } from '../provider.ts';
import type { LeverageBands } from '../analysis/leverage-bands.ts';

/** Per-target figures of a run (the `locales.<lng>` object of `translate --json`). */
export interface LocaleSummary {
  /** New translations from the provider. */
  translated: number;
  /** Entries kept from the locale file or found in the memory. */
  reused: number;
  stale: number;
  /** Segments left without a translation. */
  missing: number;
  /** HTTP requests or process calls the provider made, retries included. */
  requests: number;
  billedCharacters: number;
  /**
   * Segments another runner translated while this run waited for them (a shared memory with
   * claims only; they are counted in `reused` too). Absent on a memory of one machine.
   */
  waited?: number;
  /** Tokens the provider's API reported (`usage`), every attempt included: language-model providers only. */
  tokens?: TokenUsage;
  /**
   * What the pending segments would cost, computed by the provider without calling it (`--dry-run`,
   * providers that can estimate: `llm` counts tokens with a tokenizer; `cost` when `pricing` is set).
   */
  estimate?: { requests: number; tokens?: TokenUsage; cost?: number };
  /** The target's spending limit per run (`budget`), in the pricing's currency unit. */
  budget?: number;
  /** Segments and characters that would go to the provider (`--dry-run`, or when none is available). */
  pending: { segments: number; characters: number };
  /** Segments whose translation came back with broken markup, even when asked again alone: not written (see `errors`). */
  failed: number;
  /** Answers accepted after whitespace at tag edges was put back as the source has it. */
  repaired: number;
  /** Answers refused (broken markup, or the provider's own checks) and asked for again, alone. */
  retried: number;
  /** Articles whose bundle the review policy holds back (`draft: true`): unreviewed, stale, rejected or missing entries. */
  drafts: number;
  provider: string;
  /** Why the provider stopped, when segments were left for it (a ProviderError kind: auth, quota, network…). */
  stoppedBy?: ProviderErrorKind;
  /** The provider's remaining quota, when known (`--dry-run` with a DeepL key). */
  quota?: { used: number; limit: number };
  /**
   * The leverage analysis (`--dry-run --analysis`): segments, words and characters of every article
   * of the run per band (`context match (101%)`, `100%`, fuzzy bands, `repetitions`, `no match`;
   * see analysis/leverage-bands.ts). The bands' segments add up to the run's `segments`.
   */
  analysis?: { bands: LeverageBands };
}

export interface RunError {
  file: string;
  code: string;
  message: string;
  line?: number;
  /** The segment key the error is about, when there is one. */
  key?: string;
}

export interface RunSummary {
  articles: number;
  segments: number;
  locales: Record<string, LocaleSummary>;
  filesWritten: number;
  /** Articles no longer in the source whose bundles left `dist/` in this run (would leave, in a dry run). */
  unpublished: string[];
  dryRun: boolean;
  errors: RunError[];
  /** Problems that did not stop the work (e.g. control characters in a source), with file and line. */
  warnings: RunError[];
  /** 0 ok, 1 work left undone or bad input, 3 provider or I/O failure. */
  exitCode: number;
  /** Provider failures, one line each, for the human summary. */
  providerFailures: string[];
}

export function emptyLocaleSummary(provider: string): LocaleSummary {
  return { translated: 0, reused: 0, stale: 0, missing: 0, requests: 0, billedCharacters: 0, pending: { segments: 0, characters: 0 }, failed: 0, repaired: 0, retried: 0, drafts: 0, provider };
}
