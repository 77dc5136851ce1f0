import type { ProviderFactory } from '../../pipeline/provider.ts';
import { mapText } from '../../pipeline/tagged-text.ts';

/**
 * MT-style damage to tagged text, as public DeepL reports describe it: spaces moved into or out of
 * tags, tags emptied, pairs crossed, tags dropped or duplicated, HTML entities in the answer, and
 * a blank line in the middle of a sentence.
 */
export const DAMAGES = ['space-into-open', 'space-into-close', 'space-dropped-before-tag', 'entities', 'blank-line', 'emptied-pair', 'crossed-pair', 'dropped-tag', 'duplicated-tag'] as const;
export type Damage = (typeof DAMAGES)[number];

/** Damage the pipeline must repair (the answer is then exactly the undamaged one). */
export const REPAIRABLE: ReadonlySet<Damage> = new Set(['space-into-open', 'space-into-close', 'space-dropped-before-tag', 'entities', 'blank-line']);

/** Apply one kind of damage; undefined when the text offers no place for it. */
export function damage(tagged: string, kind: Damage): string | undefined {
  const once = (pattern: RegExp, replace: (...m: string[]) => string) => {
    const m = pattern.exec(tagged);
    return m ? tagged.slice(0, m.index) + replace(...m) + tagged.slice(m.index + m[0].length) : undefined;
  };
  switch (kind) {
    case 'space-into-open':
      return once(/ <(g\d+)>(?=[^\s<])/, (_, id) => `<${id}> `);
    case 'space-into-close':
      return once(/(?<=[^\s>])<\/(g\d+)> (?=\S)/, (_, id) => ` </${id}>`);
    case 'space-dropped-before-tag':
      return once(/(?<=[A-Za-z0-9]) <((?:g\d+)|(?:x\d+\/))>/, (_, tag) => `<${tag}>`);
    case 'entities':
      // An apostrophe or the first letter of a word as a character reference.
      return once(/'|\b[a-z](?=[a-z]{3})/, (c) => (c === "'" ? '&#39;' : `&#${c.codePointAt(0)};`));
    case 'blank-line':
      return once(/(?<=\w) (?=\w)/, () => '\n\n');
    case 'emptied-pair':
      return once(/<(g\d+)>[^<]*[^\s<][^<]*<\/\1>/, (_, id) => `<${id}></${id}>`);
    case 'crossed-pair':
      return once(/<(g\d+)>([^<]*)<\/\1>/, (_, id, inner) => `</${id}>${inner}<${id}>`);
    case 'dropped-tag':
      return once(/<x\d+\/>|<\/g\d+>/, () => '');
    case 'duplicated-tag':
      return once(/<x\d+\/>/, (tag) => `${tag} ${tag}`);
  }
}

/**
 * A provider that "translates" (each text run gets an `EN ` mark so every sentence changes) and
 * then damages the answer as `damageFor` says, the same way each time a sentence is asked for, so a
 * retry meets the same damage. `applied` records the damage each sent text actually received.
 */
export function damagingProvider(damageFor: (tagged: string) => Damage | undefined, applied: Map<string, Damage>): ProviderFactory {
  return () => ({
    name: 'damaging',
    publishable: true,
    fingerprint: () => 'damaging',
    async translate(job, onResults) {
      onResults(
        job.segments.map((s) => {
          const clean = undamaged(s.text);
          const kind = damageFor(s.text);
          const damaged = kind && damage(clean, kind);
          if (kind && damaged !== undefined && damaged !== clean) applied.set(s.text, kind);
          return { id: s.id, text: damaged ?? clean };
        }),
      );
      return { requests: 1, billedCharacters: 0 };
    },
  });
}

/** The answer before damage: every text run marked, tags kept. */
export function undamaged(tagged: string): string {
  let first = true;
  return mapText(tagged, (text) => {
    const marked = first && /\p{L}/u.test(text) ? text.replace(/\p{L}/u, (c) => `EN ${c}`) : text;
    if (marked !== text) first = false;
    return marked;
  });
}
