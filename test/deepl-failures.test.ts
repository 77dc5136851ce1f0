import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../pipeline/provider.ts';
import { getDeepLUsage } from '../pipeline/providers/deepl.ts';
import { fakeTranslate } from './deepl-emulator/index.ts';
import { codePoints, makeSegments, runJob, startHarness, type Harness } from './deepl-emulator/test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const xml = { tagHandling: 'xml' };

describe('DeepL provider: transient failures', () => {
  it('survives a storm of 429s and 5xx (seeded), delivering every segment once, billed once', async () => {
    h.emulator.setFaults({ seed: 7, tooManyRequests: { fraction: 0.4 }, serverError: { fraction: 0.2, status: 500 } });
    const segments = makeSegments(60, 3);
    const out = await runJob(h.provider({ retries: 12 }), segments);
    expect(out.error).toBeUndefined();
    expect(out.results.size).toBe(60);
    for (const s of segments) expect(out.results.get(s.id)).toBe(fakeTranslate(s.text, xml));
    const faults = h.emulator.translateRequests().filter((r) => r.fault);
    expect(faults.length).toBeGreaterThan(5);
    expect(h.emulator.billedCharacters).toBe(codePoints(segments.map((s) => s.text)));
  });

  it('lets deepl-node retry on its own first (maxRetries)', async () => {
    h.emulator.setFaults({ serverError: { first: 1 } });
    const out = await runJob(h.provider({ maxRetries: 2, retries: 0 }), [{ id: 'a', text: 'Rumah besar.' }]);
    expect(out.error).toBeUndefined();
    expect(out.stats?.requests).toBe(1); // one call; deepl-node made the second HTTP request
    expect(h.emulator.translateRequests().map((r) => r.status)).toEqual([503, 200]);
  });

  it('survives dropped connections (no response)', async () => {
    h.emulator.setFaults({ noResponse: { first: 2 } });
    const out = await runJob(h.provider(), [{ id: 'a', text: 'Rumah besar.' }]);
    expect(out.error).toBeUndefined();
    expect(out.results.get('a')).toBe('House big.');
    expect(h.emulator.translateRequests().map((r) => r.fault ?? r.status)).toEqual(['noResponse', 'noResponse', 200]);
    expect(h.emulator.billedCharacters).toBe(codePoints(['Rumah besar.']));
  });

  it('survives a slow response past the timeout without paying twice', async () => {
    h.emulator.setFaults({ slow: { ms: 1500, first: 1 } });
    const out = await runJob(h.provider({ minTimeout: 300 }), [{ id: 'a', text: 'Rumah besar.' }]);
    expect(out.error).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1600)); // let the abandoned request finish on the server
    expect(h.emulator.translateRequests()[0].fault).toBe('clientGone');
    expect(h.emulator.billedCharacters).toBe(codePoints(['Rumah besar.']));
  });

  it('gives up with a network error when DeepL stays unreachable', async () => {
    h.emulator.setFaults({ noResponse: { fraction: 1 } });
    const out = await runJob(h.provider({ retries: 2 }), [{ id: 'a', text: 'Rumah besar.' }]);
    expect(out.error).toBeInstanceOf(ProviderError);
    expect(out.error?.kind).toBe('network');
    expect(out.error?.message).toMatch(/Cannot reach DeepL/);
    expect(h.emulator.translateRequests()).toHaveLength(3);
  });

  it('gives up as unavailable when 5xx persist', async () => {
    h.emulator.setFaults({ serverError: { fraction: 1 } });
    const out = await runJob(h.provider({ retries: 1 }), [{ id: 'a', text: 'Rumah besar.' }]);
    expect(out.error?.kind).toBe('unavailable');
  });
});

describe('DeepL provider: quota', () => {
  it('stops at 456, keeps what was delivered, and a fresh provider resumes with the rest', async () => {
    const segments = makeSegments(40, 4);
    const perParagraph = codePoints(segments.slice(0, 4).map((s) => s.text));
    h.emulator.setFaults({ quotaCharacters: Math.floor(perParagraph * 4.5) });
    const first = await runJob(h.provider({ concurrency: 1 }), segments);
    expect(first.error).toBeInstanceOf(ProviderError);
    expect(first.error?.kind).toBe('quota');
    expect(first.error?.message).toMatch(/quota exceeded \(456\): 16 of 40 segments were translated and delivered/);
    expect(first.error?.stats).toMatchObject({ requests: 5, billedCharacters: h.emulator.billedCharacters });
    expect(first.results.size).toBe(16);
    // Nothing was sent after the 456.
    const requests = h.emulator.translateRequests();
    expect(requests.at(-1)?.status).toBe(456);

    h.emulator.clearFaults(); // the quota resets
    const rest = segments.filter((s) => !first.results.has(s.id));
    const second = await runJob(h.provider(), rest);
    expect(second.error).toBeUndefined();
    expect(first.results.size + second.results.size).toBe(40);
    expect(h.emulator.billedCharacters).toBe(codePoints(segments.map((s) => s.text)));
  });

  it('reads usage for --dry-run', async () => {
    await runJob(h.provider(), [{ id: 'a', text: 'Rumah besar.' }]);
    const usage = await getDeepLUsage({ options: {}, env: { DEEPL_AUTH_KEY: h.key, DEEPL_SERVER_URL: h.emulator.url }, cacheDir: h.cacheDir });
    expect(usage).toEqual({ characterCount: 12, characterLimit: 500_000 });
  });
});

describe('DeepL provider: auth and secrets', () => {
  it('fails at once on 403, saying how to set the key', async () => {
    const wrong = 'wrong-key-5d41402abc4b2a76b9719d911017c592';
    const out = await runJob(h.provider({}, { DEEPL_AUTH_KEY: wrong, DEEPL_SERVER_URL: h.emulator.url }), makeSegments(20, 2));
    expect(out.error?.kind).toBe('auth');
    expect(out.error?.message).toMatch(/DEEPL_AUTH_KEY/);
    expect(out.results.size).toBe(0);
    expect(h.emulator.translateRequests().length).toBeLessThanOrEqual(2); // the requests already in flight, nothing more
  });

  it('fails with an auth error naming DEEPL_AUTH_KEY and --provider pseudo when the key is missing', async () => {
    const out = await runJob(h.provider({}, { DEEPL_SERVER_URL: h.emulator.url }), [{ id: 'a', text: 'Rumah.' }]);
    expect(out.error?.kind).toBe('auth');
    expect(out.error?.message).toMatch(/set DEEPL_AUTH_KEY/);
    expect(out.error?.message).toMatch(/--provider pseudo/);
    await expect(getDeepLUsage({ options: {}, env: {}, cacheDir: h.cacheDir })).rejects.toMatchObject({ kind: 'auth' });
    expect(h.emulator.requests).toHaveLength(0);
  });

  it('never leaks the key: not in errors (message, stack, inspected causes), stats, results or files', async () => {
    const secret = 'sEcReT-9f86d081884c7d659a2feaa0c55ad015:fx';
    const leaks: string[] = [];
    const check = (label: string, text: string) => {
      if (text.includes(secret) || text.includes(secret.slice(0, 12))) leaks.push(label);
    };
    // 1. the key is wrong (403)
    const denied = await runJob(h.provider({}, { DEEPL_AUTH_KEY: secret, DEEPL_SERVER_URL: h.emulator.url }), [{ id: 'a', text: 'Rumah.' }]);
    // 2. the key is right but the network fails, 5xx, quota
    const fresh = await startHarness({ authKeys: [secret] });
    try {
      const env = { DEEPL_AUTH_KEY: secret, DEEPL_SERVER_URL: fresh.emulator.url };
      const outcomes = [denied];
      fresh.emulator.setFaults({ noResponse: { fraction: 1 } });
      outcomes.push(await runJob(fresh.provider({ retries: 1, glossary: { rumah: 'home' } }, env), [{ id: 'a', text: 'Rumah.' }]));
      fresh.emulator.setFaults({ serverError: { fraction: 1 } });
      outcomes.push(await runJob(fresh.provider({ retries: 1 }, env), [{ id: 'a', text: 'Rumah.' }]));
      fresh.emulator.setFaults({ quotaCharacters: 3, dropTags: {} });
      outcomes.push(await runJob(fresh.provider({ glossary: { rumah: 'home' } }, env), [{ id: 'b', text: 'Rumah <g1>x</g1>.' }]));
      fresh.emulator.setFaults({ dropTags: {} });
      outcomes.push(await runJob(fresh.provider({ glossary: { rumah: 'home' } }, env), [{ id: 'c', text: 'Rumah <g1>x</g1>.' }]));
      expect(outcomes.map((o) => o.error?.kind)).toEqual(['auth', 'network', 'unavailable', 'quota', undefined]);
      expect(outcomes[4].stats?.rejected).toHaveLength(1);
      for (const [i, o] of outcomes.entries()) {
        check(`error ${i} message`, String(o.error?.message));
        check(`error ${i} stack`, String(o.error?.stack));
        check(`error ${i} inspect`, inspect(o.error, { depth: 20, showHidden: true }));
        check(`error ${i} json`, JSON.stringify(o.error ?? null));
        check(`stats ${i}`, JSON.stringify(o.stats ?? null));
        check(`results ${i}`, JSON.stringify([...o.results]));
      }
      for (const dir of [h.cacheDir, fresh.cacheDir])
        for (const file of readdirSync(dir, { recursive: true }) as string[]) {
          const path = join(dir, file);
          if (statSync(path).isFile()) check(path, readFileSync(path, 'utf8'));
        }
    } finally {
      await fresh.close();
    }
    expect(leaks).toEqual([]);
  });
});
