import { describe, expect, it } from 'vitest';
import { checkNumbers } from '../pipeline/check/figure-rules.ts';
import { extractFigures, missingFigures } from '../pipeline/check/figures.ts';
import type { TargetContext } from '../pipeline/check/unit.ts';

const context = (locale: string): TargetContext => ({ locale, sourceLocale: 'id', requireReview: false, pseudoTarget: false, glossary: {}, doNotTranslate: [] });
/** The `numbers` rule's messages for one translation (none: it passes); en examples' no-break spaces as spaces. */
const numbers = (source: string, target: string, locale = 'en') =>
  checkNumbers({ key: 's-1', source, target }, context(locale)).map((f) => (locale === 'en' ? f.message.replace(/[\u00a0\u202f]/g, ' ') : f.message));
const parts = (source: string, target: string, locale = 'en') => missingFigures(extractFigures(source, 'id'), extractFigures(target, locale, ['id'])).map((m) => [m.figure.raw, m.parts]);
/** Intl's own rendering, so the expectations do not hard-code CLDR's spaces (fr groups with U+202F). */
const fr = (value: number, options: Intl.NumberFormatOptions = {}) => new Intl.NumberFormat('fr', options).format(value);

describe('issue 12 item 11 figures: a date is matched whole (day, month and year)', () => {
  it('reports a dropped year, naming it, with the whole date in the target\'s style', () => {
    const [message, ...more] = numbers('Mereka bertemu pada Rabu (13/9/2023) di Rusia.', 'They met in Russia on Wednesday, Sept. 13, that year.');
    expect(more).toEqual([]);
    expect(message).toContain('the year (2023) of the date "13/9/2023"');
    expect(message).toContain('"September 13, 2023"');
  });

  it('names the month or the day when that is the part lost', () => {
    expect(parts('Rabu (13/9/2023)', 'on Wednesday the 13th, 2023')).toEqual([['13/9/2023', ['month']]]);
    expect(parts('Rabu (13/9/2023)', 'Wednesday, Sept. 14, 2023')).toEqual([['13/9/2023', ['day']]]);
    expect(numbers('Rabu (13/9/2023)', 'on Wednesday the 13th, 2023')[0]).toContain('the month (September) of the date "13/9/2023"');
  });

  it('accepts the date written whole, or with a part standing elsewhere in the sentence', () => {
    expect(numbers('Rabu (13/9/2023)', 'Wednesday, September 13, 2023')).toEqual([]);
    expect(numbers('Rabu (13/9/2023)', 'on Sept. 13 of 2023')).toEqual([]);
    expect(numbers('Rabu (13/9)', 'Wednesday, September 13, 2023')).toEqual([]); // a year added is no loss
    expect(numbers('pada 13-14 September 2023', 'on September 13-14, 2023')).toEqual([]);
    expect(numbers('pada September 2023', 'in septembre 2023', 'fr')).toEqual([]);
    // A machine's lower-cased month is still the month (Apertium, ms).
    expect(numbers('sejak Juni 2021', 'sejak jun 2021', 'ms')).toEqual([]);
  });

  it('reads an Indonesian numeric date day first only (5/9 is 5 September, never May 9)', () => {
    expect(numbers('pada 5/9/2023', 'on September 5, 2023')).toEqual([]);
    expect(numbers('pada 5/9/2023', 'on May 9, 2023')).not.toEqual([]);
    // The en target may write it month first.
    expect(numbers('pada 5/9/2023', 'on 9/5/2023')).toEqual([]);
  });
});

describe('issue 12 item 11 figures: an amount is matched with its unit', () => {
  it('reports a dropped or changed currency, naming it', () => {
    expect(numbers('Dana Rp 2 miliar cair.', 'Funds of 2 billion were paid.')[0]).toContain('the currency "Rp" of "Rp 2 miliar"');
    const changed = numbers('Dana Rp 2 miliar cair.', 'Funds of $2 billion were paid.')[0];
    expect(changed).toContain('the currency "Rp" of "Rp 2 miliar" (the translation has "$")');
    expect(changed).toContain('"IDR 2 billion"');
    expect(numbers('Inflasi naik 3,5 persen.', 'Inflation rose 3.5.')[0]).toContain('the unit "persen" of "3,5 persen"');
  });

  it('accepts the unit in any form the target writes (symbol, code, name, after a scale word)', () => {
    for (const target of ['IDR 2 billion', 'Rp2 billion', '2 billion rupiah', 'Rp 2 billion', '2 billion Indonesian rupiahs']) expect(numbers('dana Rp 2 miliar', target), target).toEqual([]);
    expect(numbers('US$5 juta', '$5 million')).toEqual([]);
    expect(numbers('3,5 persen', '3.5%')).toEqual([]);
    expect(numbers('USD 3-4 ribu', 'USD 3,000-4,000')).toEqual([]);
    // A range that writes the currency once.
    expect(numbers('Rp 2 miliar hingga Rp 3 miliar', 'IDR 2 billion to 3 billion')).toEqual([]);
  });

  it('does not take a country or a year for a unit', () => {
    expect(numbers('Ia nomor 1 Indonesia.', 'He is number 1 in Indonesia.')).toEqual([]);
    expect(numbers('Pada 2023 rupiah melemah.', 'In 2023, the rupiah weakened.')).toEqual([]);
  });

  it('still reports an amount changed as a whole', () => {
    expect(numbers('Rp1.500.000,50', 'IDR 1,500,000')[0]).toMatch(/^figure of the source missing or changed in the translation: "Rp1\.500\.000,50"\. .*"IDR 1,500,000\.50"/);
  });
});

describe('issue 12 item 11 figures: each target\'s grouping and time formats', () => {
  it('French: 1 000 (space, no-break or narrow no-break), 10 h 30, 3,5 %, 13 septembre 2023', () => {
    for (const space of [' ', '\u00a0', '\u202f']) {
      expect(numbers('Sebanyak 1.000 orang', `Quelque 1${space}000 personnes`, 'fr')).toEqual([]);
      expect(numbers('Rp1.500.000,50', `1${space}500${space}000,50 IDR`, 'fr')).toEqual([]);
    }
    expect(numbers('pukul 10.30 WIB', 'à 10 h 30 WIB', 'fr')).toEqual([]);
    expect(numbers('pukul 10.30', 'à 10h30', 'fr')).toEqual([]);
    expect(numbers('naik 3,5 persen', 'en hausse de 3,5 %', 'fr')).toEqual([]);
    expect(numbers('dana Rp 2 miliar', '2 milliards de roupies', 'fr')).toEqual([]);
    expect(numbers('Rabu (13/9/2023)', 'mercredi 13 septembre 2023', 'fr')).toEqual([]);
    // Near misses.
    expect(numbers('Sebanyak 1.500 orang', 'Quelque 1 000 personnes', 'fr')).not.toEqual([]);
    expect(numbers('pukul 10.30', 'à 11 h 30', 'fr')).not.toEqual([]);
  });

  it('German: 1.000, 10:30 Uhr, 10 Uhr, 13. September 2023, Mio. US-Dollar', () => {
    expect(numbers('Sebanyak 1.000 orang', 'Etwa 1.000 Menschen', 'de')).toEqual([]);
    expect(numbers('pukul 10.30 WIB', 'um 10:30 Uhr', 'de')).toEqual([]);
    expect(numbers('pukul 10.30', 'um 10.30 Uhr', 'de')).toEqual([]);
    expect(numbers('pukul 10.00', 'um 10 Uhr', 'de')).toEqual([]);
    expect(numbers('Rabu (13/9/2023)', 'Mittwoch, 13. September 2023', 'de')).toEqual([]);
    expect(numbers('US$5 juta', '5 Mio. US-Dollar', 'de')).toEqual([]);
    expect(numbers('pukul 10.30', 'um 11:30 Uhr', 'de')).not.toEqual([]);
    expect(numbers('dana Rp 2 miliar', '2 Milliarden Rupiah', 'de')).toEqual([]);
    const lost = numbers('dana Rp 2 miliar', 'Mittel von 2 Milliarden', 'de')[0];
    expect(lost).toContain('the currency "Rp" of "Rp 2 miliar"');
    expect(lost.replace(/[\u00a0\u202f]/g, ' ')).toContain('"2 Milliarden IDR"');
  });

  it('shows each missing figure in the target\'s style (Intl), not in English', () => {
    const french = numbers('Harga Rp1.500.000,50 pada Rabu (13/9/2023) pukul 10.30.', 'Le prix, mercredi 13 septembre.', 'fr')[0];
    expect(french).toContain('the year (2023) of the date "13/9/2023"');
    expect(french).toContain('"13 septembre 2023"');
    expect(french).toContain(`"${fr(1500000.5, { style: 'currency', currency: 'IDR', minimumFractionDigits: 2 })}"`);
    expect(french).toContain('"10:30"');
    const german = numbers('naik 3,5 persen pada 13/9/2023', 'stieg um 3,5 im September', 'de')[0];
    expect(german).toContain('"13. September 2023"');
    expect(german).toContain(`"${new Intl.NumberFormat('de', { style: 'percent', minimumFractionDigits: 1 }).format(0.035)}"`);
  });
});

describe('issue 12 item 11: a figure written without digit groups is shown without them', () => {
  it('does not group a year or an ungrouped amount in the example, in any target', () => {
    const en = numbers('Ia lahir pada 1990.', 'He was born in 1991.')[0];
    expect(en).toContain('"1990"');
    expect(en).not.toContain('1,990');
    const de = numbers('Ia lahir pada 1990.', 'Er wurde 1991 geboren.', 'de')[0];
    expect(de).toContain('"1990"');
    expect(de).not.toContain('1.990');
    expect(numbers('Sebanyak 15000 orang', 'Some 14000 people')[0]).toContain('"15000"');
    expect(numbers('Harga Rp 5000', 'The price is 5000')[0]).toContain('"IDR 5000"');
  });

  it('still groups a figure the source grouped', () => {
    expect(numbers('Sebanyak 15.000 orang', 'Some 14,000 people')[0]).toContain('"15,000"');
    expect(numbers('Sebanyak 15.000 orang', 'Quelque 14 000 personnes', 'fr')[0]).toContain(`"${fr(15000)}"`);
  });
});

describe('issue 12 item 11: markdown syntax is not a figure', () => {
  it('ignores footnote references and definition labels on either side', () => {
    expect(numbers('Angka itu naik.[^1]', 'The figure rose.')).toEqual([]);
    expect(numbers('Angka itu naik.', 'The figure rose.[^1]')).toEqual([]);
    expect(numbers('Angka naik[^2] tajam.', 'The figure rose[^note] sharply.')).toEqual([]);
    expect(numbers('[^3]: Sumber: BPS.', '[^3]: Source: BPS.')).toEqual([]);
    // A figure next to a footnote still counts.
    expect(numbers('Inflasi naik 5 persen.[^1]', 'Inflation rose.[^1]')[0]).toContain('"5 persen"');
  });

  it('ignores link labels, URLs and character references', () => {
    expect(numbers('Lihat [laporan][1] di https://bps.go.id/2023/7.', 'See the [report][2] at https://bps.go.id/2024/8.')).toEqual([]);
    expect(numbers('Lihat [laporan](https://bps.go.id/2023 "Laporan 2023").', 'See the [report](https://bps.go.id/2024).')).toEqual([]);
    expect(numbers('Jakarta &#8211; Pemerintah', 'Jakarta – The government')).toEqual([]);
    expect(numbers('Rp&nbsp;2 miliar', 'IDR 2 billion')).toEqual([]);
  });
});

describe('issue 12 item 11: a target may write the decimal point of English style', () => {
  it('accepts 2.5 % and the target\'s own 2,5 % in fr, also with three decimals (2.555 % is not 2555 there)', () => {
    for (const target of ['2,5 %', '2.5 %', '2.5\u202f%', '2.5%']) expect(numbers('naik 2,5 persen', `en hausse de ${target}`, 'fr'), target).toEqual([]);
    for (const target of ['2,555 %', '2.555 %']) expect(numbers('naik 2,555 persen', `en hausse de ${target}`, 'fr'), target).toEqual([]);
    expect(numbers('naik 1,000 persen', 'en hausse de 1.000 %', 'fr')).toEqual([]);
    // The source's own grouping kept in fr is still a thousand.
    expect(numbers('Sebanyak 1.000 orang', 'Quelque 1.000 personnes', 'fr')).toEqual([]);
    expect(numbers('Sebanyak 2.555 orang', 'Quelque 2.555 personnes', 'fr')).toEqual([]);
  });

  it('reads 1.000 as a thousand where the target itself groups with a point (de): no decimal reading', () => {
    expect(numbers('naik 2,5 persen', 'um 2.5 % gestiegen', 'de')).toEqual([]);
    expect(numbers('Sebanyak 1.000 orang', 'Etwa 1.000 Menschen', 'de')).toEqual([]);
    expect(numbers('naik 2,555 persen', 'um 2.555 % gestiegen', 'de')[0]).toContain('"2,555 persen"');
    expect(numbers('naik 1,000 persen', 'um 1.000 % gestiegen', 'de')[0]).toContain('"1,000 persen"');
  });
});
