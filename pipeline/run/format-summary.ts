import type { LocaleSummary, RunSummary } from './summary.ts';
import { formatCount as n } from '../util/format-count.ts';
import { BAND_NAMES, type LeverageBands } from '../analysis/leverage-bands.ts';

/** `not-published` warnings shown one by one; the rest are counted in one line. */
const SHOWN_NOT_PUBLISHED = 3;

/** The end-of-run summary for humans (stderr). */
export function formatSummary(summary: RunSummary): string {
  const lines = [`${summary.dryRun ? 'Dry run: ' : ''}${n(summary.articles)} articles, ${n(summary.segments)} segments`];
  for (const [locale, l] of Object.entries(summary.locales)) {
    const parts = summary.dryRun
      ? [`${n(l.pending.segments)} segments, ${n(l.pending.characters)} characters would be sent to ${l.provider}`]
      : [`${n(l.reused)} reused`, `${n(l.translated)} translated`, `${n(l.stale)} stale`, `${n(l.missing)} missing`, `${n(l.requests)} requests`, `${n(l.billedCharacters)} billed characters`];
    if (l.tokens) parts.push(`${n(l.tokens.input)} input + ${n(l.tokens.output)} output tokens`);
    if (l.estimate) parts.push(estimateText(l.estimate, l.budget));
    if (l.repaired > 0) parts.push(`${n(l.repaired)} repaired (spaces at markup edges)`);
    if (l.retried > 0) parts.push(`${n(l.retried)} asked again alone (an answer refused)`);
    if (l.failed > 0) parts.push(`${n(l.failed)} given up on (broken markup or a failed check, see the errors)`);
    if (!summary.dryRun && l.drafts > 0) parts.push(`${n(l.drafts)} ${l.drafts === 1 ? 'article' : 'articles'} held back as draft by the review policy`);
    if (l.quota) parts.push(`quota: ${n(l.quota.used)} of ${n(l.quota.limit)} characters used`);
    lines.push(`  ${locale} (${l.provider}): ${parts.join(', ')}`);
    if (l.analysis) lines.push(...analysisTable(l.analysis.bands));
  }
  if (summary.unpublished.length > 0) {
    const count = `${n(summary.unpublished.length)} ${summary.unpublished.length === 1 ? 'article' : 'articles'}`;
    lines.push(`${count} ${summary.dryRun ? 'would be unpublished' : 'unpublished'} (no longer in the source): ${summary.unpublished.join(', ')}`);
  }
  if (!summary.dryRun) lines.push(`${n(summary.filesWritten)} files written`);
  // Articles left unpublished are listed a few at a time: an archive without a provider key would bury the error under them.
  const notPublished = summary.warnings.filter((w) => w.code === 'not-published');
  for (const warning of summary.warnings) if (warning.code !== 'not-published' || notPublished.indexOf(warning) < SHOWN_NOT_PUBLISHED) lines.push(`warning: ${warning.message}`);
  if (notPublished.length > SHOWN_NOT_PUBLISHED) lines.push(`warning: ${n(notPublished.length - SHOWN_NOT_PUBLISHED)} more not published in a target (nothing publishable there yet); \`translate --json\` lists each under warnings.`);
  for (const error of summary.errors) lines.push(`error: ${error.message}`);
  for (const failure of summary.providerFailures) lines.push(`error: ${failure}`);
  return lines.join('\n');
}

/** `about 1,234 input + 1,500 output tokens in 3 requests, cost about 0.0123 (budget 1)` for a dry run. */
function estimateText(estimate: NonNullable<LocaleSummary['estimate']>, budget: number | undefined): string {
  const tokens = estimate.tokens ? `about ${n(estimate.tokens.input)} input + ${n(estimate.tokens.output)} output tokens in ` : '';
  const cost = estimate.cost === undefined ? '' : `, cost about ${estimate.cost.toPrecision(3)}${budget === undefined ? '' : ` (budget ${budget})`}`;
  return `${tokens}${n(estimate.requests)} ${estimate.requests === 1 ? 'request' : 'requests'}${cost}`;
}

/** The leverage analysis of one target as a small table: one row per band, then the total. */
function analysisTable(bands: LeverageBands): string[] {
  const total = { segments: 0, words: 0, characters: 0 };
  for (const name of BAND_NAMES) for (const k of ['segments', 'words', 'characters'] as const) total[k] += bands[name][k];
  const rows = [['band', 'segments', 'words', 'characters'], ...BAND_NAMES.map((name) => [name, n(bands[name].segments), n(bands[name].words), n(bands[name].characters)]), ['total', n(total.segments), n(total.words), n(total.characters)]];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => [...row[c]].length)));
  return rows.map((row) => `    ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`);
}
