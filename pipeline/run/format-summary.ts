import type { RunSummary } from './summary.ts';

const n = (value: number) => value.toLocaleString('en-US');

/** The end-of-run summary for humans (stderr). */
export function formatSummary(summary: RunSummary): string {
  const lines = [`${summary.dryRun ? 'Dry run: ' : ''}${n(summary.articles)} articles, ${n(summary.segments)} segments`];
  for (const [locale, l] of Object.entries(summary.locales)) {
    const parts = summary.dryRun
      ? [`${n(l.pending.segments)} segments, ${n(l.pending.characters)} characters would be sent to ${l.provider}`]
      : [`${n(l.reused)} reused`, `${n(l.translated)} translated`, `${n(l.stale)} stale`, `${n(l.missing)} missing`, `${n(l.requests)} requests`, `${n(l.billedCharacters)} billed characters`];
    if (l.failed > 0) parts.push(`${n(l.failed)} rejected for broken markup`);
    if (l.quota) parts.push(`quota: ${n(l.quota.used)} of ${n(l.quota.limit)} characters used`);
    lines.push(`  ${locale} (${l.provider}): ${parts.join(', ')}`);
  }
  if (!summary.dryRun) lines.push(`${n(summary.filesWritten)} files written`);
  for (const error of summary.errors) lines.push(`error: ${error.message}`);
  for (const failure of summary.providerFailures) lines.push(`error: ${failure}`);
  return lines.join('\n');
}
