/** Dates: real calendar dates written YYYY-MM-DD, and pairs that must be in order (due date ≥ issue date, period end ≥ start). */
import { label, type Labels } from '../catalogue';
import { checkError } from './messages';
import type { CheckError } from './types';

/** null when `value` is a real date written YYYY-MM-DD, else why not. */
export function checkDate(value: string): CheckError | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d) return null;
  }
  return checkError('date.invalid', value);
}

const labels = (id: string): Labels => ({ fr: label(id, 'fr'), de: label(id, 'de'), en: label(id, 'en') });

/**
 * null when the date of term `laterId` is not before the date of term `earlierId` (or one of them is not
 * a date: `checkDate` says so), else the error on the later one (`BT-9` before `BT-2`…).
 */
export function checkDateOrder(earlier: string, later: string, earlierId: string, laterId: string): CheckError | null {
  if (checkDate(earlier) || checkDate(later)) return null;
  if (later.trim() >= earlier.trim()) return null;
  return checkError('date.order', later, { other: earlier.trim(), term: laterId, otherTerm: earlierId }, { label: labels(laterId), otherLabel: labels(earlierId) });
}
