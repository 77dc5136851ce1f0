/**
 * How locales write figures, as `Intl` says (CLDR): digit grouping and decimal marks, numeric
 * date order, month names, scale words (`juta`, `million`, `Millionen`, `Mrd.`), currency symbols,
 * codes and names, percent words, the hour word (`10 Uhr`, `10 h`); and examples of a figure in a
 * locale's style for messages. Pure and cached per locale. What CLDR lacks is a short list of
 * news abbreviations (`milyar`, `bn`) marked as such.
 */

export interface Separators {
  group: string;
  decimal: string;
}

/** A unit a figure may carry: a currency (ISO 4217 code) or `%`. */
export type UnitId = string;

/** Everything the figure reader needs to know about the locales a text may be written in. */
export interface FigureStyle {
  locales: readonly string[];
  /** One per locale, in order. */
  separators: Separators[];
  /** Some locale groups digits with a space (fr `1 000`, ru): `1 000` is one number. */
  spaceGrouping: boolean;
  /** Numeric dates (`5/9/2023`) may be day first (id, fr, de) / month first (en-US). */
  dayFirst: boolean;
  monthFirst: boolean;
  /** Every locale writes month names capitalised (en, id, de; not fr, ru). */
  capitalMonths: boolean;
  /** Month number (1-12) of a month word (`September`, `Sept.`, `sept`, `сентября`), if it is one. */
  monthOf(word: string): number | undefined;
  /** Multipliers a word after a number stands for (`juta` → 1e6; fr `billion` → 1e12). `attached`: written without a space (`2B`). */
  scaleOf(word: string, attached: boolean): number[];
  /** Scale words, for a regex alternation (longest first, escaped). */
  scalePattern: string;
  /** Unit tokens written before a number (`Rp`, `US$`, `IDR`, `€`), for a regex alternation. */
  prefixPattern: string;
  /** Unit tokens written after a number (`%`, `persen`, `rupiah`, `US dollars`, `€`, `IDR`). */
  suffixPattern: string;
  /** Units a token stands for (`$` → USD, AUD, SGD…; `persen` → %). */
  unitsOf(token: string): UnitId[];
  /** Words a locale writes after the hour (`Uhr`, `h`), from `Intl.DateTimeFormat` with an hour only. */
  hourWords: string[];
}

/** Currencies Indonesian news quotes; their symbols, codes and names come from `Intl`. */
const CURRENCIES = ['IDR', 'USD', 'EUR', 'GBP', 'JPY', 'CNY', 'SGD', 'MYR', 'AUD', 'HKD', 'KRW', 'SAR', 'INR', 'THB', 'CHF', 'RUB'];

/** News abbreviations of scale words that CLDR does not list, by base language. */
const EXTRA_SCALES: Record<string, Record<string, number>> = {
  id: { milyar: 1e9 },
  ms: { bilion: 1e9 },
  en: { mn: 1e6, bn: 1e9, tn: 1e12 },
};

const SPACES = /[\s\u00a0\u202f]+/gu;
const norm = (token: string) => token.replace(SPACES, ' ').trim().toLowerCase().replace(/\.$/, '');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s\\u00a0\\u202f]+');
const alternation = (tokens: Iterable<string>) => [...new Set(tokens)].filter(Boolean).sort((a, b) => b.length - a.length).map(escape).join('|');
const add = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key) ?? [];
  if (!list.includes(value)) list.push(value);
  map.set(key, list);
};
const SAMPLE = new Date(Date.UTC(2023, 8, 13, 10, 30));

interface LocaleData {
  separators: Separators;
  dayFirst: boolean;
  capitalMonths: boolean;
  months: Map<string, number>;
  scales: Map<string, number[]>;
  attachedScales: Map<string, number[]>;
  prefixes: Set<string>;
  suffixes: Set<string>;
  units: Map<string, UnitId[]>;
  hourWords: string[];
}

const localeCache = new Map<string, LocaleData>();
function localeData(locale: string): LocaleData {
  let data = localeCache.get(locale);
  if (data) return data;
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  const separators = { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
  const dateTypes = new Intl.DateTimeFormat(locale, { timeZone: 'UTC' }).formatToParts(SAMPLE).map((p) => p.type);
  const dayFirst = dateTypes.indexOf('day') < dateTypes.indexOf('month');

  // Month names: standalone and in a date (ru `сентября`), long and short.
  const months = new Map<string, number>();
  for (const options of [{ month: 'long' }, { month: 'short' }, { day: 'numeric', month: 'long' }, { day: 'numeric', month: 'short' }] as const) {
    const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    for (let m = 0; m < 12; m++) {
      const name = format.formatToParts(new Date(Date.UTC(2023, m, 15))).find((p) => p.type === 'month')?.value;
      if (name && /^\p{L}+\.?$/u.test(name)) months.set(norm(name), m + 1);
    }
  }

  // Scale words: compact notation of 1 and 2 thousand/million/billion/trillion, long and short.
  const scales = new Map<string, number[]>();
  const attachedScales = new Map<string, number[]>();
  for (const scale of [1e3, 1e6, 1e9, 1e12]) {
    for (const compactDisplay of ['long', 'short'] as const) {
      for (const n of [1, 2, 5]) {
        const text = new Intl.NumberFormat(locale, { notation: 'compact', compactDisplay }).format(n * scale);
        const word = /^[\d\s\u00a0\u202f]*(\p{L}[\p{L}.]*)$/u.exec(text)?.[1];
        if (!word) continue;
        // One-letter abbreviations (`2M`, `2B`) only count when written against the number.
        if ([...word.replace(/\.$/, '')].length === 1) add(attachedScales, norm(word), scale);
        else add(scales, norm(word), scale);
      }
    }
  }
  for (const [word, scale] of Object.entries(EXTRA_SCALES[baseLanguage(locale)] ?? {})) add(scales, word, scale);

  // Units: currency symbols and codes (before or after the number), names (after), percent.
  const prefixes = new Set<string>();
  const suffixes = new Set<string>();
  const units = new Map<string, UnitId[]>();
  const unit = (token: string, id: UnitId, where: 'prefix' | 'suffix' | 'both') => {
    const t = token.replace(SPACES, ' ').trim();
    // Never a digit, never a lone letter (`2 M` is a scale, not a currency).
    if (!t || /\d/.test(t) || /^\p{L}$/u.test(t)) return;
    if (where !== 'suffix') prefixes.add(t);
    if (where !== 'prefix') suffixes.add(t);
    add(units, norm(t), id);
  };
  for (const currency of CURRENCIES) {
    for (const currencyDisplay of ['symbol', 'narrowSymbol', 'code'] as const) {
      const symbol = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay }).formatToParts(1).find((p) => p.type === 'currency')?.value;
      if (symbol) unit(symbol, currency, 'both');
    }
    for (const n of [1, 2, 5]) {
      const name = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'name', minimumFractionDigits: 0, maximumFractionDigits: 0 }).formatToParts(n).find((p) => p.type === 'currency')?.value;
      if (!name) continue;
      unit(name, currency, 'suffix');
      // Its nouns alone (`rupiah`, `dollars`, `Dolar`, `roupies`, the `Dollar` of `US-Dollar`), not
      // the country it names (`Indonesian`, `Indonesia`, `Serikat`): "nomor 1 Indonesia" is no amount.
      const words = name.split(/[\s\u00a0\u202f]+/u);
      const ends = [words[0], words[words.length - 1]].flatMap((w) => (w.includes('-') ? [w, w.slice(w.lastIndexOf('-') + 1)] : [w]));
      for (const word of new Set(ends)) if ([...word].length >= 3 && !countryWord(locale, word)) unit(word, currency, 'suffix');
    }
  }
  unit('%', '%', 'suffix');
  for (const unitDisplay of ['long', 'short'] as const) {
    for (const n of [1, 2, 5]) {
      const word = new Intl.NumberFormat(locale, { style: 'unit', unit: 'percent', unitDisplay }).formatToParts(n).find((p) => p.type === 'unit')?.value;
      if (word) unit(word, '%', 'suffix');
    }
  }

  // The hour word: `10 Uhr` (de), `10 h` (fr); en writes a day period there instead.
  const hourWords = new Intl.DateTimeFormat(locale, { hour: 'numeric', timeZone: 'UTC' })
    .formatToParts(SAMPLE)
    .filter((p) => p.type === 'literal' && /\p{L}/u.test(p.value))
    .map((p) => p.value.trim());

  const capitalMonths = /^\p{Lu}/u.test(new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(SAMPLE));
  data = { separators, dayFirst, capitalMonths, months, scales, attachedScales, prefixes, suffixes, units, hourWords };
  localeCache.set(locale, data);
  return data;
}

const countryCache = new Map<string, string[]>();
/** Whether `word` names or derives from the country of one of CURRENCIES (shares a 4-letter start with a word of its name in `locale`). */
function countryWord(locale: string, word: string): boolean {
  let words = countryCache.get(locale);
  if (!words) {
    const names = new Intl.DisplayNames(locale, { type: 'region' });
    words = CURRENCIES.flatMap((c) => (names.of(c.slice(0, 2)) ?? '').toLocaleLowerCase(locale).split(/[\s\u00a0\u202f-]+/u)).filter((w) => [...w].length >= 4);
    countryCache.set(locale, words);
  }
  const lower = word.toLocaleLowerCase(locale);
  return [...lower].length >= 4 && words.some((w) => w.slice(0, 4) === lower.slice(0, 4));
}

const styleCache = new Map<string, FigureStyle>();
/**
 * The style of text written in any of `locales` (the target's, then the source's, which a
 * translation may keep). Throws RangeError for an invalid locale tag.
 */
export function figureStyle(locales: readonly string[]): FigureStyle {
  const id = locales.join('\u0000');
  let style = styleCache.get(id);
  if (style) return style;
  const data = locales.map(localeData);
  const merge = (pick: (d: LocaleData) => Map<string, number[]>) => {
    const out = new Map<string, number[]>();
    for (const d of data) for (const [k, v] of pick(d)) for (const x of v) add(out, k, x);
    return out;
  };
  const scales = merge((d) => d.scales);
  const attached = merge((d) => d.attachedScales);
  const units = new Map<string, UnitId[]>();
  for (const d of data) for (const [k, v] of d.units) for (const x of v) add(units, k, x);
  style = {
    locales,
    separators: data.map((d) => d.separators),
    spaceGrouping: data.some((d) => /^\s$/u.test(d.separators.group)),
    dayFirst: data.some((d) => d.dayFirst),
    monthFirst: data.some((d) => !d.dayFirst),
    capitalMonths: data.every((d) => d.capitalMonths),
    monthOf(word) {
      const w = norm(word);
      for (const d of data) {
        const exact = d.months.get(w);
        if (exact) return exact;
      }
      // A 3+ letter prefix of a long name (`Sept.`, `Agu`).
      if ([...w].length >= 3) for (const d of data) for (const [name, m] of d.months) if ([...name].length > 4 && name.startsWith(w)) return m;
      return undefined;
    },
    scaleOf: (word, isAttached) => [...(scales.get(norm(word)) ?? []), ...(isAttached ? (attached.get(norm(word)) ?? []) : [])],
    scalePattern: alternation([...data.flatMap((d) => [...d.scales.keys(), ...d.attachedScales.keys()])]),
    prefixPattern: alternation(data.flatMap((d) => [...d.prefixes])),
    suffixPattern: alternation(data.flatMap((d) => [...d.suffixes])),
    unitsOf: (token) => units.get(norm(token)) ?? [],
    hourWords: [...new Set(data.flatMap((d) => d.hourWords))],
  };
  styleCache.set(id, style);
  return style;
}

/** Base language subtag, lower case: `en-US` → `en`. */
function baseLanguage(locale: string): string {
  return locale.split(/[-_]/)[0].toLowerCase();
}

// Examples in a locale's style (Intl), for messages.

/**
 * `1500000.5` in `locale`'s style: en `1,500,000.5`, fr `1 500 000,5`, de `1.500.000,5`. With
 * `grouping` false no digit groups (a year, or a figure its source wrote ungrouped: `1990`, not
 * en `1,990`).
 */
export function formatNumberExample(locale: string, value: number, decimals = 0, grouping = true): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: Math.max(decimals, 0), useGrouping: grouping }).format(value);
}

/**
 * An amount in `locale`'s style: with a currency (en `IDR 1,500,000.50`, fr `1 500 000,50 IDR`),
 * a percentage (fr `3,5 %`), and a scale word when the source used one (en `IDR 2 billion`).
 * `value` is the amount written (2 for "2 miliar"), `scale` its multiplier; `grouping` false
 * writes the digits without groups (the source wrote `Rp 5000`, or the figure is a year).
 */
export function formatAmountExample(locale: string, value: number, options: { decimals?: number; unit?: UnitId; scale?: number; grouping?: boolean } = {}): string {
  const decimals = options.decimals ?? 0;
  const digits = { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  const scale = options.scale ?? 1;
  const number = scale === 1 ? formatNumberExample(locale, value, decimals, options.grouping ?? true) : new Intl.NumberFormat(locale, { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: Math.max(decimals, 3) }).format(value * scale);
  if (options.unit === undefined) return number;
  const parts = options.unit === '%'
    ? new Intl.NumberFormat(locale, { style: 'percent', ...digits }).formatToParts(value / 100)
    : new Intl.NumberFormat(locale, { style: 'currency', currency: options.unit, ...digits }).formatToParts(value);
  // The locale's pattern with the (possibly scaled) number in place of its digits.
  let out = '';
  let placed = false;
  for (const part of parts) {
    if (['integer', 'group', 'decimal', 'fraction'].includes(part.type)) {
      if (!placed) out += number;
      placed = true;
    } else out += part.value;
  }
  return out;
}

/** A date in `locale`'s style with the parts known: en `September 13, 2023`, de `13. September 2023`, fr `13 septembre`. */
export function formatDateExample(locale: string, date: { day?: number; month: number; year?: number }): string {
  const options: Intl.DateTimeFormatOptions = { month: 'long', timeZone: 'UTC' };
  if (date.day !== undefined) options.day = 'numeric';
  if (date.year !== undefined) options.year = 'numeric';
  return new Intl.DateTimeFormat(locale, options).format(new Date(Date.UTC(date.year ?? 2000, date.month - 1, date.day ?? 1)));
}

/** A time of day (minutes since midnight) in `locale`'s style: en `10:30 AM`, de `10:30`. */
export function formatTimeExample(locale: string, minutes: number): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 1, Math.floor(minutes / 60), minutes % 60)));
}
