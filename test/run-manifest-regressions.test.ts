/**
 * Regressions found by trying to break the run manifest (issue 13): each is a way a rerun that
 * skips unchanged articles could miss something a full run sees.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { createIdentityProvider } from '../pipeline/providers/identity.ts';
import type { ProviderFactory } from '../pipeline/provider.ts';

const CONFIG = { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } };
const article = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n${body}\n`;

describe('run manifest regressions', () => {
  it('a reviewer edit saved while a run works on other articles is not recorded as seen (reviewer-edit-during-run)', async () => {
    const ws = createWorkspace({ 'source/a.md': article('A', 'Harga beras naik.'), 'source/b.md': article('B', 'Hujan turun.') }, CONFIG);
    await ws.translate();
    // A full run (no manifest) reads every locale file; while the provider works on a's new
    // sentence, a reviewer saves b's title. b's files are not rewritten by this run.
    fs.rmSync(path.join(ws.dir, '.cache/run-manifest.json'));
    ws.write('source/a.md', article('A', 'Harga beras naik. Pedagang mengeluh.'));
    const editing: ProviderFactory = (context) => {
      const identity = createIdentityProvider(context);
      return {
        ...identity,
        async translate(job, onResults) {
          ws.write('locales/en/b.yaml', ws.read('locales/en/b.yaml').replace(/^title: .*$/m, 'title: Rain Falls'));
          return identity.translate(job, onResults);
        },
      };
    };
    await ws.translate({ providers: { identity: editing } });
    await ws.translate();
    expect(parse(ws.read('locales/en/b.state.yaml')).title).toMatchObject({ origin: 'human', status: 'reviewed' });
    expect(ws.read('dist/en/b.md')).toContain('title: Rain Falls');
  });

  it('a skipped article still reports its control characters on every run (warnings-on-skip)', async () => {
    const ws = createWorkspace({ 'source/a.md': article('A', 'Harga beras\u009d naik.') }, CONFIG);
    const first = await ws.translate();
    expect(first.warnings.map((w) => w.code)).toContain('control-characters');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 }); // the source's times are trusted
    try {
      const again = await ws.translate();
      expect(again.warnings).toEqual(first.warnings);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a run that finds no article leaves the manifest as it was (no-sources-keeps-manifest)', async () => {
    const ws = createWorkspace({ 'source/a.md': article('A', 'Harga beras naik.') }, CONFIG);
    await ws.translate();
    const manifest = ws.read('.cache/run-manifest.json');
    fs.renameSync(path.join(ws.dir, 'source'), path.join(ws.dir, 'elsewhere'));
    expect((await ws.translate()).exitCode).toBe(2);
    expect(ws.read('.cache/run-manifest.json')).toBe(manifest);
  });

  it('a memory deleted since the last run gets the reviewed translations back before anything is sent (memory-lost)', async () => {
    const ws = createWorkspace({ 'source/a.md': article('A', 'Harga beras naik.') }, CONFIG, { sqlite: true });
    await ws.translate();
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(/^(s-\w+): .*$/m, '$1: Rice prices rise (reviewed).'));
    await ws.translate();
    await ws.memory.close();
    fs.rmSync(path.join(ws.dir, '.cache/memory.sqlite'));
    await ws.cliAsync('translate'); // the next run (its own process and memory) puts them back
    ws.write('source/b.md', article('A', 'Harga beras naik.'));
    expect(ws.cli('translate').status).toBe(0);
    // The reviewed sentence comes from the memory as a human translation, not from the engine
    // (the title, a machine translation, was lost with the memory and is asked again).
    expect(ws.read('locales/en/b.yaml')).toContain('Rice prices rise (reviewed).');
    expect(Object.values(parse(ws.read('locales/en/b.state.yaml')) as Record<string, { origin: string }>).map((s) => s.origin).sort()).toEqual(['human', 'identity']);
  });

  it('an article that is a link is read every run, so a link that now leads outside the source folder is refused (link-escape)', async () => {
    const ws = createWorkspace({ 'source/real/x.md': article('X', 'Harga beras naik.') }, CONFIG);
    fs.symlinkSync('real/x.md', path.join(ws.dir, 'source/a.md'));
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 });
    try {
      expect((await ws.translate()).exitCode).toBe(0);
      const outside = fs.mkdtempSync(path.join(path.dirname(ws.dir), 'outside-'));
      fs.renameSync(path.join(ws.dir, 'source/real'), path.join(outside, 'real'));
      fs.symlinkSync(path.join(outside, 'real'), path.join(ws.dir, 'source/real'));
      vi.setSystemTime(Date.now() + 10_000);
      const again = await ws.translate();
      expect(again.errors.map((e) => e.code)).toContain('source-outside');
    } finally {
      vi.useRealTimers();
    }
  });
});
