/**
 * The table of issue 13, from the bench's measurements: one row per piece of work, our figure
 * beside its floor or peer, the ratio and its goal. Pure (no I/O), so the verdicts are testable.
 */
import type { Measure } from './commands.ts';

/** A measurement that could not be made: why. */
export interface Failed {
  error: string;
}
export type Outcome<T> = T | Failed;
export const failed = (value: unknown): value is Failed => typeof value === 'object' && value !== null && 'error' in value;

export interface IssueMeasurements {
  size: number;
  /** Row a and g: on the repository as cloned, through npm. */
  repo: Outcome<{
    env: Measure;
    translate: Measure & { filesWritten: number };
    check: Measure;
    /** Peak RSS of the check's own process (the package script line run directly), MB. */
    checkRssMB: number | null;
  }>;
  floors: Outcome<{ hash: Measure & { files: number }; parse: Measure & { files: number } }>;
  cold: Outcome<Measure & { filesWritten: number }>;
  noop: Outcome<Measure & { filesWritten: number }>;
  check: Outcome<Measure>;
  /** null: not measured at this size (with why in `po4aSkipped`). */
  po4a: Outcome<{ version: string; run: Measure; articles: number }> | null;
  po4aSkipped?: string;
}

export interface IssueRow {
  id: 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';
  work: string;
  ours: string;
  peer: string;
  /** Ours ÷ peer (for e: peer ÷ ours, "× faster"); null when not a ratio row or not measured. */
  ratio: number | null;
  ratioText: string;
  goal: string;
  /** null: not judged at this size, or not measured. */
  met: boolean | null;
}

const n = (v: number, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** Seconds with two decimals below 10 s, one above. */
export const secs = (ms: number) => `${n(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
const mb = (v: number | null) => (v === null ? 'RSS n/a' : `${n(v)} MB`);
const x = (v: number) => `${n(v, v < 10 ? 2 : 1)}×`;

/** The seven rows, in the issue's order. A failed or skipped measurement shows why and is not met. */
export function issueRows(m: IssueMeasurements): IssueRow[] {
  const N = n(m.size);
  const at10k = m.size >= 10_000;
  const rows: IssueRow[] = [];
  const broken = (id: IssueRow['id'], work: string, goal: string, why: string): IssueRow => ({ id, work, ours: why, peer: '—', ratio: null, ratioText: '—', goal, met: null });
  const floors = failed(m.floors) ? null : m.floors;

  // a. npm run translate on the repository vs npm run env.
  {
    const work = '`npm run translate` no-op on the repository as cloned vs `npm run env`';
    const goal = '≤ 2×';
    if (failed(m.repo)) rows.push(broken('a', work, goal, `failed: ${m.repo.error}`));
    else {
      const r = m.repo.translate.ms / m.repo.env.ms;
      rows.push({ id: 'a', work, ours: `${secs(m.repo.translate.ms)}${m.repo.translate.filesWritten ? `, ${m.repo.translate.filesWritten} files written` : ''}`, peer: secs(m.repo.env.ms), ratio: r, ratioText: x(r), goal, met: r <= 2 });
    }
  }
  // b. no-op at N vs read + hash floor.
  {
    const work = `no-op rerun at ${N} articles vs read + SHA-256 of sources and locales/`;
    const goal = '≤ 1.5×, 0 files written';
    if (failed(m.noop) || !floors) rows.push(broken('b', work, goal, `failed: ${failed(m.noop) ? m.noop.error : (m.floors as Failed).error}`));
    else {
      const r = m.noop.ms / floors.hash.ms;
      rows.push({ id: 'b', work, ours: `${secs(m.noop.ms)}, ${m.noop.filesWritten} files written`, peer: secs(floors.hash.ms), ratio: r, ratioText: x(r), goal, met: r <= 1.5 && m.noop.filesWritten === 0 });
    }
  }
  // c. check at N vs parse floor.
  {
    const work = `\`npm run check\` at ${N} articles vs the parse floor`;
    const goal = '≤ 2×';
    if (failed(m.check) || !floors) rows.push(broken('c', work, goal, `failed: ${failed(m.check) ? m.check.error : (m.floors as Failed).error}`));
    else {
      const r = m.check.ms / floors.parse.ms;
      rows.push({ id: 'c', work, ours: `${secs(m.check.ms)}, ${mb(m.check.maxRssMB)}`, peer: secs(floors.parse.ms), ratio: r, ratioText: x(r), goal, met: r <= 2 });
    }
  }
  // d. cold run at N vs parse floor.
  {
    const work = `cold run at ${N} articles vs the parse floor`;
    const goal = '≤ 2×';
    if (failed(m.cold) || !floors) rows.push(broken('d', work, goal, `failed: ${failed(m.cold) ? m.cold.error : (m.floors as Failed).error}`));
    else {
      const r = m.cold.ms / floors.parse.ms;
      rows.push({ id: 'd', work, ours: `${secs(m.cold.ms)}, ${mb(m.cold.maxRssMB)}`, peer: secs(floors.parse.ms), ratio: r, ratioText: x(r), goal, met: r <= 2 });
    }
  }
  // e. po4a vs our cold run.
  {
    const version = m.po4a && !failed(m.po4a) ? ` ${m.po4a.version}` : '';
    const work = `po4a${version} extract + regenerate, one language, all ${N} articles, vs our cold run`;
    const goal = '≥ 5× faster';
    if (m.po4a === null) rows.push(broken('e', work, goal, `not measured: ${m.po4aSkipped ?? 'skipped'}`));
    else if (failed(m.po4a) || failed(m.cold)) rows.push(broken('e', work, goal, `failed: ${failed(m.po4a) ? m.po4a.error : (m.cold as Failed).error}`));
    else {
      const r = m.po4a.run.ms / m.cold.ms;
      rows.push({ id: 'e', work, ours: secs(m.cold.ms), peer: secs(m.po4a.run.ms), ratio: r, ratioText: r >= 1 ? `${x(r)} faster` : `${x(1 / r)} slower`, goal, met: r >= 5 });
    }
  }
  // f. peak RSS of cold run and check (judged at 10,000 articles).
  {
    const work = `peak RSS, cold run and check at ${N} articles${at10k ? '' : ' (goal judged at 10,000)'}`;
    const goal = '≤ 300 MB at 10,000';
    const cold = failed(m.cold) ? null : m.cold.maxRssMB;
    const check = failed(m.check) ? null : m.check.maxRssMB;
    if (cold === null && check === null) rows.push(broken('f', work, goal, failed(m.cold) ? `failed: ${m.cold.error}` : 'RSS not measured'));
    else {
      const peak = Math.max(cold ?? 0, check ?? 0);
      rows.push({ id: 'f', work, ours: `cold ${mb(cold)}, check ${mb(check)}`, peer: '', ratio: null, ratioText: '', goal, met: at10k ? peak <= 300 : null });
    }
  }
  // g. npm run check on the repository.
  {
    const work = '`npm run check` on the repository as cloned';
    const goal = '≤ 0.5 s, ≤ 100 MB';
    if (failed(m.repo)) rows.push(broken('g', work, goal, `failed: ${m.repo.error}`));
    else {
      const { check, checkRssMB } = m.repo;
      rows.push({ id: 'g', work, ours: `${secs(check.ms)}, ${mb(checkRssMB)}`, peer: '', ratio: null, ratioText: '', goal, met: check.ms <= 500 && checkRssMB !== null && checkRssMB <= 100 });
    }
  }
  return rows;
}
