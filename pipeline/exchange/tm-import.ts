/**
 * `npm run tm -- import FILE.tmx`: load a TMX (ours or another tool's) into the translation memory
 * as human translations, so the next `translate` reuses exact matches and suggests near ones.
 *
 * What is stored: for every `tu` with a variant in the source locale, one entry per target locale
 * of the config that the unit has a variant for (`en-US` → `en`, `in` → `id`: match-locale.ts),
 * keyed as reviewed text is (`provider: 'human'`, fingerprint ''), with `origin` naming the file.
 * Left out, and counted: units without a source variant or without any target variant, empty
 * segments, languages that are no locale of the config, and variants our own export marks as not
 * reviewed (`prop type="x-status"` machine or unknown: a machine's text is no human translation).
 * Duplicate units: an identical pair counts once; a conflicting one (same source and locale,
 * another target) is replaced by the later unit and reported with both lines. Variants of one unit
 * that name the same locale (`en-US` and `en-GB` for `en`; `id` and `id-ID`) and differ are
 * reported the same way with the `tuv` lines; the one whose tag is the locale itself, else the
 * first, is used.
 *
 * All or nothing: the file is read and checked completely before the memory is touched, and the
 * entries go in with one `putMany` (one transaction). Entries already in the memory with the same
 * target are not written again, so a second import of the same file writes nothing. An entry the
 * memory holds with another target is kept (a reviewer's text wins over an older file) and counted
 * as `kept`, unless `overwrite` is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { normalizeSegment } from '../store/fuzzy-score.ts';
import type { MemoryEntry, TranslationMemory } from '../store/translation-memory.ts';
import { isExactLocale, matchLocale } from './match-locale.ts';
import { readTmx, type TmxVariant } from './tmx-read.ts';

export interface TmxImportOptions {
  /** The entries' origin; default `tmx:<file name>`. */
  origin?: string;
  /** Read and count, store nothing. */
  dryRun?: boolean;
  /** Replace entries the memory holds with another target (default: keep them, count them as `kept`). */
  overwrite?: boolean;
}

export interface TmxConflict {
  /** The target locale whose translations differ, or the source locale when a unit has differing source variants. */
  locale: string;
  /** The (normalized) source sentence; for differing source variants, the one used. */
  source: string;
  /** 1-based lines, in file order, of the `tu`s that disagree (repeated units) or of the `tuv`s (variants of one unit). */
  lines: number[];
  /** Which of `lines` gave the text that was used. */
  kept: number;
}

export interface TmxImportReport {
  file: string;
  origin: string;
  /** `tu` elements in the file. */
  units: number;
  /** Distinct (source, target locale) pairs found, per target locale. */
  locales: Record<string, number>;
  /** Entries not in the memory before. */
  added: number;
  /** Entries whose target in the memory changed (only with `overwrite`). */
  updated: number;
  /** Entries the memory holds with another target, left as they are (without `overwrite`). */
  kept: number;
  /** Entries already in the memory with the same target (not written again). */
  unchanged: number;
  /** Repeated `tu`s with the same source, locale and target (counted once). */
  duplicates: number;
  /** Repeated sources with another target (the later wins), and differing same-locale variants of one unit. */
  conflicts: TmxConflict[];
  skipped: {
    /** Units without a variant in the source locale. */
    noSource: number;
    /** Units with a source variant but no variant in any target locale. */
    noTarget: number;
    /** Variants marked `x-status` machine (our export's engine output). */
    machine: number;
    /** Variants marked `x-status` unknown or stale (not reviewed). */
    unreviewed: number;
    /** Variants (or sources) with an empty segment. */
    empty: number;
    /** Variants in languages that are no locale of the config, by language tag. */
    otherLanguages: Record<string, number>;
  };
  /** Whether the memory was left as it was (`dryRun`). */
  dryRun: boolean;
}

const NOT_HUMAN = new Set(['machine']);
const NOT_REVIEWED = new Set(['unknown', 'stale', 'rejected']);

/** Of the variants that name `locale`, the one written exactly so, else the first. */
function pick(variants: TmxVariant[], locale: string): TmxVariant {
  return variants.find((variant) => isExactLocale(variant.lang, locale)) ?? variants[0];
}

/**
 * The variant of one unit to use for `locale` (see `pick`), and a conflict when another variant of
 * the same locale says something else (`text` compares them: normalized sources, trimmed targets).
 */
function choose(variants: TmxVariant[], locale: string, text: (variant: TmxVariant) => string): { chosen: TmxVariant; conflict?: Omit<TmxConflict, 'source'> } {
  const chosen = pick(variants, locale);
  const differing = variants.filter((variant) => text(variant) !== text(chosen));
  if (differing.length === 0) return { chosen };
  const lines = variants.filter((variant) => variant === chosen || text(variant) !== text(chosen)).map((variant) => variant.line);
  return { chosen, conflict: { locale, lines, kept: chosen.line } };
}

/**
 * Import `file` into `memory` (see the module comment). `config` gives the source locale and the
 * target locales. Resolves when the entries are stored. Rejects with `XmlFileError`
 * (`FILE:LINE:COL: …`) for a malformed file, before anything is stored; with I/O errors of reading
 * the file as they are; with the memory's own errors from `getMany`/`putMany`.
 */
export async function importTmx(config: Pick<Config, 'sourceLocale' | 'targets'>, file: string, memory: TranslationMemory, options: TmxImportOptions = {}): Promise<TmxImportReport> {
  const origin = options.origin ?? `tmx:${path.basename(file)}`;
  const document = readTmx(fs.readFileSync(file), file);
  const targets = config.targets.map((target) => target.locale);
  const locales = [config.sourceLocale, ...targets];
  const report: TmxImportReport = {
    file,
    origin,
    units: document.units.length,
    locales: Object.fromEntries(targets.map((locale) => [locale, 0])),
    added: 0,
    updated: 0,
    kept: 0,
    unchanged: 0,
    duplicates: 0,
    conflicts: [],
    skipped: { noSource: 0, noTarget: 0, machine: 0, unreviewed: 0, empty: 0, otherLanguages: {} },
    dryRun: options.dryRun === true,
  };
  /** `locale \0 normalized source` → the entry and the lines of the units that gave it. */
  const found = new Map<string, { entry: MemoryEntry; lines: number[]; conflict?: TmxConflict }>();

  for (const unit of document.units) {
    const byLocale = new Map<string, TmxVariant[]>();
    for (const variant of unit.variants) {
      const locale = matchLocale(variant.lang, locales);
      if (locale === undefined) {
        report.skipped.otherLanguages[variant.lang] = (report.skipped.otherLanguages[variant.lang] ?? 0) + 1;
        continue;
      }
      const list = byLocale.get(locale);
      if (list) list.push(variant);
      else byLocale.set(locale, [variant]);
    }
    const sources = byLocale.get(config.sourceLocale);
    if (!sources) {
      report.skipped.noSource++;
      continue;
    }
    const filled = sources.filter((variant) => normalizeSegment(variant.text) !== '');
    if (filled.length === 0) {
      report.skipped.empty++;
      continue;
    }
    const sourcePick = choose(filled, config.sourceLocale, (variant) => normalizeSegment(variant.text));
    const source = normalizeSegment(sourcePick.chosen.text);
    if (!targets.some((locale) => byLocale.has(locale))) {
      report.skipped.noTarget++;
      continue;
    }
    if (sourcePick.conflict) report.conflicts.push({ ...sourcePick.conflict, source });
    for (const locale of targets) {
      const all = byLocale.get(locale);
      if (!all) continue;
      const usable: TmxVariant[] = [];
      for (const variant of all) {
        const status = variant.props['x-status']?.trim().toLowerCase();
        if (status && NOT_HUMAN.has(status)) report.skipped.machine++;
        else if (status && NOT_REVIEWED.has(status)) report.skipped.unreviewed++;
        else if (variant.text.trim() === '') report.skipped.empty++;
        else usable.push(variant);
      }
      if (usable.length === 0) continue;
      const targetPick = choose(usable, locale, (variant) => variant.text.trim());
      if (targetPick.conflict) report.conflicts.push({ ...targetPick.conflict, source });
      const target = targetPick.chosen.text.trim();
      const id = `${locale}\u0000${source}`;
      const seen = found.get(id);
      if (!seen) {
        found.set(id, { entry: { provider: 'human', fingerprint: '', sourceLocale: config.sourceLocale, targetLocale: locale, source, target, origin }, lines: [unit.line] });
        continue;
      }
      seen.lines.push(unit.line);
      if (seen.entry.target === target) {
        report.duplicates++;
        continue;
      }
      seen.entry = { ...seen.entry, target };
      if (seen.conflict) Object.assign(seen.conflict, { lines: [...seen.lines], kept: unit.line });
      else {
        seen.conflict = { locale, source, lines: [...seen.lines], kept: unit.line };
        report.conflicts.push(seen.conflict);
      }
    }
  }

  const entries = [...found.values()].map((item) => item.entry);
  for (const entry of entries) report.locales[entry.targetLocale]++;
  const before = entries.length > 0 ? await memory.getMany(entries) : [];
  const changed: MemoryEntry[] = [];
  entries.forEach((entry, index) => {
    if (before[index] === undefined) report.added++;
    else if (before[index] !== entry.target && options.overwrite) report.updated++;
    else if (before[index] !== entry.target) {
      report.kept++;
      return;
    } else {
      report.unchanged++;
      return;
    }
    changed.push(entry);
  });
  if (!report.dryRun && changed.length > 0) await memory.putMany(changed);
  return report;
}
