/**
 * Formatting of values for the standardised PDF, per language (fr, de, en).
 *
 * Amounts, quantities and percentages are formatted by string manipulation of the decimal text as
 * written in the XML: digits are never recomputed, so nothing is rounded. Amounts get at least two
 * decimals (trailing zeros are added, never removed). A value that is not a decimal number, or a
 * date that is not `YYYY-MM-DD`, is shown exactly as received.
 */

import { langOr, type Lang } from '../config/languages';
import { isDecimal } from '../model/canonical';

export { isLang, LANGS, type Lang } from '../config/languages';

/** The body's preferred language as a PDF language (`lb` and anything else fall back to French). */
export function pdfLang(v: string | null | undefined): Lang {
  return langOr(v);
}

interface NumberStyle {
  group: string;
  decimal: string;
}

/** Thousands separator and decimal mark. French uses a no-break space (U+00A0) so that an amount never wraps. */
export const NUMBER_STYLE: Record<Lang, NumberStyle> = {
  fr: { group: '\u00a0', decimal: ',' },
  de: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * A decimal number in the language's style. `minFraction`: pad the fraction with zeros to at
 * least that many digits (2 for amounts). Anything that is not a plain decimal is returned as is.
 */
export function formatDecimal(raw: string, lang: Lang, minFraction = 0): string {
  const text = raw.trim();
  const m = DECIMAL.exec(text);
  if (!m || !isDecimal(text)) return raw; // the model's definition of the lexical form
  const sign = m[1] === '-' ? '-' : '';
  const intDigits = m[2] === '' ? '0' : m[2];
  let frac = m[3] ?? '';
  while (frac.length < minFraction) frac += '0';
  const style = NUMBER_STYLE[lang];
  let grouped = '';
  for (let i = 0; i < intDigits.length; i++) {
    const fromEnd = intDigits.length - i;
    grouped += intDigits[i];
    if (fromEnd > 1 && fromEnd % 3 === 1) grouped += style.group;
  }
  return sign + grouped + (frac === '' ? '' : style.decimal + frac);
}

export function formatAmount(raw: string, lang: Lang): string {
  return formatDecimal(raw, lang, 2);
}

export function formatQuantity(raw: string, lang: Lang): string {
  return formatDecimal(raw, lang, 0);
}

export function formatPercent(raw: string, lang: Lang): string {
  return isDecimal(raw.trim()) ? `${formatDecimal(raw, lang, 0)}\u00a0%` : raw;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → fr `31/12/2024`, de `31.12.2024`, en `31 Dec 2024`; anything else as received. */
export function formatDate(raw: string, lang: Lang): string {
  const m = ISO_DATE.exec(raw.trim());
  if (!m) return raw;
  const [, y, mo, d] = m;
  const month = Number(mo);
  if (month < 1 || month > 12) return raw;
  switch (lang) {
    case 'fr':
      return `${d}/${mo}/${y}`;
    case 'de':
      return `${d}.${mo}.${y}`;
    case 'en':
      return `${d} ${MONTHS_EN[month - 1]} ${y}`;
  }
}

/**
 * A timestamp (ISO 8601) shown in UTC to the second, with the date in the language's style:
 * the reception timestamp is the legal proof of receipt, so it is shown unambiguously.
 */
export function formatTimestamp(iso: string, lang: Lang): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = new Date(t).toISOString(); // 2026-11-22T14:11:50.123Z
  const ms = s.slice(20, 23);
  return `${formatDate(s.slice(0, 10), lang)} ${s.slice(11, 19)}${ms === '000' ? '' : '.' + ms} UTC`;
}

/** Size in bytes as a short text (`12 345 bytes`, `1.2 MB` are both avoided: exact bytes, grouped). */
export function formatBytes(n: number, lang: Lang): string {
  return `${formatDecimal(String(Math.max(0, Math.trunc(n))), lang)}\u00a0${lang === 'de' ? 'Byte' : lang === 'fr' ? 'octets' : 'bytes'}`;
}

/** Shows only the last 4 characters of a card number or account (others as `*`), as EN 16931 requires for BT-87. */
export function mask(raw: string, visible = 4): string {
  const compact = raw.replace(/\s+/g, '');
  if (compact.length <= visible) return compact;
  return '*'.repeat(Math.min(compact.length - visible, 12)) + compact.slice(-visible);
}

/**
 * Makes any received text safe to lay out: control characters (other than tab and new line) and
 * lone surrogates become U+FFFD; a very long text is cut with a marker (nothing in EN 16931 needs
 * more than a few thousand characters, and a hostile 50 MB note must not make the render stage
 * run for minutes).
 */
export function cleanText(raw: string, max = 20_000): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  let s = raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd').replace(/\r\n?/g, '\n');
  s = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (s.length > max) s = `${s.slice(0, max)} […${s.length - max}]`;
  return s;
}
