import type { DetectLanguage } from './unit.ts';
import { loadCompactEld } from './eld-ngrams.ts';

/** How many texts a detector remembers before it forgets them all (bounds memory on an archive). */
const REMEMBERED = 20_000;

/**
 * Language identification with `eld` (Efficient Language Detector: n-gram model shipped in the
 * npm package, offline, accurate on single sentences), its `small` database read compactly
 * (`eld-ngrams.ts`). Loaded lazily, only when a rule needs it.
 *
 * The detector remembers its answer per text (a sentence repeated across articles or asked by two
 * rules is identified once), and works out `reliable` only when a caller reads it (eld's
 * reliability ranks every language's score; a rule that sees another language needs none of it).
 */
export async function loadLanguageDetector(): Promise<DetectLanguage> {
  const eld = await loadCompactEld();
  const memo = new Map<string, ReturnType<DetectLanguage>>();
  return (text) => {
    let answer = memo.get(text);
    if (answer) return answer;
    if (memo.size >= REMEMBERED) memo.clear();
    const result = eld.detect(text);
    let reliable: boolean | undefined;
    answer = {
      language: result.language,
      get reliable() {
        return (reliable ??= result.isReliable());
      },
    };
    memo.set(text, answer);
    return answer;
  };
}
