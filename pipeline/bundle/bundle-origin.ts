import { parse } from 'yaml';
import { frontMatterBounds } from '../markdown/front-matter-bounds.ts';

/**
 * The article a markdown bundle of this pipeline was rendered from: its front matter's
 * `sourcePath` (the source file, relative to the config's folder) and `translationKey`. Undefined
 * when the file has no front matter that parses; fields absent or not strings are undefined.
 */
export function bundleOrigin(markdown: string): { sourcePath?: string; translationKey?: string } | undefined {
  const bounds = frontMatterBounds(markdown);
  if (!bounds) return undefined;
  try {
    const data = parse(markdown.slice(bounds.yamlStart, bounds.yamlEnd)) as Record<string, unknown> | null;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return { sourcePath: text(data?.sourcePath), translationKey: text(data?.translationKey) };
  } catch {
    return undefined;
  }
}
