/**
 * The pipeline reads only the declared provider interface (pipeline/provider.ts): per-result
 * unknown words, rejected segments with reasons, token usage, estimates and budgets reach the
 * run's figures and files through the declared fields, whatever the provider is called.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Provider, ProviderFactory } from '../pipeline/provider.ts';
import { createIdentityProvider } from '../pipeline/providers/identity.ts';
import { createWorkspace, type Workspace } from './helpers/workspace.ts';

const ARTICLE = '---\ntitle: Berita kota\n---\n\nHarga beras naik di pasar kota. Presiden datang ke Jakarta.\n\nMenteri berbicara kepada wartawan.\n';

/** identity, reporting what the capabilities allow: tokens per request, an estimate, one rejection, unknown words. */
const capable = (extra: Partial<Provider> = {}): ProviderFactory => (context) => {
  const base = createIdentityProvider(context);
  return {
    ...base,
    async translate(job, onResults) {
      const rejectedId = job.segments.find((s) => s.text.startsWith('Menteri'))?.id;
      onResults(job.segments.filter((s) => s.id !== rejectedId).map((s) => ({ id: s.id, text: s.text, unknownWords: s.text.includes('beras') ? 2 : 0 })));
      return { requests: 1, billedCharacters: 0, tokens: { input: 100 * job.segments.length, output: 7 }, retried: 3, rejected: rejectedId ? [{ id: rejectedId, reason: 'answer equals the source' }] : [] };
    },
    async estimate(job) {
      return { requests: 1, billedCharacters: 0, tokens: { input: 10 * job.segments.length, output: 12 * job.segments.length }, cost: 0.5 * job.segments.length };
    },
    ...extra,
  };
};

let ws: Workspace | undefined;
afterEach(() => {
  ws = undefined;
});

describe('declared provider capabilities reach the run', () => {
  it('tokens are summed into the target figures; a rejection is reported with its reason and not written; unknown words are noted', async () => {
    ws = createWorkspace({ 'source/kota.md': ARTICLE }, { sourceLocale: 'id', source: 'source/**/*.md', locales: 'locales', output: 'dist', cache: '.cache/memory.sqlite', targets: { en: { provider: 'identity' } } });
    const summary = await ws.translate({ providers: { identity: capable() } });
    const en = summary.locales.en;
    expect(en.tokens).toEqual({ input: 400, output: 7 });
    expect(en.retried).toBe(3); // the provider's own retries alone count with the gate's
    expect(en.failed).toBe(1);
    const rejection = summary.errors.find((e) => e.message.includes('answer equals the source'));
    expect(rejection?.file).toContain('kota');
    expect(ws.read('locales/en/kota.yaml')).not.toMatch(/Menteri berbicara/);
    expect(ws.read('locales/en/kota.state.yaml')).toMatch(/unknownWords: 2/);

    // The fix the message gives works as written (found while trying to break issue 14: the
    // written value became `unknown`, "its state record was lost"; approve said "no entry").
    const key = rejection?.key as string;
    expect(rejection?.message).toContain(`add \`${key}: <translation>\` to locales/en/kota.yaml, then \`npm run review -- approve en kota ${key}\``);
    const early = ws.cli('review', ['approve', 'en', 'kota', key]);
    expect(early.status).toBe(2);
    expect(early.stderr).toContain(`has no translation for "${key}" yet`);
    ws.write('locales/en/kota.yaml', `${ws.read('locales/en/kota.yaml')}${key}: The minister spoke to reporters.\n`);
    expect(ws.cli('review', ['approve', 'en', 'kota', key]).status).toBe(0);
    await ws.translate({ providers: { identity: capable() } });
    expect(ws.read('locales/en/kota.state.yaml')).toMatch(new RegExp(`"${key}": \\{[^}]*origin: "human", status: reviewed`));
  });

  it('a dry run reports the provider estimate (requests, tokens, cost) and the budget, and calls nothing', async () => {
    ws = createWorkspace({ 'source/kota.md': ARTICLE }, { sourceLocale: 'id', source: 'source/**/*.md', locales: 'locales', output: 'dist', cache: '.cache/memory.sqlite', targets: { en: { provider: 'identity' } } });
    const summary = await ws.translate({ dryRun: true, providers: { identity: capable({ budget: 1 }) } });
    expect(ws.calls).toEqual([]);
    expect(summary.locales.en.estimate).toEqual({ requests: 1, tokens: { input: 40, output: 48 }, cost: 2 });
    expect(summary.locales.en.budget).toBe(1);
    expect(summary.locales.en.tokens).toBeUndefined();
  });

  it('a request the server refused (refused: request) is reported and asked again on the next run, not remembered like a refused answer', async () => {
    ws = createWorkspace({ 'source/kota.md': ARTICLE }, { sourceLocale: 'id', source: 'source/**/*.md', locales: 'locales', output: 'dist', cache: '.cache/memory.sqlite', targets: { en: { provider: 'identity' } } });
    const refusing: ProviderFactory = (context) => ({
      ...createIdentityProvider(context),
      async translate(job, onResults) {
        const tooLong = job.segments.find((s) => s.text.startsWith('Menteri'));
        onResults(job.segments.filter((s) => s !== tooLong).map((s) => ({ id: s.id, text: s.text })));
        return { requests: 1, billedCharacters: 0, rejected: tooLong ? [{ id: tooLong.id, reason: 'the prompt exceeds the context window', refused: 'request' }] : [] };
      },
    });
    const first = await ws.translate({ providers: { identity: refusing } });
    const error = first.errors.find((e) => e.key !== undefined);
    expect(error?.code).toBe('rejected-translation');
    expect(error?.message).toContain('the identity server refused the request (the prompt exceeds the context window)');
    expect(error?.message).toContain('The next run asks again');
    expect(error?.message).not.toContain('also when asked again alone');
    ws.calls.length = 0;
    const second = await ws.translate();
    expect(ws.calls.flatMap((c) => c.texts)).toEqual(['Menteri berbicara kepada wartawan.']);
    expect(second.locales.en.missing).toBe(0);
  });

  it('providers without token usage leave tokens out of the figures', async () => {
    ws = createWorkspace({ 'source/kota.md': ARTICLE }, { sourceLocale: 'id', source: 'source/**/*.md', locales: 'locales', output: 'dist', cache: '.cache/memory.sqlite', targets: { en: { provider: 'identity' } } });
    const summary = await ws.translate();
    expect(summary.locales.en.tokens).toBeUndefined();
    expect(summary.locales.en.estimate).toBeUndefined();
  });
});
