/**
 * Numbers, amounts, dates and times of the portal's pages in the page language: FR `1 075,85 EUR`,
 * DE `1.075,85 EUR`, EN `1,075.85 EUR` (the standardised PDF's styles, templates/format.ts), dates
 * FR `31/12/2026`, DE `31.12.2026`, EN `31 Dec 2026`, times in Europe/Luxembourg and said so. Values
 * are never recomputed: a decimal is regrouped as written, anything that is not one is shown as is.
 */
import type { Lang } from '../../web';
import { formatDate, formatDecimal } from '../format';
import { pt } from './messages';

/** A label followed by its colon: French puts a no-break space before it, German and English none. */
export function colon(label: string, lang: Lang): string {
  return lang === 'fr' ? `${label}\u00a0:` : `${label}:`;
}

/** A decimal in the page language (`1075.85` → `1 075,85`), at least `minFraction` decimals. */
export function number(raw: string | null | undefined, lang: Lang, minFraction = 0): string {
  return raw === null || raw === undefined ? '–' : formatDecimal(raw, lang, minFraction);
}

/** An amount with two decimals (at least) and its currency. */
export function money(raw: string | null | undefined, currency: string | null | undefined, lang: Lang): string {
  if (raw === null || raw === undefined) return '–';
  const n = formatDecimal(raw, lang, 2);
  return currency ? `${n}\u00a0${currency}` : n;
}

/** An amount as the supplier's books see it: a credit note's amount counts against the seller (shown with a minus sign). */
export function signedMoney(raw: string | null | undefined, currency: string | null | undefined, creditNote: boolean, lang: Lang): string {
  if (raw === null || raw === undefined) return '–';
  const text = raw.trim();
  const abs = text.replace(/^[+-]/, '');
  const negative = text.startsWith('-') !== creditNote && !/^0*(\.0*)?$/.test(abs);
  return `${negative ? '\u2212' : ''}${money(abs, currency, lang)}`;
}

export function date(raw: string | null | undefined, lang: Lang): string {
  return raw === null || raw === undefined ? '–' : formatDate(raw, lang);
}

const LUX = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Luxembourg', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** An instant as date and time in Luxembourg, labelled (`05/01/2026 11:00:00 (heure de Luxembourg)`). */
export function luxTime(iso: string, lang: Lang): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const parts = Object.fromEntries(LUX.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return `${formatDate(day, lang)} ${parts.hour}:${parts.minute}:${parts.second} (${pt('luxTime', lang)})`;
}

/** A size limit or a file size: `10 MB` (`10 Mo` in French), `340 kB`. */
export function bytes(n: number, lang: Lang): string {
  const mb = lang === 'fr' ? 'Mo' : 'MB';
  const kb = lang === 'fr' ? 'ko' : 'kB';
  return n >= 1024 * 1024 ? `${number(String(Math.round(n / 1024 / 1024)), lang)}\u00a0${mb}` : `${number(String(Math.ceil(n / 1024)), lang)}\u00a0${kb}`;
}
