import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { DEFAULT_RULES_URL } from '../segmenter/segment-sentences.ts';

/**
 * Bump when extraction, keying or the files the pipeline writes change shape: a run then processes
 * every article again instead of trusting the run manifest.
 */
const OUTPUT_FORMAT = 5; // 2: bundles carry `draft: true` under the review policy; 3: YAML-1.1-safe quoting, key record in article order, control characters escaped; 4: bundle front matter edited in place (own translationKey kept, field styles and line endings kept), articles without segments published; extraction of issue 12 items 3–6 (inline HTML pairs, reference labels, template syntax, text of HTML blocks); 5: URLs, `www.` links, e-mail addresses and `<…>` autolinks in front-matter fields travel as atoms (markdown form and keys unchanged)

/**
 * Identifies the code and rules that shape a run's output (the segmentation rules included) and,
 * when the command runs from a build, that build: a rebuilt or upgraded tool processes every
 * article once, so a fix that changes output is applied without anyone bumping OUTPUT_FORMAT.
 */
export function outputVersion(): string {
  return createHash('sha256').update(`${OUTPUT_FORMAT}\n${codeVersion()}\n`).update(readFileSync(DEFAULT_RULES_URL)).digest('hex').slice(0, 16);
}

/**
 * The build's stamp (bundled, this module sits in build/ beside `.built`), or the newest source
 * time `cli/fresh-build.ts` passes when a stale build runs the sources; empty from the sources.
 */
function codeVersion(): string {
  try {
    return readFileSync(new URL('./.built', import.meta.url), 'utf8').trim();
  } catch {
    return process.env.TRANSLATE_SOURCES_VERSION ?? '';
  }
}
