import type { RunSummary } from './summary.ts';

/** What to do when segments are waiting for a provider: counts per locale and how to give one. */
export function providerHint(summary: RunSummary): string | undefined {
  const waiting = Object.entries(summary.locales).filter(([, l]) => l.pending.segments > 0);
  if (summary.dryRun || waiting.length === 0) return undefined;
  const total = waiting.reduce((n, [, l]) => n + l.pending.segments, 0);
  const per = waiting.map(([locale, l]) => `${locale}: ${l.pending.segments.toLocaleString('en-US')} segments, ${l.pending.characters.toLocaleString('en-US')} characters (${l.provider})`);
  const saved = waiting.map(([locale, l]) => `${locale}: ${l.translated.toLocaleString('en-US')} of ${(l.translated + l.pending.segments).toLocaleString('en-US')} segments saved`);
  const fix = waiting.some(([, l]) => l.provider === 'deepl')
    ? 'Set DEEPL_AUTH_KEY (or rerun after the quota resets).'
    : 'Fix what the error above names, then rerun.';
  return [
    `${total.toLocaleString('en-US')} segments still need a provider:`,
    ...per.map((line) => `  ${line}`),
    ...saved.map((line) => `  ${line}`),
    `Everything received so far is saved. ${fix} Or try the pipeline with --provider pseudo.`,
  ].join('\n');
}
