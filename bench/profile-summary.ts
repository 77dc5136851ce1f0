/**
 * Summarise a V8 `.cpuprofile` (from `node --import tsx --cpu-prof …`): the hottest functions by
 * self and inclusive time (file:function, % of samples), and self time per file or package.
 * `tsx bench/profile-summary.ts FILE.cpuprofile [--top 25]`
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function where(url: string): { file: string; group: string } {
  let file = url.replace(/^file:\/\//, '').replace(ROOT, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) file = `${pkg[1]}/${file.split(`${pkg[1]}/`).pop()}`;
  if (file === '') file = '(native)';
  return { file, group: pkg ? `pkg:${pkg[1]}` : file };
}

export function summariseProfile(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => `${where(n.callFrame.url).file}:${n.callFrame.functionName || '(anonymous)'}${n.callFrame.lineNumber >= 0 ? `@${n.callFrame.lineNumber + 1}` : ''}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const groups = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const node = byId.get(id);
    if (!node) return;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const g = where(node.callFrame.url).group || node.callFrame.functionName;
    groups.set(g, (groups.get(g) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur) as ProfileNode);
      if (!seen.has(l)) {
        seen.add(l);
        inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
      }
    }
  });
  const pct = (v: number) => `${((v / total) * 100).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>, filter: (k: string) => boolean = () => true) =>
    [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${pct(v)}  ${k}`).join('\n');
  const boring = (k: string) => !/^\(native\):\((root|program|idle)\)/.test(k) && !k.startsWith('(native):(anonymous)');
  return [
    `total ${(total / 1000).toFixed(0)} ms sampled`,
    '', '## self time by function', list(self),
    '', '## inclusive time by function', list(inclusive, boring),
    '', '## self time by file / package', list(groups),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: tsx bench/profile-summary.ts FILE.cpuprofile [--top N]\n');
    process.exit(2);
  }
  const i = process.argv.indexOf('--top');
  process.stdout.write(`${summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile, i === -1 ? 25 : Number(process.argv[i + 1]))}\n`);
}
