/** Shared by the TMX tests: the DTD check, a markup-rich article, and edits of locale files. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { ROOT } from './corpus.ts';
import { DEFAULT_CONFIG, type Workspace } from './workspace.ts';

export const TMX_DTD = path.join(ROOT, 'test/fixtures/exchange-schemas/tmx/tmx14.dtd');
const XMLLINT = '/usr/bin/xmllint';
/** Whether xmllint (Debian libxml2-utils) is installed; the DTD checks skip without it. */
export const hasXmllint = fs.existsSync(XMLLINT);

/** xmllint's verdict on `file` against the TMX 1.4 DTD (offline; a DOCTYPE naming a DTD not beside the file shows as a warning). */
export function validateTmx(file: string): { ok: boolean; output: string } {
  const result = spawnSync(XMLLINT, ['--noout', '--nonet', '--dtdvalid', TMX_DTD, file], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

export const ARTICLE = [
  '---',
  'title: Harga Beras Naik',
  '---',
  '',
  'Harga beras di pasar **induk** Cipinang naik tajam. Pedagang mengeluh.',
  '',
  'Baca laporan di [situs kami](https://jfid.id/beras) dan <br> lihat grafik.',
  '',
  'Pedagang mengeluh.',
  '',
].join('\n');

export const TWO_TARGETS = { ...DEFAULT_CONFIG, targets: { en: { provider: 'deepl' }, de: { provider: 'deepl' } } };

/** The key of the entry whose value contains `needle` in locales/<locale>/a.yaml. */
export function keyOf(ws: Workspace, locale: string, needle: string): string {
  const values = parse(ws.read(`locales/${locale}/a.yaml`)) as Record<string, string>;
  const key = Object.keys(values).find((k) => values[k].includes(needle));
  if (!key) throw new Error(`no ${locale} value contains ${needle}: ${JSON.stringify(values)}`);
  return key;
}

/** Replace the value of `key` in a locale file as a reviewer would (comments kept). */
export function editValue(ws: Workspace, locale: string, key: string, value: string): void {
  const doc = parseDocument(ws.read(`locales/${locale}/a.yaml`));
  doc.set(key, value);
  ws.write(`locales/${locale}/a.yaml`, doc.toString());
}
