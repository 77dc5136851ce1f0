/** The markdown table of a bench result (printed at the end and kept in bench/README.md). */
import type { BenchResult } from './run-bench.ts';

const n = (v: number, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (v: number) => (v >= 10_000 ? `${n(v / 1000, 1)} s` : `${n(v, v < 100 ? 1 : 0)} ms`);

export function formatTable(result: BenchResult): string {
  if (result.skipped) return `Benchmark skipped: ${result.reason}\n`;
  const { machine: m, floors, cold, noop, edit, economy: e, po4a, archive } = result;
  const rows: Array<string[] | null> = [
    ['Floor: read + SHA-256 every source file', ms(floors.readHashMs), `median of ${floors.readHashRuns.length}: ${floors.readHashRuns.join(', ')} ms`],
    ['Floor: read + parse every source file (pipeline parser)', ms(floors.parseMs), `median of ${floors.parseRuns.length}: ${floors.parseRuns.join(', ')} ms`],
    ['Cold run, zero-latency publishable provider', ms(cold.ms), `${n(cold.articlesPerSecond, 1)} articles/s; ${n(cold.ratioToParseFloor, 1)}× parse floor, ${n(cold.ratioToReadHashFloor, 0)}× read+hash floor; peak RSS ${n(cold.maxRssMB)} MB; ${n(cold.filesWritten)} files written; process incl. start-up ${ms(cold.processMs)}; runs ${cold.runs.join(', ')} ms`],
    noop && ['No-op rerun', ms(noop.ms), `${n(noop.ratioToReadHashFloor, 0)}× read+hash floor (${n(noop.ratioToParseFloor, 1)}× parse floor); ${noop.filesWritten} files rewritten; ${noop.providerSegments} segments sent; peak RSS ${n(noop.maxRssMB)} MB`],
    edit && ['Edit run: one sentence in 1% of articles', ms(edit.ms), `${edit.editedArticles} articles edited × ${result.locales.length} locales = ${edit.expectedSegments} expected; sent ${edit.sentPerRun.join(', ')}; ${n(edit.filesWritten)} files written`],
    e && [
      `DeepL emulator, pipeline (${e.articles} articles, ${e.latencyMs} ms latency, ${n(e.tooManyRequestsShare * 100)}% 429)`,
      ms(e.pipeline.wallMs),
      `${n(e.pipeline.requests)} requests (+${e.pipeline.rejected429} answered 429), ${n(e.pipeline.emulatorBilledCharacters)} chars billed vs ${n(e.uniqueSegmentCharacters)} unique-segment chars (${e.uniqueSegments} unique of ${e.segments} segments × ${result.locales.length} locales); max ${e.pipeline.maxConcurrentRequests} concurrent`,
    ],
    e && [
      'DeepL emulator, naive baseline (1 request/segment, sequential, deepl-node defaults)',
      ms(e.naive.wallMs),
      `${n(e.naive.requests)} requests, ${n(e.naive.billedCharacters)} chars billed${e.naive.extrapolated ? `; extrapolated from ${e.naive.sampleRequests} requests in ${ms(e.naive.sampleMs)} (${e.naive.sample429} × 429)` : ''}; pipeline is ${n(e.speedup, 1)}× faster and bills ${n(e.billingRatio, 2)}× less`,
    ],
    !po4a ? null : po4a.available
      ? [
          `po4a ${po4a.version.replace(/^po4a version /, '').replace(/\.$/, '')}: extract to PO, msgen, translate -k 0`,
          ms(po4a.archiveMs),
          `${po4a.extrapolated ? `extrapolated from ${po4a.articles} articles (${ms(po4a.totalMs)}: extract ${ms(po4a.extractMs)}, msgen ${ms(po4a.fillMs)}, translate ${ms(po4a.translateMs)})` : `${po4a.articles} articles`}; pipeline cold run is ${n(po4a.pipelineRatio ?? 0, 1)}× faster`,
        ]
      : ['po4a', '—', po4a.reason],
  ];
  const lines = [
    `### ${n(result.size)} articles (${n(archive.sourceBytes / 1e6, 1)} MB of sources, ${n(archive.segments)} segments, locales ${result.locales.join(', ')})${result.quick ? ' — quick' : ''}`,
    '',
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.memoryGB} GB, Node ${m.node}, ${m.platform}; load average at the end ${m.loadAverage.join(' ')} (shared machine). Pipeline at ${m.commit ?? 'unknown'}; ${result.date.slice(0, 10)}.`,
    '',
    '| measure | time | details |',
    '|---|---:|---|',
    ...rows.filter((r): r is string[] => r !== null).map((r) => `| ${r.join(' | ')} |`),
    ...(noop ? [] : ['', '`--cold-only`: the no-op, edit, DeepL-emulator and po4a measurements were not run at this size.']),
    '',
    '| target | met | where we stand |',
    '|---|:-:|---|',
    ...result.targets.map((t) => `| ${t.target} | ${t.met ? 'yes' : '**no**'} | ${t.actual} |`),
    '',
  ];
  return lines.join('\n');
}
