/**
 * Apertium language pairs: which pair a target uses, which Debian package holds it, and which
 * version of engine and data is installed (for the memory fingerprint).
 */
import { execFileSync } from 'node:child_process';

/** Locale (BCP 47 language subtag) → Apertium's ISO 639-3 code, for the pairs we know of. */
const APERTIUM_CODES: Record<string, string> = {
  id: 'ind',
  ms: 'zlm',
  en: 'eng',
  es: 'spa',
  ca: 'cat',
  fr: 'fra',
  pt: 'por',
};

/** Pairs Debian ships under one package named after the other direction. */
const PACKAGE_OF_PAIR: Record<string, string> = { 'zlm-ind': 'apertium-ind-zlm' };

export function apertiumCode(locale: string): string {
  const lang = locale.toLowerCase().split(/[-_]/)[0] ?? locale;
  return APERTIUM_CODES[lang] ?? lang;
}

/** `ind-zlm` for `id` → `ms`. */
export function derivePair(sourceLocale: string, targetLocale: string): string {
  return `${apertiumCode(sourceLocale)}-${apertiumCode(targetLocale)}`;
}

/** The Debian package that installs a pair (`apertium-ind-zlm`). */
export function packageOfPair(pair: string): string {
  return PACKAGE_OF_PAIR[pair] ?? `apertium-${pair}`;
}

/** The exact command that installs engine and pair; error messages end with it. */
export function installCommand(pair: string): string {
  return `apt-get install apertium ${packageOfPair(pair)}`;
}

const versions = new Map<string, string>();

/**
 * Installed versions of the engine and the pair's data (`apertium=3.8.3-1,apertium-ind-zlm=0.1.2-3`),
 * asked once per process from dpkg; `unknown` without dpkg or when not installed.
 */
export function installedVersion(pair: string): string {
  const pkg = packageOfPair(pair);
  const cached = versions.get(pkg);
  if (cached !== undefined) return cached;
  let version = 'unknown';
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f', '${Package}=${Version}\\n', 'apertium', pkg], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    const lines = out.split('\n').filter((l) => /=\S/.test(l));
    const engine = lines.find((l) => l.startsWith('apertium='));
    const data = lines.find((l) => l.startsWith(`${pkg}=`));
    if (engine && data) version = `${engine},${data}`;
  } catch {
    // dpkg missing (not Debian) or package not installed: leave it unknown.
  }
  versions.set(pkg, version);
  return version;
}
