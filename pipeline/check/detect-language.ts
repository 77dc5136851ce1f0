import type { DetectLanguage } from './unit.ts';

/**
 * Language identification with `eld` (Efficient Language Detector: n-gram model shipped in the
 * npm package, offline, accurate on single sentences). Loaded lazily: ~0.2 s, only when needed.
 */
export async function loadLanguageDetector(): Promise<DetectLanguage> {
  const { eld } = await import('eld/small');
  return (text) => {
    const result = eld.detect(text);
    return { language: result.language, reliable: result.isReliable() };
  };
}
