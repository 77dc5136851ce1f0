/**
 * The peer: Debian's po4a doing the same local work on the same articles: extract every article
 * to a PO file per locale (gettextize / updatepo), fill them with msgstr = msgid (`msgen`), and
 * regenerate the translated markdown (`--keep 0`). Uses the unified `po4a` program with one
 * config for all articles (what po4a recommends; it avoids a perl start-up per file), run twice:
 * `po4a --no-translations` (extract), then `po4a -k 0` after `msgen` (update + translate).
 * Runs on a sample of articles and extrapolates per article when the archive is larger.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { TARGET_LOCALES, type Archive } from './archive.ts';

export type Po4aResult =
  | { available: false; reason: string }
  | {
      available: true;
      version: string;
      articles: number;
      extractMs: number;
      fillMs: number;
      translateMs: number;
      totalMs: number;
      msPerArticle: number;
      /** totalMs scaled to the whole archive (linear in articles). */
      archiveMs: number;
      extrapolated: boolean;
      outputs: number;
    };

function which(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${(result.stderr ?? '').slice(-1000)}`);
}

export function po4aAvailable(): { ok: true } | { ok: false; reason: string } {
  for (const command of ['po4a', 'msgen']) if (!which(command)) return { ok: false, reason: `${command} is not installed (apt-get install -y po4a gettext); the po4a comparison was skipped` };
  return { ok: true };
}

export function benchPo4a(archive: Archive, workDir: string, sample: number): Po4aResult {
  const check = po4aAvailable();
  if (!check.ok) return { available: false, reason: check.reason };
  const version = spawnSync('po4a', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].trim();
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(workDir, 'source'), { recursive: true });
  // An even spread of the archive (same copies structure), up to `sample` articles.
  const stride = Math.max(1, Math.floor(archive.files.length / sample));
  const files = archive.files.filter((_, i) => i % stride === 0).slice(0, sample);
  const lines = [`[po4a_langs] ${TARGET_LOCALES.join(' ')}`, '[po4a_paths] pot/$master.pot $lang:po/$master.$lang.po', '[options] opt:"-M UTF-8 -L UTF-8 -o markdown"'];
  files.forEach((file, i) => {
    const name = `a${String(i).padStart(5, '0')}`;
    fs.copyFileSync(path.join(archive.root, file), path.join(workDir, 'source', `${name}.md`));
    lines.push(`[type: text] source/${name}.md $lang:out/$lang/${name}.md pot=${name}`);
  });
  fs.writeFileSync(path.join(workDir, 'po4a.cfg'), `${lines.join('\n')}\n`);
  let t = performance.now();
  run('po4a', ['--no-translations', 'po4a.cfg'], workDir);
  const extractMs = performance.now() - t;
  t = performance.now();
  for (const po of fs.readdirSync(path.join(workDir, 'po'))) run('msgen', ['-o', path.join('po', po), path.join('po', po)], workDir);
  const fillMs = performance.now() - t;
  t = performance.now();
  run('po4a', ['-k', '0', 'po4a.cfg'], workDir);
  const translateMs = performance.now() - t;
  const outputs = TARGET_LOCALES.reduce((n, l) => n + (fs.existsSync(path.join(workDir, 'out', l)) ? fs.readdirSync(path.join(workDir, 'out', l)).length : 0), 0);
  const totalMs = extractMs + fillMs + translateMs;
  const msPerArticle = totalMs / files.length;
  return {
    available: true,
    version,
    articles: files.length,
    extractMs,
    fillMs,
    translateMs,
    totalMs,
    msPerArticle,
    archiveMs: msPerArticle * archive.files.length,
    extrapolated: files.length < archive.files.length,
    outputs,
  };
}
