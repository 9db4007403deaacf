import type { Lang } from '../../config/languages';
/**
 * Numbers as suppliers type them: `1 075,85` (French), `1.075,85` (German), `1,075.85` or
 * `1075.85` (English), a decimal comma or point alone (`12,5`, `12.5`). Spaces (also no-break and
 * narrow no-break spaces) group thousands; when a comma and a point both appear, the last one is the
 * decimal mark. Groups must be of three digits, so a typo (`1 05`) is not read as a number.
 *
 * The one ambiguous form, one mark followed by exactly three digits where that mark is the
 * language's thousands separator (`1.075` in German, `1,075` in English), is refused rather than
 * guessed: a draft typed in one language and resumed in another never changes its amounts silently.
 * `static/totals.js` reads numbers the same way.
 */

export type ParsedNumber = { ok: true; value: string } | { ok: false; reason: 'not-a-number' | 'ambiguous' };

/** The thousands mark of each language besides spaces (French groups with spaces only). */
const GROUP_MARK: Record<Lang, string | null> = { fr: null, de: '.', en: ',' };

const NAN: ParsedNumber = { ok: false, reason: 'not-a-number' };

function occurrences(s: string, c: string): number {
  return s.split(c).length - 1;
}

/** Reads a typed number into its canonical form (`1075.85`, `-3`, `0.5`). */
export function parseDecimal(text: string, lang: Lang): ParsedNumber {
  let t = text.trim().replace(/\u2212/g, '-');
  let sign = '';
  if (t.startsWith('-') || t.startsWith('+')) {
    sign = t.startsWith('-') ? '-' : '';
    t = t.slice(1).trim();
  }
  t = t.replace(/[\u00a0\u202f]/g, ' ');
  if (!/^[0-9., ]+$/.test(t) || /[ .,]{2}/.test(t)) return NAN;
  const dots = occurrences(t, '.');
  const commas = occurrences(t, ',');
  let decimal: string | null = null;
  let group: string | null = t.includes(' ') ? ' ' : null;
  if (dots > 0 && commas > 0) {
    decimal = t.lastIndexOf('.') > t.lastIndexOf(',') ? '.' : ',';
    if (occurrences(t, decimal) > 1 || group !== null) return NAN;
    group = decimal === '.' ? ',' : '.';
  } else if (dots + commas > 0) {
    const mark = dots > 0 ? '.' : ',';
    if (dots + commas > 1) {
      if (group !== null) return NAN;
      group = mark;
    } else {
      decimal = mark;
      const [before = '', after = ''] = t.split(mark);
      if (group === null && mark === GROUP_MARK[lang] && /^[1-9]\d{0,2}$/.test(before) && /^\d{3}$/.test(after)) return { ok: false, reason: 'ambiguous' };
    }
  }
  const parts = decimal === null ? [t, ''] : t.split(decimal);
  const frac = parts[1] ?? '';
  let int = parts[0] ?? '';
  if (!/^\d*$/.test(frac)) return NAN;
  if (group !== null) {
    const g = group === '.' ? '\\.' : group;
    if (!new RegExp(`^\\d{1,3}(${g}\\d{3})+$`).test(int)) return NAN;
    int = int.split(group).join('');
  } else if (!/^\d*$/.test(int)) return NAN;
  if (int === '' && frac === '') return NAN;
  return { ok: true, value: `${sign}${int === '' ? '0' : int}${frac === '' ? '' : `.${frac}`}` };
}

/** The canonical form, or null when the text is not a number (ambiguous included). */
export function decimalOf(text: string | undefined, lang: Lang): string | null {
  if (text === undefined || text.trim() === '') return null;
  const p = parseDecimal(text, lang);
  return p.ok ? p.value : null;
}
