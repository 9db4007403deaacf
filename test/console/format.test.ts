/**
 * How the console writes figures and words in FR/DE/EN: amounts with the document's sign, rates as
 * percentages, days, months and instants in Luxembourg time with the offset named, document types;
 * every message present in the three languages, French with a no-break space before its colons,
 * German and English without.
 */
import { CONSOLE_KEYS, ct } from '../../templates/console/messages';
import { docTypeLabel, fmtAmount, fmtDateTime, fmtDay, fmtInt, fmtMonth, fmtRate, fmtSeconds, localTime } from '../../templates/console/format';

const NB = '\u00a0';

it('amounts, counts and rates in each language', () => {
  expect(fmtAmount('1075.85', 'EUR', 'fr')).toBe(`1${NB}075,85${NB}EUR`);
  expect(fmtAmount('1075.85', 'EUR', 'de')).toBe(`1.075,85${NB}EUR`);
  expect(fmtAmount('1075.85', 'EUR', 'en')).toBe(`1,075.85${NB}EUR`);
  expect(fmtAmount('-1075.8', 'EUR', 'fr')).toBe(`-1${NB}075,80${NB}EUR`);
  expect(fmtAmount('12', null, 'de')).toBe('12,00');
  expect(fmtAmount(null, 'EUR', 'en')).toBe('–');
  expect(fmtInt(1234567, 'fr')).toBe(`1${NB}234${NB}567`);
  expect(fmtInt(1234567, 'de')).toBe('1.234.567');
  expect(fmtRate('0.2857', 'fr')).toBe(`28,57${NB}%`);
  expect(fmtRate('0.2857', 'de')).toBe(`28,57${NB}%`);
  expect(fmtRate('0.2857', 'en')).toBe('28.57%');
  expect(fmtRate('0.0000', 'en')).toBe('0.00%');
  expect(fmtRate('1.0000', 'fr')).toBe(`100,00${NB}%`);
  expect(fmtRate('0.0714', 'en')).toBe('7.14%');
  expect(fmtSeconds(3600, 'de')).toBe(`3.600${NB}s`);
  expect(fmtSeconds(null, 'de')).toBe('–');
});

it('days, months, and instants in Luxembourg time with the offset from UTC named', () => {
  expect(fmtDay('2026-03-02', 'fr')).toBe('02/03/2026');
  expect(fmtDay('2026-03-02', 'de')).toBe('02.03.2026');
  expect(fmtDay('2026-03-02', 'en')).toBe('02 Mar 2026');
  expect(fmtMonth('2026-03', 'fr')).toBe('mars 2026');
  expect(fmtMonth('2026-03', 'de')).toBe('März 2026');
  expect(fmtMonth('2026-03', 'en')).toBe('March 2026');
  expect(localTime('2026-01-15T09:30:00.000Z')).toEqual({ day: '2026-01-15', time: '10:30:00', offset: 'UTC+1' });
  expect(localTime('2026-07-01T22:30:00.000Z')).toEqual({ day: '2026-07-02', time: '00:30:00', offset: 'UTC+2' });
  // the night the clocks go back: 02:30 happens twice, once in each offset
  expect(localTime('2026-10-25T00:30:00.000Z')).toMatchObject({ time: '02:30:00', offset: 'UTC+2' });
  expect(localTime('2026-10-25T01:30:00.000Z')).toMatchObject({ time: '02:30:00', offset: 'UTC+1' });
  expect(fmtDateTime('2026-01-15T09:30:00.000Z', 'de')).toBe(`15.01.2026 10:30:00${NB}UTC+1`);
  expect(fmtDateTime('not a time', 'de')).toBe('not a time');
});

it('the document type in words, from its code or its kind', () => {
  expect(docTypeLabel('credit-note', '381', 'fr')).toBe('Avoir (381)');
  expect(docTypeLabel('invoice', '389', 'en')).toBe('Self-billed invoice (389)');
  // the usual words for the four main kinds, as the PDF's title says them (model/codes documentTypeOf)
  expect(docTypeLabel('credit-note', '261', 'de')).toBe('Selbst ausgestellte Gutschrift (261)');
  expect(docTypeLabel('invoice', '384', 'fr')).toBe('Facture rectificative (384)');
  expect(docTypeLabel('invoice', null, 'de')).toBe('Rechnung');
  expect(docTypeLabel(null, '9999', 'en')).toBe('9999');
  expect(docTypeLabel(null, null, 'en')).toBe('–');
});

it('every message in French, German and English; colons as each language writes them', () => {
  for (const k of CONSOLE_KEYS) {
    const fr = ct(k, 'fr');
    const de = ct(k, 'de');
    const en = ct(k, 'en');
    for (const [lang, text] of [['fr', fr], ['de', de], ['en', en]] as const) expect([k, lang, text.length > 0]).toEqual([k, lang, true]);
    // German and English: no space before a colon
    expect([k, /[\s\u00a0\u202f]:/.test(de), /[\s\u00a0\u202f]:/.test(en)]).toEqual([k, false, false]);
    // French: a no-break space before a colon that ends a word (not inside codes such as scheme:value)
    expect([k, /[^\s\u00a0\d{}]:(\s|$)/.test(fr), / :/.test(fr)]).toEqual([k, false, false]);
  }
});
