/**
 * The peer: Debian's po4a doing the same work as our cold run with one target, on all the same
 * articles, set up as its documentation recommends for many files (`man po4a`, "CONFIGURATION
 * FILE"): ONE config listing every article, ONE centralized POT and ONE PO for the one language
 * (`[po4a_paths] po/archive.pot en:po/en.po`), every article `[type: text]` with `-o markdown`.
 *
 * The format options go on the command line (`-M UTF-8 -L UTF-8 -o markdown`), not in an
 * `[options]` line of the config: with any `[options]`, po4a 0.69 re-reads its options for every
 * document, and each time calls `cwd()`, which forks `/bin/pwd` from the (growing) perl process
 * twice per document: 67 s instead of 6.7 s at 300 articles, with the same POT and the same output
 * bytes. The bench gives po4a the faster form.
 *
 * Measured: one `po4a … --keep 0 po4a.cfg` from scratch (no POT, PO or output yet), timed as a whole
 * process, start-up included: po4a parses every article into the POT, creates the PO with
 * msginit/msgmerge, and writes every translated article (`--keep 0`: written even though nothing is
 * translated, so the output is the source text, like our identity target's). No `msgen`: with
 * `--keep 0` none is needed for po4a to write every output, and filling the PO would only add
 * work on po4a's side. Nothing sampled or extrapolated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { measure, type Measure } from './commands.ts';
import type { Archive } from './archive.ts';

export type Po4aResult =
  | { available: false; reason: string }
  | {
      available: true;
      version: string;
      articles: number;
      /** Wall time of `po4a ${PO4A_ARGS} po4a.cfg` (median of the runs), with RSS. */
      run: Measure;
      /** Messages in the POT (po4a's own count). */
      entries: number;
      /** Translated articles po4a wrote. */
      outputs: number;
      config: string;
    };

/** po4a's version line, or null when it is not installed. */
export function po4aVersion(): string | null {
  const result = spawnSync('po4a', ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return result.stdout.split('\n')[0].trim().replace(/^po4a version /, '').replace(/\.$/, '');
}

/** The po4a config: one POT, one PO for `lang`, one `[type: text]` line per article (absolute paths); options in PO4A_ARGS. */
export function po4aConfig(archive: Archive, lang: string): string {
  return [
    `[po4a_langs] ${lang}`,
    `[po4a_paths] po/archive.pot ${lang}:po/${lang}.po`,
    ...archive.files.map((file) => `[type: text] ${path.join(archive.root, file)} ${lang}:out/${lang}/${file.replace(/^source\//, '')}`),
    '',
  ].join('\n');
}

/** po4a's arguments: UTF-8 in and out, the Text module's markdown mode, every document written (`--keep 0`). */
export const PO4A_ARGS = ['--master-charset', 'UTF-8', '--localized-charset', 'UTF-8', '--option', 'markdown', '--keep', '0'];

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/**
 * Run po4a `reps` times over every article of `archive` in `workDir` (emptied before each run).
 * Returns `available: false` with the reason when po4a is not installed; throws when po4a fails.
 */
export function benchPo4a(archive: Archive, workDir: string, lang: string, reps: number): Po4aResult {
  const version = po4aVersion();
  if (version === null) return { available: false, reason: 'po4a is not installed (apt-get install -y po4a); the po4a comparison was skipped' };
  const config = po4aConfig(archive, lang);
  const reset = () => {
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    fs.writeFileSync(path.join(workDir, 'po4a.cfg'), config);
  };
  const { measure: run, last } = measure({ program: 'po4a', args: [...PO4A_ARGS, 'po4a.cfg'], cwd: workDir }, reps, { before: reset });
  const entries = Number(/\((\d+) entries\)/.exec(last.stdout)?.[1] ?? NaN);
  const outputs = countFiles(path.join(workDir, 'out', lang));
  if (outputs !== archive.files.length) throw new Error(`po4a wrote ${outputs} of ${archive.files.length} articles: ${last.stdout.slice(-1000)}`);
  return { available: true, version, articles: archive.files.length, run, entries, outputs, config: path.join(workDir, 'po4a.cfg') };
}
