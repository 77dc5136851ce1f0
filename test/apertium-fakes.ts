/**
 * Stand-ins for the Apertium engine, so batching, errors and delivery can be tested on machines
 * without Apertium: a fake `apertium` command (a Node script) and a fake apertium-apy server.
 * Both "translate" by upper-casing the text between tags, and log every call.
 */
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeCommand {
  path: string;
  /** Process calls made so far. */
  calls(): Promise<number>;
}

/**
 * A fake `apertium -f FORMAT PAIR FILE`: upper-cases prose, marks words starting with `zz` as
 * unknown (`*zz…`), drops `<x9/>` (a tag the "engine" loses).
 */
export async function fakeApertiumCommand(): Promise<FakeCommand> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-apertium-'));
  const log = join(dir, 'calls.log');
  const path = join(dir, 'apertium');
  const script = `#!${process.execPath}
const fs = require('node:fs');
fs.appendFileSync(${JSON.stringify(log)}, process.argv.slice(2).join(' ') + '\\n');
const pair = process.argv[process.argv.length - 2];
if (pair !== 'ind-zlm') { process.stderr.write('Error: Mode ' + pair + ' does not exist.\\n'); process.exit(1); }
const input = fs.readFileSync(process.argv[process.argv.length - 1], 'utf8');
process.stdout.write(input.replace(/<x9\\/>/g, '').replace(/(^|>)([^<]*)/g, (_, a, t) => a + t.replace(/\\bzz/g, '*zz').toUpperCase()));
`;
  await writeFile(path, script, 'utf8');
  await chmod(path, 0o755);
  return {
    path,
    calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length,
  };
}

export interface FakeApy {
  url: string;
  requests: () => number;
  close(): Promise<void>;
}

/**
 * A fake apertium-apy: `POST /translate` upper-cases `q`. `behaviour(n)` picks what request n
 * (1-based) gets: a translation, a 500, or no answer at all.
 */
export async function fakeApy(behaviour: (n: number) => 'ok' | 'error' | 'hang' = () => 'ok'): Promise<FakeApy> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      count++;
      const what = behaviour(count);
      if (what === 'hang') return;
      if (what === 'error') {
        res.writeHead(500, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ status: 'error', code: 500, explanation: 'internal error' }));
      }
      const q = new URLSearchParams(body).get('q') ?? '';
      const translatedText = q.replace(/(^|>)([^<]*)/g, (_, a: string, t: string) => a + t.toUpperCase());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ responseData: { translatedText }, responseDetails: null, responseStatus: 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
