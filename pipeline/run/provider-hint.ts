import type { ProviderErrorKind } from '../provider.ts';
import type { LocaleSummary, RunSummary } from './summary.ts';
import { formatCount } from '../util/format-count.ts';
import { PROVIDER_TRAITS } from '../providers/provider-names.ts';

/** What to do, by why the provider stopped: only a key problem is fixed by setting a key. */
function fixFor(kind: ProviderErrorKind | undefined, providers: string[]): string {
  const names = providers.map((p) => PROVIDER_TRAITS[p]?.displayName ?? p).join(', ');
  switch (kind) {
    case 'auth': {
      const how = providers.flatMap((p) => PROVIDER_TRAITS[p]?.credentials ?? []);
      return how.length > 0 ? `${how.join('; ')}, then rerun.` : `Give ${names} valid credentials, then rerun.`;
    }
    case 'quota':
      return `The ${names} quota is used up: rerun after it resets (or raise the plan's limit).`;
    case 'network':
    case 'unavailable':
      return `${names} is unavailable right now (see the error above): rerun later.`;
    case 'config':
      return `Fix the target's ${names} options in the config, then rerun.`;
    default:
      return 'Fix what the error above names, then rerun.';
  }
}

/** What to do when segments are waiting for a provider: counts per locale and how to give one. */
export function providerHint(summary: RunSummary): string | undefined {
  const waiting = Object.entries(summary.locales).filter(([, l]) => l.pending.segments > 0);
  if (summary.dryRun || waiting.length === 0) return undefined;
  const total = waiting.reduce((n, [, l]) => n + l.pending.segments, 0);
  const per = waiting.map(([locale, l]) => `${locale}: ${formatCount(l.pending.segments)} segments, ${formatCount(l.pending.characters)} characters (${l.provider})`);
  const saved = waiting.map(([locale, l]) => `${locale}: ${formatCount(l.translated)} of ${formatCount((l.translated + l.pending.segments))} segments saved`);
  // One fix per distinct reason (e.g. DeepL out of quota for one target, Apertium down for another).
  const byKind = new Map<ProviderErrorKind | undefined, Set<string>>();
  for (const [, l] of waiting as Array<[string, LocaleSummary]>) {
    const providers = byKind.get(l.stoppedBy) ?? new Set<string>();
    providers.add(l.provider);
    byKind.set(l.stoppedBy, providers);
  }
  const fixes = [...byKind].map(([kind, providers]) => fixFor(kind, [...providers]));
  return [
    `${formatCount(total)} segments still need a provider:`,
    ...per.map((line) => `  ${line}`),
    ...saved.map((line) => `  ${line}`),
    `Everything received so far is saved. ${fixes.join(' ')} Or try the pipeline with --provider pseudo.`,
  ].join('\n');
}
