/**
 * The check's diagnostics in report order without holding them all: an external merge sort.
 * Diagnostics are held until a threshold (count or estimated bytes), then sorted and written as a
 * run to a temporary file (`spill-file.ts`, JSON lines); at the end the runs and what is still held
 * are merged (`merge-sorted.ts`). The order is exactly that of the former in-memory sort:
 * `compareDiagnostics`, ties in arrival order with every reading problem ("loaded") before every
 * rule finding ("found"), i.e. a stable sort of `loaded.concat(found)`.
 */
import { compareDiagnostics, type Diagnostic, type Severity } from './diagnostic.ts';
import { mergeSorted } from './merge-sorted.ts';
import { SpillFile } from './spill-file.ts';

/** Environment variable: spill when this many diagnostics are held (a positive integer; tests force small runs with it). */
export const SPILL_ENV = 'CHECK_SPILL_AT';

/** Diagnostics held before a run is spilled, by default (~6 MB of them). */
export const DEFAULT_SPILL_AT = 20_000;

/** Estimated bytes held before a run is spilled, whatever their count (long messages). */
const SPILL_BYTES = 32 << 20;

/** Estimated bytes of a diagnostic's object and fields beside its key and message (rule, locale, file are shared copies). */
const OBJECT_BYTES = 120;

/**
 * The spill threshold: `CHECK_SPILL_AT` from `env` when it is a positive integer, else `fallback`
 * (`Infinity` never spills).
 */
export function spillThreshold(env: NodeJS.ProcessEnv = process.env, fallback: number = DEFAULT_SPILL_AT): number {
  const value = Number(env[SPILL_ENV]?.trim() || Number.NaN);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export interface DiagnosticSorterOptions {
  /** Spill a run when this many diagnostics are held (default `DEFAULT_SPILL_AT`; `Infinity`: hold all). */
  spillAt?: number;
  /** Folder of the temporary files (default `os.tmpdir()`). */
  dir?: string;
}

/** One spilled run: its reading problems and its rule findings, each sorted. */
interface Run {
  loaded?: SpillFile;
  found?: SpillFile;
}

/**
 * Collects diagnostics in arrival order and gives them back once, sorted (`sorted`). Call `close`
 * when done (or `sorted` to its end): it removes the temporary files.
 */
export class DiagnosticSorter {
  private loaded: Diagnostic[] = [];
  private found: Diagnostic[] = [];
  private heldBytes = 0;
  private readonly runs: Run[] = [];
  private readonly spillAt: number;
  private readonly dir: string | undefined;
  private total = 0;
  private errorCount = 0;

  constructor(options: DiagnosticSorterOptions = {}) {
    this.spillAt = options.spillAt ?? DEFAULT_SPILL_AT;
    this.dir = options.dir;
  }

  /** Diagnostics added so far. */
  get count(): number {
    return this.total;
  }

  /** Diagnostics at severity `error` added so far (the report's `ok` is `errors === 0`). */
  get errors(): number {
    return this.errorCount;
  }

  /** Runs written to temporary files so far. */
  get spilled(): number {
    return this.runs.length;
  }

  /**
   * Adds one diagnostic: `found` false for a problem met while reading files (it sorts before the
   * rule findings it ties with), true for a rule finding. Returns true when this spilled a run
   * (everything held so far went to a file). Throws the file system's error if a spill fails.
   */
  add(diagnostic: Diagnostic, found: boolean): boolean {
    (found ? this.found : this.loaded).push(diagnostic);
    this.total++;
    if (diagnostic.severity === 'error') this.errorCount++;
    this.heldBytes += OBJECT_BYTES + 2 * (diagnostic.message.length + (diagnostic.key?.length ?? 0));
    if (this.loaded.length + this.found.length < this.spillAt && this.heldBytes < SPILL_BYTES) return false;
    this.spill();
    return true;
  }

  /**
   * Every diagnostic added, in report order (see the module note); read once. The temporary files
   * are closed and removed when the sequence ends or is abandoned (`return`), or by `close`.
   */
  *sorted(): Generator<Diagnostic> {
    try {
      this.loaded.sort(compareDiagnostics);
      this.found.sort(compareDiagnostics);
      // Reading problems of every run before the rule findings of any (ties), each kind in arrival order (run index).
      const sources: Iterable<Diagnostic>[] = [
        ...this.runs.map((run) => readRun(run.loaded)),
        this.loaded,
        ...this.runs.map((run) => readRun(run.found)),
        this.found,
      ];
      yield* mergeSorted(sources, compareDiagnostics);
    } finally {
      this.close();
    }
  }

  /** Removes the temporary files and lets go of what is held. Safe to call twice. */
  close(): void {
    for (const run of this.runs) {
      run.loaded?.close();
      run.found?.close();
    }
    this.loaded = [];
    this.found = [];
  }

  private spill(): void {
    const run: Run = {};
    this.runs.push(run);
    if (this.loaded.length > 0) run.loaded = this.write(this.loaded);
    if (this.found.length > 0) run.found = this.write(this.found);
    this.loaded = [];
    this.found = [];
    this.heldBytes = 0;
  }

  private write(diagnostics: Diagnostic[]): SpillFile {
    diagnostics.sort(compareDiagnostics);
    const file = new SpillFile('check-spill', this.dir);
    let piece = '';
    for (const d of diagnostics) {
      piece += `${JSON.stringify([d.rule, d.severity, d.locale, d.file, d.line, d.key, d.message])}\n`;
      if (piece.length < 1 << 20) continue;
      file.append(piece);
      piece = '';
    }
    file.append(piece);
    return file;
  }
}

function* readRun(file: SpillFile | undefined): Generator<Diagnostic> {
  if (!file) return;
  for (const line of file.lines()) {
    const [rule, severity, locale, name, at, key, message] = JSON.parse(line) as [string, Severity, string, string, number, string | null, string];
    yield { rule, severity, locale, file: name, line: at, key, message };
  }
}
