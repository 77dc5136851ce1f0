import { spawnSync } from 'node:child_process';
import { parseDocument } from 'yaml';

/** The YAML between the fences of a bundle (LF or CRLF), found as Hugo finds it (not with the code under test); throws when there is none. */
export function frontMatterOf(markdown: string): string {
  const match = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*\r?$/m.exec(markdown);
  if (!match || match.index !== 0) throw new Error(`no front matter in ${JSON.stringify(markdown)}`);
  return match[1];
}

/** Parse with the `yaml` package (YAML 1.2); any error or warning fails. */
export function parseStrict(yamlText: string): Record<string, unknown> {
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) throw new Error(`yaml: ${[...doc.errors, ...doc.warnings][0].message}\n${yamlText}`);
  return (doc.toJS() ?? {}) as Record<string, unknown>;
}

/** Whether python3 with PyYAML is on this machine (the YAML 1.1 reader Hugo's and Jekyll's users meet). */
export const PYYAML = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;
export const NO_PYYAML = 'python3 with PyYAML not found (pip install pyyaml): the PyYAML half of this check is skipped, the `yaml` package half still runs';

/**
 * Load YAML texts with PyYAML's safe_load, in one python3 process. Per text: the error, or the
 * data as JSON, where a value JSON lacks (a date, a set…) becomes `{ "repr": "<Python repr>" }`
 * and booleans, null and numbers are JSON's: a string read back as a string is a JSON string.
 */
export function pyyamlLoadAll(texts: readonly string[]): Array<{ error?: string; data?: Record<string, unknown> }> {
  const script = [
    'import json, sys, yaml',
    'out = []',
    'for text in json.load(sys.stdin):',
    '    try:',
    '        out.append({"data": json.loads(json.dumps(yaml.safe_load(text) or {}, default=lambda o: {"repr": repr(o)}))})',
    '    except Exception as e:',
    '        out.append({"error": str(e)})',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
