/**
 * `npm run check` in its own process, so its wall time and peak memory are its own:
 * `tsx bench/check-child.ts --config FILE`. Wired as scripts/check.ts (language detector when a
 * target needs it, text report rendered); prints one JSON line (`CheckChildResult`) on stdout.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { runCheck } from '../pipeline/check/run-check.ts';
import { formatText } from '../pipeline/check/format-report.ts';
import { loadLanguageDetector } from '../pipeline/check/detect-language.ts';
import { baseLanguage } from '../pipeline/check/unit.ts';

export interface CheckChildResult {
  /** From loading the config to the rendered report, ms. */
  runMs: number;
  maxRssMB: number;
  /** CPU time (user + system, all threads) over the same span, ms. */
  cpuMs: number;
  problems: number;
  reportBytes: number;
}

async function main(argv: string[]): Promise<void> {
  const i = argv.indexOf('--config');
  if (i === -1) throw new Error('usage: check-child.ts --config FILE');
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const config = loadConfig(argv[i + 1]);
  const needsDetector = config.targets.some((t) => !['id', 'ms'].includes(baseLanguage(t.locale)));
  const detectLanguage = needsDetector ? await loadLanguageDetector() : undefined;
  const report = runCheck(config, {}, { split: segmentSentences, detectLanguage });
  const text = formatText(report);
  const cpu = process.cpuUsage(cpuStart);
  const result: CheckChildResult = { runMs: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, problems: report.problems.length, reportBytes: Buffer.byteLength(text) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`check-child: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 3;
});
