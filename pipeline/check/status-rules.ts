import type { Finding } from './diagnostic.ts';
import { textHash } from '../util/hash.ts';
import { XLIFF_ORIGIN } from '../locale/segment-state.ts';
import { isPseudoText, type TargetContext, type TranslationUnit } from './unit.ts';

/** The value is the pipeline's own text (a reviewer who edits it makes it reviewed). */
export function isUnchangedMachineText(unit: TranslationUnit): boolean {
  return unit.state !== undefined && textHash(unit.target) === unit.state.written;
}

/** Machine output nobody reviewed: an error where the target requires review, else a warning. */
export function checkUnreviewed(unit: TranslationUnit, target: TargetContext): Finding[] {
  if (!isUnchangedMachineText(unit) || target.pseudoTarget) return [];
  const state = unit.state!;
  if (state.status === 'rejected') {
    return [{ rule: 'unreviewed', severity: 'error', message: `a reviewer rejected this ${state.origin} translation. Run \`npm run translate -- --locale ${target.locale}\` for a new one, or write the translation yourself.` }];
  }
  if (state.status === 'unknown' && state.origin === XLIFF_ORIGIN) {
    return [
      {
        rule: 'unreviewed',
        severity: target.requireReview ? 'error' : 'warning',
        message: `translated outside (an XLIFF import whose unit was not signed off), not reviewed. Check it, then edit it or \`npm run review -- approve ${target.locale} <article> ${unit.key}\`.`,
      },
    ];
  }
  if (state.status === 'unknown') {
    return [
      {
        rule: 'unreviewed',
        severity: target.requireReview ? 'error' : 'warning',
        message: `nobody knows who wrote this translation: its state record was lost (a deleted or badly merged .state.yaml). Check it, then edit it or \`npm run review -- approve ${target.locale} <article> ${unit.key}\`; \`git checkout\` the state file if it was deleted by mistake.`,
      },
    ];
  }
  if (state.status !== 'machine') return [];
  return [
    {
      rule: 'unreviewed',
      severity: target.requireReview ? 'error' : 'warning',
      message: `machine translation (${state.origin}) not reviewed${target.requireReview ? `; targets.${target.locale}.requireReview is true` : ''}. Review it: edit the value (or \`npm run review\`) to approve.`,
    },
  ];
}

/** Pseudo-localized text (⟦…⟧, or written by the pseudo provider) in a target that is published. */
export function checkPseudo(unit: TranslationUnit, target: TargetContext): Finding[] {
  if (target.pseudoTarget) return [];
  const fromPseudo = isUnchangedMachineText(unit) && unit.state?.origin === 'pseudo';
  if (!fromPseudo && !isPseudoText(unit.target)) return [];
  return [{ rule: 'pseudo', severity: 'error', message: `pseudo-localized text is never publishable. Run \`npm run translate -- --locale ${target.locale}\` with a real provider, or translate it by hand.` }];
}

/** Share of words an engine did not know above which its output needs a reviewer's eye. */
const UNKNOWN_SHARE = 0.2;

/** Machine text in which the engine left many words untranslated (Apertium marks them). */
export function checkUnknownWords(unit: TranslationUnit, target: TargetContext): Finding[] {
  const unknown = unit.state?.unknownWords ?? 0;
  if (unknown === 0 || !isUnchangedMachineText(unit)) return [];
  const words = unit.source.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  if (unknown < 2 || unknown / Math.max(words, 1) < UNKNOWN_SHARE) return [];
  return [
    {
      rule: 'unknown-words',
      severity: 'warning',
      message: `${unknown} of ${words} words were unknown to ${unit.state!.origin} and left as they were. Review the translation: edit the value (or \`npm run review -- approve ${target.locale} …\`).`,
    },
  ];
}
