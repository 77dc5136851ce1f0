/** The markdown of a bench result: issue 13's table, then its details (printed and kept in bench/README.md). */
import type { BenchResult } from './run-bench.ts';
import { failed, secs } from './issue-rows.ts';

const n = (v: number, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (v: number) => (v >= 1000 ? secs(v) : `${n(v)} ms`);
const verdict = (met: boolean | null) => (met === null ? '—' : met ? 'yes' : '**no**');

/** Render `result` as markdown (a skipped run: one line saying why). */
export function formatTable(result: BenchResult): string {
  if (result.skipped) return `Benchmark skipped: ${result.reason}\n`;
  const { machine: m, measurements: x, detail: d, archive, edit, economy: e } = result;
  const runs = (list: number[]) => list.map((v) => n(v)).join(', ');
  const notes: string[] = [];
  if (!failed(x.floors)) {
    notes.push(
      `Floors (\`node bench/floor-child.mjs\`, fresh process, whole-process time, beside each run): read + SHA-256 of ${n(x.floors.hash.files)} files (sources and locales/) ${ms(x.floors.hash.ms)} (in-process ${ms(d.floors?.hashInProcessMs ?? 0)}); parse of ${n(x.floors.parse.files)} sources with remark-parse + remark-gfm + remark-frontmatter ${ms(x.floors.parse.ms)} (in-process ${ms(d.floors?.parseInProcessMs ?? 0)}, ${n(x.floors.parse.maxRssMB ?? 0)} MB).`,
    );
  }
  if (!failed(x.cold)) notes.push(`Cold runs: ${runs(x.cold.runs)} ms; ${n(d.cold?.filesWritten ?? 0)} files written, ${n(d.cold?.translated ?? 0)} segments from the provider.`);
  if (!failed(x.noop)) notes.push(`No-op runs: ${runs(x.noop.runs)} ms; files written, created or removed under locales/ and dist/ (inode, mtime, size; and the run's own \`filesWritten\`): ${x.noop.filesWritten}.`);
  if (!failed(x.check)) notes.push(`Check runs: ${runs(x.check.runs)} ms; exit code ${d.check?.exitCode}, ${n(d.check?.reportLines ?? 0)} report lines.`);
  if (x.po4a && !failed(x.po4a)) notes.push(`po4a: \`po4a -M UTF-8 -L UTF-8 -o markdown --keep 0 po4a.cfg\` from scratch, one config listing every article, one POT, one PO (bench/po4a-peer.ts); runs ${runs(x.po4a.run.runs)} ms, ${n(x.po4a.run.maxRssMB ?? 0)} MB; ${n(d.po4a?.entries ?? 0)} POT entries, ${n(d.po4a?.outputs ?? 0)} articles written.`);
  if (!failed(x.repo)) {
    notes.push(
      `Repository as cloned: \`npm run env\` ${runs(x.repo.env.runs)} ms; \`npm run translate\` ${runs(x.repo.translate.runs)} ms (${x.repo.translate.filesWritten} files written); \`npm run check\` ${runs(x.repo.check.runs)} ms, peak RSS of the check process (script line run directly) ${x.repo.checkRssMB === null ? 'n/a' : `${n(x.repo.checkRssMB)} MB`}, with npm ${x.repo.check.maxRssMB === null ? 'n/a' : `${n(x.repo.check.maxRssMB)} MB`}.`,
    );
  }
  if (result.commands.buildStale) notes.push('**build/ was older than the sources: the commands ran the TypeScript sources (cli/fresh-build.ts); run `npm run build` first.**');

  const other: string[][] = [];
  if (edit) {
    other.push(
      failed(edit)
        ? ['Edit run: one sentence in 1% of articles', '—', `failed: ${edit.error}`]
        : ['Edit run: one sentence in 1% of articles', secs(edit.ms), `${edit.editedArticles} articles edited, ${edit.expected} segments expected; sent ${edit.sentPerRun.join(', ')}; ${n(edit.filesWritten)} files written; runs ${runs(edit.runs)} ms`],
    );
  }
  if (e && failed(e)) other.push(['DeepL emulator', '—', `failed: ${e.error}`]);
  else if (e) {
    other.push(
      [
        `DeepL emulator, pipeline (${e.articles} articles, 3 locales, ${e.latencyMs} ms latency, ${n(e.tooManyRequestsShare * 100)}% 429)`,
        ms(e.pipeline.wallMs),
        `${n(e.pipeline.requests)} requests (+${e.pipeline.rejected429} answered 429), ${n(e.pipeline.emulatorBilledCharacters)} chars billed vs ${n(e.uniqueSegmentCharacters)} unique-segment chars (${e.uniqueSegments} unique of ${e.segments} segments); max ${e.pipeline.maxConcurrentRequests} concurrent`,
      ],
      [
        'DeepL emulator, naive baseline (1 request/segment, sequential)',
        ms(e.naive.wallMs),
        `${n(e.naive.requests)} requests, ${n(e.naive.billedCharacters)} chars billed${e.naive.extrapolated ? `; extrapolated from ${e.naive.sampleRequests} requests in ${ms(e.naive.sampleMs)}` : ''}; pipeline ${n(e.speedup, 1)}× faster, bills ${n(e.billingRatio, 2)}× less`,
      ],
    );
  }

  const lines = [
    `### Issue 13 at ${n(result.size)} articles${result.quick ? ' (quick)' : ''}`,
    '',
    `${n(archive.sourceBytes / 1e6, 1)} MB of sources, ${n(archive.segments)} segments, one target \`en: { provider: identity }\`. Machine: ${m.nproc} cores (${m.cpu}), ${m.memoryGB} GB, Node ${m.node}, ${m.platform}; load average ${m.loadAtStart.join(' ')} at the start, ${m.loadAverage.join(' ')} at the end (shared machine). Pipeline at ${m.commit}; ${result.date.slice(0, 16).replace('T', ' ')} UTC; ${n(result.totalMs / 60000, 1)} minutes.`,
    '',
    `Whole commands as child processes, start-up included, wall time median of ${result.reps}: \`translate\` = \`${result.commands.translate} --config X --json\`, \`check\` = \`${result.commands.check} --config X\` (package.json's scripts, without npm's start-up); rows a and g through \`npm run\`. Peak RSS: ${result.commands.rss}.`,
    '',
    '| work | ours | floor / peer | ratio | goal | met |',
    '|---|---|---|---|---|:-:|',
    ...result.rows.map((r) => `| ${r.id}. ${r.work} | ${r.ours} | ${r.peer} | ${r.ratioText} | ${r.goal} | ${verdict(r.met)} |`),
    '',
    ...notes.map((t) => `- ${t}`),
    ...(other.length > 0 ? ['', '| other measurement | time | details |', '|---|---:|---|', ...other.map((r) => `| ${r.join(' | ')} |`)] : []),
    '',
  ];
  return lines.join('\n');
}
