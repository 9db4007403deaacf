/**
 * Numbers, amounts, rates, dates and times as the console shows them, per language: FR
 * `1 075,85 EUR` (no-break spaces), DE `1.075,85 EUR`, EN `1,075.85 EUR`; rates (exact decimal
 * strings) as percentages; days as 31/12/2026, 31.12.2026, 31 Dec 2026; instants in Luxembourg time
 * with the offset from UTC named (`02/03/2026 10:15:00 UTC+1`). Decimal values are formatted from
 * their text, never through binary floating point.
 */
import { documentTypeLabel } from '../../model/codes';
import { formatDate, formatDecimal } from '../format';
import type { Lang } from '../../web';

const NBSP = '\u00a0';

/** A whole number with the language's thousands separator. */
export function fmtInt(n: number, lang: Lang): string {
  return formatDecimal(String(Math.trunc(n)), lang);
}

/** An amount with at least two decimals and its currency (`-1 075,85 EUR`); null: `–`. */
export function fmtAmount(amount: string | null, currency: string | null, lang: Lang): string {
  if (amount === null || amount.trim() === '') return '–';
  const n = formatDecimal(amount, lang, 2);
  return currency ? `${n}${NBSP}${currency}` : n;
}

/** An exact rate ("0.2857") as a percentage with two decimals (FR/DE `28,57 %`, EN `28.57%`). */
export function fmtRate(rate: string, lang: Lang): string {
  const m = /^(-?)(\d*)\.?(\d*)$/.exec(rate.trim());
  if (m === null) return rate;
  const frac = `${m[3] ?? ''}0000`;
  const whole = `${m[2] ?? ''}${frac.slice(0, 2)}`.replace(/^0+(?=\d)/, '') || '0';
  const pct = `${m[1] ?? ''}${whole}.${frac.slice(2, 4)}`;
  const n = formatDecimal(pct, lang, 2);
  return lang === 'en' ? `${n}%` : `${n}${NBSP}%`;
}

/** A number of seconds (`3 600 s`). */
export function fmtSeconds(n: number | null, lang: Lang): string {
  return n === null ? '–' : `${fmtInt(n, lang)}${NBSP}s`;
}

/** A day (YYYY-MM-DD). */
export function fmtDay(day: string | null, lang: Lang): string {
  return day === null ? '–' : formatDate(day, lang);
}

const MONTHS: Record<Lang, string[]> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** A month (YYYY-MM): `mars 2026`, `März 2026`, `March 2026`. */
export function fmtMonth(month: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const name = m ? MONTHS[lang][Number(m[2]) - 1] : undefined;
  return m && name ? `${name} ${m[1]}` : month;
}

export const CONSOLE_TIME_ZONE = 'Europe/Luxembourg';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: CONSOLE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** An instant in Luxembourg time: the local day and time and the offset from UTC (`UTC+1`, `UTC+2`). */
export function localTime(iso: string): { day: string; time: string; offset: string } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const p = Object.fromEntries(PARTS.formatToParts(new Date(t)).map((x) => [x.type, x.value])) as Record<string, string>;
  const day = `${p.year}-${p.month}-${p.day}`;
  const time = `${p.hour}:${p.minute}:${p.second}`;
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const minutes = Math.round((local - Math.floor(t / 1000) * 1000) / 60_000);
  const h = Math.trunc(Math.abs(minutes) / 60);
  const mm = Math.abs(minutes) % 60;
  const offset = `UTC${minutes < 0 ? '-' : '+'}${h}${mm === 0 ? '' : `:${String(mm).padStart(2, '0')}`}`;
  return { day, time, offset };
}

/** An instant as text in Luxembourg time with its offset (`02/03/2026 10:15:00 UTC+1`). */
export function fmtDateTime(iso: string | null, lang: Lang): string {
  if (iso === null) return '–';
  const l = localTime(iso);
  return l === null ? iso : `${formatDate(l.day, lang)} ${l.time}${NBSP}${l.offset}`;
}

/** Kind of a document as far as the sign of its amount goes. */
export type DocKind = 'invoice' | 'credit-note' | null;

/** The type of a document in words (`Avoir (381)`, `Autofacture (389)`), from its UNTDID 1001 code or, without one, its kind. */
export function docTypeLabel(kind: DocKind, typeCode: string | null, lang: Lang): string {
  if (kind === null && typeCode === null) return '–';
  return documentTypeLabel(typeCode, lang, kind);
}
