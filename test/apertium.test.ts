import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, type ProviderResult } from '../pipeline/provider.ts';
import { createApertiumProvider, planBatches, type ApertiumResult, type ApertiumStats } from '../pipeline/providers/apertium.ts';
import { decodeBatch, decodeBlock, encodeBatch } from '../pipeline/providers/apertium/html-batch.ts';
import { verifyTags } from '../pipeline/tagged-text.ts';
import { fakeApertiumCommand, fakeApy } from './apertium-fakes.ts';
import { hasApertiumApy, startApertiumServer, type ApertiumServer } from './apertium-server.ts';

const INSTALL = 'apt-get install apertium apertium-ind-zlm';

function hasEngine(): boolean {
  const probe = spawnSync('apertium', ['-l'], { encoding: 'utf8', timeout: 15_000 });
  return probe.status === 0 && /\bind-zlm\b/.test(probe.stdout);
}
const ENGINE = hasEngine();
const APY = ENGINE && hasApertiumApy();
if (!ENGINE || !APY) {
  console.warn(
    `[apertium] real-engine tests skipped (${!ENGINE ? 'no apertium with the ind-zlm pair' : 'no apertium-apy'}). ` +
      `Enable them with: ${INSTALL} apertium-apy  (or sudo .ci/install-apertium.sh)`,
  );
}

const ctx = (options: Record<string, unknown>) => ({ options, env: {}, cacheDir: tmpdir() });

async function run(options: Record<string, unknown>, texts: string[]) {
  const provider = createApertiumProvider(ctx(options));
  const results: ApertiumResult[] = [];
  const stats = (await provider.translate(
    { sourceLocale: 'id', targetLocale: 'ms', segments: texts.map((text, i) => ({ id: `s${i}`, text })) },
    (batch: ProviderResult[]) => results.push(...(batch as ApertiumResult[])),
  )) as ApertiumStats;
  const byId = new Map(results.map((r) => [r.id, r]));
  return { results, stats, byId, text: (i: number) => byId.get(`s${i}`)?.text };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

// The paragraph of the seed article with "Perang Dingin" and "Amerika Serikat" (line 9), in sentences,
// the second one with inline markup added.
const SEED = readFileSync(new URL('./fixtures/seed/000_e1c8c7941a0e916c.txt', import.meta.url), 'utf8');
const PARAGRAPH = SEED.split('\n').find((line) => line.includes('Perang Dingin') && line.includes('Amerika Serikat'))!;
const [FIRST, SECOND] = PARAGRAPH.split(/(?<=\.) (?=[A-Z])/);
const TAGGED_SECOND = SECOND!.replace('Amerika Serikat', '<g1>Amerika Serikat</g1>').replace('sekutunya', 'sekutunya<x2/>');

describe('apertium html batch (pure)', () => {
  it('encodes segments as blocks, protecting the characters Apertium uses as marks', () => {
    expect(encodeBatch(['a <g1>b</g1> 5 * 3 = 15 &amp; c<x2/>', 'dan/atau @jfid #1'])).toBe(
      '<p>a <g1>b</g1> 5 <ast/> 3 = 15 &amp; c<x2/></p>\n<p>dan<sl/>atau <at/>jfid <hash/>1</p>\n',
    );
  });

  it('counts and removes unknown-word marks, keeps protected literals, cuts free variants', () => {
    expect(decodeBlock('<g1>*Amerika Syarikat</g1> *xyzzyq 5 <ast></ast> 3 &lt;*b&gt; <x2></x2> tentera/ketenteraan')).toEqual({
      text: '<g1>Amerika Syarikat</g1> xyzzyq 5 * 3 &lt;b&gt; <x2/> tentera',
      unknownWords: 3,
    });
    expect(decodeBlock('dan<sl/>atau <at/>jfid @kata #rumah &quot;x&quot; &#233;')).toEqual({
      text: 'dan/atau @jfid kata rumah "x" é',
      unknownWords: 2,
    });
  });

  it('refuses output whose blocks do not match the batch', () => {
    expect(decodeBatch('<p>a</p>\n<p>b</p>\n', 2)?.map((d) => d.text)).toEqual(['a', 'b']);
    expect(decodeBatch('<p>a</p>\n', 2)).toBeUndefined();
  });

  it('bounds batches by segments and bytes', () => {
    const segments = Array.from({ length: 10 }, (_, i) => ({ id: String(i), text: 'x'.repeat(100) }));
    expect(planBatches(segments, 4, 1_000_000).map((b) => b.segments.length)).toEqual([4, 4, 2]);
    expect(planBatches(segments, 100, 250).map((b) => b.segments.length)).toEqual([2, 2, 2, 2, 2]);
    expect(planBatches([{ id: 'big', text: 'x'.repeat(1000) }], 100, 250).map((b) => b.segments.length)).toEqual([1]);
  });
});

describe('apertium provider without the engine (fakes)', () => {
  it('batches 30 segments into one process call, delivers unknown-word counts, rejects lost tags', async () => {
    const fake = await fakeApertiumCommand();
    const texts = Array.from({ length: 30 }, (_, i) => `kalimat <g1>${i}</g1> zzfoo`);
    texts.push('hilang<x9/> di sini');
    const { stats, byId, text } = await run({ command: fake.path }, texts);
    expect(await fake.calls()).toBe(1);
    expect(stats.requests).toBe(1);
    expect(text(0)).toBe('KALIMAT <g1>0</g1> ZZFOO');
    expect(byId.get('s0')?.unknownWords).toBe(1);
    expect(stats.unknownWords).toBe(30);
    expect(byId.has('s30')).toBe(false);
    expect(stats.rejected).toEqual([{ id: 's30', reason: 'tags', problems: [{ code: 'missing-tag', tag: 'x9' }] }]);
  });

  it('keeps batches bounded (batchSize)', async () => {
    const fake = await fakeApertiumCommand();
    const { stats, results } = await run({ command: fake.path, batchSize: 8 }, Array.from({ length: 30 }, (_, i) => `s ${i}`));
    expect(results).toHaveLength(30);
    expect(stats.requests).toBe(4);
    expect(await fake.calls()).toBe(4);
  });

  it('delivers segments without prose unchanged, without calling the engine', async () => {
    const fake = await fakeApertiumCommand();
    const { stats, text } = await run({ command: fake.path }, ['<x1/>', ' ']);
    expect([text(0), text(1), stats.requests, await fake.calls()]).toEqual(['<x1/>', ' ', 0, 0]);
  });

  it('missing engine: a command that does not exist is "unavailable" and names the install command', async () => {
    const error = await rejection(run({ command: '/nonexistent/bin/apertium' }, ['Perang Dingin']));
    expect(error.kind).toBe('unavailable');
    expect(error.message.split('\n')).toContain(INSTALL);
  });

  it('missing pair: "unavailable" with the install command of that pair', async () => {
    const fake = await fakeApertiumCommand();
    const error = await rejection(run({ command: fake.path, pair: 'ind-eng' }, ['Perang Dingin']));
    expect(error.kind).toBe('unavailable');
    expect(error.message.split('\n')).toContain('apt-get install apertium apertium-ind-eng');
  });

  it('command timeout is a network error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'slow-apertium-'));
    const slow = join(dir, 'apertium');
    await writeFile(slow, `#!${process.execPath}\nsetTimeout(() => {}, 30_000);\n`);
    await chmod(slow, 0o755);
    const started = Date.now();
    const error = await rejection(run({ command: slow, timeoutMs: 300 }, ['Perang Dingin']));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/timeoutMs/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('server: batches into few requests', async () => {
    const apy = await fakeApy();
    try {
      const { stats, results } = await run({ mode: 'server', url: apy.url }, Array.from({ length: 30 }, (_, i) => `kalimat ${i}`));
      expect(results).toHaveLength(30);
      expect(stats.requests).toBe(1);
      expect(apy.requests()).toBe(1);
    } finally {
      await apy.close();
    }
  });

  it('server unreachable is a network error that says how to start it', async () => {
    const apy = await fakeApy();
    await apy.close(); // a port with nobody listening
    const error = await rejection(run({ mode: 'server', url: apy.url }, ['Perang Dingin']));
    expect(error.kind).toBe('network');
    expect(error.message).toContain(apy.url);
    expect(error.message).toContain('apertium-apy');
  });

  it('server: results received before a failure are delivered, then the job rejects with stats', async () => {
    const apy = await fakeApy((n) => (n === 1 ? 'ok' : 'hang'));
    try {
      const provider = createApertiumProvider(ctx({ mode: 'server', url: apy.url, batchSize: 2, concurrency: 1, timeoutMs: 300 }));
      const delivered: string[] = [];
      const error = await rejection(
        provider.translate(
          { sourceLocale: 'id', targetLocale: 'ms', segments: ['a', 'b', 'c', 'd'].map((t) => ({ id: t, text: t })) },
          (batch) => delivered.push(...batch.map((r) => `${r.id}=${r.text}`)),
        ),
      );
      expect(error.kind).toBe('network');
      expect(delivered).toEqual(['a=A', 'b=B']);
      expect(error.stats?.requests).toBe(2);
    } finally {
      await apy.close();
    }
  });

  it('rejects bad options as config errors', () => {
    expect(() => createApertiumProvider(ctx({ mode: 'socket' }))).toThrow(/mode must be/);
    expect(() => createApertiumProvider(ctx({ batchSize: 0 }))).toThrow(/batchSize/);
  });
});

describe.skipIf(!ENGINE)('apertium provider, real engine: command mode', () => {
  it('translates the seed paragraph to Malay with markup intact', async () => {
    const { text, byId, stats } = await run({}, [FIRST!, TAGGED_SECOND]);
    expect(text(0)).toContain('Perang Sejuk');
    expect(text(1)).toContain('<g1>Amerika Syarikat</g1>');
    expect(text(1)).toMatch(/sekutunya<x2\/>,/);
    expect(verifyTags(TAGGED_SECOND, text(1)!)).toEqual([]);
    expect(text(1)).not.toContain('*');
    // "Rusia", "Korea"; "Amerika", "sekutunya": unknown to ind-zlm 0.1.2
    expect(byId.get('s0')!.unknownWords).toBeGreaterThanOrEqual(1);
    expect(stats.unknownWords).toBe(byId.get('s0')!.unknownWords + byId.get('s1')!.unknownWords);
  });

  it('counts unknown words and keeps a literal asterisk', async () => {
    const { text, byId } = await run({}, ['Perang Dingin xyzzyq.', 'Perang Dingin 5 * 3 dan/atau #jfid.']);
    expect(text(0)).toBe('Perang Sejuk xyzzyq.');
    expect(byId.get('s0')!.unknownWords).toBe(1);
    expect(text(1)).toContain('5 * 3');
    expect(text(1)).toContain('#');
  });

  it('30 segments → 1 process call (counted by a wrapper around the real command)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'count-apertium-'));
    const log = join(dir, 'calls.log');
    const wrapper = join(dir, 'apertium');
    await writeFile(wrapper, `#!/bin/sh\necho call >> '${log}'\nexec apertium "$@"\n`);
    await chmod(wrapper, 0o755);
    const texts = Array.from({ length: 30 }, (_, i) => (i % 2 ? `Perang <g1>Dingin</g1> ke-${i}.` : `Amerika Serikat<x1/> ${i}.`));
    const { results, stats, text } = await run({ command: wrapper }, texts);
    expect((await readFile(log, 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(stats.requests).toBe(1);
    expect(results).toHaveLength(30);
    expect(text(1)).toBe('Perang <g1>Sejuk</g1> ke-1.');
    expect(text(0)).toBe('Amerika Syarikat<x1/> 0.');
  });

  it('a pair that is not installed is "unavailable" with the install command', async () => {
    const error = await rejection(run({ pair: 'ind-xyz' }, ['Perang Dingin']));
    expect(error.kind).toBe('unavailable');
    expect(error.message.split('\n')).toContain('apt-get install apertium apertium-ind-xyz');
  });

  it('fingerprint names the pair and the installed versions', () => {
    const fp = createApertiumProvider(ctx({ mode: 'server' })).fingerprint({ sourceLocale: 'id', targetLocale: 'ms' });
    expect(fp).toMatch(/^apertium:ind-zlm:apertium=[^,]+,apertium-ind-zlm=\S+$/);
    expect(createApertiumProvider(ctx({})).fingerprint({ sourceLocale: 'id', targetLocale: 'ms' })).toBe(fp);
  });
});

describe.skipIf(!APY)('apertium provider, real engine: server mode (apertium-apy on loopback)', () => {
  let server: ApertiumServer;
  beforeAll(async () => {
    server = await startApertiumServer({ warmPair: 'ind-zlm' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('translates the seed paragraph to Malay with markup intact, like command mode', async () => {
    const viaServer = await run({ mode: 'server', url: server.url }, [FIRST!, TAGGED_SECOND]);
    expect(viaServer.text(0)).toContain('Perang Sejuk');
    expect(viaServer.text(1)).toContain('<g1>Amerika Syarikat</g1>');
    expect(viaServer.text(1)).toMatch(/sekutunya<x2\/>,/);
    const viaCommand = await run({}, [FIRST!, TAGGED_SECOND]);
    expect(viaServer.results).toEqual(viaCommand.results);
  });

  it('30 segments → at most ceil(bytes / batchBytes) requests', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => `${PARAGRAPH} (${i})`);
    const { results, stats, text } = await run({ mode: 'server', url: server.url }, texts);
    expect(results).toHaveLength(30);
    const bytes = Buffer.byteLength(encodeBatch(texts));
    expect(stats.requests).toBeLessThanOrEqual(Math.ceil(bytes / 4000) + 1);
    expect(stats.requests).toBeLessThan(30);
    expect(text(29)).toContain('Perang Sejuk');
    const small = await run({ mode: 'server', url: server.url }, Array.from({ length: 30 }, (_, i) => `Perang Dingin ${i}.`));
    expect(small.stats.requests).toBe(1);
    expect(small.text(7)).toBe('Perang Sejuk 7.');
  });

  it('a pair the server does not have is "unavailable" with the install command', async () => {
    const error = await rejection(run({ mode: 'server', url: server.url, pair: 'ind-xyz' }, ['Perang Dingin']));
    expect(error.kind).toBe('unavailable');
    expect(error.message.split('\n')).toContain('apt-get install apertium apertium-ind-xyz');
  });
});
