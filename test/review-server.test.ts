import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWorkspace, DEFAULT_CONFIG, type Workspace } from './helpers/workspace.ts';
import { loadConfig } from '../pipeline/config/load-config.ts';
import { segmentSentences } from '../pipeline/segmenter/segment-sentences.ts';
import { startReviewServer, type RunningReviewServer } from '../pipeline/review/server/start-server.ts';
import { saveValue } from '../pipeline/review/save-value.ts';
import { exposureWarning, isLoopbackHost } from '../pipeline/review/server/security.ts';

const ARTICLE = `---
title: Harga Beras
---

Harga **beras** naik tajam di Jakarta. Pedagang mengeluh sejak pagi.

Pemerintah berjanji menurunkan harga.
`;
const CONFIG = { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } };

const servers: RunningReviewServer[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()!.close();
});

async function translated(): Promise<Workspace> {
  const ws = createWorkspace({ 'source/a.md': ARTICLE }, CONFIG);
  await ws.translate();
  return ws;
}

const configOf = (ws: Workspace) => loadConfig(path.join(ws.dir, 'translate.config.yaml'));

async function serve(ws: Workspace): Promise<RunningReviewServer> {
  const server = await startReviewServer(configOf(ws), { port: 0, split: segmentSentences, warn: () => {} });
  servers.push(server);
  return server;
}

const keyOf = (ws: Workspace, sentence: string) => Object.entries(parse(ws.read('locales/id/a.yaml')) as Record<string, string>).find(([, v]) => v === sentence)?.[0] as string;

/** The hash the page embeds (main[data-file-hash]). */
async function pageHash(server: RunningReviewServer, locale = 'en', article = 'a'): Promise<string> {
  const html = await (await fetch(`${server.url}review/${locale}/${article}`)).text();
  return /data-file-hash="([0-9a-f]*)"/.exec(html)?.[1] as string;
}

function post(server: RunningReviewServer, action: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const origin = server.url.replace(/\/$/, '');
  return fetch(`${server.url}api/${action}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin, 'X-Review-Token': server.token, ...headers }, body: JSON.stringify(body) });
}

/** Every file of the workspace but the memory cache: path → bytes. */
function snapshot(ws: Workspace): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ws.dir, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (rel.startsWith('.cache')) continue;
      if (entry.isDirectory()) walk(rel);
      else out.set(rel, fs.readFileSync(path.join(ws.dir, rel), 'base64'));
    }
  };
  walk('');
  return out;
}

describe('review server pages', () => {
  it('home links the article by its id and to its article × target page with counts', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const html = await (await fetch(server.url)).text();
    expect(html).toMatch(/<a href="\/review\/en\/a">a<\/a>/);
    expect(html).toMatch(/<a href="\/review\/en\/a">a → en<\/a><div class="counts"><b>4<\/b> machine · <b>0<\/b> reviewed · <b>0<\/b> stale · <b>0<\/b> rejected · <b>0<\/b> missing/);
  });

  it('the article page has one named textarea per segment, statuses, buttons, filter, token; no environment secret', async () => {
    const ws = await translated();
    process.env.REVIEW_TEST_SECRET = 'sekret-123';
    const server = await serve(ws);
    const html = await (await fetch(`${server.url}review/en/a`)).text();
    delete process.env.REVIEW_TEST_SECRET;
    const keys = Object.keys(parse(ws.read('locales/en/a.yaml')) as Record<string, string>);
    expect(keys).toHaveLength(4);
    for (const key of keys) expect(html).toContain(`aria-label="Translation of ${key}"`);
    expect(html.match(/<textarea/g)).toHaveLength(4);
    expect(html.match(/>machine</g)).toHaveLength(4);
    expect(html.match(/>Save<\/button>/g)).toHaveLength(4);
    expect(html.match(/>Approve<\/button>/g)).toHaveLength(4);
    expect(html.match(/>Reject<\/button>/g)).toHaveLength(4);
    expect(html).toContain('Only entries needing attention');
    expect(html).toContain(`<meta name="review-token" content="${server.token}">`);
    expect(html).not.toContain('sekret-123');
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)="https?:/);
  });

  it('a stale entry shows the word diff of its previous and new source and its suggestion', async () => {
    const ws = await translated();
    const key = keyOf(ws, 'Pemerintah berjanji menurunkan harga.');
    const config = configOf(ws);
    const hash = await pageHash(await serve(ws));
    expect(saveValue(config, 'en', 'a', key, 'The government promised to cut prices.', hash, segmentSentences)).toHaveProperty('ok', true);
    ws.write('source/a.md', ARTICLE.replace('menurunkan harga', 'segera menurunkan harga beras'));
    await ws.translate();
    const html = await (await fetch(`${servers[0].url}review/en/a`)).text();
    expect(html).toMatch(/>stale</);
    expect(html).toContain('Pemerintah berjanji <ins>segera </ins>menurunkan harga<ins> beras</ins>.');
    expect(html).toContain('>Use suggestion</button>');
  });

  it('unknown locale, unknown article and path traversal are 404 pages', async () => {
    const ws = await translated();
    const server = await serve(ws);
    expect((await fetch(`${server.url}review/fr/a`)).status).toBe(404);
    expect((await fetch(`${server.url}review/en/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}review/en/..%2Ftranslate.config`)).status).toBe(404);
    expect((await fetch(`${server.url}review/en/%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});

describe('review server writes', () => {
  it('refuses a write without the token, with a wrong token, or from a foreign or missing Origin (403), and nothing changes', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const key = keyOf(ws, 'Pemerintah berjanji menurunkan harga.');
    const body = { locale: 'en', article: 'a', key, value: 'Hacked.', fileHash: await pageHash(server) };
    const before = snapshot(ws);
    expect((await post(server, 'save', body, { 'X-Review-Token': '' })).status).toBe(403);
    expect((await post(server, 'save', body, { 'X-Review-Token': 'x'.repeat(43) })).status).toBe(403);
    expect((await post(server, 'save', body, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(server, 'approve', body, { Origin: 'http://evil.example' })).status).toBe(403);
    const noOrigin = await fetch(`${server.url}api/reject`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Review-Token': server.token }, body: JSON.stringify(body) });
    expect(noOrigin.status).toBe(403);
    expect(snapshot(ws)).toEqual(before);
    expect((await post(server, 'save', body)).status).toBe(200);
  });

  it('path traversal and absolute article ids are refused and nothing is written anywhere', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const key = keyOf(ws, 'Pemerintah berjanji menurunkan harga.');
    const hash = await pageHash(server);
    const before = snapshot(ws);
    for (const article of ['../translate.config', '../source/a', 'x/../../a', '/etc/passwd', path.join(ws.dir, 'source/a')]) {
      for (const action of ['save', 'approve', 'reject']) {
        const response = await post(server, action, { locale: 'en', article, key, value: 'Hacked.', fileHash: hash });
        expect(response.status, `${action} ${article}`).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }
    }
    expect((await post(server, 'save', { locale: '../en', article: 'a', key, value: 'Hacked.', fileHash: hash })).status).toBe(404);
    expect(snapshot(ws)).toEqual(before);
  });

  it('a save writes exactly what a hand edit of the YAML followed by npm run translate writes', async () => {
    const cli = await translated();
    const web = await translated();
    const key = keyOf(web, 'Pedagang mengeluh sejak pagi.');
    const value = 'Traders have complained since the morning.';
    // A reviewer's own comment, which both paths must keep.
    for (const ws of [cli, web]) ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(`${key}:`, `# ask the desk about "pagi"\n${key}:`));

    cli.write('locales/en/a.yaml', cli.read('locales/en/a.yaml').replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: ${value}`));
    await cli.translate();

    const server = await serve(web);
    const response = await post(server, 'save', { locale: 'en', article: 'a', key, value, fileHash: await pageHash(server) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: 'saved', status: 'reviewed' });

    expect(web.read('locales/en/a.yaml')).toBe(cli.read('locales/en/a.yaml'));
    expect(web.read('locales/en/a.state.yaml')).toBe(cli.read('locales/en/a.state.yaml'));
    expect(web.read('locales/en/a.yaml')).toContain('# ask the desk about "pagi"');
    expect((parse(web.read('locales/en/a.state.yaml')) as Record<string, { origin: string; status: string }>)[key]).toMatchObject({ origin: 'human', status: 'reviewed' });
    // And a later translate run finds nothing to change.
    const before = snapshot(web);
    await web.translate();
    expect(snapshot(web).get('locales/en/a.yaml')).toBe(before.get('locales/en/a.yaml'));
    expect(snapshot(web).get('locales/en/a.state.yaml')).toBe(before.get('locales/en/a.state.yaml'));
  });

  it('saving a stale entry (with # was: and # suggestion notes) writes what a hand edit + translate writes', async () => {
    const [cli, web] = [await translated(), await translated()];
    const key = keyOf(web, 'Pemerintah berjanji menurunkan harga.');
    for (const ws of [cli, web]) {
      const hash = await pageHash(await serve(ws));
      expect(saveValue(configOf(ws), 'en', 'a', key, 'The government promised to cut prices.', hash, segmentSentences)).toHaveProperty('ok', true);
      ws.write('source/a.md', ARTICLE.replace('menurunkan harga', 'segera menurunkan harga beras'));
      await ws.translate();
      expect(ws.read('locales/en/a.yaml')).toContain('# was: Pemerintah berjanji menurunkan harga.');
    }
    const value = 'The government promised to cut rice prices soon.';
    cli.write('locales/en/a.yaml', cli.read('locales/en/a.yaml').replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: ${value}`));
    await cli.translate();
    const server = servers[servers.length - 1];
    const response = await post(server, 'save', { locale: 'en', article: 'a', key, value, fileHash: await pageHash(server) });
    expect(response.status).toBe(200);
    expect(web.read('locales/en/a.yaml')).not.toContain('# was:');
    expect(web.read('locales/en/a.yaml')).toBe(cli.read('locales/en/a.yaml'));
    expect(web.read('locales/en/a.state.yaml')).toBe(cli.read('locales/en/a.state.yaml'));
  });

  it('saving a missing entry inserts it where a reviewer writing the line by hand + translate puts it', async () => {
    const [cli, web] = [await translated(), await translated()];
    const key = keyOf(web, 'Pedagang mengeluh sejak pagi.');
    const entry = new RegExp(`^# id: Pedagang mengeluh sejak pagi\\.\n${key}: .*\n`, 'm');
    const original = web.read('locales/en/a.yaml');
    expect(original).toMatch(entry);
    for (const ws of [cli, web]) ws.write('locales/en/a.yaml', original.replace(entry, ''));
    const value = 'Traders have complained since the morning.';
    cli.write('locales/en/a.yaml', original.replace(entry, `${key}: ${value}\n`));
    await cli.translate();
    const server = await serve(web);
    const page = await (await fetch(`${server.url}review/en/a`)).text();
    expect(page).toMatch(new RegExp(`>missing</span><span class="key" id="row-${key}-key">`));
    const response = await post(server, 'save', { locale: 'en', article: 'a', key, value, fileHash: await pageHash(server) });
    expect(response.status).toBe(200);
    expect(web.read('locales/en/a.yaml')).toBe(cli.read('locales/en/a.yaml'));
    expect(web.read('locales/en/a.state.yaml')).toBe(cli.read('locales/en/a.state.yaml'));
  });

  it('a save after the file changed on disk is a 409 conflict with both versions, and the disk text stays', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const key = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    const hash = await pageHash(server);
    // Another tab (or a git pull) changes the file after the page loaded it.
    const changed = ws.read('locales/en/a.yaml').replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: Traders complained all morning.`);
    ws.write('locales/en/a.yaml', changed);
    const before = snapshot(ws);
    const response = await post(server, 'save', { locale: 'en', article: 'a', key, value: 'Mine.', fileHash: hash });
    expect(response.status).toBe(409);
    const data = (await response.json()) as { message: string; conflict: { disk: string; yours: string } };
    expect(data.message).toContain('conflict');
    expect(data.conflict).toEqual({ disk: 'Traders complained all morning.', yours: 'Mine.' });
    expect(snapshot(ws)).toEqual(before);
    // Approve and reject refuse a stale page too.
    expect((await post(server, 'approve', { locale: 'en', article: 'a', key, fileHash: hash })).status).toBe(409);
    expect(snapshot(ws)).toEqual(before);
  });

  it('a value that breaks the source markup is refused (422) with the problem, and the file is unchanged', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const key = keyOf(ws, 'Harga **beras** naik tajam di Jakarta.');
    const hash = await pageHash(server);
    const before = snapshot(ws);
    for (const value of ['Rice prices rose sharply in Jakarta.', 'Rice **prices rose sharply in Jakarta.', '# Rice prices rose.', '']) {
      const response = await post(server, 'save', { locale: 'en', article: 'a', key, value, fileHash: hash });
      expect(response.status, value).toBe(422);
      const data = (await response.json()) as { problems: string[] };
      expect(data.problems.length, value).toBeGreaterThan(0);
    }
    expect(snapshot(ws)).toEqual(before);
    const ok = await post(server, 'save', { locale: 'en', article: 'a', key, value: '**Rice** prices rose sharply in Jakarta.', fileHash: hash });
    expect(ok.status).toBe(200);
  });

  it('while a translate run holds the workspace lock, writes are refused (423) and nothing is written', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const key = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    const hash = await pageHash(server);
    const { spawn } = await import('node:child_process');
    const os = await import('node:os');
    const { processStartTime } = await import('../pipeline/util/process-alive.ts');
    const run = spawn('sleep', ['30']);
    try {
      const lock = path.join(ws.dir, '.cache/memory.sqlite.lock');
      fs.mkdirSync(path.dirname(lock), { recursive: true });
      fs.writeFileSync(lock, JSON.stringify({ pid: run.pid, hostname: os.hostname(), processStart: processStartTime(run.pid as number), command: 'translate', since: new Date().toISOString() }));
      const before = snapshot(ws);
      for (const action of ['save', 'approve', 'reject']) {
        const response = await post(server, action, { locale: 'en', article: 'a', key, value: 'Mine.', fileHash: hash });
        expect(response.status, action).toBe(423);
        expect(((await response.json()) as { message: string }).message).toContain('translate run');
      }
      expect(snapshot(ws)).toEqual(before);
      expect(fs.existsSync(lock)).toBe(true);
    } finally {
      run.kill();
    }
  });

  it('a key the article does not have is a 400 with the reason', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const response = await post(server, 'save', { locale: 'en', article: 'a', key: 's-nope', value: 'Mine.', fileHash: await pageHash(server) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('s-nope');
  });

  it('approve and reject go through the CLI path: state reviewed / rejected, and the page hash follows', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const a = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    const b = keyOf(ws, 'Pemerintah berjanji menurunkan harga.');
    const approved = await post(server, 'approve', { locale: 'en', article: 'a', key: a, fileHash: await pageHash(server) });
    expect(approved.status).toBe(200);
    const answer = (await approved.json()) as { outcome: string; fileHash: string };
    expect(answer.outcome).toBe('approved');
    const rejected = await post(server, 'reject', { locale: 'en', article: 'a', key: b, fileHash: answer.fileHash });
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toMatchObject({ outcome: 'rejected', status: 'rejected' });
    const states = parse(ws.read('locales/en/a.state.yaml')) as Record<string, { status: string }>;
    expect(states[a].status).toBe('reviewed');
    expect(states[b].status).toBe('rejected');
    expect(fs.existsSync(path.join(ws.dir, '.cache/memory.sqlite.lock'))).toBe(false);
  });
});

describe('review server security', () => {
  it('a request naming another Host (DNS rebinding) gets no page and no token', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const http = await import('node:http');
    const { port } = new URL(server.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: '/review/en/a', headers: { Host: `evil.example:${port}` } }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode as number, body }));
      });
      request.on('error', reject);
      request.end();
    });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain(server.token);
  });

  it('warns only for hosts other machines can reach', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(exposureWarning(host)).toBeUndefined();
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.5']) expect(exposureWarning(host), host).toMatch(/^warning: .*reachable from other machines/);
  });
});

describe('npm run review -- serve', () => {
  it('prints listening http://127.0.0.1:PORT/ first, serves, and exits 0 on SIGTERM', async () => {
    const ws = await translated();
    const { spawn } = await import('node:child_process');
    const { pathToFileURL } = await import('node:url');
    const root = path.resolve(import.meta.dirname, '..');
    const child = spawn(process.execPath, ['--import', pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href, path.join(root, 'scripts/review.ts'), 'serve', '--port', '0'], { cwd: ws.dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const first = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    expect(first).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+\/$/);
    const url = first.slice('listening '.length);
    expect((await fetch(url)).status).toBe(200);
    expect(stderr).not.toContain('warning');
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (status) => resolve(status));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 30_000);
});

describe('issue 15 regressions', () => {
  it('listen failures: port in use is "port N is already in use" (exit 3), no exposure warning before a server that never started', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as import('node:net').AddressInfo).port;
    try {
      const ws = await translated();
      const warnings: string[] = [];
      const start = (host: string, port: number) => startReviewServer(configOf(ws), { host, port, split: segmentSentences, warn: (m) => warnings.push(m) });
      await expect(start('127.0.0.1', busy)).rejects.toMatchObject({ name: 'ListenError', exitCode: 3, message: expect.stringContaining(`port ${busy} is already in use`) });
      // TEST-NET-3 (RFC 5737): never an address of this machine; a non-loopback host, so it would warn if it listened.
      await expect(start('203.0.113.7', 0)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^cannot listen on 203\.0\.113\.7: /) });
      expect(warnings).toEqual([]);
      // The CLI prints the message, not "cannot read a file: system error".
      const [inUse, noHost] = await Promise.all([ws.cliAsync('review', ['serve', '--port', String(busy)]), ws.cliAsync('review', ['serve', '--host', 'nonexistent.invalid'])]);
      expect(inUse.status).toBe(3);
      expect(inUse.stderr).toContain(`port ${busy} is already in use`);
      expect(inUse.stderr).not.toContain('cannot read');
      expect(noHost.status).toBe(2);
      expect(noHost.stderr).toMatch(/^review: cannot listen on nonexistent\.invalid: /);
      expect(noHost.stderr).not.toContain('warning');
      expect(inUse.stdout + noHost.stdout).toBe('');
    } finally {
      blocker.close();
    }
  }, 30_000);

  it('--port must be a decimal integer 0–65535: "", 0x50, 65536, -1 are usage errors (exit 2)', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, CONFIG);
    const results = await Promise.all(['', '0x50', '65536', '-1', '8e3'].map((port) => ws.cliAsync('review', ['serve', `--port=${port}`])));
    for (const [i, result] of results.entries()) {
      expect(result.status, String(i)).toBe(2);
      expect(result.stderr).toContain('--port must be a whole number from 0 to 65535');
    }
  }, 30_000);

  it('one broken locale file does not take down the home page: the other articles are listed, the broken one flagged with file:line', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE, 'source/b.md': ARTICLE.replace('Jakarta', 'Bandung') }, CONFIG);
    await ws.translate();
    ws.write('locales/en/b.yaml', `${ws.read('locales/en/b.yaml')}broken: [unclosed\n`);
    const server = await serve(ws);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<a href="\/review\/en\/a">a → en<\/a><div class="counts"><b>4<\/b> machine · /);
    expect(html).toMatch(/<a href="\/review\/en\/b">b → en<\/a><p class="problem">broken: locales\/en\/b\.yaml:\d+: /);
    expect(html).toContain('1 article has a locale file that cannot be read');
  });

  it('a write body over 256 KiB is refused with 413 and a message, with or without Content-Length; nothing written', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const key = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    const before = snapshot(ws);
    const body = JSON.stringify({ locale: 'en', article: 'a', key, value: 'x'.repeat(1_000_000), fileHash: await pageHash(server) });
    const response = await post(server, 'save', JSON.parse(body) as Record<string, unknown>);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toContain('too large');
    // Chunked (no Content-Length): counted while read, refused once over the limit.
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 65536) controller.enqueue(bytes.slice(i, i + 65536));
        controller.close();
      },
    });
    const chunked = await fetch(`${server.url}api/save`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.url.replace(/\/$/, ''), 'X-Review-Token': server.token }, body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(snapshot(ws)).toEqual(before);
  });

  it('the article page counts unknown entries when there are any; pages declare an empty favicon', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const plain = await (await fetch(`${server.url}review/en/a`)).text();
    expect(plain).toMatch(/<b>4<\/b> machine · <b>0<\/b> reviewed · <b>0<\/b> stale · <b>0<\/b> rejected · <b>0<\/b> missing<\/p>/);
    fs.rmSync(path.join(ws.dir, 'locales/en/a.state.yaml'));
    const page = await (await fetch(`${server.url}review/en/a`)).text();
    expect(page).toMatch(/<b>0<\/b> missing · <b>4<\/b> unknown<\/p>/);
    for (const html of [page, await (await fetch(server.url)).text()]) expect(html).toContain('<link rel="icon" href="data:,">');
  });

  it('review serve --help and review report --help list serve and report with their flags in the usage', async () => {
    const ws = createWorkspace({}, CONFIG);
    for (const command of ['serve', 'report']) {
      const result = ws.cli('review', [command, '--help']);
      expect(result.status).toBe(0);
      const usage = result.stdout.slice(0, result.stdout.indexOf('\n\n'));
      expect(usage).toContain('serve [--port N] [--host H]');
      expect(usage).toContain('report --out FILE.html [--locale a,b] [--since GIT_REF]');
    }
  });
});

describe('issue 15 regressions: writes', () => {
  it('save on an unchanged row changes nothing: pseudo text stays pseudo (state file bytes unchanged), also after the next translate', async () => {
    const ws = createWorkspace({ 'source/a.md': ARTICLE }, { ...DEFAULT_CONFIG, targets: { en: { provider: 'pseudo' } } });
    await ws.translate();
    const server = await serve(ws);
    const key = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    const current = (parse(ws.read('locales/en/a.yaml')) as Record<string, string>)[key];
    const hash = await pageHash(server);
    const before = snapshot(ws);
    const response = await post(server, 'save', { locale: 'en', article: 'a', key, value: current, fileHash: hash });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: 'no change', unchanged: true, fileHash: hash });
    expect(snapshot(ws)).toEqual(before);
    expect((parse(ws.read('locales/en/a.state.yaml')) as Record<string, { origin: string; status: string }>)[key]).toMatchObject({ origin: 'pseudo', status: 'machine' });
    expect(await pageHash(server)).toBe(hash);
    // The page still shows it as machine text.
    expect(await (await fetch(`${server.url}review/en/a`)).text()).toMatch(new RegExp(`>machine</span><span class="key" id="row-${key}-key">`));
    // And the next run does not take it for a reviewer's text (which would go to the human memory).
    await ws.translate();
    expect((parse(ws.read('locales/en/a.state.yaml')) as Record<string, { origin: string; status: string }>)[key]).toMatchObject({ origin: 'pseudo', status: 'machine' });
  });

  it('an approve/reject conflict carries the disk value of the key (as save does)', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const key = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    const hash = await pageHash(server);
    ws.write('locales/en/a.yaml', ws.read('locales/en/a.yaml').replace(new RegExp(`^${key}: .*$`, 'm'), `${key}: Traders complained all morning.`));
    for (const action of ['approve', 'reject']) {
      const response = await post(server, action, { locale: 'en', article: 'a', key, fileHash: hash });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { conflict: unknown }).conflict).toEqual({ disk: 'Traders complained all morning.' });
    }
  });

  it('values with control characters, U+2028/2029 or lone surrogates are refused (422) with the code point; nothing written', async () => {
    const ws = await translated();
    const server = await serve(ws);
    const key = keyOf(ws, 'Pedagang mengeluh sejak pagi.');
    const hash = await pageHash(server);
    const before = snapshot(ws);
    const cases: Array<[string, string]> = [
      ['Traders\u0000 complained.', 'U+0000'],
      ['Traders\u001B[31m complained.', 'U+001B'],
      ['Traders\u009D complained.', 'U+009D'],
      ['Traders\u2028complained.', 'U+2028'],
      ['Traders\u2029complained.', 'U+2029'],
      ['Traders \uD800 complained.', 'U+D800'],
      ['Traders \uDC00 complained.', 'U+DC00'],
    ];
    for (const [value, codePoint] of cases) {
      const response = await post(server, 'save', { locale: 'en', article: 'a', key, value, fileHash: hash });
      expect(response.status, codePoint).toBe(422);
      expect(((await response.json()) as { problems: string[] }).problems.join('\n'), codePoint).toContain(codePoint);
    }
    expect(snapshot(ws)).toEqual(before);
    // A tab and a real astral character (a surrogate pair) are fine.
    const ok = await post(server, 'save', { locale: 'en', article: 'a', key, value: 'Traders\tcomplained 😀 since the morning.', fileHash: hash });
    expect(ok.status).toBe(200);
  });
});
