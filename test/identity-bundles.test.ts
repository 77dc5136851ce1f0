import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkspace, DEFAULT_CONFIG } from './helpers/workspace.ts';
import { corpusFiles, hasShared } from './helpers/corpus.ts';

const PUBLICATION_FIELDS = /^(lang|translationKey|sourcePath|translationStatus): .*\n/gm;

/** The bundle without the fields the pipeline adds for publication. */
function withoutPublicationFields(bundle: string): string {
  return bundle.replace(/^---\n(?:(?:lang|translationKey|sourcePath|translationStatus): .*\n){4}---\n\n/, '').replace(PUBLICATION_FIELDS, '');
}

/** Run the whole pipeline with the identity provider; every bundle must equal its source. */
async function identityRoundTrip(files: string[]): Promise<void> {
  const ws = createWorkspace({}, { ...DEFAULT_CONFIG, targets: { en: { provider: 'identity' } } });
  const names = files.map((file, i) => `source/${String(i).padStart(3, '0')}-${path.basename(file)}`);
  files.forEach((file, i) => ws.write(names[i], fs.readFileSync(file)));
  const summary = await ws.translate();
  expect(summary.errors).toEqual([]);
  expect(summary.articles).toBe(files.length);
  const differing = names.filter((name) => {
    const bundle = ws.read(name.replace(/^source\//, 'dist/en/'));
    return withoutPublicationFields(bundle) !== ws.read(name);
  });
  expect(differing).toEqual([]);
}

describe('identity provider through the whole pipeline', () => {
  const { fixtures, shared } = corpusFiles();
  it('publishes bundles byte-identical to their sources (committed fixtures)', async () => {
    await identityRoundTrip(fixtures);
  });
  it.skipIf(!hasShared)('publishes bundles byte-identical to their sources (all 250 files of ../shared/corpora)', async () => {
    await identityRoundTrip(shared);
  });
});
